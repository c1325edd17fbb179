/**
 * Draining a node that holds 1,000 Deployment pods with our kubectl, in process as the page's
 * terminal runs it: wall time from `kubectl drain minikube --ignore-daemonsets
 * --delete-emptydir-data` until every evicted pod is gone and its replacement is Running on
 * another node (the Deployment Available with all 1,000 again). kubectl's waits (1 s polls,
 * 5 s eviction retries) move the virtual clock, not the wall clock; eleven nodes of 1,100 pods
 * each; the image is on every node already and starts at once. The pods use the host's network,
 * since a node's pod CIDR (a /24, as minikube's) has room for 254 pod IPs, not 1,000.
 */
import { createCluster } from '../src/cluster/cluster';
import type { Cluster } from '../src/cluster/cluster';
import type { KubeObject } from '../src/cluster/api/types';
import { defaultRegistry, registerImage } from '../src/cluster/runtime/images';
import { InProcessTransport, runKubectl } from '../src/kubectl';
import { Discovery } from '../src/kubectl/discovery';
import type { BenchResult } from './types';

const IMAGE = 'bench.local/instant:1';
const NODES = 11;
const PODS = 1_000;

registerImage({
  repository: 'bench.local/instant',
  tags: ['1'],
  sizeBytes: 0,
  shell: false,
  program: { listenAfterMs: 0, idle: { cpuMillis: 0, memoryBytes: 0 } },
});

function call(cluster: Cluster, method: string, path: string, body?: unknown, type?: string) {
  const r = cluster.handle({
    method,
    path,
    body,
    headers: type ? { 'content-type': type } : undefined,
  });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body as KubeObject;
}

function setUnschedulable(cluster: Cluster, node: string, on: boolean): void {
  call(
    cluster,
    'PATCH',
    `/api/v1/nodes/${node}`,
    { spec: { unschedulable: on ? true : null } },
    'application/merge-patch+json',
  );
}

function ready(cluster: Cluster, notOn: string): boolean {
  const d = cluster.store.get('deployments.apps', 'default', 'web');
  const s = (d?.status ?? {}) as { availableReplicas?: number; replicas?: number };
  if (s.availableReplicas !== PODS || s.replicas !== PODS) return false;
  let running = 0;
  for (const p of cluster.store.list('pods', { namespace: 'default' }).items) {
    const node = (p.spec as { nodeName?: string }).nodeName;
    if (p.metadata.deletionTimestamp || node === notOn) return false;
    if ((p.status as { phase?: string }).phase === 'Running') running++;
  }
  return running === PODS;
}

/** A cluster whose first node holds the 1,000 pods, the others empty and schedulable. */
function crowdedCluster(): Cluster {
  const cluster = createCluster({
    nodes: NODES,
    nodeShape: { cpu: '64', memory: '256Gi', pods: '1100' },
    systemPods: false,
    seed: 5,
  });
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
  const others = [...cluster.kubelets.kubelets.keys()].filter((n) => n !== 'minikube');
  for (const n of others) setUnschedulable(cluster, n, true);
  call(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: PODS,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        // hostNetwork: a node's pod CIDR is a /24 (254 addresses), as minikube's.
        spec: { hostNetwork: true, containers: [{ name: 'app', image: IMAGE }] },
      },
    },
  });
  for (let step = 0; !ready(cluster, ''); step++) {
    if (step > 600) throw new Error('the 1,000 pods did not start on minikube');
    cluster.advance(500);
  }
  for (const n of others) setUnschedulable(cluster, n, false);
  cluster.advance(1000);
  return cluster;
}

/** Wall milliseconds of `kubectl drain minikube` plus the wait for the pods' replacements. */
async function drain(): Promise<{ ms: number; evicted: number }> {
  const cluster = crowdedCluster();
  const transport = new InProcessTransport(cluster);
  const discovery = new Discovery(transport);
  let out = '';
  let err = '';
  const t = performance.now();
  const code = await runKubectl(
    ['drain', 'minikube', '--ignore-daemonsets', '--delete-emptydir-data'],
    {
      transport,
      discovery,
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      sleep: async (ms) => cluster.advance(ms),
    },
  );
  if (code !== 0 || !out.endsWith('node/minikube drained\n')) {
    throw new Error(`drain failed (${code}): ${err.slice(0, 500)}`);
  }
  for (let step = 0; !ready(cluster, 'minikube'); step++) {
    if (step > 600) throw new Error('the evicted pods were not replaced in 300 s');
    cluster.advance(500);
  }
  const ms = performance.now() - t;
  const evicted = out.split('\n').filter((l) => l.startsWith('pod/')).length;
  return { ms, evicted };
}

export async function run(): Promise<BenchResult[]> {
  const { ms, evicted } = await drain();
  if (evicted !== PODS) throw new Error(`drain evicted ${evicted} pods, not ${PODS}`);
  return [
    {
      name: 'kubectl drain of a node with 1,000 pods, until replaced',
      value: Math.round(ms),
      unit: 'ms',
      goal: 10_000,
      better: 'lower',
    },
  ];
}
