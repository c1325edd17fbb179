/**
 * One minimal valid object per served kind, with what the real kubectl v1.32 prints for it on a
 * v1.32 cluster that has no workload controllers, scheduler or kubelets: Deployments own no
 * ReplicaSets, pods stay Pending without a node, statuses are as the API server wrote them on
 * create. Table expectations are in `table()` form (cells joined by " | ", empty cells collapsed,
 * ages as `<age>`, timestamps as `<time>`), taken from upstream
 * pkg/printers/internalversion/printers.go and the apiextensions default table.
 */
import { stringify } from 'yaml';

/** The suite's steps; a fixture may record a known server gap for one of them. */
export type Phase =
  'apply' | 'get' | 'alias' | 'finalizers' | 'describe' | 'mutate' | 'delete' | 'deleteAll';

export interface KindFixture {
  /** Case name. */
  name: string;
  /** What `kubectl get/describe/delete` are given; qualified where the short form is ambiguous. */
  resource: string;
  /** kubectl's resource string: `<ref>/<name> created`, `<ref> "<name>" deleted`. */
  ref: string;
  /** Plural as the server names it in Status messages: `deployments.apps "x" not found`. */
  plural: string;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
  /** The object's name. */
  objName: string;
  /** Everything but metadata; `ns` is the fixture's namespace (cluster-scoped: ''). */
  body(ns: string): Record<string, unknown>;
  /** Plain `get` header and row. */
  header: string;
  row: string;
  /** `-o wide` header, and its row where the wide cells say something of this state. */
  wide: string;
  wideRow?: string;
  /**
   * Re-applying the same manifest still says "configured": the server defaults a field inside an
   * atomic list (no merge key), so kubectl's three-way patch replaces the whole list each time.
   */
  reapplyConfigures?: boolean;
  /** kubectl's describer for the kind prints no Labels/Annotations block. */
  describeNoLabels?: boolean;
  /** Annotations controllers add (describe shows them; last-applied-configuration it hides). */
  serverAnnotations?: Record<string, string>;
  /** Labels the server adds by itself (Namespace's kubernetes.io/metadata.name). */
  serverLabels?: Record<string, string>;
  /** The same stored object served through another group-version, as upstream serves it. */
  alias?: { resource: string; apiVersion: string };
  /**
   * Finalizers a real v1.32 server puts on the object at create: metadata.finalizers (storage
   * object in-use protection) or, for a Namespace, spec.finalizers. (A CRD gets its clean-up
   * finalizer only when deleted.)
   */
  finalizers?: { path: 'metadata' | 'spec'; names: string[] };
  /** Has a scale subresource. */
  scalable?: boolean;
  /** Custom resources take no strategic merge patch. */
  noStrategic?: boolean;
  /** `delete --all` would take the cluster's own objects with it (namespaces, nodes). */
  noDeleteAll?: boolean;
  /** Other objects of the kind a real v1.32 cluster keeps in a fresh namespace. */
  siblings?: string[];
  /** Known server gaps, by phase: the case stays and is expected to fail. */
  gaps?: Partial<Record<Phase, string>>;
}

/** Namespace a namespaced fixture lives in, one per fixture so `--all` and `-A` stay exact. */
export function namespaceOf(f: KindFixture): string {
  return f.namespaced ? `kinds-${slug(f)}` : '';
}

/** Lower-case, DNS-safe form of the case name. */
export function slug(f: KindFixture): string {
  return f.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The labels every fixture carries, plus `extra`. */
export function labelsOf(
  f: KindFixture,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { case: slug(f), suite: 'kinds', ...extra };
}

/** The manifest as YAML. */
export function manifest(f: KindFixture, extraLabels: Record<string, string> = {}): string {
  const ns = namespaceOf(f);
  const metadata: Record<string, unknown> = { name: f.objName };
  if (ns) metadata.namespace = ns;
  metadata.labels = labelsOf(f, extraLabels);
  return stringify({ apiVersion: f.apiVersion, kind: f.kind, metadata, ...f.body(ns) });
}

const NAME = 'demo';
const IMAGE = 'nginx:1.27';
const containers = [{ name: 'app', image: IMAGE }];
/**
 * Matches no node, so pods stay Pending and unbound whatever scheduler and kubelets the cluster
 * runs: the rows below do not move as controllers land, and unbound pods delete at once.
 */
const nodeSelector = { 'kinds.example.com/unschedulable': 'true' };
const podSpec = { containers, nodeSelector };
const podTemplate = { metadata: { labels: { app: NAME } }, spec: podSpec };
const selector = { matchLabels: { app: NAME } };
const THEN = '2025-01-01T00:00:00Z';

/** The CRD that the custom resource fixture's kind comes from. */
export const WIDGET_CRD = stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.kinds.example.com' },
  spec: {
    group: 'kinds.example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { size: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
});

