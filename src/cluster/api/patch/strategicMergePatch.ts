/**
 * Strategic merge patch as the API server applies it: apimachinery's strategicpatch
 * StrategicMergeMapPatch (server-side options: parallel lists merged, unmatched nulls ignored),
 * guided by the kind's schema instead of Go struct tags. The function names below are upstream's,
 * so patch.go answers "what should happen here?".
 *
 * Upstream then decodes the merged map into the typed object, which drops nulls and unknown
 * fields; that step belongs to the API server's decoding and validation, not to this module.
 */

import type { SchemaNode } from '../schema/types';
import { badRequest, unknownServerError, unprocessable } from './errors';
import { goSprint, goTypeName } from './goFormat';
import { sliceStable } from './goSort';
import { cloneJson, deleteOwn, getOwn, hasOwn, isObject, jsonKind, setOwn } from './json';
import type { JsonObject } from './json';

const directiveMarker = '$patch';
const deleteDirective = 'delete';
const replaceDirective = 'replace';
const mergeDirective = 'merge';
const retainKeysStrategy = 'retainKeys';
const deleteFromPrimitiveListDirectivePrefix = '$deleteFromPrimitiveList';
const retainKeysDirective = '$retainKeys';
const setElementOrderDirectivePrefix = '$setElementOrder';

const MAP_TYPE = 'map[string]interface {}';
const SLICE_TYPE = '[]interface {}';

/** How the handler's interpretStrategicMergePatchError maps a library error to a Status. */
type ErrorClass = 'badRequest' | 'unprocessable' | 'internal';

class SmpError extends Error {
  constructor(
    message: string,
    readonly errorClass: ErrorClass = 'internal',
  ) {
    super(message);
  }
}

// mergepatch's sentinel errors.
const errBadJSONDoc = () => new SmpError('invalid JSON document', 'badRequest');
const errNoListOfLists = () => new SmpError('lists of lists are not supported', 'unprocessable');
const errBadPatchFormatForPrimitiveList = () =>
  new SmpError('invalid patch format of primitive list', 'badRequest');
const errBadPatchFormatForRetainKeys = () =>
  new SmpError('invalid patch format of retainKeys', 'badRequest');
const errBadPatchFormatForSetElementOrderList = () =>
  new SmpError('invalid patch format of setElementOrder list', 'badRequest');

function errNoMergeKey(m: JsonObject, k: string): SmpError {
  return new SmpError(`map: ${goSprint(m)} does not contain declared merge key: ${k}`);
}

function errBadArgType(expected: string, actual: unknown): SmpError {
  return new SmpError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

function errBadPatchType(t: unknown, m: JsonObject): SmpError {
  return new SmpError(`unknown patch type: ${goSprint(t, 's')} in map: ${goSprint(m)}`);
}

/** Go's `==` on two interface{} values holding decoded JSON scalars (nil equals nil). */
function goEqual(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (typeof x === 'object' && x !== null) return false;
  return x === y;
}

// ---- patch metadata from the schema (LookupPatchMeta) ----

interface PatchMeta {
  /** The schema below the field: the field's own node, or for slices the element's. */
  schema: SchemaNode | undefined;
  strategies: string[];
  mergeKey: string;
}

const NO_META: PatchMeta = { schema: undefined, strategies: [], mergeKey: '' };

/**
 * LookupPatchMetadataForStruct. A declared field carries its strategy and merge key; a map's
 * values (additionalProperties) carry none, as upstream's reflection gives none for map elements.
 * A field the schema does not know gets no metadata: maps merge, lists are replaced.
 */
function lookupPatchMetadataForStruct(schema: SchemaNode | undefined, key: string): PatchMeta {
  if (!schema) return NO_META;
  const props = schema.properties;
  if (props && Object.prototype.hasOwnProperty.call(props, key)) {
    const field = props[key];
    return {
      schema: field,
      strategies: field.patchStrategy ? field.patchStrategy.split(',') : [],
      mergeKey: field.patchMergeKey ?? '',
    };
  }
  const ap = schema.additionalProperties;
  if (ap && ap !== true) return { schema: ap, strategies: [], mergeKey: '' };
  return NO_META;
}

function lookupPatchMetadataForSlice(schema: SchemaNode | undefined, key: string): PatchMeta {
  const meta = lookupPatchMetadataForStruct(schema, key);
  const elem = meta.schema?.items ?? meta.schema;
  return { ...meta, schema: elem };
}

function extractRetainKeysPatchStrategy(strategies: string[]): {
  retainKeys: boolean;
  strategy: string;
} {
  switch (strategies.length) {
    case 0:
      return { retainKeys: false, strategy: '' };
    case 1:
      return strategies[0] === retainKeysStrategy
        ? { retainKeys: true, strategy: '' }
        : { retainKeys: false, strategy: strategies[0] };
    case 2:
      if (strategies[0] === retainKeysStrategy)
        return { retainKeys: true, strategy: strategies[1] };
      if (strategies[1] === retainKeysStrategy)
        return { retainKeys: true, strategy: strategies[0] };
      break;
  }
  throw new SmpError(`unexpected patch strategy: ${goSprint(strategies)}`);
}

// ---- directives ----

function handleDirectiveInMergeMap(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === replaceDirective) {
    deleteOwn(patch, directiveMarker);
    return patch;
  }
  if (directive === deleteDirective) return {};
  throw errBadPatchType(directive, patch);
}

