/**
 * RFC 7386 JSON merge patch as the API server applies it (evanphx/json-patch.v4 MergePatch):
 * null deletes, objects merge recursively, anything else replaces; nulls inside a value that is
 * added rather than merged are pruned from its objects (null array elements stay, as in v4.12).
 */

import { badRequest } from './errors';
import { cloneJson, deleteOwn, getOwn, hasOwn, isObject, jsonKind, setOwn } from './json';
import type { JsonObject } from './json';
import { decodesStrictly } from './options';
import type { PatchOptions } from './options';

/** jsonpatch.ErrBadJSONPatch, which the handler turns into a 400. */
const BAD_JSON_PATCH = 'Invalid JSON Patch';

/** pruneNulls: drops null members of objects, recursively through objects and arrays (in place). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    v.forEach(pruneNulls);
    return v;
  }
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      const e = v[k];
      if (e === null) deleteOwn(v, k);
      else setOwn(v, k, pruneNulls(e));
    }
  }
  return v;
}

/** merge(cur, patch): a non-object current value is replaced by the pruned patch value. */
function merge(cur: unknown, patch: unknown): unknown {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) {
      deleteOwn(doc, k);
      continue;
    }
    const cur = getOwn(doc, k);
    if (!hasOwn(doc, k) || cur === null) setOwn(doc, k, pruneNulls(v));
    else setOwn(doc, k, merge(cur, v));
  }
}

/** RFC 7386 merge patch. */
export function applyMergePatch(doc: unknown, patch: unknown, options?: PatchOptions): unknown {
  if (decodesStrictly(options) && patch !== null && !isObject(patch)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (patch === null) throw badRequest(BAD_JSON_PATCH);
  const p = cloneJson(patch);
  if (Array.isArray(p)) return pruneNulls(p);
  if (!isObject(p)) throw badRequest(BAD_JSON_PATCH);
  if (!isObject(doc)) return pruneNulls(p);
  const out = cloneJson(doc);
  mergeDocs(out, p);
  return out;
}
