/**
 * ControllerRevisions, as upstream's pkg/controller/history: the snapshots of a DaemonSet's or
 * StatefulSet's pod template that its pods are labelled with (`controller-revision-hash`), so a
 * rollout can tell old pods from new and `kubectl rollout history` can list them.
 */
import type { KubeObject } from '../../api/types';
import { NAME_SUFFIX_ALPHABET } from '../../clock/Random';
import { newControllerRef, ownedBy } from '../podutil/podutil';
import type { Store } from '../../store/types';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const CONTROLLER_REVISIONS = 'controllerrevisions.apps';

/** FNV-1a, 32 bits, over the UTF-8 bytes of `s` (hash/fnv New32a). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte mapped onto the alphabet with no vowels. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++)
    out += NAME_SUFFIX_ALPHABET[s.charCodeAt(i) % NAME_SUFFIX_ALPHABET.length];
  return out;
}

/** Go's encoding/json key order is struct order; ours is sorted, so a hash is stable. */
function stableJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJSON).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJSON(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** controller.ComputeHash: the hash of a pod template and a collision count. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let s = stableJSON(template);
  if (collisionCount !== undefined && collisionCount !== null) s += String(collisionCount);
  return safeEncodeString(String(fnv32a(s)));
}

/** history.HashControllerRevision: the hash of a revision's data and a collision count. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  return computeHash(data, collisionCount);
}

/** history.ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to keep within 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  if (prefix.length > 223) prefix = prefix.slice(0, 223);
  return `${prefix}-${hash}`;
}

/** The patch a revision stores: the template, to be applied with `$patch: replace`. */
export function templatePatch(template: unknown): Record<string, unknown> {
  return {
    spec: { template: { ...(template as Record<string, unknown>), $patch: 'replace' } },
  };
}

/** The template stored in a revision's data. */
export function revisionTemplate(cr: KubeObject): unknown {
  const data = cr.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = { ...(data?.spec?.template ?? {}) };
  delete t.$patch;
  return t;
}

/** Whether a revision holds this template (history.EqualRevision / daemon Match). */
export function revisionMatches(cr: KubeObject, template: unknown): boolean {
  return stableJSON(revisionTemplate(cr)) === stableJSON(template);
}

/** history.NewControllerRevision. */
export function newControllerRevision(
  parent: KubeObject,
  name: string,
  hash: string,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
): KubeObject {
  const md: KubeObject['metadata'] = {
    name,
    namespace: parent.metadata.namespace,
    labels: { ...(templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
    ownerReferences: [newControllerRef(parent)],
  };
  if (parent.metadata.annotations && Object.keys(parent.metadata.annotations).length)
    md.annotations = { ...parent.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: md, data, revision };
}

/** The revisions a parent controls, oldest revision first (history.SortControllerRevisions). */
export function listRevisions(store: Store, parent: KubeObject): KubeObject[] {
  return ownedBy(store, CONTROLLER_REVISIONS, parent).sort(
    (a, b) =>
      (a.revision as number) - (b.revision as number) ||
      (a.metadata.name! < b.metadata.name! ? -1 : 1),
  );
}

export function maxRevision(revisions: KubeObject[]): number {
  let m = 0;
  for (const r of revisions) m = Math.max(m, (r.revision as number) ?? 0);
  return m;
}
