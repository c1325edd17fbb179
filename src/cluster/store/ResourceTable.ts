/**
 * The objects of one resource and their indexes: a sorted key array (so a namespace is a
 * contiguous range and lists come out in key order without sorting the whole resource), object
 * counts per namespace, and label indexes by "key=value" and by key.
 */
import type { KubeObject } from '../api/types';
import { matchesLabels } from '../api/selectors';
import type { LabelSelector } from '../api/selectors';
import { keyNamespace, objectKey } from './keys';

/** A list query already reduced to what the table can answer from its own indexes. */
export interface TableQuery {
  namespace?: string;
  labelSelector?: LabelSelector;
  /** Only keys in this set (the owner index's answer); also a candidate set to start from. */
  within?: ReadonlySet<string>;
  filter?: (obj: KubeObject) => boolean;
}

/** The index contents as plain data, to compare an incrementally kept table with a rebuilt one. */
export interface TableIndexDump {
  keys: string[];
  namespaces: Record<string, number>;
  labels: Record<string, string[]>;
  labelKeys: Record<string, string[]>;
}

function addTo(index: Map<string, Set<string>>, k: string, key: string): void {
  let set = index.get(k);
  if (!set) index.set(k, (set = new Set()));
  set.add(key);
}

function removeFrom(index: Map<string, Set<string>>, k: string, key: string): void {
  const set = index.get(k);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) index.delete(k);
}

