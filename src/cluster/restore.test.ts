/**
 * A snapshot taken of a running cluster, sent through JSON (as the page's autosave stores it)
 * and restored into a new cluster, gives the same cluster: the same `kubectl get pods -o wide`
 * rows, objects and resourceVersions, the same clock, and controllers that keep reconciling.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './api/types';
import { createCluster } from './cluster';
import type { Cluster, ClusterSnapshot } from './cluster';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function get(c: Cluster, path: string): { status: number; body: unknown } {
  const res = c.handle({ method: 'GET', path, headers: { accept: TABLE } });
  return { status: res.status, body: res.body };
}

/** The rows `kubectl get pods -A -o wide` prints (wide columns included), as text. */
function podRows(c: Cluster): string[] {
  const { body } = get(c, '/api/v1/pods');
  const rows = (body as { rows: { cells: unknown[] }[] }).rows;
  return rows.map((r) => r.cells.map(String).join(' '));
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  };
}

function scale(c: Cluster, name: string, replicas: number): void {
  const res = c.handle({
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/default/deployments/${name}/scale`,
    headers: { 'content-type': 'application/merge-patch+json' },
    body: { spec: { replicas } },
  });
  expect(res.status).toBe(200);
}

function roundTrip(c: Cluster): Cluster {
  const snap = JSON.parse(JSON.stringify(c.snapshot())) as ClusterSnapshot;
  return createCluster({ restore: snap });
}

describe('cluster snapshot and restore', () => {
  it('gives back the same pods, objects, clock and random state', () => {
    const a = createCluster({ seed: 3, nodes: 2, epochMs: Date.UTC(2025, 2, 1) });
    const created = a.handle({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: deployment('web', 3),
    });
    expect(created.status).toBe(201);
    a.advance(90_000);
    const before = podRows(a);
    expect(before.filter((r) => r.startsWith('web-') && r.includes('Running'))).toHaveLength(3);

    const snap = a.snapshot();
    const b = roundTrip(a);
    expect(b.clock.now()).toBe(a.clock.now());
    expect(snap.random).toEqual(a.random.state());
    expect(podRows(b)).toEqual(before);
    expect(b.store.list('nodes').items.map((n) => n.metadata.name)).toEqual([
      'minikube',
      'minikube-m02',
    ]);
    // Every object with its resourceVersion: the restore itself writes nothing.
    expect(b.store.snapshot()).toEqual(snap.store);

    // Ages continue from the restored clock; pods keep running.
    b.advance(60_000);
    const later = podRows(b);
    expect(later.filter((r) => r.startsWith('web-') && r.includes('Running'))).toHaveLength(3);
    const web = (rows: string[]) => rows.filter((r) => r.startsWith('web-'));
    expect(web(later).map((r) => r.split(' ')[0])).toEqual(web(before).map((r) => r.split(' ')[0]));
    expect(web(later)[0]).toContain('2m30s');
    expect(later.every((r) => !r.includes('ContainerCreating'))).toBe(true);
  });

  it('a stopped kubelet stays stopped: its node goes NotReady as it would have without the save', () => {
    const a = createCluster({ seed: 4, nodes: 2, epochMs: Date.UTC(2025, 2, 1) });
    a.handle({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: deployment('web', 4),
    });
    a.advance(60_000);
    a.kubelets.stop('minikube-m02');
    a.advance(10_000);
    const b = roundTrip(a);
    expect(a.snapshot().stoppedKubelets).toEqual(['minikube-m02']);
    expect(b.kubelets.get('minikube-m02')!.isRunning).toBe(false);
    expect(b.kubelets.get('minikube')!.isRunning).toBe(true);
    // Past the node monitor's grace period both clusters tell the same story.
    const ready = (c: Cluster) => {
      const node = c.store.get('nodes', '', 'minikube-m02')!;
      const conditions = (node.status as { conditions: { type: string; status: string }[] })
        .conditions;
      return conditions.find((x) => x.type === 'Ready')!.status;
    };
    a.advance(60_000);
    b.advance(60_000);
    expect(ready(a)).toBe('Unknown');
    expect(ready(b)).toBe('Unknown');
    expect(podRows(b)).toEqual(podRows(a));
    // Started again, it reports and its node comes back.
    b.kubelets.start('minikube-m02');
    b.advance(20_000);
    expect(ready(b)).toBe('True');
    expect(b.snapshot().stoppedKubelets).toBeUndefined();
  });

  it('keeps reconciling after a restore: scaling to 5 runs 5 pods', () => {
    const a = createCluster({ seed: 5 });
    a.handle({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: deployment('web', 3),
    });
    a.advance(60_000);
    const b = roundTrip(a);
    scale(b, 'web', 5);
    b.advance(60_000);
    const running = podRows(b).filter((r) => r.startsWith('web-') && r.includes('Running'));
    expect(running).toHaveLength(5);
    const dep = b.store.get('deployments.apps', 'default', 'web')!;
    expect((dep.status as { readyReplicas?: number }).readyReplicas).toBe(5);
  });

  it('is deterministic: the same snapshot restored twice runs the same way', () => {
    const a = createCluster({ seed: 9 });
    a.handle({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: deployment('web', 3),
    });
    a.advance(30_000);
    const b = roundTrip(a);
    const c = roundTrip(a);
    for (const x of [b, c]) {
      scale(x, 'web', 5);
      x.advance(45_000);
    }
    expect(podRows(b)).toEqual(podRows(c));
    expect(b.store.snapshot()).toEqual(c.store.snapshot());
  });

  it('refuses a snapshot of another version with a clear message', () => {
    const snap = { ...createCluster({ systemPods: false }).snapshot(), version: 2 };
    expect(() => createCluster({ restore: snap as unknown as ClusterSnapshot })).toThrow(
      'unsupported snapshot version 2',
    );
  });
});
