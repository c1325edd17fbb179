import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import {
  call,
  condition,
  create,
  del,
  events,
  get,
  list,
  livePods,
  newReplicaSet,
  newReplicationController,
  newWorld,
  patch,
  podTemplate,
  statusOf,
} from '../testing/fixtures';
import { getPodsToDelete, slowStartBatch } from './controllerUtils';

type RSStatus = {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
};

const owner = (p: KubeObject) => p.metadata.ownerReferences?.find((r) => r.controller);

describe('ReplicaSet controller', () => {
  it('creates pods from the template, owned by the ReplicaSet, and reports status', () => {
    const { c } = newWorld();
    create(c, newReplicaSet('web', 3));
    c.advance(5000);
    const pods = livePods(c, 'app=web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(owner(p)).toMatchObject({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      });
    }
    expect(statusOf<RSStatus>(get(c, 'ReplicaSet', 'web'))).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(events(c, 'web').sort()).toEqual(
      pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort(),
    );
  });

  it.each([
    { name: 'scale up', from: 2, to: 5 },
    { name: 'scale down', from: 5, to: 2 },
    { name: 'scale to zero', from: 3, to: 0 },
  ])('$name: $from -> $to replicas', ({ from, to }) => {
    const { c } = newWorld();
    create(c, newReplicaSet('web', from));
    c.advance(5000);
    patch(c, 'ReplicaSet', 'web', { spec: { replicas: to } });
    c.advance(5000);
    expect(livePods(c, 'app=web')).toHaveLength(to);
    expect(list(c, 'Pod', 'app=web')).toHaveLength(to); // terminated pods are gone
    const st = statusOf<RSStatus>(get(c, 'ReplicaSet', 'web'));
    expect(st.replicas).toBe(to);
    expect(st.observedGeneration).toBe(2);
    expect(events(c, 'web', 'SuccessfulDelete')).toHaveLength(Math.max(0, from - to));
  });

  it('replaces a deleted pod at once (the terminating one no longer counts)', () => {
    const { c } = newWorld();
    create(c, newReplicaSet('web', 2));
    c.advance(5000);
    const [victim] = livePods(c, 'app=web');
    del(c, 'Pod', victim.metadata.name!);
    const pods = livePods(c, 'app=web');
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(events(c, 'web', 'SuccessfulCreate')).toHaveLength(3);
    c.advance(5000);
    expect(statusOf<RSStatus>(get(c, 'ReplicaSet', 'web')).readyReplicas).toBe(2);
  });

  it('deletes the not-ready pod first when scaling down', () => {
    const { c, kubelet } = newWorld();
    create(c, newReplicaSet('web', 3));
    c.advance(5000);
    const sick = livePods(c, 'app=web')[1].metadata.name!;
    kubelet.setReady('default', sick, false);
    patch(c, 'ReplicaSet', 'web', { spec: { replicas: 2 } });
    expect(events(c, 'web', 'SuccessfulDelete')).toEqual([
      `SuccessfulDelete: Deleted pod: ${sick}`,
    ]);
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', () => {
    const { c } = newWorld();
    create(c, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } },
      spec: podTemplate({ app: 'web' }).spec,
    });
    create(c, newReplicaSet('web', 2));
    c.advance(5000);
    expect(owner(get(c, 'Pod', 'stray'))?.name).toBe('web');
    expect(livePods(c, 'app=web')).toHaveLength(2);
    expect(events(c, 'web', 'SuccessfulCreate')).toHaveLength(1);

    patch(c, 'Pod', 'stray', { metadata: { labels: { app: 'other' } } });
    c.advance(5000);
    expect(get(c, 'Pod', 'stray').metadata.ownerReferences ?? []).toEqual([]);
    expect(livePods(c, 'app=web')).toHaveLength(2);
  });

  it('leaves pods owned by another controller alone', () => {
    const { c } = newWorld();
    create(c, newReplicaSet('a', 2, { app: 'shared' }));
    c.advance(5000);
    create(c, newReplicaSet('b', 1, { app: 'shared' }));
    c.advance(5000);
    const pods = livePods(c, 'app=shared');
    expect(pods.filter((p) => owner(p)?.name === 'a')).toHaveLength(2);
    expect(pods.filter((p) => owner(p)?.name === 'b')).toHaveLength(1);
  });

  it('counts pods available only minReadySeconds (+1 s) after they became ready', () => {
    const { c } = newWorld({ startDelayMs: 1000 });
    create(c, newReplicaSet('web', 2, { app: 'web' }, { minReadySeconds: 10 }));
    c.advance(2000);
    let st = statusOf<RSStatus>(get(c, 'ReplicaSet', 'web'));
    expect(st.readyReplicas).toBe(2);
    expect(st.availableReplicas ?? 0).toBe(0);
    c.advance(9000);
    expect(statusOf<RSStatus>(get(c, 'ReplicaSet', 'web')).availableReplicas ?? 0).toBe(0);
    c.advance(1500);
    st = statusOf<RSStatus>(get(c, 'ReplicaSet', 'web'));
    expect(st.availableReplicas).toBe(2);
  });

  it('reports a create refused by a quota as FailedCreate and ReplicaFailure, and clears it', () => {
    const { c } = newWorld();
    create(c, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pods', namespace: 'default' },
      spec: { hard: { pods: '2' } },
    });
    create(c, newReplicaSet('web', 3));
    c.advance(5000);
    expect(livePods(c, 'app=web')).toHaveLength(2);
    const failed = events(c, 'web', 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatch(
      /^FailedCreate: Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/,
    );
    const cond = condition(get(c, 'ReplicaSet', 'web'), 'ReplicaFailure');
    expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    expect(cond?.message).toMatch(/^pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods/);

    patch(c, 'ResourceQuota', 'pods', { spec: { hard: { pods: '5' } } });
    c.advance(30_000);
    expect(livePods(c, 'app=web')).toHaveLength(3);
    expect(condition(get(c, 'ReplicaSet', 'web'), 'ReplicaFailure')).toBeUndefined();
  });
});

