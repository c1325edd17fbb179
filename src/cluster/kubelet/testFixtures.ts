/** Fixture builders for the kubelet's tests: pods, and the world as kubectl would print it. */
import { podSummary } from '../api/printers';
import type { KubeObject } from '../api/types';
import { createCluster } from '../cluster';
import type { Cluster } from '../cluster';

type Obj = Record<string, unknown>;

export function newCluster(seed = 7): Cluster {
  return createCluster({ seed });
}

export interface PodOptions {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  container?: Obj;
  initContainers?: Obj[];
  spec?: Obj;
}

export function newPod(o: PodOptions = {}): KubeObject {
  const name = o.name ?? 'web';
  const container: Obj = { name: o.name ?? 'web', image: o.image ?? 'nginx', ...o.container };
  if (o.command) container.command = o.command;
  if (o.args) container.args = o.args;
  const spec: Obj = { containers: [container], ...o.spec };
  if (o.restartPolicy) spec.restartPolicy = o.restartPolicy;
  if (o.initContainers) spec.initContainers = o.initContainers;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}

export function apply(c: Cluster, obj: KubeObject): void {
  const plural = obj.kind === 'Pod' ? 'pods' : obj.kind === 'ConfigMap' ? 'configmaps' : 'secrets';
  const res = c.handle({ method: 'POST', path: `/api/v1/namespaces/default/${plural}`, body: obj });
  if (res.status >= 300) throw new Error(JSON.stringify(res.body));
}

export function getPod(c: Cluster, name: string): KubeObject | undefined {
  return c.store.get('pods', 'default', name);
}

/** READY, STATUS and RESTARTS as `kubectl get pods` prints them. */
export function row(c: Cluster, name: string): { ready: string; status: string; restarts: string } {
  const pod = getPod(c, name);
  if (!pod) return { ready: '', status: '<gone>', restarts: '' };
  const s = podSummary(pod as never, { now: c.clock.now() });
  return { ready: s.ready, status: s.reason, restarts: s.restarts.replace(/ \(.*\)$/, '') };
}

export function status(c: Cluster, name: string): string {
  return row(c, name).status;
}

/** "Reason: message" of the pod's events, oldest first. */
export function events(c: Cluster, name: string): string[] {
  return c.store
    .list('events', { namespace: 'default' })
    .items.filter((e) => (e.involvedObject as Obj).name === name)
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))
    .map((e) => `${e.reason as string}: ${e.message as string}`);
}

export function logs(
  c: Cluster,
  name: string,
  query: Record<string, string> = {},
): { status: number; text: string } {
  const res = c.handle({
    method: 'GET',
    path: `/api/v1/namespaces/default/pods/${name}/log`,
    query,
  });
  if (res.status >= 300)
    return { status: res.status, text: (res.body as { message: string }).message };
  return { status: res.status, text: res.body as string };
}

/** Advances in steps of `stepMs`, recording each change of the pod's STATUS column with its time. */
export function timeline(c: Cluster, name: string, totalMs: number, stepMs = 100): string[] {
  const out: string[] = [];
  let last = '';
  const start = c.clock.elapsed();
  for (let t = 0; t <= totalMs; t += stepMs) {
    const r = row(c, name);
    const s = `${r.status} ${r.ready} ${r.restarts}`;
    if (s !== last) out.push(`${((c.clock.elapsed() - start) / 1000).toFixed(1)}s ${s}`);
    last = s;
    c.advance(stepMs);
  }
  return out;
}
