import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { parseLabelSelector } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { MemoryStore } from './MemoryStore';
import { newDeployment, newNamespace, newPod } from './testFixtures';
import type { StoreEvent } from './types';

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

function names(items: KubeObject[]): string[] {
  return items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);
}

/** A watcher that records what it receives as "TYPE ns/name@revision". */
function recorder(store: MemoryStore, resource: string, opts = {}) {
  const seen: string[] = [];
  const events: StoreEvent[] = [];
  const handle = store.watch(resource, opts, (ev) => {
    events.push(ev);
    seen.push(
      `${ev.type} ${ev.object.metadata.namespace ?? ''}/${ev.object.metadata.name}@${ev.revision}`,
    );
  });
  return { seen, events, handle };
}

describe('MemoryStore writes', () => {
  it('create stamps resourceVersion with a new revision per write', () => {
    const s = new MemoryStore();
    expect(s.revision).toBe(0);
    const a = s.create('pods', newPod({ name: 'a' }));
    const b = s.create('pods', newPod({ name: 'b' }));
    expect(a.metadata.resourceVersion).toBe('1');
    expect(b.metadata.resourceVersion).toBe('2');
    expect(s.revision).toBe(2);
    expect(s.get('pods', 'default', 'a')).toBe(a);
  });

  it('stores a deep-frozen copy and leaves the input alone', () => {
    const s = new MemoryStore();
    const input = newPod({ name: 'a', labels: { app: 'web' } });
    const stored = s.create('pods', input);
    expect(input.metadata.resourceVersion).toBeUndefined();
    expect(Object.isFrozen(input)).toBe(false);
    input.metadata.labels!.app = 'changed';
    expect(s.get('pods', 'default', 'a')!.metadata.labels).toEqual({ app: 'web' });
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.metadata.labels)).toBe(true);
    expect(Object.isFrozen((stored.spec as { containers: object[] }).containers[0])).toBe(true);
    expect(() => {
      (stored.metadata as { name: string }).name = 'x';
    }).toThrow(TypeError);
  });

  it('adopt keeps the given object, freezes it in place and shares frozen parts', () => {
    const s = new MemoryStore();
    const input = newPod({ name: 'a', labels: { app: 'web' } });
    const first = s.create('pods', input, { adopt: true });
    expect(first).toBe(input);
    expect(first.metadata.resourceVersion).toBe('1');
    expect(Object.isFrozen((first.spec as { containers: object[] }).containers[0])).toBe(true);
    // A new version built by spreading the frozen one: spec is shared, metadata copied.
    const next = { ...first, status: { phase: 'Running' } };
    const second = s.update('pods', next, { adopt: true });
    expect(second.spec).toBe(first.spec);
    expect(second.metadata).not.toBe(first.metadata);
    expect(second.metadata.resourceVersion).toBe('2');
    expect(first.metadata.resourceVersion).toBe('1');
    expect(Object.isFrozen(second.status)).toBe(true);
    // A frozen object (handed back unchanged) is stored as a restamped copy.
    const third = s.update('pods', second, { adopt: true });
    expect(third).not.toBe(second);
    expect(third.metadata.resourceVersion).toBe('3');
    expect(second.metadata.resourceVersion).toBe('2');
    expect(s.debugCheckIndexes()).toEqual([]);
  });

  it.each([
    {
      name: 'core resource',
      resource: 'pods',
      obj: newPod({ name: 'web' }),
      message: 'pods "web" already exists',
    },
    {
      name: 'grouped resource',
      resource: 'deployments.apps',
      obj: newDeployment('web'),
      message: 'deployments.apps "web" already exists',
    },
  ])('create of a taken name is AlreadyExists ($name)', ({ resource, obj, message }) => {
    const s = new MemoryStore();
    s.create(resource, obj);
    const err = apiError(() => s.create(resource, obj));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('AlreadyExists');
    expect(err.message).toBe(message);
    expect(s.revision).toBe(1);
  });

  it('the same name in another namespace or resource is a different object', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'web', namespace: 'a' }));
    s.create('pods', newPod({ name: 'web', namespace: 'b' }));
    s.create('deployments.apps', newDeployment('web', 'a'));
    expect(s.count('pods')).toBe(2);
  });

  it('cluster-scoped objects live under namespace ""', () => {
    const s = new MemoryStore();
    s.create('namespaces', newNamespace('team-a'));
    expect(s.get('namespaces', '', 'team-a')?.metadata.name).toBe('team-a');
    expect(
      apiError(() =>
        s.create('namespaces', {
          ...newNamespace('team-a'),
          metadata: { name: 'team-a', namespace: '' },
        }),
      ).reason,
    ).toBe('AlreadyExists');
  });

  it('create without a name is BadRequest', () => {
    const s = new MemoryStore();
    const err = apiError(() => s.create('pods', newPod({ name: '' })));
    expect(err.code).toBe(400);
  });

  it.each([
    { name: 'no resourceVersion', rv: undefined },
    { name: 'empty resourceVersion', rv: '' },
    { name: 'current resourceVersion', rv: '1' },
  ])('update with $name succeeds', ({ rv }) => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'web' }));
    const next = s.update('pods', newPod({ name: 'web', resourceVersion: rv, phase: 'Running' }));
    expect(next.metadata.resourceVersion).toBe('2');
    expect((s.get('pods', 'default', 'web')!.status as { phase: string }).phase).toBe('Running');
  });

  it.each([
    {
      name: 'pods',
      resource: 'pods',
      obj: newPod({ name: 'web' }),
      message:
        'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    },
    {
      name: 'deployments',
      resource: 'deployments.apps',
      obj: newDeployment('web'),
      message:
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    },
  ])('update with a stale resourceVersion is Conflict ($name)', ({ resource, obj, message }) => {
    const s = new MemoryStore();
    const first = s.create(resource, obj);
    s.update(resource, structuredClone(first));
    const err = apiError(() => s.update(resource, structuredClone(first)));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe(message);
    expect(err.status.details).toMatchObject({ name: 'web', kind: groupKindOf(resource) });
    expect(s.revision).toBe(2);
  });

  function groupKindOf(resource: string): string {
    return resource.split('.')[0];
  }

  it.each([
    { name: 'pods', resource: 'pods', message: 'pods "web" not found', group: undefined },
    {
      name: 'deployments',
      resource: 'deployments.apps',
      message: 'deployments.apps "web" not found',
      group: 'apps',
    },
  ])(
    'update and delete of a missing object are NotFound ($name)',
    ({ resource, message, group }) => {
      const s = new MemoryStore();
      for (const err of [
        apiError(() => s.update(resource, newPod({ name: 'web' }))),
        apiError(() => s.delete(resource, 'default', 'web')),
      ]) {
        expect(err.code).toBe(404);
        expect(err.reason).toBe('NotFound');
        expect(err.message).toBe(message);
        expect(err.status.details?.group).toBe(group);
      }
      expect(s.revision).toBe(0);
    },
  );

  it('delete returns the last state stamped with the deleting revision', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'web', labels: { app: 'web' } }));
    const { events } = recorder(s, 'pods');
    const last = s.delete('pods', 'default', 'web');
    expect(last.metadata.resourceVersion).toBe('2');
    expect(last.metadata.labels).toEqual({ app: 'web' });
    expect(Object.isFrozen(last)).toBe(true);
    expect(s.get('pods', 'default', 'web')).toBeUndefined();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'DELETED', revision: 2, object: last });
    expect(events[0].prev?.metadata.resourceVersion).toBe('1');
  });

  it.each([
    { name: 'stale', expected: '0', ok: false },
    { name: 'current', expected: '1', ok: true },
    { name: 'empty (unconditional)', expected: '', ok: true },
  ])('delete with a $name expectedResourceVersion', ({ expected, ok }) => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'web' }));
    if (ok) {
      s.delete('pods', 'default', 'web', { expectedResourceVersion: expected });
      expect(s.count('pods')).toBe(0);
    } else {
      const err = apiError(() =>
        s.delete('pods', 'default', 'web', { expectedResourceVersion: expected }),
      );
      expect(err.reason).toBe('Conflict');
      expect(err.message).toContain('Operation cannot be fulfilled on pods "web"');
      expect(s.count('pods')).toBe(1);
    }
  });
});

