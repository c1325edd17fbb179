/**
 * Seeded property test of the store (in the manner of tldraw's recordStoreFuzzing test): random
 * writes over a few resources, namespaces, names, labels and owners, with watchers opened at
 * random revisions with random filters, some replaying history, one of them writing back from
 * inside its listener. After each run the incremental indexes must equal a rebuild, lists must
 * equal a brute-force filter, and every watcher must have received exactly the stream computed
 * from the operation log.
 *
 * A failing run prints its seed and path; add them to PINNED to keep the case forever. Set
 * STORE_FUZZ_SEED to explore another seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { matchesLabels } from '../api/selectors';
import type { LabelSelector, Operator, Requirement } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { MemoryStore } from './MemoryStore';
import type { ListOptions, StoreEvent, WatchHandle } from './types';

/** Failing cases found so far: {seed, path} as fast-check printed them. */
const PINNED: { seed: number; path?: string }[] = [
  // An ownerUid list whose label selector had the smaller candidate set dropped the owner test.
  {
    seed: 20250101,
    path: '275:0:2:0:2:5:2:3:3:4:5:5:5:5:5:5:5:5:5:5:5:5:5:6:6:6:6:6:6:7:7:7:1:1:3:3:4:4:4:4:4:5:5:5:5:5:5:5:6:6:6:6:6:7:7:8:8:8:8:9:9:16:13:14:14:14:14:14:14:14:14:0:0:0:12:2:2:0:0:0:0:0:0:0:0:0:0:0:0:0:0:1:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:2:1:3:3:0:0:0:0:0:0:0',
  },
];

const RESOURCES = ['pods', 'deployments.apps', 'nodes'] as const;
const NAMESPACES = ['ns', 'ns-a', 'nsb'];
const NAMES = ['a', 'b', 'c'];
const LABEL_KEYS = ['app', 'tier', 'n'];
const LABEL_VALUES = ['web', 'db', '1', '10'];
const OWNERS = ['u1', 'u2', 'u3'];
/** Written by the reactive watcher only, so top-level writes and its writes never collide. */
const REACTION_RESOURCE = 'configmaps';

type Resource = (typeof RESOURCES)[number];

interface ObjSpec {
  resource: Resource;
  namespace: string;
  name: string;
  labels: Record<string, string> | undefined;
  owners: string[];
  phase: string;
}

interface FilterSpec {
  namespace?: string;
  selector?: LabelSelector;
  ownerUid?: string;
  /** A predicate on a field: status.phase equals this. */
  phase?: string;
}

type Op =
  | { kind: 'create'; obj: ObjSpec }
  | { kind: 'update'; obj: ObjSpec; stale: boolean }
  | { kind: 'delete'; obj: ObjSpec; stale: boolean }
  | { kind: 'watch'; resource: string; filter: FilterSpec; back: number | undefined }
  | { kind: 'stop'; index: number }
  | { kind: 'restore' };

const labelsArb = fc.option(
  fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 }),
  { nil: undefined },
);

const objArb: fc.Arbitrary<ObjSpec> = fc.record({
  resource: fc.constantFrom(...RESOURCES),
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom(...NAMES),
  labels: labelsArb,
  owners: fc.subarray(OWNERS),
  phase: fc.constantFrom('Pending', 'Running'),
});

const requirementArb: fc.Arbitrary<Requirement> = fc
  .record({
    key: fc.constantFrom(...LABEL_KEYS),
    operator: fc.constantFrom<Operator>('=', '==', '!=', 'in', 'notin', 'exists', '!', 'gt', 'lt'),
    values: fc.array(fc.constantFrom(...LABEL_VALUES), { minLength: 1, maxLength: 3 }),
    num: fc.constantFrom('0', '5', '-1'),
  })
  .map(({ key, operator, values, num }) => {
    if (operator === 'exists' || operator === '!') return { key, operator, values: [] };
    if (operator === 'gt' || operator === 'lt') return { key, operator, values: [num] };
    if (operator === 'in' || operator === 'notin') return { key, operator, values };
    return { key, operator, values: [values[0]] };
  });

