/**
 * What client-side `kubectl apply` sends: the last-applied-configuration annotation and the
 * three-way patch between it (original), the new manifest (modified) and the live object
 * (current), as strategicpatch.CreateThreeWayMergePatch computes it for built-in kinds and
 * jsonmergepatch.CreateThreeWayJSONMergePatch for custom resources.
 */
import type { SchemaNode } from '../../cluster/api/schema';
import { toCompactJson } from '../printers/json';
import type { Obj } from '../resource/objects';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The annotation's value: the manifest without the annotation, compact JSON and a newline. */
export function lastAppliedValue(obj: Obj): string {
  const copy = JSON.parse(JSON.stringify(obj)) as Obj;
  const m = (copy.metadata ??= {}) as { annotations?: Record<string, string> };
  const annotations = { ...(m.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  m.annotations = annotations;
  return toCompactJson(copy) + '\n';
}

const isMap = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function equal(a: unknown, b: unknown): boolean {
  return toCompactJson(a) === toCompactJson(b);
}

function child(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  if (node.properties?.[key]) return node.properties[key];
  const ap = node.additionalProperties;
  return ap && ap !== true ? ap : undefined;
}

interface DiffOptions {
  ignoreDeletions?: boolean;
  ignoreChangesAndAdditions?: boolean;
}

/** strategicpatch.diffMaps without the ordering directives, which do not change the result here. */
function diffMaps(
  original: Obj,
  modified: Obj,
  schema: SchemaNode | undefined,
  o: DiffOptions,
  strategic: boolean,
): Obj {
  const patch: Obj = {};
  for (const [key, mv] of Object.entries(modified)) {
    if (!(key in original)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    const ov = original[key];
    const field = child(schema, key);
    if (isMap(ov) && isMap(mv)) {
      if (strategic && field?.patchStrategy?.includes('replace')) {
        if (!o.ignoreChangesAndAdditions && !equal(ov, mv)) patch[key] = mv;
        continue;
      }
      const p = diffMaps(ov, mv, field, o, strategic);
      if (Object.keys(p).length > 0) patch[key] = p;
    } else if (Array.isArray(ov) && Array.isArray(mv)) {
      const merge = strategic && field?.patchStrategy?.split(',').includes('merge');
      if (!merge) {
        if (!o.ignoreChangesAndAdditions && !equal(ov, mv)) patch[key] = mv;
        continue;
      }
      const mergeKey = field?.patchMergeKey;
      if (mergeKey && (ov.length === 0 || isMap(ov[0]) || isMap(mv[0]))) {
        const list = diffListOfMaps(ov as Obj[], mv as Obj[], mergeKey, field?.items, o);
        if (list.length > 0) patch[key] = list;
      } else {
        const added = mv.filter((x) => !ov.some((y) => equal(x, y)));
        const removed = ov.filter((x) => !mv.some((y) => equal(x, y)));
        if (!o.ignoreChangesAndAdditions && added.length) patch[key] = added;
        if (!o.ignoreDeletions && removed.length)
          patch[`$deleteFromPrimitiveList/${key}`] = removed;
      }
    } else if (!o.ignoreChangesAndAdditions && !equal(ov, mv)) patch[key] = mv;
  }
  if (!o.ignoreDeletions)
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  return patch;
}

function diffListOfMaps(
  original: Obj[],
  modified: Obj[],
  mergeKey: string,
  items: SchemaNode | undefined,
  o: DiffOptions,
): Obj[] {
  const out: Obj[] = [];
  const keyOf = (x: Obj) => toCompactJson(x[mergeKey]);
  for (const mv of modified) {
    const ov = original.find((x) => keyOf(x) === keyOf(mv));
    if (!ov) {
      if (!o.ignoreChangesAndAdditions) out.push(mv);
      continue;
    }
    const p = diffMaps(ov, mv, items, o, true);
    if (Object.keys(p).length > 0) out.push({ ...p, [mergeKey]: mv[mergeKey] });
  }
  if (!o.ignoreDeletions) {
    for (const ov of original) {
      if (!modified.some((x) => keyOf(x) === keyOf(ov)))
        out.push({ $patch: 'delete', [mergeKey]: ov[mergeKey] });
    }
  }
  return out;
}

/** Merges the deletions patch into the changes patch (both computed against `modified`). */
function mergePatches(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    if (isMap(av) && isMap(v)) out[k] = mergePatches(av, v);
    else if (Array.isArray(av) && Array.isArray(v)) out[k] = [...v, ...av];
    else out[k] = v;
  }
  return out;
}

/**
 * The patch apply sends; `{}` when nothing changes. `schema` is undefined for kinds without
 * patch metadata (custom resources), which get a JSON merge patch instead.
 */
export function threeWayPatch(
  original: Obj | undefined,
  modified: Obj,
  current: Obj,
  schema: SchemaNode | undefined,
  strategic: boolean,
): Obj {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true }, strategic);
  const deletions = original
    ? diffMaps(original, modified, schema, { ignoreChangesAndAdditions: true }, strategic)
    : {};
  return mergePatches(deletions, delta);
}

/** The object with its last-applied-configuration annotation set (apply's "modified"). */
export function withLastAppliedOf(obj: Obj): Obj {
  const copy = JSON.parse(JSON.stringify(obj)) as Obj;
  const m = (copy.metadata ??= {}) as { annotations?: Record<string, string> };
  m.annotations = { ...(m.annotations ?? {}), [LAST_APPLIED]: lastAppliedValue(obj) };
  return copy;
}