describe('MemoryStore reads', () => {
  function seeded(): MemoryStore {
    const s = new MemoryStore();
    const pods: [string, string, Record<string, string>, string[]?][] = [
      ['b', 'web-2', { app: 'web', tier: 'front' }, ['rs1']],
      ['a-b', 'db-0', { app: 'db', tier: 'back' }],
      ['a', 'web-1', { app: 'web', tier: 'front' }, ['rs1']],
      ['a', 'cache', { app: 'cache', release: 'canary' }, ['rs2']],
      ['b', 'web-10', { app: 'web' }, ['rs1', 'rs2']],
      ['a', 'web-0', { app: 'web', tier: 'front', release: 'stable' }, ['rs1']],
    ];
    for (const [namespace, name, labels, owners] of pods)
      s.create('pods', newPod({ name, namespace, labels, owners }));
    s.create('deployments.apps', newDeployment('web', 'a'));
    return s;
  }

  it('list returns key order (namespace, then name) and the current revision', () => {
    const s = seeded();
    const { items, revision } = s.list('pods');
    expect(names(items)).toEqual([
      'a/cache',
      'a/web-0',
      'a/web-1',
      'a-b/db-0',
      'b/web-10',
      'b/web-2',
    ]);
    expect(revision).toBe(7);
    expect(s.list('services').items).toEqual([]);
  });

  it.each([
    { name: 'namespace', opts: { namespace: 'a' }, want: ['a/cache', 'a/web-0', 'a/web-1'] },
    { name: 'empty namespace', opts: { namespace: 'zzz' }, want: [] },
    { name: 'equality', sel: 'app=web', want: ['a/web-0', 'a/web-1', 'b/web-10', 'b/web-2'] },
    {
      name: 'equality in namespace',
      sel: 'app=web',
      opts: { namespace: 'b' },
      want: ['b/web-10', 'b/web-2'],
    },
    { name: 'two equalities', sel: 'app=web,tier=front', want: ['a/web-0', 'a/web-1', 'b/web-2'] },
    { name: 'in', sel: 'app in (db,cache)', want: ['a/cache', 'a-b/db-0'] },
    { name: 'in with a repeated value', sel: 'app in (db,db)', want: ['a-b/db-0'] },
    { name: 'notin', sel: 'app notin (web)', want: ['a/cache', 'a-b/db-0'] },
    { name: 'not equal', sel: 'tier!=front', want: ['a/cache', 'a-b/db-0', 'b/web-10'] },
    { name: 'exists', sel: 'release', want: ['a/cache', 'a/web-0'] },
    { name: 'does not exist', sel: '!tier', want: ['a/cache', 'b/web-10'] },
    { name: 'unknown value', sel: 'app=nope', want: [] },
    { name: 'owner', opts: { ownerUid: 'rs2' }, want: ['a/cache', 'b/web-10'] },
    { name: 'owner and selector', sel: 'app=web', opts: { ownerUid: 'rs2' }, want: ['b/web-10'] },
    { name: 'unknown owner', opts: { ownerUid: 'nope' }, want: [] },
    {
      name: 'filter',
      opts: { filter: (o: KubeObject) => o.metadata.name!.endsWith('0') },
      want: ['a/web-0', 'a-b/db-0', 'b/web-10'],
    },
  ])('list by $name', ({ sel, opts, want }) => {
    const s = seeded();
    const labelSelector = sel === undefined ? undefined : parseLabelSelector(sel);
    expect(names(s.list('pods', { ...opts, labelSelector }).items)).toEqual(want);
  });

  it('an owner list keeps the owner test when the label selector has fewer candidates', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'owned', labels: { app: 'db' }, owners: ['rs1'] }));
    s.create('pods', newPod({ name: 'other-owned', labels: { app: 'db' }, owners: ['rs1'] }));
    s.create('pods', newPod({ name: 'free', labels: { app: 'web' } }));
    const { items } = s.list('pods', {
      ownerUid: 'rs1',
      labelSelector: parseLabelSelector('app=web'),
    });
    expect(items).toEqual([]);
  });

  it('count is per resource and per namespace', () => {
    const s = seeded();
    expect(s.count('pods')).toBe(6);
    expect(s.count('pods', 'a')).toBe(3);
    expect(s.count('pods', 'zzz')).toBe(0);
    expect(s.count('services')).toBe(0);
    s.delete('pods', 'a', 'cache');
    expect(s.count('pods', 'a')).toBe(2);
  });

  it('dependents finds owned objects of every resource and follows owner changes', () => {
    const s = seeded();
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'x',
        namespace: 'a',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'rs2', controller: true },
        ],
      },
    };
    s.create('replicasets.apps', rs);
    expect(s.dependents('rs2').map((d) => `${d.resource} ${d.object.metadata.name}`)).toEqual([
      'pods cache',
      'pods web-10',
      'replicasets.apps x',
    ]);
    const cache = structuredClone(s.get('pods', 'a', 'cache')!);
    delete cache.metadata.ownerReferences;
    s.update('pods', cache);
    s.delete('replicasets.apps', 'a', 'x');
    expect(s.dependents('rs2').map((d) => d.object.metadata.name)).toEqual(['web-10']);
    expect(s.debugCheckIndexes()).toEqual([]);
  });

  it('label indexes follow label changes on update', () => {
    const s = seeded();
    const pod = structuredClone(s.get('pods', 'a', 'web-0')!);
    pod.metadata.labels = { app: 'db', extra: 'yes' };
    s.update('pods', pod);
    expect(names(s.list('pods', { labelSelector: parseLabelSelector('app=db') }).items)).toEqual([
      'a/web-0',
      'a-b/db-0',
    ]);
    expect(names(s.list('pods', { labelSelector: parseLabelSelector('tier') }).items)).toEqual([
      'a/web-1',
      'a-b/db-0',
      'b/web-2',
    ]);
    expect(s.debugCheckIndexes()).toEqual([]);
  });
});

