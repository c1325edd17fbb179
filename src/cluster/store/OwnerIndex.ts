/**
 * The global index of ownerReferences: owner uid -> resource -> keys of the objects that name it.
 * It answers `dependents(uid)` (garbage collection) and `ownerUid` list and watch filters.
 */
import type { KubeObject } from '../api/types';

export type OwnerIndexDump = Record<string, Record<string, string[]>>;

function ownerUids(obj: KubeObject | undefined): Set<string> {
  const out = new Set<string>();
  for (const ref of obj?.metadata.ownerReferences ?? []) if (ref.uid) out.add(ref.uid);
  return out;
}

export class OwnerIndex {
  private readonly byUid = new Map<string, Map<string, Set<string>>>();

  /** Moves `key` of `resource` from the owners of `prev` to the owners of `next`. */
  update(
    resource: string,
    key: string,
    prev: KubeObject | undefined,
    next: KubeObject | undefined,
  ) {
    if (!prev?.metadata.ownerReferences && !next?.metadata.ownerReferences) return;
    const before = ownerUids(prev);
    const after = ownerUids(next);
    for (const uid of before) if (!after.has(uid)) this.remove(uid, resource, key);
    for (const uid of after) if (!before.has(uid)) this.add(uid, resource, key);
  }

  private add(uid: string, resource: string, key: string): void {
    let byRes = this.byUid.get(uid);
    if (!byRes) this.byUid.set(uid, (byRes = new Map()));
    let keys = byRes.get(resource);
    if (!keys) byRes.set(resource, (keys = new Set()));
    keys.add(key);
  }

  private remove(uid: string, resource: string, key: string): void {
    const byRes = this.byUid.get(uid);
    const keys = byRes?.get(resource);
    if (!byRes || !keys) return;
    keys.delete(key);
    if (keys.size > 0) return;
    byRes.delete(resource);
    if (byRes.size === 0) this.byUid.delete(uid);
  }

  /** Keys of `resource` owned by `uid` (empty when none). */
  keys(uid: string, resource: string): ReadonlySet<string> {
    return this.byUid.get(uid)?.get(resource) ?? new Set();
  }

  /** Per resource, the keys owned by `uid`. */
  resources(uid: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.byUid.get(uid) ?? new Map();
  }

  clear(): void {
    this.byUid.clear();
  }

  dump(): OwnerIndexDump {
    const out: OwnerIndexDump = {};
    for (const uid of [...this.byUid.keys()].sort()) {
      const byRes = this.byUid.get(uid)!;
      out[uid] = {};
      for (const res of [...byRes.keys()].sort()) out[uid][res] = [...byRes.get(res)!].sort();
    }
    return out;
  }
}