function containsDirectiveMarker(item: unknown): boolean {
  return isObject(item) && hasOwn(item, directiveMarker);
}

/** removeDirectives: drops maps carrying `$patch` (and the fields or elements holding them). */
function removeDirectives(obj: unknown): [unknown, boolean] {
  if (isObject(obj)) {
    if (hasOwn(obj, directiveMarker)) return [null, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]);
      if (keep) setOwn(obj, k, v);
      else deleteOwn(obj, k);
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const res: unknown[] = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [obj, true];
}

function discardNullValuesFromPatch(v: unknown): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) deleteOwn(v, k);
      else discardNullValuesFromPatch(v[k]);
    }
  } else if (Array.isArray(v)) {
    v.forEach(discardNullValuesFromPatch);
  }
}

/** extractKey: "$setElementOrder/containers" -> "containers". */
function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === deleteFromPrimitiveListDirectivePrefix)
      throw errBadPatchFormatForPrimitiveList();
    throw errBadPatchFormatForSetElementOrderList();
  }
  return s.slice(slash + 1);
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const retainKeysInPatch = patch[retainKeysDirective];
  deleteOwn(patch, retainKeysDirective);
  if (!Array.isArray(retainKeysInPatch)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set<unknown>(retainKeysInPatch);
  for (const k of Object.keys(patch)) {
    if (
      patch[k] === null ||
      k.startsWith(deleteFromPrimitiveListDirectivePrefix) ||
      k.startsWith(setElementOrderDirectivePrefix)
    ) {
      continue;
    }
    if (!retained.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) {
    if (!retained.has(k)) deleteOwn(original, k);
  }
}

// ---- list helpers ----

/** sliceElementType: the one Go type of every element of the lists. */
function sliceElementType(...slices: unknown[][]): string {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (t === SLICE_TYPE) throw errNoListOfLists();
      } else if (prev !== t) {
        throw new SmpError(`list element types are not identical: ${goSprint(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new SmpError('no elements in any of the given slices');
  return prev;
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return goEqual(left, right);
  if (!isObject(left)) throw errBadArgType(MAP_TYPE, left);
  if (!isObject(right)) throw errBadArgType(MAP_TYPE, right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

function findMapInSliceBasedOnKeyValue(
  m: unknown[],
  key: string,
  value: unknown,
): { map: JsonObject; index: number } | null {
  for (let k = 0; k < m.length; k++) {
    const v = m[k];
    if (!isObject(v)) throw new SmpError(`value for key ${k} is not a map.`);
    if (hasOwn(v, key) && goEqual(v[key], value)) return { map: v, index: k };
  }
  return null;
}

/** index: position of `val` in `l`, comparing merge key values for maps and items otherwise. */
function index(l: unknown[], val: unknown, mergeKey: string, isMap: boolean): number {
  const getVal = isMap
    ? (item: unknown) => (isObject(item) ? getOwn(item, mergeKey) : null)
    : (item: unknown) => item;
  const want = getVal(val);
  for (let i = 0; i < l.length; i++) {
    if (goEqual(want, getVal(l[i]))) return i;
  }
  return -1;
}

function extractToDeleteItems(l: unknown[]): { nonDelete: unknown[]; toDelete: unknown[] } {
  const nonDelete: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType(MAP_TYPE, v);
    if (hasOwn(v, directiveMarker) && v[directiveMarker] === deleteDirective) toDelete.push(v);
    else nonDelete.push(v);
  }
  return { nonDelete, toDelete };
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType(MAP_TYPE, item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** normalizeSliceOrder: sort `toSort` by `order`; elements to delete go last. */
function normalizeSliceOrder(
  toSort: unknown[],
  order: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  let sorted = toSort.slice();
  let toDelete: unknown[] = [];
  if (isMap) {
    validateMergeKeyInLists(mergeKey, sorted, order);
    ({ nonDelete: sorted, toDelete } = extractToDeleteItems(sorted));
  }
  sliceStable(sorted, (a, b) => {
    const ii = index(order, a, mergeKey, isMap);
    if (ii >= 0) {
      const ij = index(order, b, mergeKey, isMap);
      if (ij >= 0) return ii < ij;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

/**
 * mergeSortedSlice: interleaves server-only items (left) into patch items (right), keeping each
 * list's order; where an item is not in the live list, the patch item comes first.
 */
function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  const size = left.length + right.length;
  const s: unknown[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) {
      s.push(right[j++]);
    } else if (j >= right.length && i < left.length) {
      s.push(left[i++]);
    } else {
      const li = index(serverOrder, left[i], mergeKey, isMap);
      const ri = index(serverOrder, right[j], mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) s.push(left[i++]);
      else s.push(right[j++]);
    }
  }
  return s;
}

function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
  const so = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  return mergeSortedSlice(so, p, serverOrder, mergeKey, isMap);
}

function partitionPrimitivesByPresentInList(
  original: unknown[],
  partitionBy: unknown[],
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) {
    if (partitionBy.some((p) => goEqual(p, v))) patch.push(v);
    else serverOnly.push(v);
  }
  return [patch, serverOnly];
}

function partitionMapsByPresentInList(
  original: unknown[],
  partitionBy: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) {
    if (!isObject(v)) throw errBadArgType(MAP_TYPE, v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    if (findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey])) patch.push(v);
    else serverOnly.push(v);
  }
  return [patch, serverOnly];
}

function partition(merged: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  return mergeKey
    ? partitionMapsByPresentInList(merged, by, mergeKey)
    : partitionPrimitivesByPresentInList(merged, by);
}

/** The "clever" in-place de-duplication of upstream, which moves the last element into a hole. */
function deduplicateScalars(s: unknown[]): unknown[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  return current.filter((v) => !toDelete.some((d) => goEqual(d, v)));
}

function validatePatchWithSetOrderList(
  patchList: unknown[],
  setOrderList: unknown[],
  mergeKey: string,
): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDeleteList = mergeKey ? extractToDeleteItems(patchList).nonDelete : patchList;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDeleteList.length && setOrderIndex < setOrderList.length) {
    if (containsDirectiveMarker(nonDeleteList[patchIndex])) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(nonDeleteList[patchIndex], setOrderList[setOrderIndex], mergeKey))
      patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDeleteList.length && setOrderIndex >= setOrderList.length) {
    throw new SmpError(
      `The order in patch list:\n${goSprint(patchList)}\n doesn't match ${setElementOrderDirectivePrefix} list:\n${goSprint(setOrderList)}\n`,
    );
  }
}

