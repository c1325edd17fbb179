/**
 * The API server end to end, in process: requests through `handle()` with validation,
 * defaulting, admission and the store, with 10,000 pods stored. Latencies are p99.
 */
import { createCluster } from '../src/cluster/cluster';
import type { BenchResult } from './types';
import { percentile } from './types';

const STORED = 10_000;
const NAMESPACES = 10;

function pod(name: string, ns: string, app: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app, tier: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function run(): Promise<BenchResult[]> {
  const cluster = createCluster({ seed: 7 });
  const api = cluster.api;
  const post = (ns: string, body: object) =>
    api.handle({ method: 'POST', path: `/api/v1/namespaces/${ns}/pods`, body });
  for (let n = 0; n < NAMESPACES; n++) {
    api.handle({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } },
    });
  }
  cluster.settle();
  for (let i = 0; i < STORED; i++) {
    const ns = `ns-${i % NAMESPACES}`;
    const r = post(ns, pod(`pod-${i}`, ns, `app-${i % 10}`));
    if (r.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(r.body)}`);
  }
  const N = 2_000;
  const gets: number[] = [];
  const creates: number[] = [];
  const updates: number[] = [];
  const deletes: number[] = [];
  const lists: number[] = [];
  for (let i = 0; i < N; i++) {
    const ns = `ns-${i % NAMESPACES}`;
    const name = `pod-${i * 5}`;
    const realNs = `ns-${(i * 5) % NAMESPACES}`;
    gets.push(
      time(() => api.handle({ method: 'GET', path: `/api/v1/namespaces/${realNs}/pods/${name}` })),
    );
    creates.push(time(() => post(ns, pod(`extra-${i}`, ns, 'extra'))));
    updates.push(
      time(() =>
        api.handle({
          method: 'PATCH',
          path: `/api/v1/namespaces/${ns}/pods/extra-${i}`,
          headers: { 'content-type': 'application/merge-patch+json' },
          body: { metadata: { labels: { touched: 'yes' } } },
        }),
      ),
    );
    deletes.push(
      time(() =>
        api.handle({ method: 'DELETE', path: `/api/v1/namespaces/${ns}/pods/extra-${i}` }),
      ),
    );
  }
  for (let i = 0; i < 200; i++) {
    lists.push(
      time(() => {
        const r = api.handle({
          method: 'GET',
          path: '/api/v1/pods',
          query: { labelSelector: `app=app-${i % 10}` },
        });
        if ((r.body as { items: unknown[] }).items.length !== 1000) throw new Error('list size');
      }),
    );
  }
  const tables: number[] = [];
  for (let i = 0; i < 50; i++) {
    tables.push(
      time(() =>
        api.handle({
          method: 'GET',
          path: '/api/v1/pods',
          query: { labelSelector: `app=app-${i % 10}` },
          headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
        }),
      ),
    );
  }
  const ms = (name: string, samples: number[], goal: number): BenchResult => ({
    name,
    value: Number(percentile(samples, 99).toFixed(4)),
    unit: 'ms',
    goal,
    better: 'lower',
  });
  return [
    ms('apiserver get p99 (10k pods)', gets, 1),
    ms('apiserver create p99 (10k pods)', creates, 1),
    ms('apiserver update (patch) p99 (10k pods)', updates, 1),
    ms('apiserver delete p99 (10k pods)', deletes, 1),
    ms('apiserver list 1,000 pods by label p99', lists, 10),
    ms('apiserver list 1,000 pods by label as Table p99', tables, 20),
  ];
}