/** First index in sorted `arr` whose value is >= `v`. */
function lowerBound(arr: string[], v: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Up to this many pending keys, a removal looks for its key among them instead of merging. */
const PENDING_SCAN_LIMIT = 1024;

function labelPair(k: string, v: string): string {
  return k + '=' + v;
}

export class ResourceTable {
  readonly objects = new Map<string, KubeObject>();
  /**
   * Every key, sorted, but for the new keys in `pending`: they are merged in when the order is
   * next needed, so a burst of creates costs one merge instead of a splice each.
   */
  private sorted: string[] = [];
  private pending: string[] = [];
  private readonly nsCounts = new Map<string, number>();
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly byLabelKey = new Map<string, Set<string>>();

  get size(): number {
    return this.objects.size;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(objectKey(namespace, name));
  }

  count(namespace?: string): number {
    return namespace === undefined ? this.objects.size : (this.nsCounts.get(namespace) ?? 0);
  }

  /** Adds a new key or replaces the object under an existing one. */
  put(key: string, obj: KubeObject): void {
    const prev = this.objects.get(key);
    this.objects.set(key, obj);
    if (prev) {
      this.unindexLabels(key, prev.metadata.labels, obj.metadata.labels);
      this.indexLabels(key, obj.metadata.labels, prev.metadata.labels);
      return;
    }
    this.pending.push(key);
    const ns = keyNamespace(key);
    this.nsCounts.set(ns, (this.nsCounts.get(ns) ?? 0) + 1);
    this.indexLabels(key, obj.metadata.labels, undefined);
  }

  remove(key: string): void {
    const prev = this.objects.get(key);
    if (!prev) return;
    this.objects.delete(key);
    const at = lowerBound(this.sorted, key);
    if (this.sorted[at] === key) this.sorted.splice(at, 1);
    else if (this.pending.length <= PENDING_SCAN_LIMIT)
      // A key created since the last merge (a create then delete in a row): no merge needed.
      this.pending.splice(this.pending.lastIndexOf(key), 1);
    else {
      const sorted = this.ordered();
      sorted.splice(lowerBound(sorted, key), 1);
    }
    const ns = keyNamespace(key);
    const n = (this.nsCounts.get(ns) ?? 1) - 1;
    if (n === 0) this.nsCounts.delete(ns);
    else this.nsCounts.set(ns, n);
    this.unindexLabels(key, prev.metadata.labels, undefined);
  }

  /** Indexes the labels of `labels` that `except` does not hold with the same value. */
  private indexLabels(
    key: string,
    labels: Record<string, string> | undefined,
    except: Record<string, string> | undefined,
  ): void {
    if (!labels) return;
    for (const k in labels) {
      const v = labels[k];
      if (except && Object.prototype.hasOwnProperty.call(except, k)) {
        if (except[k] === v) continue;
      } else {
        addTo(this.byLabelKey, k, key);
      }
      addTo(this.byLabel, labelPair(k, v), key);
    }
  }

  /** Unindexes the labels of `labels` that `keep` does not hold with the same value. */
  private unindexLabels(
    key: string,
    labels: Record<string, string> | undefined,
    keep: Record<string, string> | undefined,
  ): void {
    if (!labels) return;
    for (const k in labels) {
      const v = labels[k];
      if (keep && Object.prototype.hasOwnProperty.call(keep, k)) {
        if (keep[k] === v) continue;
      } else {
        removeFrom(this.byLabelKey, k, key);
      }
      removeFrom(this.byLabel, labelPair(k, v), key);
    }
  }

  /** Every key in order, with the pending new keys merged in. */
  private ordered(): string[] {
    if (!this.pending.length) return this.sorted;
    const add = this.pending.sort();
    const old = this.sorted;
    const out: string[] = new Array(old.length + add.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < add.length) out[k++] = old[i] < add[j] ? old[i++] : add[j++];
    while (i < old.length) out[k++] = old[i++];
    while (j < add.length) out[k++] = add[j++];
    this.sorted = out;
    this.pending = [];
    return out;
  }

  /** The [start, end) range of the ordered keys holding one namespace, or all of it. */
  private range(sorted: string[], namespace: string | undefined): [number, number] {
    if (namespace === undefined) return [0, sorted.length];
    return [lowerBound(sorted, namespace + '\u0000'), lowerBound(sorted, namespace + '\u0001')];
  }

  /**
   * The objects matching `q`, in key order. Starts from the smallest candidate set among the
   * namespace range, the label sets of the selector's equality, `in` and exists requirements,
   * and the caller's candidates, then tests the rest of the query on each candidate.
   */
  select(q: TableQuery): KubeObject[] {
    const sel = q.labelSelector ?? [];
    const sorted = this.ordered();
    const [start, end] = this.range(sorted, q.namespace);
    const within = q.within;
    let best: Iterable<string> | undefined = within;
    let bestSize = within ? within.size : end - start;
    for (const r of sel) {
      let sets: Set<string>[] = [];
      let size = 0;
      if (r.operator === '=' || r.operator === '==' || r.operator === 'in') {
        for (const v of new Set(r.values)) {
          const s = this.byLabel.get(labelPair(r.key, v));
          if (s) {
            sets.push(s);
            size += s.size;
          }
        }
      } else if (r.operator === 'exists' || r.operator === 'gt' || r.operator === 'lt') {
        const s = this.byLabelKey.get(r.key);
        if (s) {
          sets = [s];
          size = s.size;
        }
      } else {
        continue;
      }
      if (size < bestSize) {
        bestSize = size;
        best = sets.length === 1 ? sets[0] : sets.flatMap((s) => [...s]);
      }
    }

    const out: KubeObject[] = [];
    const checkWithin = within !== undefined && best !== within;
    const test = (key: string, obj: KubeObject): boolean =>
      (!checkWithin || within.has(key)) &&
      matchesLabels(sel, obj.metadata.labels) &&
      (!q.filter || q.filter(obj));
    if (best === undefined) {
      for (let i = start; i < end; i++) {
        const key = sorted[i];
        const obj = this.objects.get(key)!;
        if (test(key, obj)) out.push(obj);
      }
      return out;
    }
    const keys: string[] = [];
    for (const key of best) {
      if (q.namespace !== undefined && keyNamespace(key) !== q.namespace) continue;
      const obj = this.objects.get(key);
      if (obj && test(key, obj)) keys.push(key);
    }
    keys.sort();
    for (const key of keys) out.push(this.objects.get(key)!);
    return out;
  }

  /** Every object in key order. */
  all(): KubeObject[] {
    return this.ordered().map((k) => this.objects.get(k)!);
  }

  dumpIndexes(): TableIndexDump {
    const setsToRecord = (m: Map<string, Set<string>>): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      for (const k of [...m.keys()].sort()) out[k] = [...m.get(k)!].sort();
      return out;
    };
    const namespaces: Record<string, number> = {};
    for (const k of [...this.nsCounts.keys()].sort()) namespaces[k] = this.nsCounts.get(k)!;
    return {
      keys: [...this.ordered()],
      namespaces,
      labels: setsToRecord(this.byLabel),
      labelKeys: setsToRecord(this.byLabelKey),
    };
  }
}