// ---- merging ----

/**
 * A Go slice over a backing array whose capacity is its length, as the API server's decoded
 * object has. Deleting shifts elements inside the backing array and appending within capacity
 * writes into it, so the caller's longer view of the live list (`$setElementOrder`'s server order)
 * sees those writes, exactly as upstream's does.
 */
interface GoSlice {
  arr: unknown[];
  len: number;
}

function view(s: GoSlice): unknown[] {
  return s.arr.slice(0, s.len);
}

function mergeSliceWithSpecialElements(
  original: GoSlice,
  patch: unknown[],
  mergeKey: string,
): [GoSlice, unknown[]] {
  const patchWithoutSpecialElements: unknown[] = [];
  let replace = false;
  const orig: GoSlice = { arr: original.arr, len: original.len };
  for (const v of patch) {
    const typedV = v as JsonObject;
    if (!hasOwn(typedV, directiveMarker)) {
      patchWithoutSpecialElements.push(v);
      continue;
    }
    const patchType = typedV[directiveMarker];
    if (patchType === deleteDirective) {
      if (!hasOwn(typedV, mergeKey)) throw errNoMergeKey(typedV, mergeKey);
      const mergeValue = typedV[mergeKey];
      for (;;) {
        const found = findMapInSliceBasedOnKeyValue(view(orig), mergeKey, mergeValue);
        if (!found) break;
        // append(original[:i], original[i+1:]...)
        for (let k = found.index; k < orig.len - 1; k++) orig.arr[k] = orig.arr[k + 1];
        orig.len--;
      }
    } else if (patchType === replaceDirective) {
      // Keep going, to prune any other $patch elements.
      replace = true;
    } else if (patchType === mergeDirective) {
      throw new SmpError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(patchType, typedV);
    }
  }
  if (replace)
    return [{ arr: patchWithoutSpecialElements, len: patchWithoutSpecialElements.length }, []];
  return [orig, patchWithoutSpecialElements];
}

