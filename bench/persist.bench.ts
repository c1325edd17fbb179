/**
 * The autosave's cost at scale: with 1,000 and 10,000 running pods, the wall time to take the
 * cluster's snapshot and write it as JSON (what the Worker stores in IndexedDB; structured
 * cloning the object tree instead is measured too, for comparison), its size, and the time to
 * parse and restore it into a new cluster (what a reload costs).
 */
import { createCluster } from '../src/cluster/cluster';
import type { Cluster } from '../src/cluster/cluster';
import { defaultRegistry, registerImage } from '../src/cluster/runtime/images';
import type { BenchResult } from './types';

const IMAGE = 'bench.local/persist:1';

registerImage({
  repository: 'bench.local/persist',
  tags: ['1'],
  sizeBytes: 0,
  shell: false,
  program: { listenAfterMs: 0, idle: { cpuMillis: 0, memoryBytes: 0 } },
});

/** A cluster with `pods` Running pods of one Deployment, on 110-pod nodes. */
function clusterWith(pods: number): Cluster {
  const cluster = createCluster({ nodes: Math.ceil(pods / 100), systemPods: false, seed: 7 });
  const pulled = defaultRegistry.pull(IMAGE);
  if (!pulled.ok) throw new Error(pulled.message);
  for (const kubelet of cluster.kubelets.kubelets.values()) {
    kubelet.addImage({
      name: IMAGE,
      repository: pulled.ref.repository,
      tag: pulled.tag,
      digest: pulled.digest,
      sizeBytes: pulled.sizeBytes,
    });
  }
  cluster.handle({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: pods,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: IMAGE }] },
        },
      },
    },
  });
  for (let i = 0; i < 600; i++) {
    const d = cluster.store.get('deployments.apps', 'default', 'web');
    if ((d?.status as { availableReplicas?: number }).availableReplicas === pods) break;
    cluster.advance(500);
  }
  return cluster;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

export interface PersistFigures {
  pods: number;
  snapshotMs: number;
  cloneMs: number;
  stringifyMs: number;
  parseMs: number;
  jsonMB: number;
  restoreMs: number;
}

export function measure(pods: number): PersistFigures {
  const cluster = clusterWith(pods);
  const running = cluster.store
    .list('pods')
    .items.filter((p) => (p.status as { phase?: string }).phase === 'Running').length;
  if (running !== pods) throw new Error(`${running} of ${pods} pods are Running`);
  const snap = time(() => cluster.snapshot());
  const clone = time(() => structuredClone(snap.value));
  const stringify = time(() => JSON.stringify(snap.value));
  const json = stringify.value;
  const parse = time(() => JSON.parse(json) as typeof snap.value);
  const restore = time(() => createCluster({ restore: parse.value }));
  const back = restore.value.store.count('pods');
  if (back !== pods) throw new Error(`restored ${back} of ${pods} pods`);
  return {
    pods,
    snapshotMs: snap.ms,
    cloneMs: clone.ms,
    stringifyMs: stringify.ms,
    parseMs: parse.ms,
    jsonMB: json.length / 2 ** 20,
    restoreMs: restore.ms,
  };
}

export async function run(): Promise<BenchResult[]> {
  measure(200); // warm-up
  const out: BenchResult[] = [];
  for (const pods of [1_000, 10_000]) {
    const f = measure(pods);
    const n = pods.toLocaleString('en-US');
    out.push(
      {
        name: `autosave: snapshot + JSON, ${n} pods`,
        value: Math.round(f.snapshotMs + f.stringifyMs),
        unit: 'ms',
        goal: pods === 1_000 ? 100 : 1_000,
        better: 'lower',
      },
      {
        name: `autosave: size as JSON, ${n} pods`,
        value: Number(f.jsonMB.toFixed(1)),
        unit: 'MB',
        goal: pods === 1_000 ? 10 : 100,
        better: 'lower',
      },
      {
        name: `restore from a save (parse + rebuild), ${n} pods`,
        value: Math.round(f.parseMs + f.restoreMs),
        unit: 'ms',
        goal: pods === 1_000 ? 1_000 : 10_000,
        better: 'lower',
      },
    );
  }
  return out;
}
