/**
 * Whole-cluster workloads: a Deployment scaled from 0 to 1,000 and to 10,000 replicas through the
 * scale subresource, timed in wall time until every pod is Running and the Deployment reports
 * Available with all replicas. Everything runs: the controllers, the scheduler, the kubelets (100
 * nodes of 110 pods). The image is already on every node and starts at once (no pull, no
 * start-up lines), so the figure is the control plane's and the kubelets' own work. Then the heap in use with the 10,000 pods
 * stored, after a full garbage collection (node --expose-gc).
 */
import { createCluster } from '../src/cluster/cluster';
import type { Cluster } from '../src/cluster/cluster';
import type { KubeObject } from '../src/cluster/api/types';
import { defaultRegistry, registerImage } from '../src/cluster/runtime/images';
import type { BenchResult } from './types';

const IMAGE = 'bench.local/instant:1';
const NODES = 100;

registerImage({
  repository: 'bench.local/instant',
  tags: ['1'],
  sizeBytes: 0,
  shell: false,
  program: { listenAfterMs: 0, idle: { cpuMillis: 0, memoryBytes: 0 } },
});

function deployment(name: string): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: IMAGE }] },
      },
    },
  };
}

function available(d: KubeObject | undefined, replicas: number): boolean {
  const status = (d?.status ?? {}) as {
    availableReplicas?: number;
    updatedReplicas?: number;
    replicas?: number;
    conditions?: { type: string; status: string }[];
  };
  return (
    status.availableReplicas === replicas &&
    status.updatedReplicas === replicas &&
    status.replicas === replicas &&
    !!status.conditions?.some((c) => c.type === 'Available' && c.status === 'True')
  );
}

function runningPods(cluster: Cluster): number {
  let n = 0;
  for (const p of cluster.store.list('pods', { namespace: 'default' }).items)
    if ((p.status as { phase?: string }).phase === 'Running') n++;
  return n;
}

/** Wall milliseconds from the scale request until the Deployment is Available with `replicas`. */
function scaleUp(replicas: number): { ms: number; cluster: Cluster } {
  const cluster = createCluster({ nodes: NODES, systemPods: false, seed: 7 });
  // The image is on every node already: no pull, the containers start at once.
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
  const name = 'web';
  const created = cluster.handle({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    body: deployment(name),
  });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  cluster.advance(1000);
  const t = performance.now();
  const r = cluster.handle({
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/default/deployments/${name}/scale`,
    headers: { 'content-type': 'application/merge-patch+json' },
    body: { spec: { replicas } },
  });
  if (r.status !== 200) throw new Error(`scale failed: ${JSON.stringify(r.body)}`);
  // Virtual time moves in half-second steps until the rollout is done (a few seconds' worth).
  for (let step = 0; ; step++) {
    if (available(cluster.store.get('deployments.apps', 'default', name), replicas)) break;
    if (step > 600) throw new Error('the Deployment did not become Available in 300 s');
    cluster.advance(500);
  }
  const ms = performance.now() - t;
  const running = runningPods(cluster);
  if (running !== replicas) throw new Error(`${running} of ${replicas} pods are Running`);
  return { ms, cluster };
}

function heapUsedMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc for the heap figure');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function run(): Promise<BenchResult[]> {
  scaleUp(200); // warm-up, so the JIT has compiled the hot paths
  const small = scaleUp(1_000).ms;
  const big = scaleUp(10_000);
  const heap = heapUsedMB();
  if (runningPods(big.cluster) !== 10_000) throw new Error('the cluster was collected');
  return [
    {
      name: 'deployment 0 -> 1,000 replicas Available',
      value: Math.round(small),
      unit: 'ms',
      goal: 1_000,
      better: 'lower',
    },
    {
      name: 'deployment 0 -> 10,000 replicas Available',
      value: Math.round(big.ms),
      unit: 'ms',
      goal: 10_000,
      better: 'lower',
    },
    {
      name: 'heap used with 10,000 running pods',
      value: Math.round(heap),
      unit: 'MB',
      goal: 150,
      better: 'lower',
    },
  ];
}