function mergeSliceWithoutSpecialElements(
  original: GoSlice,
  patch: unknown[],
  mergeKey: string,
  schema: SchemaNode | undefined,
): unknown[] {
  let { arr, len } = original;
  for (const v of patch) {
    const typedV = v as JsonObject;
    if (!hasOwn(typedV, mergeKey)) throw errNoMergeKey(typedV, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(arr.slice(0, len), mergeKey, typedV[mergeKey]);
    if (found) {
      arr[found.index] = mergeMap(found.map, typedV, schema);
    } else if (len < arr.length) {
      arr[len++] = v;
    } else {
      arr = [...arr.slice(0, len), v];
      len++;
    }
  }
  return arr.slice(0, len);
}

function mergeSlice(
  original: GoSlice,
  patch: unknown[],
  schema: SchemaNode | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.len === 0 && patch.length === 0) return view(original);
  const isMap = sliceElementType(view(original), patch) === MAP_TYPE;
  let orig = original;
  let p = patch;
  let merged: unknown[];
  if (!isMap) {
    if (isDeleteList) return deleteFromSlice(view(original), patch);
    merged = deduplicateScalars([...view(original), ...patch]);
  } else {
    if (!mergeKey) throw new SmpError('cannot merge lists without merge key for struct');
    [orig, p] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(orig, p, mergeKey, schema);
  }
  const [patchItems, serverOnlyItems] = partition(merged, p, mergeKey);
  return normalizeElementOrder(patchItems, serverOnlyItems, p, view(orig), mergeKey, isMap);
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  // Delete lists are handled the same way whatever the field's strategy.
  if (strategy === mergeDirective || isDeleteList) {
    return mergeSlice(
      { arr: original, len: original.length },
      patch,
      schema,
      mergeKey,
      isDeleteList,
    );
  }
  return patch;
}

function mergeMapHandler(
  original: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
  strategy: string,
): JsonObject {
  return strategy !== replaceDirective ? mergeMap(original, patch, schema) : patch;
}

