import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from '../registry';
import type { ResourceType } from '../registry';
import type { KubeObject } from '../types';
import { formatQuantity, printerFor, tableRows } from './index';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const ctx = { now: NOW };
/** An RFC3339 timestamp `ms` before NOW. */
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;

function rt(group: string, kind: string, version = 'v1'): ResourceType {
  const t = BUILTIN_TYPES.find(
    (x) => x.group === group && x.kind === kind && x.version === version,
  );
  if (!t) throw new Error(`no type ${group}/${kind}`);
  return t;
}

function obj(apiVersion: string, kind: string, fields: Record<string, unknown>): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'default', creationTimestamp: ago(5 * MIN) },
    ...fields,
  } as KubeObject;
}

/** Cells by column name, for readable assertions. */
function row(t: ResourceType, o: KubeObject, crd?: KubeObject): Record<string, unknown> {
  const p = printerFor(t, crd);
  const cells = p.row(o, ctx);
  expect(cells).toHaveLength(p.columns.length);
  return Object.fromEntries(p.columns.map((c, i) => [c.name, cells[i]]));
}

interface PodOpts {
  phase?: string;
  reason?: string;
  containers?: string[];
  initContainers?: { name: string; restartPolicy?: string }[];
  statuses?: Record<string, unknown>[];
  initStatuses?: Record<string, unknown>[];
  conditions?: { type: string; status: string; reason?: string }[];
  deletionTimestamp?: string;
  podIP?: string;
  nodeName?: string;
}

function newPod(o: PodOpts): KubeObject {
  const p = obj('v1', 'Pod', {
    spec: {
      containers: (o.containers ?? ['app']).map((name) => ({ name, image: 'nginx' })),
      initContainers: o.initContainers,
      nodeName: o.nodeName,
    },
    status: {
      phase: o.phase ?? 'Running',
      reason: o.reason,
      containerStatuses: o.statuses,
      initContainerStatuses: o.initStatuses,
      conditions: o.conditions,
      podIPs: o.podIP ? [{ ip: o.podIP }] : undefined,
    },
  });
  if (o.deletionTimestamp) p.metadata.deletionTimestamp = o.deletionTimestamp;
  return p;
}

const running = (name = 'app', extra: Record<string, unknown> = {}) => ({
  name,
  ready: true,
  restartCount: 0,
  state: { running: { startedAt: ago(MIN) } },
  ...extra,
});