describe('ReplicationController manager', () => {
  it('runs the same loop for ReplicationControllers', () => {
    const { c } = newWorld();
    create(c, newReplicationController('rc', 2));
    c.advance(5000);
    const pods = livePods(c, 'app=rc');
    expect(pods).toHaveLength(2);
    expect(owner(pods[0])).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController' });
    expect(statusOf<RSStatus>(get(c, 'ReplicationController', 'rc'))).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    const ev = list(c, 'Event').filter((e) => (e.involvedObject as { name: string }).name === 'rc');
    expect(ev.map((e) => (e.source as { component: string }).component)).toEqual([
      'replication-controller',
      'replication-controller',
    ]);
    call(c, 'DELETE', `/api/v1/namespaces/default/pods/${pods[0].metadata.name}`);
    expect(livePods(c, 'app=rc')).toHaveLength(2);
  });
});

describe('slowStartBatch', () => {
  it.each([
    { name: 'all succeed', count: 10, failAt: -1, calls: 10, successes: 10 },
    { name: 'first call fails', count: 10, failAt: 0, calls: 1, successes: 0 },
    { name: 'fails in the batch of 4', count: 10, failAt: 4, calls: 7, successes: 6 },
  ])('$name', ({ count, failAt, calls, successes }) => {
    let n = 0;
    const r = slowStartBatch(count, 1, () => {
      if (n++ === failAt) throw new Error('refused');
    });
    expect(n).toBe(calls);
    expect(r.successes).toBe(successes);
    expect(!!r.error).toBe(failAt >= 0);
  });
});

describe('getPodsToDelete', () => {
  const pod = (
    name: string,
    o: { node?: string; phase?: string; ready?: boolean; created?: string },
  ) =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, uid: name, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' },
      spec: { nodeName: o.node },
      status: {
        phase: o.phase ?? 'Running',
        conditions: [
          {
            type: 'Ready',
            status: o.ready === false ? 'False' : 'True',
            lastTransitionTime: '2025-01-01T00:00:00Z',
          },
        ],
      },
    }) as KubeObject;

  it.each([
    { name: 'unassigned before assigned', a: pod('a', { node: 'n' }), b: pod('b', {}) },
    {
      name: 'pending before running',
      a: pod('a', { node: 'n' }),
      b: pod('b', { node: 'n', phase: 'Pending' }),
    },
    {
      name: 'not ready before ready',
      a: pod('a', { node: 'n' }),
      b: pod('b', { node: 'n', ready: false }),
    },
    {
      name: 'newer before older',
      a: pod('a', { node: 'n', created: '2025-01-01T00:00:00Z' }),
      b: pod('b', { node: 'n', created: '2025-01-01T01:00:00Z' }),
    },
  ])('$name', ({ a, b }) => {
    const now = Date.UTC(2025, 0, 1, 2);
    expect(getPodsToDelete([a, b], [a, b], 1, now).map((p) => p.metadata.name)).toEqual(['b']);
  });
});