const WORKLOAD_WIDE = 'CONTAINERS | IMAGES | SELECTOR';

const fixtures: KindFixture[] = [
  {
    name: 'Namespace',
    finalizers: { path: 'spec', names: ['kubernetes'] },
    resource: 'namespace',
    ref: 'namespace',
    plural: 'namespaces',
    kind: 'Namespace',
    apiVersion: 'v1',
    namespaced: false,
    objName: 'kinds-demo',
    body: () => ({}),
    header: 'NAME | STATUS | AGE',
    row: 'kinds-demo | Active | <age>',
    wide: 'NAME | STATUS | AGE',
    serverLabels: { 'kubernetes.io/metadata.name': 'kinds-demo' },
    noDeleteAll: true,
  },
  {
    name: 'Node',
    resource: 'node',
    ref: 'node',
    plural: 'nodes',
    kind: 'Node',
    apiVersion: 'v1',
    namespaced: false,
    objName: 'kinds-demo',
    body: () => ({}),
    // No kubelet has posted status: no Ready condition, no kubelet version, no node info.
    header: 'NAME | STATUS | ROLES | AGE | VERSION',
    row: 'kinds-demo | Unknown | <none> | <age>',
    wide: 'NAME | STATUS | ROLES | AGE | VERSION | INTERNAL-IP | EXTERNAL-IP | OS-IMAGE | KERNEL-VERSION | CONTAINER-RUNTIME',
    wideRow:
      'kinds-demo | Unknown | <none> | <age> | <none> | <none> | <unknown> | <unknown> | <unknown>',
    noDeleteAll: true,
  },
  {
    name: 'Pod',
    resource: 'pod',
    ref: 'pod',
    plural: 'pods',
    kind: 'Pod',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: podSpec }),
    // Unschedulable: STATUS stays Pending, no node; describe shows a FailedScheduling event.
    header: 'NAME | READY | STATUS | RESTARTS | AGE',
    row: 'demo | 0/1 | Pending | 0 | <age>',
    wide: 'NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES',
    wideRow: 'demo | 0/1 | Pending | 0 | <age> | <none> | <none> | <none> | <none>',
  },
  {
    name: 'Service',
    resource: 'service',
    ref: 'service',
    plural: 'services',
    kind: 'Service',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { selector: { app: NAME }, ports: [{ port: 80, targetPort: 8080 }] } }),
    header: 'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE',
    row: 'demo | ClusterIP | <cluster-ip> | <none> | 80/TCP | <age>',
    wide: 'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE | SELECTOR',
    wideRow: 'demo | ClusterIP | <cluster-ip> | <none> | 80/TCP | <age> | app=demo',
  },
  {
    name: 'Endpoints',
    resource: 'endpoints',
    ref: 'endpoints',
    plural: 'endpoints',
    kind: 'Endpoints',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ subsets: [{ addresses: [{ ip: '192.168.10.1' }], ports: [{ port: 80 }] }] }),
    // subsets is atomic and the server defaults ports[].protocol to TCP.
    reapplyConfigures: true,
    header: 'NAME | ENDPOINTS | AGE',
    row: 'demo | 192.168.10.1:80 | <age>',
    wide: 'NAME | ENDPOINTS | AGE',
  },
  {
    name: 'ConfigMap',
    resource: 'configmap',
    ref: 'configmap',
    plural: 'configmaps',
    kind: 'ConfigMap',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ data: { key: 'value' } }),
    header: 'NAME | DATA | AGE',
    row: 'demo | 1 | <age>',
    wide: 'NAME | DATA | AGE',
    // The root CA publisher puts kube-root-ca.crt into every namespace.
    siblings: ['kube-root-ca.crt'],
  },
  {
    name: 'Secret',
    resource: 'secret',
    ref: 'secret',
    plural: 'secrets',
    kind: 'Secret',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ data: { key: 'dmFsdWU=' } }),
    header: 'NAME | TYPE | DATA | AGE',
    row: 'demo | Opaque | 1 | <age>',
    wide: 'NAME | TYPE | DATA | AGE',
  },
  {
    name: 'Event',
    alias: { resource: 'events.v1.events.k8s.io', apiVersion: 'events.k8s.io/v1' },
    resource: 'event',
    ref: 'event',
    plural: 'events',
    kind: 'Event',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: (ns) => ({
      involvedObject: { kind: 'Pod', name: 'web', namespace: ns },
      reason: 'Created',
      message: 'Created pod',
      type: 'Normal',
      source: { component: 'kubelet' },
      firstTimestamp: THEN,
      lastTimestamp: THEN,
      count: 1,
    }),
    header: 'LAST SEEN | TYPE | REASON | OBJECT | MESSAGE',
    row: '<age> | Normal | Created | pod/web | Created pod',
    wide: 'LAST SEEN | TYPE | REASON | OBJECT | SUBOBJECT | SOURCE | MESSAGE | FIRST SEEN | COUNT | NAME',
    wideRow: '<age> | Normal | Created | pod/web | kubelet | Created pod | <age> | 1 | demo',
  },
  {
    name: 'ServiceAccount',
    resource: 'serviceaccount',
    ref: 'serviceaccount',
    plural: 'serviceaccounts',
    kind: 'ServiceAccount',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({}),
    header: 'NAME | SECRETS | AGE',
    row: 'demo | 0 | <age>',
    wide: 'NAME | SECRETS | AGE',
    // The service account controller keeps "default" in every namespace.
    siblings: ['default'],
  },
  {
    name: 'PersistentVolume',
    finalizers: { path: 'metadata', names: ['kubernetes.io/pv-protection'] },
    resource: 'persistentvolume',
    ref: 'persistentvolume',
    plural: 'persistentvolumes',
    kind: 'PersistentVolume',
    apiVersion: 'v1',
    namespaced: false,
    objName: 'kinds-demo',
    body: () => ({
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/data/demo' },
        storageClassName: 'manual',
      },
    }),
    // The PV controller makes it Available; no claim of class `manual` exists to bind it.
    header:
      'NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS | VOLUMEATTRIBUTESCLASS | REASON | AGE',
    row: 'kinds-demo | 1Gi | RWO | Retain | Available | manual | <unset> | <age>',
    wide: 'NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS | VOLUMEATTRIBUTESCLASS | REASON | AGE | VOLUMEMODE',
    wideRow: 'kinds-demo | 1Gi | RWO | Retain | Available | manual | <unset> | <age> | Filesystem',
  },
  {
    name: 'PersistentVolumeClaim',
    finalizers: { path: 'metadata', names: ['kubernetes.io/pvc-protection'] },
    resource: 'persistentvolumeclaim',
    ref: 'persistentvolumeclaim',
    plural: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        // A class no volume or provisioner has, so the claim stays Pending, unbound.
        storageClassName: 'kinds-none',
      },
    }),
    header:
      'NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS | VOLUMEATTRIBUTESCLASS | AGE',
    row: 'demo | Pending | kinds-none | <unset> | <age>',
    wide: 'NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS | VOLUMEATTRIBUTESCLASS | AGE | VOLUMEMODE',
    wideRow: 'demo | Pending | kinds-none | <unset> | <age> | Filesystem',
  },
  {
    name: 'ResourceQuota',
    resource: 'resourcequota',
    ref: 'resourcequota',
    plural: 'resourcequotas',
    kind: 'ResourceQuota',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { hard: { pods: '10' } } }),
    describeNoLabels: true,
    // REQUEST lists status.used/status.hard as the quota controller keeps them; no limits.
    header: 'NAME | REQUEST | LIMIT | AGE',
    row: 'demo | pods: 0/10 | <age>',
    wide: 'NAME | REQUEST | LIMIT | AGE',
  },
  {
    name: 'LimitRange',
    resource: 'limitrange',
    ref: 'limitrange',
    plural: 'limitranges',
    kind: 'LimitRange',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { limits: [{ type: 'Container', default: { cpu: '500m' } }] } }),
    // limits is atomic and the server defaults defaultRequest from default.
    reapplyConfigures: true,
    describeNoLabels: true,
    // Upstream has no LimitRange printer: the default table.
    header: 'NAME | CREATED AT',
    row: 'demo | <time>',
    wide: 'NAME | CREATED AT',
  },
  {
    name: 'ReplicationController',
    resource: 'replicationcontroller',
    ref: 'replicationcontroller',
    plural: 'replicationcontrollers',
    kind: 'ReplicationController',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { replicas: 0, selector: { app: NAME }, template: podTemplate } }),
    header: 'NAME | DESIRED | CURRENT | READY | AGE',
    row: 'demo | 0 | 0 | 0 | <age>',
    wide: `NAME | DESIRED | CURRENT | READY | AGE | ${WORKLOAD_WIDE}`,
    wideRow: 'demo | 0 | 0 | 0 | <age> | app | nginx:1.27 | app=demo',
    scalable: true,
  },
  {
    name: 'PodTemplate',
    resource: 'podtemplate',
    ref: 'podtemplate',
    plural: 'podtemplates',
    kind: 'PodTemplate',
    apiVersion: 'v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ template: podTemplate }),
    header: 'NAME | CONTAINERS | IMAGES | POD LABELS',
    row: 'demo | app | nginx:1.27 | app=demo',
    wide: 'NAME | CONTAINERS | IMAGES | POD LABELS',
  },
  {
    name: 'Deployment',
    resource: 'deployment',
    ref: 'deployment.apps',
    plural: 'deployments.apps',
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { replicas: 0, selector, template: podTemplate } }),
    // The deployment controller records the revision of the (empty) ReplicaSet it made.
    serverAnnotations: { 'deployment.kubernetes.io/revision': '1' },
    header: 'NAME | READY | UP-TO-DATE | AVAILABLE | AGE',
    row: 'demo | 0/0 | 0 | 0 | <age>',
    wide: `NAME | READY | UP-TO-DATE | AVAILABLE | AGE | ${WORKLOAD_WIDE}`,
    wideRow: 'demo | 0/0 | 0 | 0 | <age> | app | nginx:1.27 | app=demo',
    scalable: true,
  },
  {
    name: 'ReplicaSet',
    resource: 'replicaset',
    ref: 'replicaset.apps',
    plural: 'replicasets.apps',
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { replicas: 0, selector, template: podTemplate } }),
    header: 'NAME | DESIRED | CURRENT | READY | AGE',
    row: 'demo | 0 | 0 | 0 | <age>',
    wide: `NAME | DESIRED | CURRENT | READY | AGE | ${WORKLOAD_WIDE}`,
    wideRow: 'demo | 0 | 0 | 0 | <age> | app | nginx:1.27 | app=demo',
    scalable: true,
  },
  {
    name: 'DaemonSet',
    resource: 'daemonset',
    ref: 'daemonset.apps',
    plural: 'daemonsets.apps',
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { selector, template: podTemplate } }),
    header: 'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE',
    row: 'demo | 0 | 0 | 0 | 0 | 0 | kinds.example.com/unschedulable=true | <age>',
    wide: `NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE | ${WORKLOAD_WIDE}`,
    wideRow:
      'demo | 0 | 0 | 0 | 0 | 0 | kinds.example.com/unschedulable=true | <age> | app | nginx:1.27 | app=demo',
  },
  {
    name: 'StatefulSet',
    resource: 'statefulset',
    ref: 'statefulset.apps',
    plural: 'statefulsets.apps',
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { replicas: 0, serviceName: NAME, selector, template: podTemplate } }),
    header: 'NAME | READY | AGE',
    row: 'demo | 0/0 | <age>',
    wide: 'NAME | READY | AGE | CONTAINERS | IMAGES',
    wideRow: 'demo | 0/0 | <age> | app | nginx:1.27',
    scalable: true,
  },
  {
    name: 'ControllerRevision',
    resource: 'controllerrevision',
    ref: 'controllerrevision.apps',
    plural: 'controllerrevisions.apps',
    kind: 'ControllerRevision',
    apiVersion: 'apps/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ revision: 1, data: { spec: { template: podTemplate } } }),
    header: 'NAME | CONTROLLER | REVISION | AGE',
    row: 'demo | <none> | 1 | <age>',
    wide: 'NAME | CONTROLLER | REVISION | AGE',
  },
  {
    name: 'Job',
    resource: 'job',
    ref: 'job.batch',
    plural: 'jobs.batch',
    kind: 'Job',
    apiVersion: 'batch/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({
      spec: {
        template: {
          spec: {
            containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
            nodeSelector,
            restartPolicy: 'Never',
          },
        },
      },
    }),
    // Its pod never schedules: no condition (so "Running"), started (so DURATION counts) and 0/1.
    header: 'NAME | STATUS | COMPLETIONS | DURATION | AGE',
    row: 'demo | Running | 0/1 | <age> | <age>',
    wide: `NAME | STATUS | COMPLETIONS | DURATION | AGE | ${WORKLOAD_WIDE}`,
    wideRow:
      'demo | Running | 0/1 | <age> | <age> | app | busybox:1.36 | batch.kubernetes.io/controller-uid=<uid>',
  },
  {
    name: 'CronJob',
    resource: 'cronjob',
    ref: 'cronjob.batch',
    plural: 'cronjobs.batch',
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'app', image: 'busybox:1.36' }],
                nodeSelector,
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
    }),
    header: 'NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE',
    row: 'demo | */5 * * * * | <none> | False | 0 | <none> | <age>',
    wide: `NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE | ${WORKLOAD_WIDE}`,
    wideRow:
      'demo | */5 * * * * | <none> | False | 0 | <none> | <age> | app | busybox:1.36 | <none>',
  },
  {
    name: 'Ingress',
    resource: 'ingress',
    ref: 'ingress.networking.k8s.io',
    plural: 'ingresses.networking.k8s.io',
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'demo.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: NAME, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    }),
    // ADDRESS is empty: no ingress controller has written status.loadBalancer.
    header: 'NAME | CLASS | HOSTS | ADDRESS | PORTS | AGE',
    row: 'demo | nginx | demo.example.com | 80 | <age>',
    wide: 'NAME | CLASS | HOSTS | ADDRESS | PORTS | AGE',
  },
  {
    name: 'IngressClass',
    resource: 'ingressclass',
    ref: 'ingressclass.networking.k8s.io',
    plural: 'ingressclasses.networking.k8s.io',
    kind: 'IngressClass',
    apiVersion: 'networking.k8s.io/v1',
    namespaced: false,
    objName: 'kinds-demo',
    body: () => ({ spec: { controller: 'example.com/ingress-controller' } }),
    header: 'NAME | CONTROLLER | PARAMETERS | AGE',
    row: 'kinds-demo | example.com/ingress-controller | <none> | <age>',
    wide: 'NAME | CONTROLLER | PARAMETERS | AGE',
  },
  {
    name: 'NetworkPolicy',
    resource: 'networkpolicy',
    ref: 'networkpolicy.networking.k8s.io',
    plural: 'networkpolicies.networking.k8s.io',
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { podSelector: selector, policyTypes: ['Ingress'] } }),
    header: 'NAME | POD-SELECTOR | AGE',
    row: 'demo | app=demo | <age>',
    wide: 'NAME | POD-SELECTOR | AGE',
  },
  {
    name: 'HorizontalPodAutoscaler v2',
    alias: { resource: 'horizontalpodautoscalers.v1.autoscaling', apiVersion: 'autoscaling/v1' },
    resource: 'horizontalpodautoscalers.v2.autoscaling',
    ref: 'horizontalpodautoscaler.autoscaling',
    plural: 'horizontalpodautoscalers.autoscaling',
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    namespaced: true,
    objName: NAME,
    body: () => ({
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    }),
    header: 'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
    row: 'demo | Deployment/demo | cpu: <unknown>/50% | 1 | 5 | 0 | <age>',
    wide: 'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
  },
  {
    name: 'HorizontalPodAutoscaler v1',
    alias: { resource: 'horizontalpodautoscalers.v2.autoscaling', apiVersion: 'autoscaling/v2' },
    resource: 'horizontalpodautoscalers.v1.autoscaling',
    ref: 'horizontalpodautoscaler.autoscaling',
    plural: 'horizontalpodautoscalers.autoscaling',
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 50,
      },
    }),
    // minReplicas defaults to 1; the v1 CPU target prints like the v2 Resource metric.
    header: 'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
    row: 'demo | Deployment/demo | cpu: <unknown>/50% | 1 | 5 | 0 | <age>',
    wide: 'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
  },
  {
    name: 'EndpointSlice',
    resource: 'endpointslice',
    ref: 'endpointslice.discovery.k8s.io',
    plural: 'endpointslices.discovery.k8s.io',
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.10.1'] }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }),
    header: 'NAME | ADDRESSTYPE | PORTS | ENDPOINTS | AGE',
    row: 'demo | IPv4 | 80 | 192.168.10.1 | <age>',
    wide: 'NAME | ADDRESSTYPE | PORTS | ENDPOINTS | AGE',
  },
  {
    name: 'StorageClass',
    resource: 'storageclass',
    ref: 'storageclass.storage.k8s.io',
    plural: 'storageclasses.storage.k8s.io',
    kind: 'StorageClass',
    apiVersion: 'storage.k8s.io/v1',
    namespaced: false,
    objName: 'kinds-demo',
    body: () => ({ provisioner: 'example.com/demo' }),
    // minikube's default class is there from the start.
    siblings: ['standard'],
    describeNoLabels: true,
    header: 'NAME | PROVISIONER | RECLAIMPOLICY | VOLUMEBINDINGMODE | ALLOWVOLUMEEXPANSION | AGE',
    row: 'kinds-demo | example.com/demo | Delete | Immediate | false | <age>',
    wide: 'NAME | PROVISIONER | RECLAIMPOLICY | VOLUMEBINDINGMODE | ALLOWVOLUMEEXPANSION | AGE',
  },
  {
    name: 'events.k8s.io Event',
    alias: { resource: 'events', apiVersion: 'v1' },
    resource: 'events.events.k8s.io',
    ref: 'event.events.k8s.io',
    plural: 'events.events.k8s.io',
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    namespaced: true,
    objName: NAME,
    body: (ns) => ({
      eventTime: '2025-01-01T00:00:00.000000Z',
      reportingController: 'example.com/demo',
      reportingInstance: 'demo-1',
      action: 'Create',
      reason: 'Created',
      type: 'Normal',
      regarding: { kind: 'Pod', name: 'web', namespace: ns },
      note: 'Created pod',
    }),
    // Served from the core Event storage and printed by the same printer: times from eventTime,
    // count 1 for a singleton, SOURCE from the reporting controller and instance.
    header: 'LAST SEEN | TYPE | REASON | OBJECT | MESSAGE',
    row: '<age> | Normal | Created | pod/web | Created pod',
    wide: 'LAST SEEN | TYPE | REASON | OBJECT | SUBOBJECT | SOURCE | MESSAGE | FIRST SEEN | COUNT | NAME',
    wideRow:
      '<age> | Normal | Created | pod/web | example.com/demo, demo-1 | Created pod | <age> | 1 | demo',
  },
  {
    name: 'Lease',
    resource: 'lease',
    ref: 'lease.coordination.k8s.io',
    plural: 'leases.coordination.k8s.io',
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { holderIdentity: 'demo-holder', leaseDurationSeconds: 15 } }),
    header: 'NAME | HOLDER | AGE',
    row: 'demo | demo-holder | <age>',
    wide: 'NAME | HOLDER | AGE',
  },
  {
    name: 'PodDisruptionBudget',
    resource: 'poddisruptionbudget',
    ref: 'poddisruptionbudget.policy',
    plural: 'poddisruptionbudgets.policy',
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { minAvailable: 1, selector } }),
    describeNoLabels: true,
    header: 'NAME | MIN AVAILABLE | MAX UNAVAILABLE | ALLOWED DISRUPTIONS | AGE',
    row: 'demo | 1 | N/A | 0 | <age>',
    wide: 'NAME | MIN AVAILABLE | MAX UNAVAILABLE | ALLOWED DISRUPTIONS | AGE',
  },
  {
    // Before the CustomResourceDefinition case: its `delete --all` removes this kind's CRD.
    name: 'Widget (custom resource)',
    resource: 'widget',
    ref: 'widget.kinds.example.com',
    plural: 'widgets.kinds.example.com',
    kind: 'Widget',
    apiVersion: 'kinds.example.com/v1',
    namespaced: true,
    objName: NAME,
    body: () => ({ spec: { size: 1 } }),
    // No additionalPrinterColumns: NAME and the default Age column.
    header: 'NAME | AGE',
    row: 'demo | <age>',
    wide: 'NAME | AGE',
    noStrategic: true,
  },
  {
    name: 'CustomResourceDefinition',
    resource: 'customresourcedefinition',
    ref: 'customresourcedefinition.apiextensions.k8s.io',
    plural: 'customresourcedefinitions.apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    apiVersion: 'apiextensions.k8s.io/v1',
    namespaced: false,
    objName: 'gadgets.kinds.example.com',
    body: () => ({
      spec: {
        group: 'kinds.example.com',
        names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    }),
    // The apiextensions server's default table.
    header: 'NAME | CREATED AT',
    row: 'gadgets.kinds.example.com | <time>',
    wide: 'NAME | CREATED AT',
    siblings: ['widgets.kinds.example.com'],
  },
];

export const KIND_FIXTURES: readonly KindFixture[] = fixtures;