describe('pod printer', () => {
  const pods = rt('', 'Pod');
  it.each<{ name: string; pod: KubeObject; ready: string; status: string; restarts: string }>([
    {
      name: 'running and ready',
      pod: newPod({ statuses: [running()] }),
      ready: '1/1',
      status: 'Running',
      restarts: '0',
    },
    {
      name: 'pending without statuses',
      pod: newPod({ phase: 'Pending' }),
      ready: '0/1',
      status: 'Pending',
      restarts: '0',
    },
    {
      name: 'container creating',
      pod: newPod({
        phase: 'Pending',
        statuses: [
          { name: 'app', ready: false, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      }),
      ready: '0/1',
      status: 'ContainerCreating',
      restarts: '0',
    },
    {
      name: 'crash loop with restarts and last termination',
      pod: newPod({
        statuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * MIN) } },
          },
        ],
      }),
      ready: '0/1',
      status: 'CrashLoopBackOff',
      restarts: '5 (3m ago)',
    },
    {
      name: 'terminated with reason',
      pod: newPod({
        phase: 'Succeeded',
        statuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      }),
      ready: '0/1',
      status: 'Completed',
      restarts: '0',
    },
    {
      name: 'terminated by signal without reason',
      pod: newPod({
        statuses: [{ name: 'app', state: { terminated: { exitCode: 137, signal: 9 } } }],
      }),
      ready: '0/1',
      status: 'Signal:9',
      restarts: '0',
    },
    {
      name: 'terminated with exit code without reason',
      pod: newPod({ statuses: [{ name: 'app', state: { terminated: { exitCode: 2 } } }] }),
      ready: '0/1',
      status: 'ExitCode:2',
      restarts: '0',
    },
    {
      name: 'completed container next to a running one, pod ready',
      pod: newPod({
        containers: ['a', 'b'],
        statuses: [
          running('a'),
          { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
        conditions: [{ type: 'Ready', status: 'True' }],
      }),
      ready: '1/2',
      status: 'Running',
      restarts: '0',
    },
    {
      name: 'completed container next to a running one, pod not ready',
      pod: newPod({
        containers: ['a', 'b'],
        statuses: [
          running('a'),
          { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      ready: '1/2',
      status: 'NotReady',
      restarts: '0',
    },
    {
      name: 'init container running',
      pod: newPod({
        phase: 'Pending',
        initContainers: [{ name: 'init1' }, { name: 'init2' }],
        initStatuses: [
          { name: 'init1', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'init2', state: { running: {} } },
        ],
        statuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
      }),
      ready: '0/1',
      status: 'Init:1/2',
      restarts: '0',
    },
    {
      name: 'init container crash loop',
      pod: newPod({
        phase: 'Pending',
        initContainers: [{ name: 'init1' }],
        initStatuses: [
          {
            name: 'init1',
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(10 * 1000) } },
          },
        ],
      }),
      ready: '0/1',
      status: 'Init:CrashLoopBackOff',
      restarts: '3 (10s ago)',
    },
    {
      name: 'init container failed with exit code',
      pod: newPod({
        phase: 'Pending',
        initContainers: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', state: { terminated: { exitCode: 3 } } }],
      }),
      ready: '0/1',
      status: 'Init:ExitCode:3',
      restarts: '0',
    },
    {
      name: 'init container failed by signal',
      pod: newPod({
        phase: 'Pending',
        initContainers: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', state: { terminated: { exitCode: 1, signal: 15 } } }],
      }),
      ready: '0/1',
      status: 'Init:Signal:15',
      restarts: '0',
    },
    {
      name: 'init container failed with a reason',
      pod: newPod({
        phase: 'Pending',
        initContainers: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', state: { terminated: { exitCode: 1, reason: 'Error' } } }],
      }),
      ready: '0/1',
      status: 'Init:Error',
      restarts: '0',
    },
    {
      name: 'sidecar (restartable init container) counts as a container',
      pod: newPod({
        initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }],
        initStatuses: [
          { name: 'sidecar', started: true, ready: true, restartCount: 1, state: { running: {} } },
        ],
        statuses: [running()],
        conditions: [{ type: 'Initialized', status: 'True' }],
      }),
      ready: '2/2',
      status: 'Running',
      restarts: '1',
    },
    {
      name: 'terminating',
      pod: newPod({ statuses: [running()], deletionTimestamp: ago(0) }),
      ready: '1/1',
      status: 'Terminating',
      restarts: '0',
    },
    {
      name: 'deleted after completing is not terminating',
      pod: newPod({
        phase: 'Succeeded',
        statuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
        deletionTimestamp: ago(0),
      }),
      ready: '0/1',
      status: 'Completed',
      restarts: '0',
    },
    {
      name: 'node lost while deleting',
      pod: newPod({ reason: 'NodeLost', statuses: [running()], deletionTimestamp: ago(0) }),
      ready: '1/1',
      status: 'Unknown',
      restarts: '0',
    },
    {
      name: 'pod reason wins over phase',
      pod: newPod({ phase: 'Failed', reason: 'Evicted' }),
      ready: '0/1',
      status: 'Evicted',
      restarts: '0',
    },
    {
      name: 'scheduling gated',
      pod: newPod({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      ready: '0/1',
      status: 'SchedulingGated',
      restarts: '0',
    },
  ])('$name', ({ pod, ready, status, restarts }) => {
    const r = row(pods, pod);
    expect([r.Ready, r.Status, r.Restarts]).toEqual([ready, status, restarts]);
  });

  it('prints wide cells and the age', () => {
    const r = row(pods, newPod({ statuses: [running()], podIP: '10.244.1.5', nodeName: 'node-1' }));
    expect(r).toMatchObject({
      Name: 'x',
      Age: '5m',
      IP: '10.244.1.5',
      Node: 'node-1',
      'Nominated Node': '<none>',
      'Readiness Gates': '<none>',
    });
    expect(row(pods, newPod({})).IP).toBe('<none>');
  });

  it('marks completed pods with a row condition', () => {
    const t = tableRows(pods, [newPod({ phase: 'Succeeded' }), newPod({})], ctx);
    expect(t.rows[0].conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(t.rows[1].conditions).toBeUndefined();
    expect(t.columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(t.columnDefinitions[3]).toMatchObject({ type: 'string', priority: 0 });
    expect(t.columnDefinitions[5].priority).toBe(1);
  });
});

describe('service printer', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
    row(rt('', 'Service'), obj('v1', 'Service', { spec, status }));
  it.each<{
    name: string;
    spec: Record<string, unknown>;
    status?: Record<string, unknown>;
    want: Record<string, unknown>;
  }>([
    {
      name: 'cluster IP',
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [{ port: 80, protocol: 'TCP' }],
        selector: { app: 'web' },
      },
      want: {
        Type: 'ClusterIP',
        'Cluster-IP': '10.96.0.10',
        'External-IP': '<none>',
        'Port(s)': '80/TCP',
        Selector: 'app=web',
      },
    },
    {
      name: 'node port, several ports',
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.1.1'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
      want: { 'Port(s)': '80:30080/TCP,53/UDP', 'External-IP': '<none>', Selector: '<none>' },
    },
    {
      name: 'load balancer pending',
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.1.2'], ports: [] },
      want: { 'External-IP': '<pending>', 'Port(s)': '<none>' },
    },
    {
      name: 'load balancer with ingress and external IPs',
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.1.2'], externalIPs: ['1.1.1.1'] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }, { hostname: 'lb.example.com' }] } },
      want: { 'External-IP': '172.18.0.5,lb.example.com,1.1.1.1' },
    },
    {
      name: 'headless',
      spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] },
      want: { 'Cluster-IP': 'None' },
    },
    {
      name: 'external name',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      want: { 'Cluster-IP': '<none>', 'External-IP': 'db.example.com' },
    },
  ])('$name', ({ spec, status, want }) => {
    expect(svc(spec, status)).toMatchObject(want);
  });
});

