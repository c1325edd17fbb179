/**
 * The page's view of the cluster, fed through the API like any other client: one watch per
 * watched resource (all namespaces, as Tables with the whole object, so each object arrives with
 * the row `kubectl get` prints). Changes are coalesced per object until `take()` turns them into
 * one diff against what the page already holds.
 */
import type { KubeObject } from '../cluster/api/types';
import type { ApiRequest, ApiResponse, WatchEvent } from '../cluster/apiserver/types';
import { WATCHED } from './protocol';
import type { ClusterDiff, ObjectEntry, WatchedResource } from './protocol';

/** Anything that answers API requests, such as a Cluster. */
export interface ApiHandler {
  handle(req: ApiRequest): ApiResponse;
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

interface TableRow {
  cells: unknown[];
  object: KubeObject;
}

interface TableEvent {
  kind?: string;
  columnDefinitions?: { name: string }[] | null;
  rows?: TableRow[];
}

export function objectKey(obj: KubeObject): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

export class ClusterFeed {
  /** The latest state of each object changed since the last diff: an entry, or null when gone. */
  private pending = new Map<
    string,
    { resource: WatchedResource; key: string; entry: ObjectEntry | null }
  >();
  /** The keys the page holds, per resource. */
  private held = new Map<WatchedResource, Set<string>>();
  private columns: Partial<Record<WatchedResource, string[]>> = {};
  private columnsSent = new Set<WatchedResource>();
  private stops: (() => void)[] = [];
  private disposed = false;

  /**
   * @param onChange called (synchronously, possibly many times in a burst) whenever something
   *   is pending; the owner decides when to `take()`.
   */
  constructor(
    private readonly api: ApiHandler,
    private readonly onChange: () => void,
  ) {
    for (const resource of Object.keys(WATCHED) as WatchedResource[]) {
      this.held.set(resource, new Set());
      this.watch(resource);
    }
  }

  /** True when `take()` would return a diff. */
  hasChanges(): boolean {
    return this.pending.size > 0 || this.unsentColumns().length > 0;
  }

  /** The changes since the last call, as a diff against what the page holds; undefined if none. */
  take(): ClusterDiff | undefined {
    if (!this.hasChanges()) return undefined;
    const diff: ClusterDiff = { added: [], updated: [], removed: [] };
    for (const { resource, key, entry } of this.pending.values()) {
      const held = this.held.get(resource)!;
      if (entry) {
        (held.has(key) ? diff.updated : diff.added).push(entry);
        held.add(key);
      } else if (held.delete(key)) {
        diff.removed.push({ resource, key });
      }
    }
    this.pending.clear();
    const unsent = this.unsentColumns();
    if (unsent.length) {
      diff.columns = {};
      for (const r of unsent) {
        diff.columns[r] = this.columns[r];
        this.columnsSent.add(r);
      }
    }
    return diff;
  }

  dispose(): void {
    this.disposed = true;
    for (const stop of this.stops) stop();
    this.stops = [];
  }

  private unsentColumns(): WatchedResource[] {
    return (Object.keys(this.columns) as WatchedResource[]).filter((r) => !this.columnsSent.has(r));
  }

  private watch(resource: WatchedResource): void {
    const res = this.api.handle({
      method: 'GET',
      path: WATCHED[resource],
      query: { watch: 'true', includeObject: 'Object' },
      headers: { accept: TABLE_ACCEPT },
    });
    if (!res.watch) throw new Error(`watching ${WATCHED[resource]} failed: HTTP ${res.status}`);
    // A restarted watch lists everything again: whatever it does not list is gone.
    const unseen = new Set(this.held.get(resource));
    for (const p of this.pending.values()) {
      if (p.resource === resource && p.entry) unseen.add(p.key);
    }
    let started = false;
    let ended = false;
    const restart = () => {
      // The server ended the stream (say, its history was compacted): list and watch again.
      this.stops = this.stops.filter((s) => s !== stop);
      if (!this.disposed) queueMicrotask(() => this.watch(resource));
    };
    const stop = res.watch.start(
      (ev) => {
        const key = this.apply(resource, ev);
        if (key !== undefined) unseen.delete(key);
      },
      () => {
        ended = true;
        if (started) restart();
      },
    );
    started = true;
    for (const key of unseen) this.put(resource, key, null);
    this.stops.push(stop);
    if (ended) restart();
  }

  /** Records one watch event; returns the object's key. */
  private apply(resource: WatchedResource, ev: WatchEvent): string | undefined {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return undefined;
    const table = ev.object as TableEvent;
    if (table.columnDefinitions && !this.columns[resource]) {
      this.columns[resource] = table.columnDefinitions.map((c) => c.name);
    }
    const row = table.rows?.[0];
    if (!row) return undefined;
    const key = objectKey(row.object);
    this.put(
      resource,
      key,
      ev.type === 'DELETED' ? null : { resource, key, object: row.object, cells: row.cells },
    );
    return key;
  }

  private put(resource: WatchedResource, key: string, entry: ObjectEntry | null): void {
    this.pending.set(`${resource}\u0000${key}`, { resource, key, entry });
    this.onChange();
  }
}
