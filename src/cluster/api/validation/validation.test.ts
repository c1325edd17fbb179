import { describe, expect, it } from 'vitest';
import { invalid } from '../errors';
import { applyDefaults, generateJobSelector } from '../defaults';
import type { KubeObject } from '../types';
import { validateObject } from './index';
import * as f from './fixtures';

/** Defaults the object as the API server does, validates it, and renders each error as upstream. */
function errorsOf(obj: KubeObject, old?: KubeObject): string[] {
  const rt = f.typeOf(obj.apiVersion, obj.kind);
  applyDefaults(rt, obj);
  if (obj.kind === 'Job' && !old) generateJobSelector(obj, obj.metadata.uid);
  if (old) applyDefaults(rt, old);
  return validateObject(rt, obj, old).map((e) => `${e.field}: ${e.message}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are free-form JSON
type Loose = Record<string, any>;

function mutate<T extends KubeObject>(obj: T, fn: (o: T & Loose) => void): T {
  fn(obj as T & Loose);
  return obj;
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('valid objects of every kind give no errors', () => {
  it.each<[string, () => KubeObject]>([
    ['Pod', () => f.newPod()],
    ['Deployment', () => f.newDeployment()],
    ['ReplicaSet', () => f.newReplicaSet()],
    ['DaemonSet', () => f.newDaemonSet()],
    ['StatefulSet', () => f.newStatefulSet()],
    ['ReplicationController', () => f.newReplicationController()],
    ['Job', () => f.newJob()],
    ['CronJob', () => f.newCronJob()],
    ['Service', () => f.newService()],
    ['Service NodePort', () => f.newService({ type: 'NodePort' })],
    ['Service headless', () => f.newService({ clusterIP: 'None' })],
    [
      'Service ExternalName',
      () => f.newService({ type: 'ExternalName', externalName: 'db.example.com', ports: [] }),
    ],
    ['ConfigMap', () => f.newConfigMap()],
    ['Secret', () => f.newSecret()],
    ['Namespace', () => f.newNamespace()],
    ['Node', () => f.newNode()],
    ['PersistentVolume', () => f.newPV()],
    ['PersistentVolumeClaim', () => f.newPVC()],
    [
      'PodTemplate',
      () =>
        f.newSimple('v1', 'PodTemplate', {
          template: { spec: { containers: [{ name: 'a', image: 'b' }] } },
        }),
    ],
    [
      'ResourceQuota',
      () =>
        f.newSimple('v1', 'ResourceQuota', { spec: { hard: { pods: '10', 'requests.cpu': '2' } } }),
    ],
    [
      'LimitRange',
      () =>
        f.newSimple('v1', 'LimitRange', {
          spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { cpu: '100m' } }] },
        }),
    ],
    ['ServiceAccount', () => f.newSimple('v1', 'ServiceAccount')],
    [
      'Endpoints',
      () =>
        f.newSimple('v1', 'Endpoints', {
          subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }],
        }),
    ],
    [
      'Event',
      () =>
        f.newSimple('v1', 'Event', {
          involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
          reason: 'Started',
        }),
    ],
    ['Ingress', () => f.newIngress()],
    [
      'IngressClass',
      () =>
        f.newSimple(
          'networking.k8s.io/v1',
          'IngressClass',
          { spec: { controller: 'example.com/ingress' } },
          false,
        ),
    ],
    [
      'NetworkPolicy',
      () =>
        f.newSimple('networking.k8s.io/v1', 'NetworkPolicy', {
          spec: {
            podSelector: {},
            ingress: [
              { from: [{ podSelector: { matchLabels: { a: 'b' } } }], ports: [{ port: 80 }] },
            ],
          },
        }),
    ],
    ['HorizontalPodAutoscaler v2', () => f.newHPA({ minReplicas: 1 })],
    ['HorizontalPodAutoscaler v1', () => ({ ...f.newHPA(), apiVersion: 'autoscaling/v1' })],
    [
      'PodDisruptionBudget',
      () =>
        f.newSimple('policy/v1', 'PodDisruptionBudget', {
          spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
        }),
    ],
    [
      'StorageClass',
      () =>
        f.newSimple(
          'storage.k8s.io/v1',
          'StorageClass',
          { provisioner: 'rancher.io/local-path' },
          false,
        ),
    ],
    [
      'Lease',
      () =>
        f.newSimple('coordination.k8s.io/v1', 'Lease', {
          spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
        }),
    ],
    [
      'EndpointSlice',
      () =>
        f.newSimple('discovery.k8s.io/v1', 'EndpointSlice', {
          addressType: 'IPv4',
          endpoints: [{ addresses: ['10.0.0.1'] }],
          ports: [{ port: 80 }],
        }),
    ],
    [
      'ControllerRevision',
      () => f.newSimple('apps/v1', 'ControllerRevision', { data: {}, revision: 1 }),
    ],
    ['CustomResourceDefinition', () => f.newCRD()],
  ])('%s', (_name, build) => {
    expect(errorsOf(build())).toEqual([]);
  });
});

describe('ObjectMeta', () => {
  it.each<[string, () => KubeObject, string[]]>([
    [
      'name required',
      () => mutate(f.newConfigMap(), (o) => delete o.metadata.name),
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'name subdomain',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.name = 'Web_1')),
      [`metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MSG}`],
    ],
    [
      'generateName masks the trailing dash',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.generateName = 'web-')),
      [],
    ],
    [
      'generateName checked',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.generateName = 'Web-')),
      [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`],
    ],
    [
      'namespace names are DNS labels',
      () => mutate(f.newNamespace('a.b'), () => {}),
      ['metadata.name: Invalid value: "a.b": must not contain dots'],
    ],
    [
      'service names are DNS-1035 labels',
      () => mutate(f.newService(), (o) => (o.metadata.name = '1web')),
      [`metadata.name: Invalid value: "1web": ${DNS1035_MSG}`],
    ],
    [
      'namespace required for namespaced kinds',
      () => mutate(f.newConfigMap(), (o) => delete o.metadata.namespace),
      ['metadata.namespace: Required value'],
    ],
    [
      'namespace forbidden for cluster-scoped kinds',
      () => mutate(f.newNode(), (o) => (o.metadata.namespace = 'default')),
      ['metadata.namespace: Forbidden: not allowed on this type'],
    ],
    [
      'label value',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.labels = { app: 'a b' })),
      [`metadata.labels: Invalid value: "a b": ${LABEL_VALUE_MSG}`],
    ],
    [
      'label value length',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.labels = { app: 'a'.repeat(64) })),
      [`metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ],
    [
      'label key',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.labels = { 'my key': 'v' })),
      [`metadata.labels: Invalid value: "my key": ${QUALIFIED_NAME_MSG}`],
    ],
    [
      'label key prefix',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.labels = { 'Example.com/k': 'v' })),
      [`metadata.labels: Invalid value: "Example.com/k": prefix part ${SUBDOMAIN_MSG}`],
    ],
    [
      'annotation size',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.annotations = { a: 'x'.repeat(262144) })),
      ['metadata.annotations: Too long: must have at most 262144 bytes'],
    ],
    [
      'finalizer format',
      () => mutate(f.newConfigMap(), (o) => (o.metadata.finalizers = ['a/b/c'])),
      [
        "metadata.finalizers: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    [
      'ownerReference uid',
      () =>
        mutate(
          f.newConfigMap(),
          (o) =>
            (o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: '' }]),
        ),
      ['metadata.ownerReferences.uid: Invalid value: "": must not be empty'],
    ],
  ])('%s', (_n, build, want) => {
    expect(errorsOf(build())).toEqual(want);
  });

  it('name, namespace and uid are immutable on update', () => {
    const old = mutate(f.newConfigMap(), (o) =>
      Object.assign(o.metadata, { uid: 'a', resourceVersion: '1' }),
    );
    const next = mutate(f.newConfigMap(), (o) =>
      Object.assign(o.metadata, { uid: 'b', resourceVersion: '1', name: 'other' }),
    );
    expect(errorsOf(next, old)).toEqual([
      'metadata.name: Invalid value: "other": field is immutable',
      'metadata.uid: Invalid value: "b": field is immutable',
    ]);
  });
});

describe('Pod', () => {
  const pod = (fn: (o: Loose) => void) => mutate(f.newPod(), fn);
  it.each<[string, () => KubeObject, string[]]>([
    [
      'containers required',
      () => pod((o) => (o.spec.containers = [])),
      ['spec.containers: Required value'],
    ],
    [
      'image required',
      () => pod((o) => delete o.spec.containers[0].image),
      ['spec.containers[0].image: Required value'],
    ],
    [
      'container name',
      () => pod((o) => (o.spec.containers[0].name = 'Web')),
      [`spec.containers[0].name: Invalid value: "Web": ${LABEL_MSG}`],
    ],
    [
      'container name required',
      () => pod((o) => delete o.spec.containers[0].name),
      ['spec.containers[0].name: Required value'],
    ],
    [
      'duplicate container names',
      () => pod((o) => o.spec.containers.push({ name: 'web', image: 'x' })),
      ['spec.containers[1].name: Duplicate value: "web"'],
    ],
    [
      'port range',
      () => pod((o) => (o.spec.containers[0].ports = [{ containerPort: 70000 }])),
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'port protocol',
      () => pod((o) => (o.spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }])),
      [
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      'port name',
      () => pod((o) => (o.spec.containers[0].ports = [{ containerPort: 80, name: 'HTTP' }])),
      [
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      ],
    ],
    [
      'env name',
      () => pod((o) => (o.spec.containers[0].env = [{ name: 'A=B', value: 'x' }])),
      [
        'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      ],
    ],
    [
      'requests above limits',
      () =>
        pod(
          (o) =>
            (o.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }),
        ),
      [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    ],
    [
      'negative request',
      () => pod((o) => (o.spec.containers[0].resources = { requests: { memory: '-1Mi' } })),
      [
        'spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0',
      ],
    ],
    [
      'unknown resource',
      () => pod((o) => (o.spec.containers[0].resources = { limits: { gpu: '1' } })),
      [
        'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      ],
    ],
    [
      'mount of a missing volume',
      () => pod((o) => (o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/d' }])),
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      'duplicate volumes',
      () =>
        pod(
          (o) =>
            (o.spec.volumes = [
              { name: 'a', emptyDir: {} },
              { name: 'a', emptyDir: {} },
            ]),
        ),
      ['spec.volumes[1].name: Duplicate value: "a"'],
    ],
    [
      'volume source required',
      () => pod((o) => (o.spec.volumes = [{ name: 'a', configMap: { name: '' } }])),
      ['spec.volumes[0].configMap.name: Required value'],
    ],
    [
      'restartPolicy',
      () => pod((o) => (o.spec.restartPolicy = 'Sometimes')),
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      'dnsPolicy',
      () => pod((o) => (o.spec.dnsPolicy = 'Cluster')),
      [
        'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      ],
    ],
    [
      'imagePullPolicy',
      () => pod((o) => (o.spec.containers[0].imagePullPolicy = 'Sometimes')),
      [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
    ],
    [
      'probe needs a handler',
      () => pod((o) => (o.spec.containers[0].livenessProbe = { periodSeconds: 5 })),
      ['spec.containers[0].livenessProbe: Required value: must specify a handler type'],
    ],
    [
      'probe with two handlers',
      () =>
        pod(
          (o) =>
            (o.spec.containers[0].readinessProbe = {
              exec: { command: ['true'] },
              tcpSocket: { port: 80 },
            }),
        ),
      [
        'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
      ],
    ],
    [
      'liveness successThreshold',
      () =>
        pod(
          (o) =>
            (o.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }),
        ),
      ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
    [
      'node affinity needs a term',
      () =>
        pod(
          (o) =>
            (o.spec.affinity = {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] },
              },
            }),
        ),
      [
        'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
      ],
    ],
    [
      'node affinity operator',
      () =>
        pod(
          (o) =>
            (o.spec.affinity = {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchExpressions: [{ key: 'zone', operator: 'Equals', values: ['a'] }] },
                  ],
                },
              },
            }),
        ),
      [
        'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
      ],
    ],
    [
      'preferred weight',
      () =>
        pod(
          (o) =>
            (o.spec.affinity = {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
                ],
              },
            }),
        ),
      [
        'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      ],
    ],
    [
      'topology spread',
      () =>
        pod(
          (o) =>
            (o.spec.topologySpreadConstraints = [
              { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Sometimes' },
            ]),
        ),
      [
        'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
        'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Sometimes": supported values: "DoNotSchedule", "ScheduleAnyway"',
      ],
    ],
    [
      'host port conflict',
      () =>
        pod((o) => {
          o.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
          o.spec.containers.push({
            name: 'b',
            image: 'x',
            ports: [{ containerPort: 81, hostPort: 8080 }],
          });
        }),
      ['spec.containers[1].ports[0].hostPort: Duplicate value: "/TCP/8080"'],
    ],
    [
      'downward API field',
      () =>
        pod(
          (o) =>
            (o.spec.containers[0].env = [
              { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'X', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
              { name: 'Y', valueFrom: { fieldRef: { fieldPath: 'spec.nope' } } },
            ]),
        ),
      [
        'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
        'spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Invalid value: "spec.nope": error converting fieldPath: field label not supported: spec.nope',
      ],
    ],
    [
      'secretKeyRef key',
      () =>
        pod(
          (o) =>
            (o.spec.containers[0].env = [
              { name: 'P', valueFrom: { secretKeyRef: { name: 'creds' } } },
            ]),
        ),
      ['spec.containers[0].env[0].valueFrom.secretKeyRef.key: Required value'],
    ],
    [
      'image whitespace',
      () => pod((o) => (o.spec.containers[0].image = ' nginx')),
      [
        'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
      ],
    ],
  ])('%s', (_n, build, want) => {
    expect(errorsOf(build())).toEqual(want);
  });

  it('updates may change the image only', () => {
    const old = mutate(f.newPod(), (o) => (o.metadata.resourceVersion = '1'));
    const next = mutate(f.newPod(), (o) => {
      o.metadata.resourceVersion = '1';
      o.spec.containers[0].image = 'nginx:1.28';
    });
    expect(errorsOf(next, old)).toEqual([]);
    const bad = mutate(f.newPod(), (o) => {
      o.metadata.resourceVersion = '1';
      o.spec.containers[0].ports = [{ containerPort: 80 }];
    });
    const errs = errorsOf(bad, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n {2}core.PodSpec\{/,
    );
  });

  it('renders the aggregate 422 message', () => {
    const obj = mutate(f.newPod(), (o) => delete o.spec.containers[0].image);
    const errs = validateObject(
      f.typeOf('v1', 'Pod'),
      (applyDefaults(f.typeOf('v1', 'Pod'), obj), obj),
    );
    expect(invalid({ group: '', kind: 'Pod' }, 'web', errs).message).toBe(
      'Pod "web" is invalid: spec.containers[0].image: Required value',
    );
  });
});

describe('Deployment and other workloads', () => {
  it.each<[string, () => KubeObject, string[]]>([
    [
      'selector required',
      () => mutate(f.newDeployment(1), (o) => delete o.spec.selector),
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'selector mismatch',
      () => f.newDeployment(1, { matchLabels: { app: 'x' } }),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      () => f.newDeployment(1, {}),
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    ],
    [
      'negative replicas',
      () => f.newDeployment(-1),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'maxSurge and maxUnavailable both 0',
      () =>
        mutate(
          f.newDeployment(),
          (o) =>
            (o.spec.strategy = {
              type: 'RollingUpdate',
              rollingUpdate: { maxSurge: 0, maxUnavailable: 0 },
            }),
        ),
      [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      ],
    ],
    [
      'Recreate with rollingUpdate',
      () =>
        mutate(
          f.newDeployment(),
          (o) => (o.spec.strategy = { type: 'Recreate', rollingUpdate: {} }),
        ),
      [
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    ],
    [
      'bad percent',
      () =>
        mutate(f.newDeployment(), (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: '25' } })),
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: 25: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'template restartPolicy',
      () => mutate(f.newDeployment(), (o) => (o.spec.template.spec.restartPolicy = 'Never')),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'template container image',
      () => mutate(f.newDeployment(), (o) => delete o.spec.template.spec.containers[0].image),
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'DaemonSet restartPolicy',
      () => mutate(f.newDaemonSet(), (o) => (o.spec.template.spec.restartPolicy = 'OnFailure')),
      [
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      ],
    ],
    [
      'StatefulSet podManagementPolicy',
      () => mutate(f.newStatefulSet(), (o) => (o.spec.podManagementPolicy = 'Random')),
      ["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"],
    ],
    [
      'ReplicationController selector mismatch',
      () => mutate(f.newReplicationController(), (o) => (o.spec.selector = { app: 'x' })),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
  ])('%s', (_n, build, want) => {
    expect(errorsOf(build())).toEqual(want);
  });

  it('Deployment selector is immutable', () => {
    const old = mutate(f.newDeployment(), (o) => (o.metadata.resourceVersion = '1'));
    const next = mutate(f.newDeployment(3, { matchLabels: { app: 'web', tier: 'x' } }), (o) => {
      o.metadata.resourceVersion = '1';
      o.spec.template.metadata.labels.tier = 'x';
    });
    expect(errorsOf(next, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('StatefulSet updates may change only some fields', () => {
    const old = mutate(f.newStatefulSet(), (o) => (o.metadata.resourceVersion = '1'));
    const scaled = mutate(f.newStatefulSet(), (o) => {
      o.metadata.resourceVersion = '1';
      o.spec.replicas = 5;
    });
    expect(errorsOf(scaled, old)).toEqual([]);
    const renamed = mutate(f.newStatefulSet(), (o) => {
      o.metadata.resourceVersion = '1';
      o.spec.serviceName = 'other';
    });
    expect(errorsOf(renamed, old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});

describe('Job and CronJob', () => {
  it.each<[string, () => KubeObject, string[]]>([
    [
      'template restartPolicy Always',
      () => mutate(f.newJob(), (o) => delete o.spec.template.spec.restartPolicy),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'negative completions',
      () => mutate(f.newJob(), (o) => (o.spec.completions = -1)),
      ['spec.completions: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative parallelism',
      () => mutate(f.newJob(), (o) => (o.spec.parallelism = -2)),
      ['spec.parallelism: Invalid value: -2: must be greater than or equal to 0'],
    ],
    ['schedule required', () => f.newCronJob(''), ['spec.schedule: Required value']],
    [
      'schedule fields',
      () => f.newCronJob('* * *'),
      ['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]'],
    ],
    [
      'schedule range',
      () => f.newCronJob('61 * * * *'),
      ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
    ],
    [
      'schedule syntax',
      () => f.newCronJob('x * * * *'),
      [
        'spec.schedule: Invalid value: "x * * * *": failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax',
      ],
    ],
    [
      'schedule TZ',
      () => f.newCronJob('TZ=UTC * * * * *'),
      [
        'spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
    ],
    ['descriptor', () => f.newCronJob('@hourly'), []],
    [
      'concurrencyPolicy',
      () => mutate(f.newCronJob(), (o) => (o.spec.concurrencyPolicy = 'Sometimes')),
      [
        'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      ],
    ],
    [
      'CronJob template restartPolicy',
      () =>
        mutate(
          f.newCronJob(),
          (o) => (o.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always'),
        ),
      [
        'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      ],
    ],
  ])('%s', (_n, build, want) => {
    expect(errorsOf(build())).toEqual(want);
  });

  it('a hand-written selector without manualSelector is rejected', () => {
    const job = mutate(f.newJob(), (o) => {
      o.spec.selector = { matchLabels: { app: 'pi' } };
      o.spec.template.metadata = { labels: { app: 'pi' } };
    });
    expect(errorsOf(job)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"u-1"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    ]);
  });

  it('Job template is immutable', () => {
    const old = f.newJob();
    errorsOf(old);
    old.metadata.resourceVersion = '1';
    const next = JSON.parse(JSON.stringify(old)) as KubeObject & Loose;
    next.spec.template.spec.containers[0].image = 'busybox';
    expect(errorsOf(next, old)).toEqual([
      'spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable',
    ]);
  });
});

describe('Service', () => {
  it.each<[string, () => KubeObject, string[]]>([
    ['ports required', () => f.newService({ ports: [] }), ['spec.ports: Required value']],
    [
      'port range',
      () => f.newService({ ports: [{ port: 0 }] }),
      [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'names required with several ports',
      () => f.newService({ ports: [{ port: 80 }, { port: 81, name: 'b' }] }),
      ['spec.ports[0].name: Required value'],
    ],
    [
      'duplicate port names',
      () =>
        f.newService({
          ports: [
            { port: 80, name: 'a' },
            { port: 81, name: 'a' },
          ],
        }),
      ['spec.ports[1].name: Duplicate value: "a"'],
    ],
    [
      'nodePort on ClusterIP',
      () => f.newService({ ports: [{ port: 80, nodePort: 30080 }] }),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'type enum',
      () => f.newService({ type: 'Internal' }),
      [
        'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    ],
    [
      'ExternalName requires externalName',
      () => f.newService({ type: 'ExternalName', ports: [] }),
      ['spec.externalName: Required value'],
    ],
    [
      'targetPort name',
      () => f.newService({ ports: [{ port: 80, targetPort: 'Http' }] }),
      [
        'spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    ],
    [
      'headless NodePort',
      () => f.newService({ type: 'NodePort', clusterIP: 'None' }),
      [
        'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
      ],
    ],
  ])('%s', (_n, build, want) => {
    expect(errorsOf(build())).toEqual(want);
  });

  it('clusterIP may not change', () => {
    const old = f.newService({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });
    old.metadata.resourceVersion = '1';
    const next = f.newService({ clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] });
    next.metadata.resourceVersion = '1';
    expect(errorsOf(next, old)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
    const omitted = f.newService();
    omitted.metadata.resourceVersion = '1';
    expect(errorsOf(omitted, old)).toEqual([]);
  });
});

describe('ConfigMap, Secret and the rest', () => {
  it.each<[string, () => KubeObject, string[]]>([
    [
      'config key',
      () => f.newConfigMap({ 'a b': 'x' }),
      [
        "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    [
      'secret key',
      () => f.newSecret({ '..x': 'eA==' }),
      ['data[..x]: Invalid value: "..x": must not start with \'..\''],
    ],
    [
      'tls secret',
      () => mutate(f.newSecret({}), (o) => (o.type = 'kubernetes.io/tls')),
      ['data[tls.crt]: Required value', 'data[tls.key]: Required value'],
    ],
    [
      'PVC access modes',
      () => mutate(f.newPVC(), (o) => (o.spec.accessModes = [])),
      ['spec.accessModes: Required value: at least 1 access mode is required'],
    ],
    [
      'PVC storage request',
      () => mutate(f.newPVC(), (o) => (o.spec.resources = {})),
      ['spec.resources[storage]: Required value'],
    ],
    [
      'PV capacity',
      () => mutate(f.newPV(), (o) => delete o.spec.capacity),
      [
        'spec.capacity: Required value',
        'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
      ],
    ],
    [
      'Ingress pathType',
      () =>
        f.newIngress([{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }]),
      ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
    ],
    ['Ingress paths', () => f.newIngress([]), ['spec.rules[0].http.paths: Required value']],
    [
      'Ingress backend port',
      () =>
        f.newIngress([
          { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } },
        ]),
      ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required'],
    ],
    [
      'HPA min above max',
      () => f.newHPA({ minReplicas: 6 }),
      ['spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`'],
    ],
    [
      'HPA minReplicas',
      () => f.newHPA({ minReplicas: 0 }),
      ['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1'],
    ],
    [
      'HPA target',
      () => f.newHPA({ scaleTargetRef: { kind: 'Deployment' } }),
      ['spec.scaleTargetRef.name: Required value'],
    ],
    [
      'PDB both set',
      () =>
        f.newSimple('policy/v1', 'PodDisruptionBudget', {
          spec: { minAvailable: 1, maxUnavailable: 1 },
        }),
      [
        'spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set',
      ],
    ],
    [
      'StorageClass provisioner',
      () => f.newSimple('storage.k8s.io/v1', 'StorageClass', {}, false),
      ['provisioner: Required value'],
    ],
    [
      'CRD name',
      () => mutate(f.newCRD(), (o) => (o.metadata.name = 'widgets')),
      ['metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group'],
    ],
    [
      'CRD storage versions',
      () => mutate(f.newCRD(), (o) => (o.spec.versions[0].storage = false)),
      [
        'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version',
      ],
    ],
    [
      'Namespace finalizer',
      () => mutate(f.newNamespace(), (o) => (o.spec = { finalizers: ['custom'] })),
      [
        'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
      ],
    ],
  ])('%s', (_n, build, want) => {
    expect(errorsOf(build())).toEqual(want);
  });

  it('Secret type is immutable', () => {
    const old = f.newSecret();
    old.metadata.resourceVersion = '1';
    const next = mutate(f.newSecret(), (o) => {
      o.metadata.resourceVersion = '1';
      o.type = 'kubernetes.io/basic-auth';
      o.data.username = 'YQ==';
    });
    expect(errorsOf(next, old)).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    ]);
  });

  it('PVC spec is immutable but a bound claim may grow', () => {
    const old = f.newPVC();
    old.metadata.resourceVersion = '1';
    const grow = f.newPVC();
    grow.metadata.resourceVersion = '1';
    (grow.spec as Loose).resources.requests.storage = '2Gi';
    const errs = errorsOf(grow, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n {2}core.PersistentVolumeClaimSpec\{/,
    );
    const boundOld: KubeObject = {
      ...f.newPVC(),
      status: { phase: 'Bound', capacity: { storage: '1Gi' } },
    };
    boundOld.metadata.resourceVersion = '1';
    const boundGrow: KubeObject = {
      ...f.newPVC(),
      status: { phase: 'Bound', capacity: { storage: '1Gi' } },
    };
    boundGrow.metadata.resourceVersion = '1';
    (boundGrow.spec as Loose).resources.requests.storage = '2Gi';
    expect(errorsOf(boundGrow, boundOld)).toEqual([]);
  });

  it('StorageClass parameters are immutable', () => {
    const old = f.newSimple(
      'storage.k8s.io/v1',
      'StorageClass',
      { provisioner: 'a.io/b', parameters: { a: '1' } },
      false,
    );
    old.metadata.resourceVersion = '1';
    const next = f.newSimple(
      'storage.k8s.io/v1',
      'StorageClass',
      { provisioner: 'a.io/b', parameters: { a: '2' } },
      false,
    );
    next.metadata.resourceVersion = '1';
    expect(errorsOf(next, old)).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
    ]);
  });
});
