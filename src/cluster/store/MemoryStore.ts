/**
 * The in-memory implementation of the store contract (types.ts): one global revision, deep-frozen
 * objects, indexes by namespace, label and owner, a bounded event history for watch replay, and
 * synchronous, re-entrancy-safe watch fan-out.
 */
import { deepCopy } from '../api/deepCopy';
import type { KubeObject } from '../api/types';
import {
  STALE_OBJECT_MESSAGE,
  alreadyExists,
  badRequest,
  conflict,
  gone,
  notFound,
} from '../api/errors';
import { ResourceTable } from './ResourceTable';
import type { TableIndexDump } from './ResourceTable';
import { OwnerIndex } from './OwnerIndex';
import type { OwnerIndexDump } from './OwnerIndex';
import { deepFreeze, frozenCopy, groupResource, namespaceOf, objectKey } from './keys';
import { filterEvent, objectMatcher } from './watchFilter';
import type { ObjectMatcher } from './watchFilter';
import type {
  ListOptions,
  Store,
  StoreEvent,
  StoreSnapshot,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './types';

export interface MemoryStoreOptions {
  /** Events retained for watch replay (default 10,000). */
  historyLimit?: number;
  /**
   * Receives an exception thrown by a watch listener. Without it, delivery to the other
   * watchers goes on, and the first exception is rethrown to the writer once the fan-out has
   * finished (the write itself stays committed).
   */
  onListenerError?: (err: unknown, ev: StoreEvent) => void;
}

/** What the indexes hold, as plain data (see MemoryStore.debugIndexes). */
export interface StoreIndexDump {
  tables: Record<string, TableIndexDump>;
  owners: OwnerIndexDump;
}

interface Watcher {
  resource: string;
  namespace: string | undefined;
  match: ObjectMatcher | undefined;
  listener: (ev: StoreEvent) => void;
  /** The revision of the last event this watcher has been offered; later events only. */
  cursor: number;
  stopped: boolean;
  onClose: (() => void) | undefined;
}

/** The watchers of one resource ('*' included), split by namespace so fan-out skips the rest. */
interface WatcherGroup {
  anyNamespace: Set<Watcher>;
  byNamespace: Map<string, Set<Watcher>>;
}

const DEFAULT_HISTORY_LIMIT = 10_000;

function requireName(obj: KubeObject): string {
  const name = obj?.metadata?.name;
  if (!name) throw badRequest('resource name may not be empty');
  return name;
}

/** A frozen copy of a stored object with a new resourceVersion; the rest stays shared. */
function restamp(obj: KubeObject, revision: number): KubeObject {
  return Object.freeze({
    ...obj,
    metadata: Object.freeze({ ...obj.metadata, resourceVersion: String(revision) }),
  });
}

/**
 * An adopted object, stamped with its revision and frozen in place: subtrees that are already
 * frozen (shared with stored objects) are not walked again.
 */
function adoptStamped(obj: KubeObject, revision: number): KubeObject {
  const out = Object.isFrozen(obj) ? { ...obj } : obj;
  if (Object.isFrozen(out.metadata)) out.metadata = { ...out.metadata };
  out.metadata.resourceVersion = String(revision);
  return deepFreeze(out);
}

export class MemoryStore implements Store {
  private rev = 0;
  private tables = new Map<string, ResourceTable>();
  private owners = new OwnerIndex();

  private readonly historyLimit: number;
  /** Retained events are history[historyStart..]; revisions are consecutive. */
  private history: StoreEvent[] = [];
  private historyStart = 0;

  private readonly watchers = new Map<string, WatcherGroup>();
  private watcherCount = 0;
  /** Committed events not yet fanned out; drained by whoever started delivering. */
  private queue: StoreEvent[] = [];
  private queueHead = 0;
  private delivering = false;
  private listenerError: { err: unknown } | undefined;
  private readonly onListenerError: MemoryStoreOptions['onListenerError'];

  constructor(opts: MemoryStoreOptions = {}) {
    this.historyLimit = Math.max(0, opts.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.onListenerError = opts.onListenerError;
  }

  get revision(): number {
    return this.rev;
  }

  get oldestRevision(): number {
    return this.rev + 1 - (this.history.length - this.historyStart);
  }

  // ---- reads ----

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.tables.get(resource)?.get(namespace, name);
  }

  list(resource: string, opts: ListOptions = {}): { items: KubeObject[]; revision: number } {
    const table = this.tables.get(resource);
    if (!table) return { items: [], revision: this.rev };
    const items = table.select({
      namespace: opts.namespace,
      labelSelector: opts.labelSelector,
      within: opts.ownerUid === undefined ? undefined : this.owners.keys(opts.ownerUid, resource),
      filter: opts.filter,
    });
    return { items, revision: this.rev };
  }

  count(resource: string, namespace?: string): number {
    return this.tables.get(resource)?.count(namespace) ?? 0;
  }

  dependents(uid: string): { resource: string; object: KubeObject }[] {
    const out: { resource: string; object: KubeObject }[] = [];
    const byRes = this.owners.resources(uid);
    for (const resource of [...byRes.keys()].sort()) {
      const table = this.tables.get(resource)!;
      for (const key of [...byRes.get(resource)!].sort())
        out.push({ resource, object: table.objects.get(key)! });
    }
    return out;
  }

  // ---- writes ----

  create(resource: string, obj: KubeObject, opts?: WriteOptions): KubeObject {
    const name = requireName(obj);
    const key = objectKey(namespaceOf(obj), name);
    let table = this.tables.get(resource);
    if (table?.objects.has(key)) throw alreadyExists(groupResource(resource), name);
    const revision = this.rev + 1;
    const stored = opts?.adopt ? adoptStamped(obj, revision) : this.stamp(obj, revision);
    if (!table) this.tables.set(resource, (table = new ResourceTable()));
    table.put(key, stored);
    this.owners.update(resource, key, undefined, stored);
    this.commit({ type: 'ADDED', resource, object: stored, revision });
    return stored;
  }

  update(resource: string, obj: KubeObject, opts?: WriteOptions): KubeObject {
    const name = requireName(obj);
    const key = objectKey(namespaceOf(obj), name);
    const table = this.tables.get(resource);
    const prev = table?.objects.get(key);
    if (!table || !prev) throw notFound(groupResource(resource), name);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== prev.metadata.resourceVersion)
      throw conflict(groupResource(resource), name, STALE_OBJECT_MESSAGE);
    const revision = this.rev + 1;
    const stored = opts?.adopt ? adoptStamped(obj, revision) : this.stamp(obj, revision);
    table.put(key, stored);
    this.owners.update(resource, key, prev, stored);
    this.commit({ type: 'MODIFIED', resource, object: stored, prev, revision });
    return stored;
  }

  delete(
    resource: string,
    namespace: string,
    name: string,
    opts: { expectedResourceVersion?: string } = {},
  ): KubeObject {
    const key = objectKey(namespace, name);
    const table = this.tables.get(resource);
    const prev = table?.objects.get(key);
    if (!table || !prev) throw notFound(groupResource(resource), name);
    const expected = opts.expectedResourceVersion;
    if (expected && expected !== prev.metadata.resourceVersion)
      throw conflict(groupResource(resource), name, STALE_OBJECT_MESSAGE);
    const revision = this.rev + 1;
    const last = restamp(prev, revision);
    table.remove(key);
    this.owners.update(resource, key, prev, undefined);
    this.commit({ type: 'DELETED', resource, object: last, prev, revision });
    return last;
  }

  private stamp(obj: KubeObject, revision: number): KubeObject {
    const copy = deepCopy(obj);
    copy.metadata.resourceVersion = String(revision);
    return deepFreeze(copy);
  }

  /** Makes a write visible: bumps the revision, records history, then fans the event out. */
  private commit(ev: StoreEvent): void {
    Object.freeze(ev);
    this.rev = ev.revision;
    this.history.push(ev);
    if (this.history.length - this.historyStart > this.historyLimit) {
      this.history[this.historyStart++] = undefined as unknown as StoreEvent;
      // Compact once the dropped prefix is as long as what is kept: amortised O(1).
      if (this.historyStart >= 1024 && this.historyStart * 2 >= this.history.length) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
    if (this.watcherCount === 0) return;
    this.queue.push(ev);
    this.drain();
  }

  // ---- watch ----

  watch(resource: string, opts: WatchOptions, listener: (ev: StoreEvent) => void): WatchHandle {
    const from = opts.fromRevision;
    if (from !== undefined && from < this.oldestRevision - 1)
      throw gone(`too old resource version: ${from} (${this.oldestRevision - 1})`);
    const w: Watcher = {
      resource,
      namespace: opts.namespace,
      match: objectMatcher(opts),
      listener,
      cursor: from ?? this.rev,
      stopped: false,
      onClose: opts.onClose,
    };
    this.addWatcher(w);
    const handle: WatchHandle = { stop: () => this.removeWatcher(w) };
    if (w.cursor >= this.rev) return handle;

    // Replay history as one delivery, so writes made by the listener meanwhile queue behind it.
    const nested = this.delivering;
    this.delivering = true;
    try {
      while (!w.stopped && w.cursor < this.rev) {
        const ev = this.eventAt(w.cursor + 1);
        if (!ev) {
          // The listener wrote more than the whole history while replaying.
          this.removeWatcher(w);
          w.onClose?.();
          break;
        }
        if (ev.resource === resource || resource === '*') this.deliver(w, ev);
        else w.cursor = ev.revision;
      }
    } finally {
      this.delivering = nested;
    }
    if (!nested) {
      try {
        this.drain();
      } catch (err) {
        // The caller gets no handle to stop this watch with, so it must not outlive the throw.
        this.removeWatcher(w);
        throw err;
      }
    }
    return handle;
  }

  private eventAt(revision: number): StoreEvent | undefined {
    const i = revision - this.oldestRevision;
    return i < 0 ? undefined : this.history[this.historyStart + i];
  }

  private addWatcher(w: Watcher): void {
    let group = this.watchers.get(w.resource);
    if (!group) {
      group = { anyNamespace: new Set(), byNamespace: new Map() };
      this.watchers.set(w.resource, group);
    }
    if (w.namespace === undefined) group.anyNamespace.add(w);
    else {
      let set = group.byNamespace.get(w.namespace);
      if (!set) group.byNamespace.set(w.namespace, (set = new Set()));
      set.add(w);
    }
    this.watcherCount++;
  }

  private removeWatcher(w: Watcher): void {
    if (w.stopped) return;
    w.stopped = true;
    this.watcherCount--;
    const group = this.watchers.get(w.resource);
    if (!group) return;
    if (w.namespace === undefined) group.anyNamespace.delete(w);
    else {
      const set = group.byNamespace.get(w.namespace);
      set?.delete(w);
      if (set?.size === 0) group.byNamespace.delete(w.namespace);
    }
    if (group.anyNamespace.size === 0 && group.byNamespace.size === 0)
      this.watchers.delete(w.resource);
  }

  /** Fans queued events out in revision order; re-entrant calls leave the work to the outer one. */
  private drain(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.queueHead < this.queue.length) {
        const ev = this.queue[this.queueHead++];
        this.fanOut(ev, this.watchers.get(ev.resource));
        this.fanOut(ev, this.watchers.get('*'));
      }
    } finally {
      this.queue = [];
      this.queueHead = 0;
      this.delivering = false;
    }
    const failed = this.listenerError;
    this.listenerError = undefined;
    if (failed) throw failed.err;
  }

  private fanOut(ev: StoreEvent, group: WatcherGroup | undefined): void {
    if (!group) return;
    for (const w of group.anyNamespace) this.deliver(w, ev);
    const ns = group.byNamespace.get(namespaceOf(ev.object));
    if (ns) for (const w of ns) this.deliver(w, ev);
  }

  private deliver(w: Watcher, ev: StoreEvent): void {
    // Watchers added during a fan-out start past the events already committed.
    if (w.stopped || ev.revision <= w.cursor) return;
    w.cursor = ev.revision;
    try {
      // The filter is caller code too: a throwing one must not starve the other watchers.
      const out = filterEvent(ev, w.match);
      if (out) w.listener(out);
    } catch (err) {
      if (this.onListenerError) this.onListenerError(err, ev);
      else this.listenerError ??= { err };
    }
  }

  // ---- snapshot ----

  snapshot(): StoreSnapshot {
    const resources: Record<string, KubeObject[]> = {};
    for (const resource of [...this.tables.keys()].sort()) {
      const table = this.tables.get(resource)!;
      if (table.size > 0) resources[resource] = table.all();
    }
    return { revision: this.rev, resources };
  }

  /**
   * Replaces the whole state with `snap`. History restarts empty at the snapshot's revision, so
   * oldestRevision becomes snap.revision + 1 and a watch from before snap.revision gets 410.
   * Every existing watcher is stopped (its onClose is called): events from the old state would
   * make no sense to it. Invalid input throws and leaves the store as it was.
   */
  restore(snap: StoreSnapshot): void {
    const revision = snap?.revision;
    if (!Number.isSafeInteger(revision) || revision < 0)
      throw badRequest(`invalid snapshot revision: ${String(revision)}`);
    const tables = new Map<string, ResourceTable>();
    const owners = new OwnerIndex();
    for (const resource of Object.keys(snap.resources ?? {}).sort()) {
      const objects = snap.resources[resource];
      if (!Array.isArray(objects)) throw badRequest(`invalid snapshot: ${resource} is not a list`);
      const table = new ResourceTable();
      for (const obj of objects) {
        const name = requireName(obj);
        const key = objectKey(namespaceOf(obj), name);
        if (table.objects.has(key)) throw alreadyExists(groupResource(resource), name);
        const stored = frozenCopy(obj);
        table.put(key, stored);
        owners.update(resource, key, undefined, stored);
      }
      tables.set(resource, table);
    }

    this.tables = tables;
    this.owners = owners;
    this.rev = revision;
    this.history = [];
    this.historyStart = 0;
    this.queue = [];
    this.queueHead = 0;
    const closed: Watcher[] = [];
    for (const group of [...this.watchers.values()]) {
      closed.push(...group.anyNamespace);
      for (const set of group.byNamespace.values()) closed.push(...set);
    }
    for (const w of closed) this.removeWatcher(w);
    for (const w of closed) w.onClose?.();
  }

  // ---- debugging ----

  /** The indexes as plain data, for tests that compare them with indexes rebuilt from scratch. */
  debugIndexes(): StoreIndexDump {
    const tables: Record<string, TableIndexDump> = {};
    for (const resource of [...this.tables.keys()].sort()) {
      const table = this.tables.get(resource)!;
      if (table.size > 0) tables[resource] = table.dumpIndexes();
    }
    return { tables, owners: this.owners.dump() };
  }

  /**
   * Rebuilds every index from the stored objects alone and lists where the incremental ones
   * differ (empty when they agree).
   */
  debugCheckIndexes(): string[] {
    const problems: string[] = [];
    const rebuilt = new MemoryStore({ historyLimit: 0 });
    for (const [resource, table] of this.tables) {
      const fresh = new ResourceTable();
      for (const [key, obj] of table.objects) {
        const want = objectKey(namespaceOf(obj), obj.metadata.name ?? '');
        if (key !== want)
          problems.push(
            `${resource}: object ${JSON.stringify(want)} under key ${JSON.stringify(key)}`,
          );
        fresh.put(key, obj);
        rebuilt.owners.update(resource, key, undefined, obj);
      }
      rebuilt.tables.set(resource, fresh);
    }
    const want = rebuilt.debugIndexes();
    const have = this.debugIndexes();
    for (const [r, table] of this.tables) {
      const sorted = JSON.stringify([...table.objects.keys()].sort());
      if (table.size > 0 && JSON.stringify(have.tables[r].keys) !== sorted)
        problems.push(`${r}: key order ${JSON.stringify(have.tables[r].keys)} != ${sorted}`);
    }
    const resources = new Set([...Object.keys(want.tables), ...Object.keys(have.tables)]);
    for (const r of resources) {
      const a = JSON.stringify(have.tables[r]);
      const b = JSON.stringify(want.tables[r]);
      if (a !== b) problems.push(`${r}: incremental ${a} != rebuilt ${b}`);
    }
    const a = JSON.stringify(have.owners);
    const b = JSON.stringify(want.owners);
    if (a !== b) problems.push(`owners: incremental ${a} != rebuilt ${b}`);
    return problems;
  }
}
