import { beforeEach, describe, expect, it } from 'vitest';
import type { ClusterEvent, ObjectEntry } from '../../worker/protocol';
import { clusterContext, TIMELINE_LIMIT, useTimelineStore } from './timelineStore';
import type { ClusterState } from '../stores/clusterStore';

function ev(i: number): ClusterEvent {
  return {
    uid: `u${i}`,
    namespace: 'default',
    component: 'kubelet',
    host: 'minikube',
    type: 'Normal',
    reason: 'Pulling',
    message: `Pulling image "img${i}"`,
    regarding: { kind: 'Pod', namespace: 'default', name: `p${i}` },
    count: 1,
    timeMs: i * 1000,
  };
}

describe('useTimelineStore', () => {
  beforeEach(() => useTimelineStore.getState().clear());

  it(`keeps the last ${TIMELINE_LIMIT} events, oldest first`, () => {
    const { add } = useTimelineStore.getState();
    for (let batch = 0; batch < 3; batch++) {
      add(
        Array.from({ length: 500 }, (_, i) => ev(batch * 500 + i)),
        {},
      );
    }
    const { items } = useTimelineStore.getState();
    expect(items).toHaveLength(TIMELINE_LIMIT);
    expect(items[0].event.uid).toBe('u500');
    expect(items.at(-1)!.event.uid).toBe('u1499');
    expect(items.at(-1)!.text).toBe('pulling img1499 for p1499');
    expect(items.at(-1)!.component).toBe('kubelet on minikube');
  });

  it('keeps one of each occurrence when the same events come again (a restarted Worker)', () => {
    const { add } = useTimelineStore.getState();
    add([ev(1), ev(2)], {});
    add([ev(2), ev(3), ev(3)], {});
    expect(useTimelineStore.getState().items.map((i) => i.id)).toEqual(['u1:1', 'u2:1', 'u3:1']);
  });

  it('gives each occurrence of a repeated event its own id', () => {
    useTimelineStore.getState().add([ev(1), { ...ev(1), count: 2 }], {});
    expect(useTimelineStore.getState().items.map((i) => i.id)).toEqual(['u1:1', 'u1:2']);
  });
});

describe('a batch of ReplicaSet events', () => {
  beforeEach(() => useTimelineStore.getState().clear());

  it('counts each creation in a frame as it happened: 1, 2, 3 of 3', () => {
    const create = (i: number): ClusterEvent => ({
      ...ev(i),
      component: 'replicaset-controller',
      reason: 'SuccessfulCreate',
      message: `Created pod: web-${i}`,
      regarding: { kind: 'ReplicaSet', namespace: 'default', name: 'web' },
    });
    useTimelineStore.getState().add([create(1), ev(9), create(2), create(3)], {
      replicaSet: () => ({ current: 3, desired: 3 }),
    });
    expect(useTimelineStore.getState().items.map((i) => i.text)).toEqual([
      'created pod web-1: 1 of 3 desired',
      'pulling img9 for p9',
      'created pod web-2: 2 of 3 desired',
      'created pod web-3: 3 of 3 desired',
    ]);
  });
});

describe('clusterContext', () => {
  const entry = (
    resource: ObjectEntry['resource'],
    object: ObjectEntry['object'],
  ): ObjectEntry => ({
    resource,
    key: `${object.metadata.namespace}/${object.metadata.name}`,
    object,
    cells: [],
  });
  const pod = (name: string, rs: string, deleting = false) =>
    entry('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: rs, controller: true },
        ],
        ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      },
    });

  it("counts a ReplicaSet's live pods against its desired replicas", () => {
    const rs = entry('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', namespace: 'default' },
      spec: { replicas: 3 },
    });
    const objects = {
      replicasets: { 'default/web-1': rs },
      pods: {
        'default/a': pod('a', 'web-1'),
        'default/b': pod('b', 'web-1'),
        'default/c': pod('c', 'web-1', true),
        'default/d': pod('d', 'other'),
      },
    } as unknown as ClusterState['objects'];
    const ctx = clusterContext({ objects });
    expect(ctx.replicaSet!('default', 'web-1')).toEqual({ current: 2, desired: 3 });
    expect(ctx.replicaSet!('default', 'nope')).toBeUndefined();
  });
});
