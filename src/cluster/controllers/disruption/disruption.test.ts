import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';

function setup(c: Cluster, pdbSpec: Record<string, unknown>) {
  c.handle({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    },
  });
  c.handle({
    method: 'POST',
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    body: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, ...pdbSpec },
    },
  });
  c.advance(30_000);
}

function pdbStatus(c: Cluster) {
  return (
    c.handle({
      method: 'GET',
      path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web',
    }).body as { status: Record<string, unknown> }
  ).status;
}

function evict(c: Cluster) {
  const pod = c.store
    .list('pods', { namespace: 'default' })
    .items.find((p) => !p.metadata.deletionTimestamp)!;
  return c.handle({
    method: 'POST',
    path: `/api/v1/namespaces/default/pods/${pod.metadata.name}/eviction`,
    body: {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod.metadata.name, namespace: 'default' },
    },
  });
}

describe('disruption controller', () => {
  it.each([
    { name: 'minAvailable 2', spec: { minAvailable: 2 }, desired: 2, allowed: 1 },
    { name: 'maxUnavailable 34%', spec: { maxUnavailable: '34%' }, desired: 1, allowed: 2 },
    { name: 'minAvailable 100%', spec: { minAvailable: '100%' }, desired: 3, allowed: 0 },
  ])('computes status for $name', ({ spec, desired, allowed }) => {
    const c = createCluster({ systemPods: false });
    setup(c, spec);
    const st = pdbStatus(c);
    expect(st).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
      expectedPods: 3,
      observedGeneration: 1,
    });
    expect(st.conditions).toEqual([
      expect.objectContaining({
        type: 'DisruptionAllowed',
        status: allowed ? 'True' : 'False',
        reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      }),
    ]);
  });

  it('lets evictions through while the budget allows, then refuses with 429', () => {
    const c = createCluster({ systemPods: false });
    setup(c, { minAvailable: 2 });
    expect(evict(c).status).toBe(201);
    expect(pdbStatus(c)).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    const refused = evict(c);
    expect(refused.status).toBe(429);
    expect((refused.body as { message: string }).message).toBe(
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    // The replacement becomes ready and the budget allows one again.
    c.advance(60_000);
    expect(pdbStatus(c)).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
  });
});