const filterArb: fc.Arbitrary<FilterSpec> = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    selector: fc.array(requirementArb, { maxLength: 2 }),
    ownerUid: fc.constantFrom(...OWNERS),
    phase: fc.constantFrom('Pending', 'Running'),
  },
  { requiredKeys: [] },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: objArb.map((obj) => ({ kind: 'create' as const, obj })) },
  {
    weight: 5,
    arbitrary: fc
      .record({ obj: objArb, stale: fc.boolean() })
      .map((o) => ({ kind: 'update' as const, ...o })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ obj: objArb, stale: fc.boolean() })
      .map((o) => ({ kind: 'delete' as const, ...o })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        resource: fc.constantFrom<string>(...RESOURCES, '*', REACTION_RESOURCE),
        filter: filterArb,
        back: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
      })
      .map((o) => ({ kind: 'watch' as const, ...o })),
  },
  { weight: 1, arbitrary: fc.nat({ max: 20 }).map((index) => ({ kind: 'stop' as const, index })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restore' as const }) },
);

const scenarioArb = fc.record({
  historyLimit: fc.constantFrom(0, 3, 8, 1000),
  reactive: fc.boolean(),
  ops: fc.array(opArb, { minLength: 20, maxLength: 80 }),
  listQueries: fc.array(
    fc.record({
      resource: fc.constantFrom<string>(...RESOURCES, REACTION_RESOURCE),
      filter: filterArb,
    }),
    { minLength: 4, maxLength: 10 },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function nsOf(spec: ObjSpec): string {
  return spec.resource === 'nodes' ? '' : spec.namespace;
}

function build(spec: ObjSpec, resourceVersion?: string): KubeObject {
  const metadata: KubeObject['metadata'] = { name: spec.name };
  if (spec.resource !== 'nodes') metadata.namespace = spec.namespace;
  if (spec.labels) metadata.labels = { ...spec.labels };
  if (spec.owners.length > 0)
    metadata.ownerReferences = spec.owners.map((uid) => ({
      apiVersion: 'v1',
      kind: 'Owner',
      name: uid,
      uid,
    }));
  if (resourceVersion !== undefined) metadata.resourceVersion = resourceVersion;
  return { apiVersion: 'v1', kind: 'Thing', metadata, status: { phase: spec.phase } };
}

/** The filter semantics, written out independently of the store. */
function matcher(f: FilterSpec): (obj: KubeObject) => boolean {
  return (obj) =>
    (f.namespace === undefined || (obj.metadata.namespace ?? '') === f.namespace) &&
    (f.selector === undefined || matchesLabels(f.selector, obj.metadata.labels)) &&
    (f.ownerUid === undefined ||
      (obj.metadata.ownerReferences ?? []).some((r) => r.uid === f.ownerUid)) &&
    (f.phase === undefined || (obj.status as { phase?: string }).phase === f.phase);
}

function listOptions(f: FilterSpec): ListOptions {
  const opts: ListOptions = {};
  if (f.namespace !== undefined) opts.namespace = f.namespace;
  if (f.selector !== undefined) opts.labelSelector = f.selector;
  if (f.ownerUid !== undefined) opts.ownerUid = f.ownerUid;
  if (f.phase !== undefined) {
    const phase = f.phase;
    opts.filter = (o) => (o.status as { phase?: string }).phase === phase;
  }
  return opts;
}

interface LogEntry {
  revision: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  prev?: KubeObject;
  object: KubeObject;
}

interface WatchRecord {
  resource: string;
  filter: FilterSpec;
  start: number;
  stopAt?: number;
  received: StoreEvent[];
  handle: WatchHandle;
}

function describeEvent(e: {
  type: string;
  resource: string;
  object: KubeObject;
  revision: number;
}) {
  const m = e.object.metadata;
  return `${e.revision} ${e.type} ${e.resource} ${m.namespace ?? ''}/${m.name} rv=${m.resourceVersion} ${JSON.stringify(m.labels ?? {})}`;
}

function expectedStream(w: WatchRecord, log: LogEntry[]): string[] {
  const match = matcher(w.filter);
  const out: string[] = [];
  for (const e of log) {
    if (e.revision <= w.start || (w.stopAt !== undefined && e.revision > w.stopAt)) continue;
    if (w.resource !== '*' && w.resource !== e.resource) continue;
    let type: string | undefined;
    if (e.type === 'ADDED') type = match(e.object) ? 'ADDED' : undefined;
    else if (e.type === 'DELETED') type = match(e.prev!) ? 'DELETED' : undefined;
    else {
      const before = match(e.prev!);
      const after = match(e.object);
      type = before && after ? 'MODIFIED' : after ? 'ADDED' : before ? 'DELETED' : undefined;
    }
    if (type) out.push(describeEvent({ ...e, type }));
  }
  return out;
}

function errorReason(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof ApiError) return e.reason;
    throw e;
  }
}

function runScenario({ historyLimit, reactive, ops, listQueries }: Scenario): void {
  const store = new MemoryStore({ historyLimit });
  const log: LogEntry[] = [];
  const model = new Map<string, KubeObject>(); // resource NUL namespace NUL name
  const watchers: WatchRecord[] = [];
  let historyBase = 0;
  const modelKey = (resource: string, ns: string, name: string) => `${resource}\0${ns}\0${name}`;

  const record = (
    resource: string,
    type: LogEntry['type'],
    prev: KubeObject | undefined,
    object: KubeObject,
  ) => {
    const revision = Number(object.metadata.resourceVersion);
    log.push({ revision, resource, type, prev, object });
    const k = modelKey(resource, object.metadata.namespace ?? '', object.metadata.name!);
    if (type === 'DELETED') model.delete(k);
    else model.set(k, object);
  };

  if (reactive) {
    // A controller-like listener: every pod event writes a configmap from inside the fan-out.
    store.watch('pods', {}, (ev) => {
      const ns = ev.object.metadata.namespace ?? '';
      const name = `cm-${ev.object.metadata.name}`;
      const prev = store.get(REACTION_RESOURCE, ns, name);
      const obj: KubeObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        // Adopted, sharing the pod's frozen labels: structural sharing must not disturb indexes.
        metadata: { name, namespace: ns, labels: ev.object.metadata.labels },
        status: { phase: ev.type === 'DELETED' ? 'Pending' : 'Running' },
      };
      const adopt = { adopt: true };
      if (prev)
        record(REACTION_RESOURCE, 'MODIFIED', prev, store.update(REACTION_RESOURCE, obj, adopt));
      else
        record(REACTION_RESOURCE, 'ADDED', undefined, store.create(REACTION_RESOURCE, obj, adopt));
    });
  }

  for (const op of ops) {
    switch (op.kind) {
      case 'create': {
        const k = modelKey(op.obj.resource, nsOf(op.obj), op.obj.name);
        const exists = model.has(k);
        let stored: KubeObject | undefined;
        const reason = errorReason(() => (stored = store.create(op.obj.resource, build(op.obj))));
        expect(reason).toBe(exists ? 'AlreadyExists' : undefined);
        if (stored) record(op.obj.resource, 'ADDED', undefined, stored);
        break;
      }
      case 'update': {
        const prev = model.get(modelKey(op.obj.resource, nsOf(op.obj), op.obj.name));
        const rv = prev
          ? op.stale
            ? String(Number(prev.metadata.resourceVersion) - 1)
            : prev.metadata.resourceVersion
          : undefined;
        let stored: KubeObject | undefined;
        const reason = errorReason(
          () =>
            (stored = store.update(op.obj.resource, build(op.obj, rv), {
              adopt: op.obj.name.length % 2 === 0,
            })),
        );
        expect(reason).toBe(!prev ? 'NotFound' : op.stale ? 'Conflict' : undefined);
        if (stored) record(op.obj.resource, 'MODIFIED', prev, stored);
        break;
      }
      case 'delete': {
        const ns = nsOf(op.obj);
        const prev = model.get(modelKey(op.obj.resource, ns, op.obj.name));
        const expectedResourceVersion = op.stale ? 'x' : undefined;
        let last: KubeObject | undefined;
        const reason = errorReason(
          () =>
            (last = store.delete(op.obj.resource, ns, op.obj.name, { expectedResourceVersion })),
        );
        expect(reason).toBe(!prev ? 'NotFound' : op.stale ? 'Conflict' : undefined);
        if (last) record(op.obj.resource, 'DELETED', prev, last);
        break;
      }
      case 'watch': {
        const from = op.back === undefined ? undefined : Math.max(0, store.revision - op.back);
        const retained = Math.min(historyLimit, store.revision - historyBase);
        const oldest = store.revision + 1 - retained;
        expect(store.oldestRevision).toBe(oldest);
        const w: WatchRecord = {
          resource: op.resource,
          filter: op.filter,
          start: from ?? store.revision,
          received: [],
          handle: { stop() {} },
        };
        const reason = errorReason(() => {
          w.handle = store.watch(
            op.resource,
            { ...listOptions(op.filter), fromRevision: from },
            (ev) => w.received.push(ev),
          );
        });
        expect(reason).toBe(from !== undefined && from < oldest - 1 ? 'Expired' : undefined);
        if (!reason) watchers.push(w);
        break;
      }
      case 'stop': {
        const w = watchers[op.index];
        if (w && w.stopAt === undefined) {
          w.handle.stop();
          w.stopAt = store.revision;
        }
        break;
      }
      case 'restore': {
        const snap = JSON.parse(JSON.stringify(store.snapshot()));
        store.restore(snap);
        historyBase = store.revision;
        for (const w of watchers) w.stopAt ??= store.revision;
        // The reactive watcher is stopped too; later pod writes no longer react.
        break;
      }
    }
    expect(store.debugCheckIndexes()).toEqual([]);
  }

  log.sort((a, b) => a.revision - b.revision);
  // (a) the log has one entry per revision, and the model equals what the store holds.
  expect(log.map((e) => e.revision)).toEqual(log.map((_, i) => i + 1));
  const snap = store.snapshot();
  const fromModel: Record<string, string[]> = {};
  for (const [k, obj] of [...model].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const resource = k.slice(0, k.indexOf('\0'));
    (fromModel[resource] ??= []).push(
      describeEvent({ type: '', resource, object: obj, revision: 0 }),
    );
  }
  const fromStore: Record<string, string[]> = {};
  for (const [resource, objs] of Object.entries(snap.resources))
    fromStore[resource] = objs.map((object) =>
      describeEvent({ type: '', resource, object, revision: 0 }),
    );
  expect(fromStore).toEqual(fromModel);

  // (b) lists equal a brute-force filter of all objects, in (namespace, name) order.
  for (const q of listQueries) {
    const match = matcher(q.filter);
    const want = [...model.entries()]
      .filter(([k, obj]) => k.startsWith(q.resource + '\0') && match(obj))
      .map(([, obj]) => obj)
      .sort((a, b) => {
        const na = a.metadata.namespace ?? '';
        const nb = b.metadata.namespace ?? '';
        if (na !== nb) return na < nb ? -1 : 1;
        return a.metadata.name! < b.metadata.name! ? -1 : 1;
      });
    const got = store.list(q.resource, listOptions(q.filter));
    expect(got.revision).toBe(store.revision);
    expect(got.items).toEqual(want);
  }

  // (c) every watcher received exactly the expected stream, revisions strictly increasing.
  for (const w of watchers) {
    const revs = w.received.map((e) => e.revision);
    for (let i = 1; i < revs.length; i++) expect(revs[i]).toBeGreaterThan(revs[i - 1]);
    expect(w.received.map(describeEvent)).toEqual(expectedStream(w, log));
  }
}

describe('MemoryStore under random operations', () => {
  const envSeed = Number(process.env.STORE_FUZZ_SEED);

  it('keeps indexes, lists and watch streams consistent (seed 20250101)', () => {
    fc.assert(fc.property(scenarioArb, runScenario), { seed: 20250101, numRuns: 300 });
  });

  // Exploration of another seed exists only when asked for, so a normal run skips nothing.
  if (Number.isFinite(envSeed)) {
    it('explores STORE_FUZZ_SEED', () => {
      fc.assert(fc.property(scenarioArb, runScenario), { seed: envSeed, numRuns: 1000 });
    });
  }

  it.each(PINNED.map((p) => ({ ...p, name: `seed ${p.seed}` })))(
    'pinned case $name',
    ({ seed, path }) => {
      fc.assert(fc.property(scenarioArb, runScenario), { seed, path, endOnFailure: true });
    },
  );
});
