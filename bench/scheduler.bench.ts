/**
 * Scheduler throughput through the real API: pods are created through the API server, then the
 * scheduler filters, scores and binds each one through pods/binding (with its `Scheduled`
 * event). The figure is pods bound per second of wall time while the scheduler drains its
 * queue (the creates come first and are not timed, as upstream's scheduler_perf measures), after
 * a small warm-up cluster has let the JIT compile the hot paths. The cluster is the API server,
 * the store and the scheduler alone, so kubelets starting the bound pods are not counted.
 */

/** API server, store and scheduler, with `nodes` minikube nodes. */
function schedulerCluster(nodes: number) {
  const clock = new VirtualClock();
  const random = new Random(7);
  const store = new MemoryStore();
  const registry = new TypeRegistry();
  const api = new APIServer({ store, clock, random, registry });
  const client = new Client(api);
  const recorder = new EventRecorder(client, registry, clock);
  const ctx: ControllerContext = { store, client, registry, clock, random, recorder };
  startScheduler(ctx);
  bootstrapCluster(client, registry, {
    nodes,
    shape: { cpu: '8', memory: '32Gi', pods: '110' },
    timestamp: clock.timestamp(),
  });
  client.create(registry.byResource('', 'v1', 'serviceaccounts')!, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: 'default' },
  });
  clock.tick(0);
  return { api, store, settle: () => clock.tick(0) };
}
import { TypeRegistry } from '../src/cluster/api/registry';
import { APIServer } from '../src/cluster/apiserver/APIServer';
import { bootstrapCluster } from '../src/cluster/bootstrap';
import { Client } from '../src/cluster/client/Client';
import { EventRecorder } from '../src/cluster/client/EventRecorder';
import { Random } from '../src/cluster/clock/Random';
import { VirtualClock } from '../src/cluster/clock/VirtualClock';
import type { ControllerContext } from '../src/cluster/controllers/types';
import { startScheduler } from '../src/cluster/scheduler';
import { MemoryStore } from '../src/cluster/store/MemoryStore';
import type { BenchResult } from './types';

function pod(name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'bench' } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

function throughput(nodes: number, pods: number): number {
  const cluster = schedulerCluster(nodes);
  for (let i = 0; i < pods; i++) {
    const r = cluster.api.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: pod(`bench-${i}`),
    });
    if (r.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.body)}`);
  }
  const t = performance.now();
  cluster.settle();
  const ms = performance.now() - t;
  let bound = 0;
  for (const p of cluster.store.list('pods').items) {
    if ((p.spec as { nodeName?: string }).nodeName) bound++;
  }
  if (bound !== pods) throw new Error(`only ${bound} of ${pods} pods were bound`);
  return Math.round((pods / ms) * 1000);
}

export async function run(): Promise<BenchResult[]> {
  throughput(20, 500);
  return [
    {
      name: 'scheduler: 1,000 pods on 100 nodes',
      value: throughput(100, 1_000),
      unit: 'pods/s',
      goal: 5_000,
      better: 'higher',
    },
    {
      name: 'scheduler: 10,000 pods on 5,000 nodes',
      value: throughput(5_000, 10_000),
      unit: 'pods/s',
      goal: 5_000,
      better: 'higher',
    },
  ];
}
