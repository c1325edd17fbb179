/**
 * What `kubernetes-types` does not carry and upstream's OpenAPI documents do, kept by hand from
 * Kubernetes v1.32's `api/openapi-spec/v3/*.json` (which in turn come from the `+patchStrategy`,
 * `+patchMergeKey`, `+listType`, `+listMapKey`, `+enum` and `+default` markers of its types.go
 * files): strategic-merge-patch strategies and merge keys, list types, enums, the few defaults
 * the documents show, and integer formats. `scripts/gen-openapi.ts` merges this table into the
 * generated definitions; nothing reads it at run time.
 */

export interface FieldMeta {
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  /** `x-kubernetes-map-type` */
  mapType?: 'atomic' | 'granular';
  /** Enum values and, per value, upstream's "Possible enum values" line (after the value). */
  enum?: Record<string, string>;
  default?: unknown;
}

/** Per definition name, per property. */
export type MetaTable = Record<string, Record<string, FieldMeta>>;

const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const apps = 'io.k8s.api.apps.v1.';
const batch = 'io.k8s.api.batch.v1.';
const autoscalingV2 = 'io.k8s.api.autoscaling.v2.';
const autoscalingV1 = 'io.k8s.api.autoscaling.v1.';
const networking = 'io.k8s.api.networking.v1.';
const discovery = 'io.k8s.api.discovery.v1.';
const policy = 'io.k8s.api.policy.v1.';
const storage = 'io.k8s.api.storage.v1.';
const apiext = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';

const atomic: FieldMeta = { listType: 'atomic' };
const set: FieldMeta = { listType: 'set' };
/** `patchStrategy:"merge" patchMergeKey:"<key>"` with `+listType=map +listMapKey=<key>`. */
function mergeMap(key: string, ...more: string[]): FieldMeta {
  return {
    patchStrategy: 'merge',
    patchMergeKey: key,
    listType: 'map',
    listMapKeys: [key, ...more],
  };
}
const conditions = mergeMap('type');

const protocolEnum = {
  SCTP: 'is the SCTP protocol.',
  TCP: 'is the TCP protocol.',
  UDP: 'is the UDP protocol.',
};
const taintEffectEnum = {
  NoExecute:
    'Evict any already-running pods that do not tolerate the taint. Currently enforced by NodeController.',
  NoSchedule:
    'Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow all pods submitted to Kubelet without going through the scheduler to start, and allow all already-running pods to continue running. Enforced by the scheduler.',
  PreferNoSchedule:
    'Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto the node, rather than prohibiting new pods from scheduling onto the node entirely. Enforced by the scheduler.',
};
const containerFields: Record<string, FieldMeta> = {
  args: atomic,
  command: atomic,
  env: mergeMap('name'),
  envFrom: atomic,
  ports: mergeMap('containerPort', 'protocol'),
  resizePolicy: atomic,
  volumeDevices: mergeMap('devicePath'),
  volumeMounts: mergeMap('mountPath'),
  imagePullPolicy: {
    enum: {
      Always:
        'means that kubelet always attempts to pull the latest image. Container will fail If the pull fails.',
      IfNotPresent:
        "means that kubelet pulls if the image isn't present on disk. Container will fail if the image isn't present and the pull fails.",
      Never:
        "means that kubelet never pulls an image, but only uses a local image. Container will fail if the image isn't present",
    },
  },
  terminationMessagePolicy: {
    enum: {
      FallbackToLogsOnError:
        'will read the most recent contents of the container logs for the container status message when the container exits with an error and the terminationMessagePath has no contents.',
      File: "is the default behavior and will set the container status message to the contents of the container's terminationMessagePath when the container exits.",
    },
  },
};