describe('MemoryStore watch', () => {
  it('delivers live events after the write commits', () => {
    const s = new MemoryStore();
    const seenState: (string | undefined)[] = [];
    s.watch('pods', {}, (ev) =>
      seenState.push(s.get('pods', 'default', ev.object.metadata.name!)?.metadata.resourceVersion),
    );
    const { seen } = recorder(s, 'pods');
    s.create('pods', newPod({ name: 'a' }));
    s.update('pods', newPod({ name: 'a' }));
    s.create('deployments.apps', newDeployment('a'));
    s.delete('pods', 'default', 'a');
    expect(seen).toEqual(['ADDED default/a@1', 'MODIFIED default/a@2', 'DELETED default/a@4']);
    expect(seenState).toEqual(['1', '2', undefined]);
  });

  it("'*' watches every resource", () => {
    const s = new MemoryStore();
    const { events } = recorder(s, '*');
    s.create('pods', newPod({ name: 'a' }));
    s.create('deployments.apps', newDeployment('a'));
    expect(events.map((e) => `${e.resource}@${e.revision}`)).toEqual([
      'pods@1',
      'deployments.apps@2',
    ]);
  });

  it('replays history after fromRevision, then goes live', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'a' }));
    s.create('deployments.apps', newDeployment('a'));
    s.create('pods', newPod({ name: 'b' }));
    const { seen } = recorder(s, 'pods', { fromRevision: 1 });
    expect(seen).toEqual(['ADDED default/b@3']);
    s.delete('pods', 'default', 'a');
    expect(seen).toEqual(['ADDED default/b@3', 'DELETED default/a@4']);
    expect(recorder(s, 'pods', { fromRevision: 0 }).seen).toHaveLength(3);
    expect(recorder(s, 'pods', { fromRevision: 4 }).seen).toEqual([]);
  });

  it('oldestRevision: a watch may start at oldestRevision - 1; older is 410 with upstream wording', () => {
    const s = new MemoryStore({ historyLimit: 3 });
    expect(s.oldestRevision).toBe(1);
    expect(recorder(s, 'pods', { fromRevision: 0 }).seen).toEqual([]);
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.create('pods', newPod({ name: n }));
    expect(s.revision).toBe(5);
    expect(s.oldestRevision).toBe(3);
    expect(recorder(s, 'pods', { fromRevision: 2 }).seen).toEqual([
      'ADDED default/c@3',
      'ADDED default/d@4',
      'ADDED default/e@5',
    ]);
    const err = apiError(() => recorder(s, 'pods', { fromRevision: 1 }));
    expect(err.code).toBe(410);
    expect(err.reason).toBe('Expired');
    expect(err.message).toBe('too old resource version: 1 (2)');
  });

  it('keeps history bounded over many writes', () => {
    const s = new MemoryStore({ historyLimit: 100 });
    for (let i = 0; i < 5000; i++) s.create('pods', newPod({ name: `p${i}` }));
    expect(s.oldestRevision).toBe(4901);
    const { seen } = recorder(s, 'pods', { fromRevision: 4900 });
    expect(seen).toHaveLength(100);
    expect(seen[0]).toBe('ADDED default/p4900@4901');
  });

  it('historyLimit 0 keeps nothing but still allows watching from now', () => {
    const s = new MemoryStore({ historyLimit: 0 });
    s.create('pods', newPod({ name: 'a' }));
    expect(s.oldestRevision).toBe(2);
    expect(recorder(s, 'pods', { fromRevision: 1 }).seen).toEqual([]);
    expect(apiError(() => recorder(s, 'pods', { fromRevision: 0 })).code).toBe(410);
  });

  it.each([
    { name: 'starts matching -> ADDED', from: { app: 'db' }, to: { app: 'web' }, want: 'ADDED' },
    { name: 'stops matching -> DELETED', from: { app: 'web' }, to: { app: 'db' }, want: 'DELETED' },
    {
      name: 'keeps matching -> MODIFIED',
      from: { app: 'web' },
      to: { app: 'web', x: '1' },
      want: 'MODIFIED',
    },
    {
      name: 'never matches -> nothing',
      from: { app: 'db' },
      to: { app: 'db', x: '1' },
      want: undefined,
    },
  ] as { name: string; from: Record<string, string>; to: Record<string, string>; want?: string }[])(
    'a selector watch turns updates into what they mean: $name',
    ({ from, to, want }) => {
      const s = new MemoryStore();
      s.create('pods', newPod({ name: 'a', labels: from }));
      const { events } = recorder(s, 'pods', { labelSelector: parseLabelSelector('app=web') });
      const stored = s.update('pods', newPod({ name: 'a', labels: to }));
      expect(events.map((e) => e.type)).toEqual(want ? [want] : []);
      if (want) expect(events[0].object).toBe(stored);
    },
  );

  it('filters by namespace, owner and predicate', () => {
    const s = new MemoryStore();
    const ns = recorder(s, 'pods', { namespace: 'b' });
    const owner = recorder(s, 'pods', { ownerUid: 'rs1' });
    const pred = recorder(s, 'pods', {
      filter: (o: KubeObject) => (o.status as { phase: string }).phase === 'Running',
    });
    s.create('pods', newPod({ name: 'x', namespace: 'a', owners: ['rs1'] }));
    s.create('pods', newPod({ name: 'y', namespace: 'b' }));
    s.update('pods', newPod({ name: 'y', namespace: 'b', phase: 'Running' }));
    expect(ns.seen).toEqual(['ADDED b/y@2', 'MODIFIED b/y@3']);
    expect(owner.seen).toEqual(['ADDED a/x@1']);
    expect(pred.seen).toEqual(['ADDED b/y@3']);
  });

  it('stop ends delivery, also from inside a listener', () => {
    const s = new MemoryStore();
    const got: number[] = [];
    const h = s.watch('pods', {}, (ev) => {
      got.push(ev.revision);
      h.stop();
    });
    s.create('pods', newPod({ name: 'a' }));
    s.create('pods', newPod({ name: 'b' }));
    expect(got).toEqual([1]);
    h.stop();
  });

  it('a listener that writes does not reorder events for any watcher', () => {
    const s = new MemoryStore();
    const first = recorder(s, '*');
    // Reacts to each pod by writing a deployment, as a controller would.
    s.watch('pods', {}, (ev) => {
      if (ev.type === 'ADDED')
        s.create('deployments.apps', newDeployment(ev.object.metadata.name!));
    });
    const last = recorder(s, '*');
    s.create('pods', newPod({ name: 'a' }));
    s.create('pods', newPod({ name: 'b' }));
    const want = [
      'ADDED default/a@1',
      'ADDED default/a@2',
      'ADDED default/b@3',
      'ADDED default/b@4',
    ];
    expect(first.seen).toEqual(want);
    expect(last.seen).toEqual(want);
    expect(s.revision).toBe(4);
  });

  it('a watch opened inside a listener starts after the committed events', () => {
    const s = new MemoryStore();
    const inner: string[] = [];
    const replayed: string[] = [];
    s.watch('pods', {}, (ev) => {
      if (ev.revision === 1) {
        s.create('pods', newPod({ name: 'queued' }));
        s.watch('pods', {}, (e) => inner.push(`${e.object.metadata.name}@${e.revision}`));
        s.watch('pods', { fromRevision: 0 }, (e) =>
          replayed.push(`${e.object.metadata.name}@${e.revision}`),
        );
      }
    });
    s.create('pods', newPod({ name: 'a' }));
    s.create('pods', newPod({ name: 'b' }));
    expect(inner).toEqual(['b@3']);
    expect(replayed).toEqual(['a@1', 'queued@2', 'b@3']);
  });

  it('writes made while a history replay is delivered reach every watcher in order', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'a' }));
    const other = recorder(s, 'pods');
    const replay: string[] = [];
    s.watch('pods', { fromRevision: 0 }, (ev) => {
      replay.push(`${ev.object.metadata.name}@${ev.revision}`);
      if (ev.revision === 1) s.create('pods', newPod({ name: 'b' }));
    });
    expect(replay).toEqual(['a@1', 'b@2']);
    expect(other.seen).toEqual(['ADDED default/b@2']);
  });

  it('a throwing listener does not starve the others; the error reaches the writer', () => {
    const s = new MemoryStore();
    s.watch('pods', {}, () => {
      throw new Error('boom');
    });
    const { seen } = recorder(s, 'pods');
    expect(() => s.create('pods', newPod({ name: 'a' }))).toThrow('boom');
    expect(seen).toEqual(['ADDED default/a@1']);
    expect(s.get('pods', 'default', 'a')).toBeDefined();
  });

  it('a listener that throws during its history replay is not left registered', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'a' }));
    let calls = 0;
    expect(() =>
      s.watch('pods', { fromRevision: 0 }, () => {
        calls++;
        throw new Error('boom');
      }),
    ).toThrow('boom');
    s.create('pods', newPod({ name: 'b' }));
    expect(calls).toBe(1);
  });

  it('onListenerError receives listener exceptions instead of the writer', () => {
    const errors: unknown[] = [];
    const s = new MemoryStore({ onListenerError: (err) => errors.push(err) });
    s.watch('pods', {}, () => {
      throw new Error('boom');
    });
    s.create('pods', newPod({ name: 'a' }));
    expect(errors).toHaveLength(1);
  });

  it('events handed to listeners are frozen', () => {
    const s = new MemoryStore();
    const { events } = recorder(s, 'pods');
    s.create('pods', newPod({ name: 'a' }));
    expect(Object.isFrozen(events[0])).toBe(true);
    expect(Object.isFrozen(events[0].object)).toBe(true);
  });
});

