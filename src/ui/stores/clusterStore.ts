/**
 * The cluster as the page holds it: the watched objects, each with its printed row, kept up to
 * date by the Worker's diffs. Components read single objects or the sorted key list with
 * selectors, so a pod's change re-renders that pod's row only.
 */
import { create } from 'zustand';
import type { ClusterDiff, ObjectEntry, WatchedResource } from '../../worker/protocol';
import { WATCHED } from '../../worker/protocol';

type ByResource<T> = Record<WatchedResource, T>;

export interface ClusterState {
  objects: ByResource<Record<string, ObjectEntry>>;
  /** Keys per resource in kubectl's order: by namespace, then name. */
  keys: ByResource<string[]>;
  /** Upstream's column names per resource ("Name", "Ready", "Status", …). */
  columns: Partial<ByResource<string[]>>;
  applyDiff(diff: ClusterDiff): void;
}

function perResource<T>(make: () => T): ByResource<T> {
  return Object.fromEntries(Object.keys(WATCHED).map((r) => [r, make()])) as ByResource<T>;
}

function byNamespaceThenName(a: ObjectEntry, b: ObjectEntry): number {
  const na = a.object.metadata.namespace ?? '';
  const nb = b.object.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.object.metadata.name ?? '';
  const mb = b.object.metadata.name ?? '';
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

/** The state after a diff; resources the diff does not touch keep their identity. */
export function withDiff(
  state: Pick<ClusterState, 'objects' | 'keys' | 'columns'>,
  diff: ClusterDiff,
): Pick<ClusterState, 'objects' | 'keys' | 'columns'> {
  const objects = { ...state.objects };
  const keys = { ...state.keys };
  const touched = new Set<WatchedResource>();
  const reordered = new Set<WatchedResource>();
  const copy = (r: WatchedResource) => {
    if (!touched.has(r)) {
      objects[r] = { ...objects[r] };
      touched.add(r);
    }
    return objects[r];
  };
  for (const e of diff.added) {
    copy(e.resource)[e.key] = e;
    reordered.add(e.resource);
  }
  for (const e of diff.updated) copy(e.resource)[e.key] = e;
  for (const ref of diff.removed) {
    delete copy(ref.resource)[ref.key];
    reordered.add(ref.resource);
  }
  for (const r of reordered) {
    const all = objects[r];
    keys[r] = Object.values(all)
      .sort(byNamespaceThenName)
      .map((e) => e.key);
  }
  const columns = diff.columns ? { ...state.columns, ...diff.columns } : state.columns;
  return { objects, keys, columns };
}

export const useClusterStore = create<ClusterState>()((set) => ({
  objects: perResource(() => ({})),
  keys: perResource(() => []),
  columns: {},
  applyDiff: (diff) => set((s) => withDiff(s, diff)),
}));

/** The cell of a named column ("Status", "Ready", …) in an object's printed row. */
export function cell(columns: string[] | undefined, entry: ObjectEntry, name: string): string {
  const i = columns?.indexOf(name) ?? -1;
  const v = i >= 0 ? entry.cells[i] : undefined;
  return v === undefined || v === null ? '' : String(v);
}
