import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/api/types';
import type { ObjectEntry, WatchedResource } from '../../worker/protocol';
import { WATCHED } from '../../worker/protocol';
import {
  ALL_NAMESPACES,
  buildGraph,
  itemId,
  SlotKeeper,
  UNSCHEDULED_ID,
  USER_NAMESPACES,
} from './buildGraph';
import type { BoxItem, GraphInput, GroupItem, PodItem } from './buildGraph';

type Objects = GraphInput['objects'];

const COLUMNS: GraphInput['columns'] = {
  pods: ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node'],
  nodes: ['Name', 'Status', 'Roles', 'Age', 'Version'],
  deployments: ['Name', 'Ready', 'Up-to-date', 'Available', 'Age'],
  replicasets: ['Name', 'Desired', 'Current', 'Ready', 'Age'],
  services: ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age'],
};

function empty(): Objects {
  return Object.fromEntries(Object.keys(WATCHED).map((r) => [r, {}])) as Objects;
}

let clock = 0;
function put(
  objects: Objects,
  resource: WatchedResource,
  meta: Partial<KubeObject['metadata']> & { name: string },
  rest: Partial<KubeObject> = {},
  cells: unknown[] = [],
): ObjectEntry {
  const created = new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();
  const object = {
    apiVersion: 'v1',
    kind: 'X',
    ...rest,
    metadata: { creationTimestamp: created, ...meta },
  } as KubeObject;
  const key = meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
  const entry: ObjectEntry = { resource, key, object, cells: [meta.name, ...cells] };
  objects[resource][key] = entry;
  return entry;
}

function pod(
  objects: Objects,
  name: string,
  opts: { node?: string; status?: string; ready?: string; owner?: string; ns?: string } = {},
) {
  const ns = opts.ns ?? 'default';
  return put(
    objects,
    'pods',
    {
      name,
      namespace: ns,
      ownerReferences: opts.owner
        ? [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: opts.owner,
              uid: 'u',
              controller: true,
            },
          ]
        : undefined,
    },
    { spec: { nodeName: opts.node, containers: [] } },
    [opts.ready ?? '1/1', opts.status ?? 'Running', '0', '1m', '10.244.0.2', opts.node ?? '<none>'],
  );
}

function cluster(): Objects {
  const o = empty();
  put(o, 'nodes', { name: 'minikube' }, {}, ['Ready']);
  put(o, 'deployments', { name: 'web', namespace: 'default' }, {}, ['3/3', '3', '3', '1m']);
  put(
    o,
    'replicasets',
    {
      name: 'web-abc',
      namespace: 'default',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u', controller: true },
      ],
    },
    {},
    ['3', '3', '3', '1m'],
  );
  for (const n of ['web-abc-1', 'web-abc-2', 'web-abc-3']) {
    pod(o, n, { node: 'minikube', owner: 'web-abc' });
  }
  return o;
}

const graph = (objects: Objects, namespace = USER_NAMESPACES, threshold?: number) =>
  buildGraph({ objects, columns: COLUMNS, namespace, threshold });

const pods = (g: ReturnType<typeof graph>) => g.items.filter((i): i is PodItem => i.kind === 'pod');

