/**
 * The store with 10,000 pods (10 namespaces x 10 Deployments x 100 replicas, labelled as the
 * Deployment controller labels them): p99 latency of single writes and reads, of a 1,000-pod LIST
 * by label selector, and of one write fanned out to 100 watchers.
 */
import { parseLabelSelector } from '../src/cluster/api/selectors';
import type { KubeObject } from '../src/cluster/api/types';
import { MemoryStore } from '../src/cluster/store/MemoryStore';
import type { BenchResult } from './types';
import { percentile } from './types';

const NAMESPACES = 10;
const APPS = 10;
const REPLICAS = 100;

/** A small deterministic generator, so every run measures the same work. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pod(ns: number, app: number, i: number, extra = ''): KubeObject {
  const hash = `5d8f7c${app}b9${ns}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${app}-${hash}-${extra}${i.toString(36).padStart(5, 'x')}`,
      namespace: `team-${ns}`,
      uid: `uid-${ns}-${app}-${extra}${i}`,
      labels: {
        app: `web-${app}`,
        'pod-template-hash': hash,
        tier: app % 2 === 0 ? 'frontend' : 'backend',
        'app.kubernetes.io/part-of': `shop-${ns}`,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `web-${app}-${hash}`,
          uid: `rs-${ns}-${app}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 3}`,
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `10.244.${ns}.${i % 250}`,
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function seed(): { store: MemoryStore; pods: KubeObject[] } {
  const store = new MemoryStore();
  const pods: KubeObject[] = [];
  for (let ns = 0; ns < NAMESPACES; ns++)
    for (let app = 0; app < APPS; app++)
      for (let i = 0; i < REPLICAS; i++) pods.push(store.create('pods', pod(ns, app, i)));
  return { store, pods };
}

function withStatus(obj: KubeObject, n: number): KubeObject {
  const copy = structuredClone(obj);
  (copy.status as { restartCount?: number }).restartCount = n;
  return copy;
}

export async function run(): Promise<BenchResult[]> {
  const { store, pods } = seed();
  const rand = lcg(42);
  const pick = () => pods[Math.floor(rand() * pods.length)];
  const samples = (n: number, fn: (i: number) => void): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(time(() => fn(i)));
    return out;
  };
  const p99 = (xs: number[]) => percentile(xs, 99);

  // Warm up every path so the JIT has compiled it before we measure.
  for (let i = 0; i < 2000; i++) {
    const p = pick();
    store.get('pods', p.metadata.namespace!, p.metadata.name!);
    store.create('pods', pod(i % NAMESPACES, i % APPS, i, 'warm'));
    store.delete(
      'pods',
      `team-${i % NAMESPACES}`,
      pod(i % NAMESPACES, i % APPS, i, 'warm').metadata.name!,
    );
    const cur = store.get('pods', p.metadata.namespace!, p.metadata.name!)!;
    store.update('pods', withStatus(cur, i));
  }
  const selector = parseLabelSelector('app=web-3');
  for (let i = 0; i < 50; i++) store.list('pods', { labelSelector: selector });

  const get = samples(20_000, () => {
    const p = pick();
    store.get('pods', p.metadata.namespace!, p.metadata.name!);
  });

  const fresh = Array.from({ length: 5000 }, (_, i) => pod(i % NAMESPACES, i % APPS, i, 'new'));
  const create = samples(fresh.length, (i) => store.create('pods', fresh[i]));
  const del = samples(fresh.length, (i) =>
    store.delete('pods', fresh[i].metadata.namespace!, fresh[i].metadata.name!),
  );

  const updates = Array.from({ length: 5000 }, (_, i) => {
    const p = pick();
    return withStatus(store.get('pods', p.metadata.namespace!, p.metadata.name!)!, i);
  });
  const unconditional = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: '' },
  });
  const update = samples(updates.length, (i) => store.update('pods', unconditional(updates[i])));

  const list = samples(2000, () => {
    const { items } = store.list('pods', { labelSelector: selector });
    if (items.length !== NAMESPACES * REPLICAS) throw new Error(`listed ${items.length} pods`);
  });

  // 100 watchers as informers would open them: all pods, per namespace, per app selector.
  let delivered = 0;
  const listener = () => {
    delivered++;
  };
  for (let w = 0; w < 100; w++) {
    if (w % 3 === 0) store.watch('pods', {}, listener);
    else if (w % 3 === 1) store.watch('pods', { namespace: `team-${w % NAMESPACES}` }, listener);
    else
      store.watch('pods', { labelSelector: parseLabelSelector(`app=web-${w % APPS}`) }, listener);
  }
  const fanUpdates = Array.from({ length: 5000 }, (_, i) => {
    const p = pick();
    return unconditional(
      withStatus(store.get('pods', p.metadata.namespace!, p.metadata.name!)!, i),
    );
  });
  for (let i = 0; i < 500; i++) store.update('pods', fanUpdates[i]);
  const fanout = samples(fanUpdates.length - 500, (i) => store.update('pods', fanUpdates[i + 500]));
  if (delivered === 0) throw new Error('no events delivered');

  const ms = (name: string, xs: number[], goal: number): BenchResult => ({
    name,
    value: Number(p99(xs).toFixed(4)),
    unit: 'ms',
    goal,
    better: 'lower',
  });
  return [
    ms('store get p99 (10k pods)', get, 1),
    ms('store create p99 (10k pods)', create, 1),
    ms('store update p99 (10k pods)', update, 1),
    ms('store delete p99 (10k pods)', del, 1),
    ms('store list 1,000 by label p99 (10k pods)', list, 10),
    ms('store write fan-out to 100 watchers p99', fanout, 1),
  ];
}