/**
 * mergePatchIntoOriginal: each `$setElementOrder/<list>` with its list. Precedence of order:
 * $setElementOrder, then the patch list, then the live list.
 */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderDirectivePrefix)) continue;
    const setElementOrderInPatch = patch[key];
    deleteOwn(patch, key);
    if (!Array.isArray(setElementOrderInPatch))
      throw errBadArgType(SLICE_TYPE, setElementOrderInPatch);
    const originalKey = extractKey(key, setElementOrderDirectivePrefix);
    const foundOriginal = hasOwn(original, originalKey);
    const foundPatch = hasOwn(patch, originalKey);
    let originalFieldValue: unknown[] = [];
    let patchFieldValue: unknown[] = [];
    if (foundOriginal) {
      const v = original[originalKey];
      if (!Array.isArray(v)) throw errBadArgType(SLICE_TYPE, v);
      originalFieldValue = v;
    }
    if (foundPatch) {
      const v = patch[originalKey];
      if (!Array.isArray(v)) throw errBadArgType(SLICE_TYPE, v);
      patchFieldValue = v;
    }
    const meta = lookupPatchMetadataForSlice(schema, originalKey);
    const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchFieldValue, setElementOrderInPatch, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) {
      merged = originalFieldValue;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchFieldValue)[0] as unknown[];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(
        originalFieldValue,
        patchFieldValue,
        meta.schema,
        strategy,
        meta.mergeKey,
        false,
      );
    } else {
      continue;
    }

    const [patchItems, serverOnlyItems] = partition(merged, setElementOrderInPatch, meta.mergeKey);
    const isMap = sliceElementType(originalFieldValue, patchFieldValue) === MAP_TYPE;
    const both = normalizeElementOrder(
      patchItems,
      serverOnlyItems,
      setElementOrderInPatch,
      originalFieldValue,
      meta.mergeKey,
      isMap,
    );
    setOwn(original, originalKey, both);
    deleteOwn(patch, originalKey);
  }
}

/** Takes a patch value where there is nothing to merge it with. */
function takePatchValue(original: JsonObject, k: string, patchV: unknown): void {
  discardNullValuesFromPatch(patchV);
  const [v, keep] = removeDirectives(patchV);
  if (keep) setOwn(original, k, v);
  else deleteOwn(original, k);
}

function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  schema: SchemaNode | undefined,
): JsonObject {
  if (hasOwn(patch, directiveMarker))
    return handleDirectiveInMergeMap(patch[directiveMarker], patch);
  const orig = original ?? {};
  applyRetainKeysDirective(orig, patch);
  mergePatchIntoOriginal(orig, patch, schema);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey];
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListDirectivePrefix)) {
      const originalKey = extractKey(patchKey, deleteFromPrimitiveListDirectivePrefix);
      isDeleteList = true;
      if (originalKey) k = originalKey;
    }

    if (patchV === null) {
      deleteOwn(orig, k);
      continue;
    }
    if (!hasOwn(orig, k)) {
      if (!isDeleteList) takePatchValue(orig, k, patchV);
      continue;
    }
    const originalV = orig[k];
    if (goTypeName(originalV) !== goTypeName(patchV)) {
      if (!isDeleteList) takePatchValue(orig, k, patchV);
      continue;
    }
    if (isObject(originalV)) {
      const meta = lookupPatchMetadataForStruct(schema, k);
      const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
      setOwn(orig, k, mergeMapHandler(originalV, patchV as JsonObject, meta.schema, strategy));
    } else if (Array.isArray(originalV)) {
      const meta = lookupPatchMetadataForSlice(schema, k);
      const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
      setOwn(
        orig,
        k,
        mergeSliceHandler(
          originalV,
          patchV as unknown[],
          meta.schema,
          strategy,
          meta.mergeKey,
          isDeleteList,
        ),
      );
    } else {
      setOwn(orig, k, patchV);
    }
  }
  return orig;
}

function toApiError(e: SmpError) {
  switch (e.errorClass) {
    case 'badRequest':
      return badRequest(e.message);
    case 'unprocessable':
      return unprocessable(e.message);
    default:
      return unknownServerError(e.message);
  }
}

/**
 * Strategic merge patch (application/strategic-merge-patch+json) guided by the kind's schema;
 * without a schema (custom resources) the API server refuses it, so `schema` is required.
 * `doc` is the current object; the result is a new object sharing nothing with either input.
 */
export function applyStrategicMergePatch(
  doc: unknown,
  patch: unknown,
  schema: SchemaNode,
): unknown {
  // The handler decodes the body into map[string]interface{}; a JSON null leaves it empty.
  if (patch !== null && !isObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  try {
    if (!isObject(doc)) throw errBadJSONDoc();
    return mergeMap(cloneJson(doc), cloneJson(patch ?? {}), schema);
  } catch (e) {
    if (e instanceof SmpError) throw toApiError(e);
    throw e;
  }
}
