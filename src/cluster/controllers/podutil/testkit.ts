/**
 * Test helpers for the workload and endpoint controllers: a stand-in for the scheduler and the
 * kubelets that acts only through the API (binding, the pod status subresource, confirming a
 * graceful deletion), plus fixture builders and readers.
 */
import { createCluster } from '../../cluster';
import type { Cluster, ClusterOptions } from '../../cluster';
import type { KubeObject } from '../../api/types';
import { targetNodeName } from '../daemonset/util';

/**
 * A cluster whose kubelets are stopped, so the test plays them with `runAgents`. Fixtures set
 * `schedulerName: test-scheduler` so the real scheduler leaves their pods to the test too.
 */
export function newCluster(opts: ClusterOptions = {}): Cluster {
  const c = createCluster(opts);
  for (const n of nodeNames(c)) c.kubelets.stop(n);
  return c;
}

export const TEST_SCHEDULER = 'test-scheduler';

export function api(c: Cluster, method: string, path: string, body?: unknown): KubeObject {
  const res = c.handle({ method, path, body });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body as KubeObject;
}

const base = (group: string, ns: string, plural: string) =>
  `${group ? `/apis/${group}` : '/api/v1'}/namespaces/${ns}/${plural}`;

export function create(c: Cluster, obj: KubeObject): KubeObject {
  const [group, version] = obj.apiVersion.includes('/')
    ? obj.apiVersion.split('/')
    : ['', obj.apiVersion];
  const rt = c.registry.byKind(obj.apiVersion, obj.kind)!;
  const path = `${group ? `/apis/${group}/${version}` : '/api/v1'}/namespaces/${obj.metadata.namespace ?? 'default'}/${rt.plural}`;
  return api(c, 'POST', path, obj);
}

export function pods(c: Cluster, ns = 'default'): KubeObject[] {
  return c.store
    .list('pods', { namespace: ns })
    .items.slice()
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

export function get(c: Cluster, resource: string, name: string, ns = 'default'): KubeObject {
  return c.store.get(resource, ns, name)!;
}

export function status<T = Record<string, unknown>>(
  c: Cluster,
  resource: string,
  name: string,
  ns = 'default',
): T {
  return (c.store.get(resource, ns, name)?.status ?? {}) as T;
}

export function events(
  c: Cluster,
  name?: string,
  ns = 'default',
): { reason: string; message: string; type: string }[] {
  return c.store
    .list('events', { namespace: ns })
    .items.filter((e) => !name || (e.involvedObject as { name: string }).name === name)
    .map((e) => ({
      reason: e.reason as string,
      message: e.message as string,
      type: e.type as string,
    }));
}

export function nodeNames(c: Cluster): string[] {
  return c.store.list('nodes').items.map((n) => n.metadata.name!);
}

/** POST pods/<name>/binding, as the scheduler does. */
export function bind(c: Cluster, pod: KubeObject, node: string): void {
  c.handle({
    method: 'POST',
    path: `${base('', pod.metadata.namespace!, 'pods')}/${pod.metadata.name}/binding`,
    body: {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.metadata.name },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    },
  });
}

let ipSeq = 10;

/** Writes a pod's status as its kubelet would: Running (ready or not), Succeeded or Failed. */
export function setPodStatus(
  c: Cluster,
  pod: KubeObject,
  phase: 'Running' | 'Succeeded' | 'Failed',
  opts: { ready?: boolean; restartCount?: number; ip?: string } = {},
): void {
  const cur = c.store.get('pods', pod.metadata.namespace!, pod.metadata.name!)!;
  const ts = c.clock.timestamp();
  const ready = phase === 'Running' && (opts.ready ?? true);
  const prev = (cur.status ?? {}) as {
    podIP?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  };
  const ip = opts.ip ?? prev.podIP ?? `10.244.0.${ipSeq++}`;
  const cond = (type: string, s: boolean) => {
    const old = prev.conditions?.find((x) => x.type === type);
    const status = s ? 'True' : 'False';
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : ts,
    };
  };
  const next = structuredClone(cur) as KubeObject;
  next.status = {
    ...prev,
    phase,
    podIP: ip,
    podIPs: [{ ip }],
    hostIP: '192.168.49.2',
    startTime: (prev as { startTime?: string }).startTime ?? ts,
    conditions: [
      cond('Initialized', true),
      cond('Ready', ready),
      cond('ContainersReady', ready),
      cond('PodScheduled', true),
    ],
    containerStatuses: [{ name: 'c', ready, restartCount: opts.restartCount ?? 0 }],
  };
  api(c, 'PUT', `${base('', cur.metadata.namespace!, 'pods')}/${cur.metadata.name}/status`, next);
}

/** Confirms the graceful deletion of every terminating pod, as a kubelet does once it stopped. */
export function finishDeletions(c: Cluster, ns = 'default'): number {
  let n = 0;
  for (const p of pods(c, ns)) {
    if (!p.metadata.deletionTimestamp) continue;
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if ((p.spec as { nodeName?: string }).nodeName && phase !== 'Succeeded' && phase !== 'Failed')
      setPodStatus(c, p, 'Failed');
    const res = c.handle({
      method: 'DELETE',
      path: `${base('', ns, 'pods')}/${p.metadata.name}`,
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
    });
    if (res.status < 400) n++;
  }
  return n;
}

/**
 * Plays scheduler and kubelets once: binds each unbound pod (to the node its affinity names, or
 * the first node), starts each bound Pending pod as Running (ready unless `ready` says no) and
 * confirms deletions. Returns how many pods it touched.
 */
export function runAgents(
  c: Cluster,
  opts: {
    ns?: string;
    ready?: (pod: KubeObject) => boolean;
    start?: (pod: KubeObject) => boolean;
  } = {},
): number {
  const ns = opts.ns ?? 'default';
  let n = finishDeletions(c, ns);
  for (const p of pods(c, ns)) {
    if (p.metadata.deletionTimestamp) continue;
    const spec = p.spec as { nodeName?: string };
    if (!spec.nodeName) {
      bind(c, p, targetNodeName(p) ?? nodeNames(c)[0]);
      n++;
    }
    const cur = c.store.get('pods', ns, p.metadata.name!)!;
    if ((cur.status as { phase?: string }).phase === 'Pending' && (opts.start?.(cur) ?? true)) {
      setPodStatus(c, cur, 'Running', { ready: opts.ready?.(cur) ?? true });
      n++;
    }
  }
  return n;
}

/** Runs the agents until nothing changes (bounded), letting controllers react in between. */
export function settleAgents(
  c: Cluster,
  opts: Parameters<typeof runAgents>[1] = {},
  rounds = 50,
): void {
  for (let i = 0; i < rounds; i++) {
    if (runAgents(c, opts) === 0) return;
    c.settle();
  }
}

// ---- fixtures for the endpoint controllers ----

export function newPod(
  name: string,
  labels: Record<string, string>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      schedulerName: TEST_SCHEDULER,
      containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
      ...extra,
    },
  };
}

export function newService(
  name: string,
  spec: Record<string, unknown>,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', labels },
    spec,
  };
}

/** Pod `name` running with `ip`, ready or not. */
export function runPod(c: Cluster, name: string, ip: string, ready: boolean): void {
  runAgents(c, { start: () => false });
  setPodStatus(c, c.store.get('pods', 'default', name)!, 'Running', { ready, ip });
}