describe('MemoryStore snapshot and restore', () => {
  it('round-trips through JSON', () => {
    const s = new MemoryStore();
    s.create(
      'pods',
      newPod({ name: 'b', namespace: 'x', labels: { app: 'web' }, owners: ['rs1'] }),
    );
    s.create('pods', newPod({ name: 'a', namespace: 'x', labels: { app: 'web' } }));
    s.create('namespaces', newNamespace('x'));
    s.create('deployments.apps', newDeployment('gone'));
    s.delete('deployments.apps', 'default', 'gone');
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    expect(snap.revision).toBe(5);
    expect(Object.keys(snap.resources)).toEqual(['namespaces', 'pods']);
    expect(names(snap.resources.pods)).toEqual(['x/a', 'x/b']);

    const t = new MemoryStore();
    t.create('services', newPod({ name: 'old' }));
    t.restore(snap);
    expect(t.revision).toBe(5);
    expect(t.snapshot()).toEqual(snap);
    expect(t.count('services')).toBe(0);
    expect(names(t.list('pods', { labelSelector: parseLabelSelector('app=web') }).items)).toEqual([
      'x/a',
      'x/b',
    ]);
    expect(t.dependents('rs1').map((d) => d.object.metadata.name)).toEqual(['b']);
    expect(Object.isFrozen(t.get('pods', 'x', 'a'))).toBe(true);
    expect(t.debugCheckIndexes()).toEqual([]);
    expect(t.create('pods', newPod({ name: 'c' })).metadata.resourceVersion).toBe('6');
  });

  it('restarts history at the snapshot revision and stops existing watchers', () => {
    const s = new MemoryStore();
    for (const n of ['a', 'b', 'c']) s.create('pods', newPod({ name: n }));
    const snap = s.snapshot();
    s.create('pods', newPod({ name: 'd' }));
    let closed = 0;
    const w = recorder(s, 'pods', { onClose: () => closed++ });
    s.restore(snap);
    expect(closed).toBe(1);
    expect(s.oldestRevision).toBe(4);
    expect(apiError(() => s.watch('pods', { fromRevision: 2 }, () => {})).code).toBe(410);
    const fresh = recorder(s, 'pods', { fromRevision: 3 });
    s.create('pods', newPod({ name: 'e' }));
    expect(w.seen).toEqual([]);
    expect(fresh.seen).toEqual(['ADDED default/e@4']);
    w.handle.stop();
  });

  it('an invalid snapshot leaves the store as it was', () => {
    const s = new MemoryStore();
    s.create('pods', newPod({ name: 'a' }));
    const dup = {
      revision: 9,
      resources: { pods: [newPod({ name: 'x' }), newPod({ name: 'x' })] },
    };
    expect(apiError(() => s.restore(dup)).reason).toBe('AlreadyExists');
    expect(apiError(() => s.restore({ revision: -1, resources: {} })).code).toBe(400);
    expect(s.revision).toBe(1);
    expect(names(s.list('pods').items)).toEqual(['default/a']);
  });
});