export const PATCH_META: MetaTable = {
  // meta/v1
  [meta + 'ObjectMeta']: {
    finalizers: { patchStrategy: 'merge', listType: 'set' },
    ownerReferences: mergeMap('uid'),
    managedFields: atomic,
  },
  [meta + 'LabelSelector']: { matchExpressions: atomic },
  [meta + 'LabelSelectorRequirement']: { values: atomic },
  [meta + 'Status']: {},
  [meta + 'StatusDetails']: { causes: atomic },
  [meta + 'DeleteOptions']: { dryRun: atomic },
  [meta + 'APIResource']: { categories: atomic, shortNames: atomic, verbs: {} },
  [meta + 'APIResourceList']: { resources: atomic },
  [meta + 'APIGroup']: { serverAddressByClientCIDRs: atomic, versions: atomic },
  [meta + 'APIGroupList']: { groups: atomic },
  [meta + 'APIVersions']: { serverAddressByClientCIDRs: atomic, versions: atomic },

  // core/v1: pods
  [core + 'PodSpec']: {
    containers: mergeMap('name'),
    ephemeralContainers: mergeMap('name'),
    hostAliases: mergeMap('ip'),
    imagePullSecrets: mergeMap('name'),
    initContainers: mergeMap('name'),
    readinessGates: atomic,
    resourceClaims: { ...mergeMap('name'), patchStrategy: 'merge,retainKeys' },
    schedulingGates: mergeMap('name'),
    tolerations: atomic,
    topologySpreadConstraints: mergeMap('topologyKey', 'whenUnsatisfiable'),
    volumes: { ...mergeMap('name'), patchStrategy: 'merge,retainKeys' },
    dnsPolicy: {
      enum: {
        ClusterFirst:
          'indicates that the pod should use cluster DNS first unless hostNetwork is true, if it is available, then fall back on the default (as determined by kubelet) DNS settings.',
        ClusterFirstWithHostNet:
          'indicates that the pod should use cluster DNS first, if it is available, then fall back on the default (as determined by kubelet) DNS settings.',
        Default:
          'indicates that the pod should use the default (as determined by kubelet) DNS settings.',
        None: 'indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.',
      },
    },
    restartPolicy: { enum: { Always: '', Never: '', OnFailure: '' } },
  },
  [core + 'PodStatus']: {
    conditions,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    hostIPs: { patchStrategy: 'merge', patchMergeKey: 'ip', listType: 'atomic' },
    initContainerStatuses: atomic,
    podIPs: mergeMap('ip'),
    resourceClaimStatuses: mergeMap('name'),
    phase: {
      enum: {
        Failed:
          'means that all containers in the pod have terminated, and at least one container has terminated in a failure (exited with a non-zero exit code or was stopped by the system).',
        Pending:
          'means the pod has been accepted by the system, but one or more of the containers has not been started. This includes time before being bound to a node, as well as time spent pulling images onto the host.',
        Running:
          'means the pod has been bound to a node and all of the containers have been started. At least one container is still running or is in the process of being restarted.',
        Succeeded:
          'means that all containers in the pod have voluntarily terminated with a container exit code of 0, and the system is not going to restart any of these containers.',
        Unknown:
          "means that for some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod. Deprecated: It isn't being set since 2015 (74da3b14b0c0f658b3bb8d2def5094686d0e9095)",
      },
    },
  },
  [core + 'Container']: containerFields,
  [core + 'EphemeralContainer']: containerFields,
  [core + 'ContainerPort']: { protocol: { enum: protocolEnum, default: 'TCP' } },
  [core + 'PodSecurityContext']: { supplementalGroups: atomic, sysctls: atomic },
  [core + 'Capabilities']: { add: atomic, drop: atomic },
  [core + 'ExecAction']: { command: atomic },
  [core + 'HTTPGetAction']: { httpHeaders: atomic },
  [core + 'HostAlias']: { hostnames: atomic },
  [core + 'PodDNSConfig']: { nameservers: atomic, options: atomic, searches: atomic },
  [core + 'NodeSelector']: { nodeSelectorTerms: atomic },
  [core + 'NodeSelectorTerm']: { matchExpressions: atomic, matchFields: atomic },
  [core + 'NodeSelectorRequirement']: { values: atomic },
  [core + 'NodeAffinity']: { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [core + 'PodAffinity']: {
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  [core + 'PodAntiAffinity']: {
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  [core + 'PodAffinityTerm']: {
    matchLabelKeys: atomic,
    mismatchLabelKeys: atomic,
    namespaces: atomic,
  },
  [core + 'TopologySpreadConstraint']: { matchLabelKeys: atomic },
  [core + 'Toleration']: {
    effect: { enum: taintEffectEnum },
    operator: { enum: { Equal: '', Exists: '' } },
  },
  [core + 'Taint']: { effect: { enum: taintEffectEnum } },
  [core + 'ConfigMapVolumeSource']: { items: atomic },
  [core + 'SecretVolumeSource']: { items: atomic },
  [core + 'ConfigMapProjection']: { items: atomic },
  [core + 'SecretProjection']: { items: atomic },
  [core + 'DownwardAPIVolumeSource']: { items: atomic },
  [core + 'DownwardAPIProjection']: { items: atomic },
  [core + 'ProjectedVolumeSource']: { sources: atomic },
  [core + 'LocalObjectReference']: {},
  [core + 'ContainerStatus']: { volumeMounts: mergeMap('mountPath') },
  [core + 'PodTemplateSpec']: {},

  // core/v1: services and endpoints
  [core + 'ServiceSpec']: {
    clusterIPs: atomic,
    externalIPs: atomic,
    ipFamilies: atomic,
    loadBalancerSourceRanges: atomic,
    ports: mergeMap('port', 'protocol'),
    selector: { mapType: 'atomic' },
    type: {
      enum: {
        ClusterIP:
          'means a service will only be accessible inside the cluster, via the cluster IP.',
        ExternalName:
          'means a service consists of only a reference to an external name that kubedns or equivalent will return as a CNAME record, with no exposing or proxying of any pods involved.',
        LoadBalancer:
          "means a service will be exposed via an external load balancer (if the cloud provider supports it), in addition to 'NodePort' type.",
        NodePort:
          "means a service will be exposed on one port of every node, in addition to 'ClusterIP' type.",
      },
    },
    sessionAffinity: {
      enum: { ClientIP: 'is the Client IP based.', None: '- no session affinity.' },
    },
    externalTrafficPolicy: {
      enum: {
        Cluster: 'routes traffic to all endpoints.',
        Local:
          'preserves the source IP of the traffic by routing only to endpoints on the same node as the traffic was received on (dropping the traffic if there are no local endpoints).',
      },
    },
    internalTrafficPolicy: {
      enum: {
        Cluster: 'routes traffic to all endpoints.',
        Local:
          'routes traffic only to endpoints on the same node as the client pod (dropping the traffic if there are no local endpoints).',
      },
    },
  },
  [core + 'ServicePort']: { protocol: { enum: protocolEnum, default: 'TCP' } },
  [core + 'ServiceStatus']: { conditions },
  [core + 'LoadBalancerStatus']: { ingress: atomic },
  [core + 'LoadBalancerIngress']: { ports: atomic },
  [core + 'Endpoints']: { subsets: atomic },
  [core + 'EndpointSubset']: { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  [core + 'EndpointPort']: { protocol: { enum: protocolEnum } },
  [core + 'ObjectReference']: {},

  // core/v1: nodes, namespaces, storage, accounts, quotas
  [core + 'NodeSpec']: { podCIDRs: { patchStrategy: 'merge', listType: 'set' }, taints: atomic },
  [core + 'NodeStatus']: {
    addresses: mergeMap('type'),
    conditions,
    images: atomic,
    volumesAttached: atomic,
    volumesInUse: atomic,
    runtimeHandlers: atomic,
  },
  [core + 'ContainerImage']: { names: atomic },
  [core + 'NamespaceSpec']: { finalizers: atomic },
  [core + 'NamespaceStatus']: { conditions },
  [core + 'PersistentVolumeClaimSpec']: { accessModes: atomic },
  [core + 'PersistentVolumeClaimStatus']: { accessModes: atomic, conditions },
  [core + 'PersistentVolumeSpec']: { accessModes: atomic, mountOptions: atomic },
  [core + 'ServiceAccount']: { imagePullSecrets: atomic, secrets: mergeMap('name') },
  [core + 'ReplicationControllerStatus']: { conditions },
  [core + 'ResourceQuotaSpec']: {},
  [core + 'ScopeSelector']: { matchExpressions: atomic },
  [core + 'ScopedResourceSelectorRequirement']: { values: atomic },
  [core + 'LimitRangeSpec']: { limits: atomic },
  [core + 'ResourceRequirements']: { claims: { listType: 'map', listMapKeys: ['name'] } },

  // apps/v1
  [apps + 'DeploymentSpec']: { strategy: { patchStrategy: 'retainKeys' } },
  [apps + 'DeploymentStatus']: { conditions },
  [apps + 'DeploymentStrategy']: {
    type: {
      enum: {
        Recreate: 'Kill all existing pods before creating new ones.',
        RollingUpdate:
          'Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.',
      },
    },
  },
  [apps + 'ReplicaSetStatus']: { conditions },
  [apps + 'StatefulSetSpec']: { volumeClaimTemplates: atomic },
  [apps + 'StatefulSetStatus']: { conditions },
  [apps + 'DaemonSetStatus']: { conditions },

  // batch/v1
  [batch + 'JobStatus']: {
    conditions: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' },
  },
  [batch + 'CronJobStatus']: { active: atomic },
  [batch + 'PodFailurePolicy']: { rules: atomic },
  [batch + 'PodFailurePolicyRule']: { onPodConditions: atomic },
  [batch + 'PodFailurePolicyOnExitCodesRequirement']: { values: set },
  [batch + 'SuccessPolicy']: { rules: atomic },

  // autoscaling
  [autoscalingV2 + 'HorizontalPodAutoscalerSpec']: { metrics: atomic },
  [autoscalingV2 + 'HorizontalPodAutoscalerStatus']: { conditions, currentMetrics: atomic },
  [autoscalingV2 + 'HPAScalingRules']: { policies: atomic },
  [autoscalingV1 + 'HorizontalPodAutoscalerStatus']: {},

  // networking, discovery, policy, storage
  [networking + 'IngressSpec']: { rules: atomic, tls: atomic },
  [networking + 'IngressTLS']: { hosts: atomic },
  [networking + 'HTTPIngressRuleValue']: { paths: atomic },
  [networking + 'IngressLoadBalancerStatus']: { ingress: atomic },
  [networking + 'IngressLoadBalancerIngress']: { ports: atomic },
  [networking + 'NetworkPolicySpec']: { egress: atomic, ingress: atomic, policyTypes: atomic },
  [networking + 'NetworkPolicyIngressRule']: { from: atomic, ports: atomic },
  [networking + 'NetworkPolicyEgressRule']: { ports: atomic, to: atomic },
  [networking + 'IPBlock']: { except: atomic },
  [discovery + 'EndpointSlice']: { endpoints: atomic, ports: atomic },
  [discovery + 'Endpoint']: { addresses: set },
  [discovery + 'EndpointHints']: { forZones: atomic },
  [policy + 'PodDisruptionBudgetStatus']: { conditions },
  [storage + 'StorageClass']: { allowedTopologies: atomic, mountOptions: atomic },

  // apiextensions.k8s.io/v1
  [apiext + 'CustomResourceDefinitionSpec']: { versions: atomic },
  [apiext + 'CustomResourceDefinitionNames']: { categories: atomic, shortNames: atomic },
  [apiext + 'CustomResourceDefinitionStatus']: {
    conditions: { listType: 'map', listMapKeys: ['type'] },
    storedVersions: atomic,
  },
  [apiext + 'CustomResourceDefinitionVersion']: {
    additionalPrinterColumns: atomic,
    selectableFields: atomic,
  },
  [apiext + 'CustomResourceConversion']: {},
  [apiext + 'WebhookConversion']: { conversionReviewVersions: atomic },
  [apiext + 'JSONSchemaProps']: {
    allOf: atomic,
    anyOf: atomic,
    enum: atomic,
    oneOf: atomic,
    required: atomic,
  },
};

/** Structs upstream marks `+structType=atomic` / `+mapType=atomic` (`x-kubernetes-map-type`). */
export const ATOMIC_STRUCTS: readonly string[] = [
  meta + 'LabelSelector',
  meta + 'OwnerReference',
  core + 'LocalObjectReference',
  core + 'NodeSelector',
  core + 'NodeSelectorTerm',
  core + 'TopologySelectorTerm',
  core + 'ConfigMapKeySelector',
  core + 'SecretKeySelector',
  core + 'ObjectFieldSelector',
  core + 'ResourceFieldSelector',
  core + 'TypedLocalObjectReference',
  core + 'ObjectReference',
];

/** Integer fields that are int64 upstream; every other integer is int32. */
export const INT64_FIELDS: readonly string[] = [
  'activeDeadlineSeconds',
  'deletionGracePeriodSeconds',
  'expirationSeconds',
  'fsGroup',
  'generation',
  'gracePeriodSeconds',
  'maxItems',
  'maxLength',
  'maxProperties',
  'minItems',
  'minLength',
  'minProperties',
  'observedGeneration',
  'remainingItemCount',
  'revision',
  'runAsGroup',
  'runAsUser',
  'startingDeadlineSeconds',
  'supplementalGroups',
  'terminationGracePeriodSeconds',
  'tolerationSeconds',
];

/** Fields that are floating point upstream (`type: number, format: double`). */
export const DOUBLE_FIELDS: readonly string[] = [
  apiext + 'JSONSchemaProps.maximum',
  apiext + 'JSONSchemaProps.minimum',
  apiext + 'JSONSchemaProps.multipleOf',
];

/**
 * Fields upstream has that `kubernetes-types` does not declare (its generator drops the
 * `x-kubernetes-*` properties of JSONSchemaProps), as ready schemas.
 */
export const EXTRA_FIELDS: Record<string, Record<string, Record<string, unknown>>> = {
  [apiext + 'JSONSchemaProps']: {
    'x-kubernetes-embedded-resource': {
      description:
        'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta. The type must be object. It is allowed to further restrict the embedded object. kind, apiVersion and metadata are validated automatically. x-kubernetes-preserve-unknown-fields is allowed to be true, but does not have to be if the object is fully specified (up to kind, apiVersion, metadata).',
      type: 'boolean',
    },
    'x-kubernetes-int-or-string': {
      description:
        'x-kubernetes-int-or-string specifies that this value is either an integer or a string. If this is true, an empty type is allowed and type as child of anyOf is permitted if following one of the following patterns:\n\n1) anyOf:\n   - type: integer\n   - type: string\n2) allOf:\n   - anyOf:\n     - type: integer\n     - type: string\n   - ... zero or more',
      type: 'boolean',
    },
    'x-kubernetes-list-map-keys': {
      description:
        'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.\n\nThis tag MUST only be used on lists that have the "x-kubernetes-list-type" extension set to "map". Also, the values specified for this attribute must be a scalar typed field of the child structure (no nesting is supported).\n\nThe properties specified must either be required or have a default value, to ensure those properties are present for all list items.',
      items: { default: '', type: 'string' },
      type: 'array',
      'x-kubernetes-list-type': 'atomic',
    },
    'x-kubernetes-list-type': {
      description:
        'x-kubernetes-list-type annotates an array to further describe its topology. This extension must only be used on lists and may have 3 possible values:\n\n1) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic lists will be entirely replaced when updated. This extension\n     may be used on any type of list (struct, scalar, ...).\n2) `set`:\n     Sets are lists that must not have multiple items with the same value. Each\n     value must be a scalar, an object with x-kubernetes-map-type `atomic` or an\n     array with x-kubernetes-list-type `atomic`.\n3) `map`:\n     These lists are like maps in that their elements have a non-index key\n     used to identify them. Order is preserved upon merge. The map tag\n     must only be used on a list with elements of type object.\nDefaults to atomic for arrays.',
      type: 'string',
    },
    'x-kubernetes-map-type': {
      description:
        'x-kubernetes-map-type annotates an object to further describe its topology. This extension must only be used when type is object and may have 2 possible values:\n\n1) `granular`:\n     These maps are actual maps (key-value pairs) and each fields are independent\n     from each other (they can each be manipulated by separate actors). This is\n     the default behaviour for all maps.\n2) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic maps will be entirely replaced when updated.',
      type: 'string',
    },
    'x-kubernetes-preserve-unknown-fields': {
      description:
        'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema. This affects fields recursively, but switches back to normal pruning behaviour if nested properties or additionalProperties are specified in the schema. This can either be true or undefined. False is forbidden.',
      type: 'boolean',
    },
    'x-kubernetes-validations': {
      description:
        'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.',
      items: {
        allOf: [{ $ref: `#/components/schemas/${apiext}ValidationRule` }],
        default: {},
      },
      type: 'array',
      'x-kubernetes-list-map-keys': ['rule'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'rule',
      'x-kubernetes-patch-strategy': 'merge',
    },
  },
};