describe('node printer', () => {
  const node = (labels: Record<string, string>, ready?: string, unschedulable?: boolean) => {
    const n = obj('v1', 'Node', {
      spec: { unschedulable },
      status: {
        conditions: ready
          ? [
              { type: 'MemoryPressure', status: 'False' },
              { type: 'Ready', status: ready },
            ]
          : [],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 22.04' },
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'n1' },
        ],
      },
    });
    n.metadata.labels = labels;
    return row(rt('', 'Node'), n);
  };
  it.each([
    [{ 'node-role.kubernetes.io/control-plane': '' }, 'True', false, 'Ready', 'control-plane'],
    [
      { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'infra' },
      'False',
      false,
      'NotReady',
      'infra,worker',
    ],
    [{ 'node-role.kubernetes.io/': '' }, undefined, true, 'Unknown,SchedulingDisabled', '<none>'],
    [{}, 'True', true, 'Ready,SchedulingDisabled', '<none>'],
  ])('%j %s', (labels, ready, unsched, status, roles) => {
    expect(node(labels, ready, unsched)).toMatchObject({ Status: status, Roles: roles });
  });
  it('prints the wide columns', () => {
    expect(node({}, 'True')).toMatchObject({
      Version: 'v1.32.0',
      'Internal-IP': '172.18.0.2',
      'External-IP': '<none>',
      'OS-Image': 'Ubuntu 22.04',
      'Kernel-Version': '<unknown>',
      'Container-Runtime': '<unknown>',
    });
  });
});