describe('buildGraph', () => {
  it('puts pods in their node box, linked to their ReplicaSet and Deployment', () => {
    const g = graph(cluster());
    const box = g.items.find((i) => i.id === itemId('nodes', 'minikube')) as BoxItem;
    expect(box).toMatchObject({ kind: 'box', box: 'node', name: 'minikube', count: 3 });
    for (const p of pods(g)) {
      expect(p.x).toBeGreaterThanOrEqual(box.x);
      expect(p.x + p.width).toBeLessThanOrEqual(box.x + box.width);
      expect(p.y + p.height).toBeLessThanOrEqual(box.y + box.height);
      expect(p).toMatchObject({ status: 'Running', ready: '1/1', look: 'running' });
    }
    const rs = itemId('replicasets', 'default/web-abc');
    const deploy = itemId('deployments', 'default/web');
    expect(g.edges.filter((e) => e.source === rs && e.kind === 'owner')).toHaveLength(3);
    expect(g.edges).toContainEqual(expect.objectContaining({ source: deploy, target: rs }));
  });

  it('shows pods without a node in the unscheduled lane', () => {
    const o = cluster();
    pod(o, 'lonely', { status: 'Pending', ready: '0/1' });
    const g = graph(o);
    const lane = g.items.find((i) => i.id === UNSCHEDULED_ID) as BoxItem;
    expect(lane).toMatchObject({ box: 'unscheduled', count: 1 });
    const p = pods(g).find((i) => i.name === 'lonely')!;
    expect(p.look).toBe('progress');
    expect(p.x).toBeGreaterThanOrEqual(lane.x);
    expect(p.x).toBeLessThan(lane.x + lane.width);
  });

  it('keeps every drawn position when a pod is added', () => {
    const o = cluster();
    const before = new Map(graph(o).items.map((i) => [i.id, [i.x, i.y]]));
    // A name that sorts first still goes after the others: it was created last.
    pod(o, 'aaa-new', { node: 'minikube', status: 'ContainerCreating', ready: '0/1' });
    pod(o, 'pending-new', { status: 'Pending', ready: '0/1' });
    const after = graph(o).items;
    for (const i of after) {
      if (before.has(i.id)) expect([i.x, i.y], i.id).toEqual(before.get(i.id));
    }
    expect(after.length).toBe(before.size + 2);
  });

  it('keeps every pod in its cell when another leaves, and fills the gap with the next new one', () => {
    const o = cluster();
    const slots = new SlotKeeper();
    const at = () =>
      new Map(
        buildGraph({ objects: o, columns: COLUMNS, namespace: USER_NAMESPACES, slots }).items.map(
          (i) => [i.id, [i.x, i.y]],
        ),
      );
    const before = at();
    delete o.pods['default/web-abc-1'];
    const after = at();
    for (const n of ['web-abc-2', 'web-abc-3']) {
      expect(after.get(itemId('pods', `default/${n}`))).toEqual(
        before.get(itemId('pods', `default/${n}`)),
      );
    }
    // A rolling update's new pod takes the place the old one left.
    pod(o, 'web-new-1', { node: 'minikube', owner: 'web-abc', status: 'ContainerCreating' });
    expect(at().get(itemId('pods', 'default/web-new-1'))).toEqual(
      before.get(itemId('pods', 'default/web-abc-1')),
    );
  });

  it('colours pods by kubectl STATUS and READY', () => {
    const o = empty();
    const cases: [string, string, string][] = [
      ['Running', '1/1', 'running'],
      ['Running', '0/1', 'progress'],
      ['Pending', '0/1', 'progress'],
      ['ContainerCreating', '0/1', 'progress'],
      ['CrashLoopBackOff', '0/1', 'bad'],
      ['Error', '0/1', 'bad'],
      ['ImagePullBackOff', '0/1', 'bad'],
      ['Terminating', '1/1', 'terminating'],
      ['Completed', '0/1', 'completed'],
    ];
    cases.forEach(([status, ready], i) => pod(o, `p${i}`, { status, ready }));
    const looks = pods(graph(o)).map((p) => [p.status, p.ready, p.look]);
    expect(looks).toEqual(cases);
  });

  it('groups pods per owner and node above the threshold, with counts', () => {
    const o = cluster();
    for (let i = 0; i < 6; i++) pod(o, `extra-${i}`, { owner: 'web-abc', status: 'Pending' });
    const g = graph(o, USER_NAMESPACES, 5);
    expect(g.grouped).toBe(true);
    expect(pods(g)).toEqual([]);
    const groups = g.items.filter((i): i is GroupItem => i.kind === 'group');
    expect(groups.map((x) => [x.owner, x.count, x.running, x.progress])).toEqual([
      ['ReplicaSet web-abc', 6, 0, 6],
      ['ReplicaSet web-abc', 3, 3, 0],
    ]);
    const rs = itemId('replicasets', 'default/web-abc');
    expect(g.edges.filter((e) => e.source === rs)).toHaveLength(2);
  });

  it('groups 10,000 pods into a handful of items quickly', () => {
    const o = cluster();
    put(o, 'nodes', { name: 'minikube-m02' }, {}, ['Ready']);
    for (let i = 0; i < 10_000; i++) {
      pod(o, `big-${i}`, { owner: 'web-abc', node: i % 3 ? 'minikube-m02' : undefined });
    }
    const started = performance.now();
    const g = graph(o);
    const ms = performance.now() - started;
    expect(g.grouped).toBe(true);
    expect(g.items.length).toBeLessThan(20);
    expect(ms).toBeLessThan(1_000);
  });

  it('links Services to the pods behind their EndpointSlices, and Ingresses to Services', () => {
    const o = cluster();
    put(o, 'services', { name: 'web', namespace: 'default' }, {}, ['ClusterIP', '10.96.0.20']);
    put(
      o,
      'endpointslices',
      { name: 'web-x1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
      {
        endpoints: [
          {
            addresses: ['10.244.0.2'],
            targetRef: { kind: 'Pod', name: 'web-abc-1', namespace: 'default' },
          },
          {
            addresses: ['10.244.0.3'],
            targetRef: { kind: 'Pod', name: 'web-abc-2', namespace: 'default' },
          },
        ],
      } as Partial<KubeObject>,
    );
    put(
      o,
      'ingresses',
      { name: 'front', namespace: 'default' },
      {
        spec: {
          rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web' } } }] } }],
        },
      },
    );
    const g = graph(o);
    const svc = itemId('services', 'default/web');
    expect(g.edges.filter((e) => e.source === svc).map((e) => [e.target, e.kind, e.pod])).toEqual([
      [itemId('pods', 'default/web-abc-1'), 'service', 'default/web-abc-1'],
      [itemId('pods', 'default/web-abc-2'), 'service', 'default/web-abc-2'],
    ]);
    expect(g.edges).toContainEqual(
      expect.objectContaining({ source: itemId('ingresses', 'default/front'), target: svc }),
    );
  });

  it('links pods to their claims and claims to their volumes', () => {
    const o = empty();
    put(o, 'persistentvolumes', { name: 'pvc-1' });
    put(
      o,
      'persistentvolumeclaims',
      { name: 'data', namespace: 'default' },
      {
        spec: { volumeName: 'pvc-1' },
      },
    );
    put(
      o,
      'pods',
      { name: 'db', namespace: 'default' },
      {
        spec: {
          containers: [],
          volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
        },
      },
      ['1/1', 'Running'],
    );
    const g = graph(o);
    const claim = itemId('persistentvolumeclaims', 'default/data');
    expect(g.edges.map((e) => [e.source, e.target, e.kind])).toEqual([
      [itemId('pods', 'default/db'), claim, 'claim'],
      [claim, itemId('persistentvolumes', 'pvc-1'), 'volume'],
    ]);
  });

  it('hides system namespaces by default, shows them on request, or one namespace', () => {
    const o = cluster();
    pod(o, 'coredns-1', { ns: 'kube-system', node: 'minikube' });
    pod(o, 'other-1', { ns: 'team', node: 'minikube' });
    const names = (ns: string) => pods(graph(o, ns)).map((p) => p.name);
    expect(names(USER_NAMESPACES)).not.toContain('coredns-1');
    expect(names(ALL_NAMESPACES)).toContain('coredns-1');
    expect(names('team')).toEqual(['other-1']);
  });
});