describe('job printer', () => {
  const job = (
    spec: Record<string, unknown>,
    status: Record<string, unknown>,
    deleting = false,
  ) => {
    const j = obj('batch/v1', 'Job', { spec, status });
    if (deleting) j.metadata.deletionTimestamp = ago(0);
    return row(rt('batch', 'Job'), j);
  };
  const cond = (type: string, status = 'True') => ({ type, status });
  it.each<{
    name: string;
    spec: Record<string, unknown>;
    status: Record<string, unknown>;
    deleting?: boolean;
    want: Record<string, unknown>;
  }>([
    {
      name: 'running',
      spec: { completions: 3, parallelism: 1 },
      status: { succeeded: 1, startTime: ago(90 * 1000) },
      want: { Status: 'Running', Completions: '1/3', Duration: '90s' },
    },
    {
      name: 'complete',
      spec: { completions: 1 },
      status: {
        succeeded: 1,
        startTime: ago(10 * MIN),
        completionTime: ago(10 * MIN - 12_000),
        conditions: [cond('SuccessCriteriaMet'), cond('Complete')],
      },
      want: { Status: 'Complete', Completions: '1/1', Duration: '12s' },
    },
    {
      name: 'failed',
      spec: { completions: 1 },
      status: {
        failed: 7,
        startTime: ago(MIN),
        conditions: [cond('FailureTarget'), cond('Failed')],
      },
      want: { Status: 'Failed', Completions: '0/1' },
    },
    {
      name: 'failure target only',
      spec: {},
      status: { conditions: [cond('FailureTarget')] },
      want: { Status: 'FailureTarget', Completions: '0/1', Duration: '' },
    },
    {
      name: 'suspended',
      spec: { parallelism: 4 },
      status: { succeeded: 2, conditions: [cond('Suspended')] },
      want: { Status: 'Suspended', Completions: '2/1 of 4' },
    },
    {
      name: 'terminating',
      spec: { completions: 2 },
      status: { conditions: [cond('Suspended')] },
      deleting: true,
      want: { Status: 'Terminating' },
    },
    {
      name: 'condition false is ignored',
      spec: { completions: 2 },
      status: { conditions: [cond('Complete', 'False')] },
      want: { Status: 'Running' },
    },
  ])('$name', ({ spec, status, deleting, want }) => {
    expect(job(spec, status, deleting)).toMatchObject(want);
  });
});

describe('HPA printer', () => {
  const v2 = (metrics: unknown[], currentMetrics: unknown[] = []) =>
    row(
      rt('autoscaling', 'HorizontalPodAutoscaler', 'v2'),
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          minReplicas: 1,
          maxReplicas: 10,
          metrics,
        },
        status: { currentReplicas: 3, currentMetrics },
      }),
    );
  const cpu = (target: Record<string, unknown>) => ({
    type: 'Resource',
    resource: { name: 'cpu', target },
  });
  it('prints a utilization target with its current value', () => {
    const r = v2(
      [cpu({ type: 'Utilization', averageUtilization: 50 })],
      [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 40, averageValue: '40m' } },
        },
      ],
    );
    expect(r).toMatchObject({
      Reference: 'Deployment/web',
      Targets: 'cpu: 40%/50%',
      MinPods: '1',
      MaxPods: 10,
      Replicas: 3,
    });
  });
  it.each<[string, unknown[], unknown[], string]>([
    [
      'unknown current',
      [cpu({ type: 'Utilization', averageUtilization: 50 })],
      [],
      'cpu: <unknown>/50%',
    ],
    [
      'average value',
      [cpu({ type: 'AverageValue', averageValue: '0.5' })],
      [],
      'cpu: <unknown>/500m',
    ],
    ['no metrics', [], [], '<none>'],
    [
      'more than two',
      [
        cpu({ averageUtilization: 50 }),
        { type: 'Resource', resource: { name: 'memory', target: { averageValue: '1024Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { averageValue: '10' } } },
      ],
      [],
      'cpu: <unknown>/50%, memory: <unknown>/1Gi + 1 more...',
    ],
    [
      'external value',
      [{ type: 'External', external: { target: { value: '2k' } } }],
      [{ type: 'External', external: { current: { value: '1500' } } }],
      '1500/2k',
    ],
  ])('%s', (_name, metrics, current, want) => {
    expect(v2(metrics, current).Targets).toBe(want);
  });
  it('reads autoscaling/v1 objects through the v1 conversion', () => {
    const r = row(
      rt('autoscaling', 'HorizontalPodAutoscaler', 'v1'),
      obj('autoscaling/v1', 'HorizontalPodAutoscaler', {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          maxReplicas: 5,
          targetCPUUtilizationPercentage: 80,
        },
        status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 },
      }),
    );
    expect(r).toMatchObject({ Targets: 'cpu: 12%/80%', MinPods: '<unset>', MaxPods: 5 });
  });
});

describe('custom resources', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      versions: [
        {
          name: 'v1',
          additionalPrinterColumns: [
            { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
            { name: 'Color', type: 'string', jsonPath: '.spec.color', description: 'The color' },
            {
              name: 'Ready',
              type: 'string',
              jsonPath: '.status.conditions[?(@.type=="Ready")].status',
            },
            { name: 'Ports', type: 'string', jsonPath: '.spec.ports', priority: 1 },
            { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
        { name: 'v2' },
      ],
    },
  } as unknown as KubeObject;
  const widget = (version: string): ResourceType => ({
    group: 'example.com',
    version,
    kind: 'Widget',
    plural: 'widgets',
    singular: 'widget',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: [],
    subresources: [],
    key: 'widgets.example.com',
    custom: true,
  });
  const w = obj('example.com/v1', 'Widget', {
    spec: { replicas: 3, color: 'blue', ports: [80, 443] },
    status: {
      conditions: [
        { type: 'Synced', status: 'True' },
        { type: 'Ready', status: 'False' },
      ],
    },
  });

  it('evaluates additionalPrinterColumns', () => {
    const p = printerFor(widget('v1'), crd);
    expect(p.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Color', 'string', 0],
      ['Ready', 'string', 0],
      ['Ports', 'string', 1],
      ['Missing', 'string', 0],
      ['Age', 'date', 0],
    ]);
    expect(p.columns[1].description).toBe(
      'Custom resource definition column (in JSONPath format): .spec.replicas',
    );
    expect(p.columns[2].description).toBe('The color');
    expect(p.row(w, ctx)).toEqual(['x', 3, 'blue', 'False', '[80,443]', null, '5m']);
  });

  it('serves the default Age column for a version without columns', () => {
    const p = printerFor(widget('v2'), crd);
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(p.row(w, ctx)).toEqual(['x', '5m']);
  });
});

describe('other kinds', () => {
  it('prints deployments, statefulsets and replica sets', () => {
    const template = {
      spec: {
        containers: [
          { name: 'a', image: 'nginx:1' },
          { name: 'b', image: 'busybox' },
        ],
      },
    };
    const selector = { matchLabels: { app: 'web', tier: 'fe' } };
    expect(
      row(
        rt('apps', 'Deployment'),
        obj('apps/v1', 'Deployment', {
          spec: { replicas: 3, selector, template },
          status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
        }),
      ),
    ).toEqual({
      Name: 'x',
      Ready: '2/3',
      'Up-to-date': 3,
      Available: 2,
      Age: '5m',
      Containers: 'a,b',
      Images: 'nginx:1,busybox',
      Selector: 'app=web,tier=fe',
    });
    expect(
      row(
        rt('apps', 'StatefulSet'),
        obj('apps/v1', 'StatefulSet', { spec: { replicas: 2, template } }),
      ).Ready,
    ).toBe('0/2');
    expect(
      row(
        rt('apps', 'ReplicaSet'),
        obj('apps/v1', 'ReplicaSet', { spec: { replicas: 1, selector: {}, template } }),
      ),
    ).toMatchObject({ Desired: 1, Current: 0, Ready: 0, Selector: '<none>' });
  });

  it('prints core events with the involved object', () => {
    const e = obj('v1', 'Event', {
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
      reason: 'Pulled',
      type: 'Normal',
      message: 'Successfully pulled image  \n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(10 * MIN),
      lastTimestamp: ago(2 * MIN),
      count: 4,
    });
    expect(row(rt('', 'Event'), e)).toEqual({
      'Last Seen': '2m',
      Type: 'Normal',
      Reason: 'Pulled',
      Object: 'pod/web-1',
      Subobject: 'spec.containers{app}',
      Source: 'kubelet, node-1',
      Message: 'Successfully pulled image',
      'First Seen': '10m',
      Count: 4,
      Name: 'x',
    });
  });

  it('prints events.k8s.io events through the core view', () => {
    const e = obj('events.k8s.io/v1', 'Event', {
      regarding: { kind: 'Node', name: 'n1' },
      reason: 'Starting',
      type: 'Normal',
      note: 'Starting kubelet.',
      eventTime: ago(30_000),
      reportingController: 'kubelet',
      reportingInstance: 'n1',
    });
    expect(row(rt('events.k8s.io', 'Event'), e)).toMatchObject({
      'Last Seen': '30s',
      Object: 'node/n1',
      Source: 'kubelet, n1',
      Message: 'Starting kubelet.',
      Count: 1,
      'First Seen': '30s',
    });
  });

  it('prints endpoints, capped at three', () => {
    const ep = obj('v1', 'Endpoints', {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [{ port: 80 }, { port: 443 }],
        },
      ],
    });
    expect(row(rt('', 'Endpoints'), ep).Endpoints).toBe(
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    );
    expect(row(rt('', 'Endpoints'), obj('v1', 'Endpoints', {})).Endpoints).toBe('<none>');
  });

  it('prints PVs, PVCs and storage classes', () => {
    const pv = obj('v1', 'PersistentVolume', {
      spec: {
        capacity: { storage: '1024Mi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    });
    expect(row(rt('', 'PersistentVolume'), pv)).toMatchObject({
      Capacity: '1Gi',
      'Access Modes': 'RWO,RWX',
      Claim: 'default/data',
      StorageClass: 'standard',
      VolumeAttributesClass: '<unset>',
      Reason: '',
      VolumeMode: 'Filesystem',
    });
    const pending = obj('v1', 'PersistentVolumeClaim', {
      spec: { resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Pending' },
    });
    expect(row(rt('', 'PersistentVolumeClaim'), pending)).toMatchObject({
      Status: 'Pending',
      Volume: '',
      Capacity: '',
      'Access Modes': '',
      StorageClass: '',
    });
    const sc = obj('storage.k8s.io/v1', 'StorageClass', {
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    sc.metadata.annotations = { 'storageclass.kubernetes.io/is-default-class': 'true' };
    expect(row(rt('storage.k8s.io', 'StorageClass'), sc)).toMatchObject({
      Name: 'x (default)',
      ReclaimPolicy: 'Delete',
      VolumeBindingMode: 'WaitForFirstConsumer',
      AllowVolumeExpansion: false,
    });
  });

  it('prints quotas sorted, limits apart', () => {
    const q = obj('v1', 'ResourceQuota', {
      status: {
        hard: { 'limits.cpu': '2', pods: '10', 'requests.memory': '1Gi' },
        used: { pods: '3', 'requests.memory': '512Mi' },
      },
    });
    expect(row(rt('', 'ResourceQuota'), q)).toMatchObject({
      Request: 'pods: 3/10, requests.memory: 512Mi/1Gi',
      Limit: 'limits.cpu: 0/2',
    });
  });

  it('falls back to the default table', () => {
    for (const [g, k] of [
      ['', 'Binding'],
      ['', 'LimitRange'],
      ['apiextensions.k8s.io', 'CustomResourceDefinition'],
    ]) {
      const p = printerFor(rt(g, k));
      expect(p.columns.map((c) => [c.name, c.type])).toEqual([
        ['Name', 'string'],
        ['Created At', 'date'],
      ]);
      expect(p.row(obj('v1', k, {}), ctx)).toEqual(['x', '2025-01-01T11:55:00Z']);
    }
  });

  it.each(BUILTIN_TYPES.map((t) => [`${t.group}/${t.version}/${t.kind}`, t] as const))(
    '%s: a bare object fills every column',
    (_n, t) => {
      const p = printerFor(t);
      const cells = p.row({ apiVersion: 'v1', kind: t.kind, metadata: {} }, ctx);
      expect(cells).toHaveLength(p.columns.length);
      expect(p.columns.every((c) => c.description.length > 0)).toBe(true);
    },
  );
});

describe('formatQuantity', () => {
  it.each([
    ['1024Mi', '1Gi'],
    ['1Gi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['500m', '500m'],
    ['1000m', '1'],
    ['0.5', '500m'],
    ['1500', '1500'],
    ['2000', '2k'],
    ['1e3', '1e3'],
    ['100Ki', '100Ki'],
    ['0', '0'],
    ['512', '512'],
    [2, '2'],
  ])('%s -> %s', (q, want) => {
    expect(formatQuantity(q)).toBe(want);
  });
});
