/**
 * RFC 6902 JSON patch as the API server applies it: gopkg.in/evanphx/json-patch.v4, with its
 * quirks kept because kubectl users see them. `replace` of a missing object key adds it, `copy`
 * from a missing object key copies null, negative array indexes count from the end, a path
 * without a leading "/" drops its first segment, and the root can be replaced but not added to.
 * A failed operation is a 422 whose cause carries the library's message.
 */

import { badRequest, tooManyOperations, unprocessable } from './errors';
import { goQuote } from './goFormat';
import {
  cloneJson,
  deleteOwn,
  getOwn,
  hasOwn,
  isObject,
  jsonEqual,
  jsonKind,
  setOwn,
} from './json';
import type { JsonObject } from './json';
import { decodesStrictly } from './options';
import type { PatchOptions } from './options';

/** apiserver's maxJSONPatchOperations */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = JsonObject | unknown[];

/** An error of the json-patch library; becomes the cause of a 422. */
class PatchError extends Error {}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** RFC 6901 unescaping in one left-to-right pass, as strings.NewReplacer("~1", "/", "~0", "~"). */
function decodePatchKey(k: string): string {
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** strconv.Atoi: an optional sign and decimal digits, within int64. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    throw new PatchError(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  }
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    throw new PatchError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(big);
}

function invalidIndex(idx: number): PatchError {
  return new PatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
}

/** The value at `key`, or undefined (Go's nil node) for a missing object key or a JSON null. */
function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return getOwn(con, key);
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  if (idx >= con.length) throw invalidIndex(idx);
  return con[idx];
}

/** Replace an existing element; `get` has already checked the index. */
function set(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  con[idx] = value;
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new PatchError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = con.length + 1;
  if (idx >= size) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) throw invalidIndex(idx);
    idx += size;
  }
  con.splice(idx, 0, value);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!hasOwn(con, key)) {
      throw new PatchError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    }
    deleteOwn(con, key);
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  con.splice(idx, 1);
}

/** findObject: the container holding the last segment of `path`, or null when a step is missing. */
function findObject(root: Container, path: string): { con: Container; key: string } | null {
  const split = path.split('/');
  if (split.length < 2) return null;
  let doc: Container = root;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(doc, decodePatchKey(part));
    } catch {
      return null;
    }
    if (Array.isArray(next) || isObject(next)) doc = next;
    else return null;
  }
  return { con: doc, key: decodePatchKey(split[split.length - 1]) };
}

/** The decoded operation: `undefined` where the field is absent or null (Go's nil RawMessage). */
interface Operation {
  op: unknown;
  path: unknown;
  from: unknown;
  hasValue: boolean;
  value: unknown;
}

function opKind(o: Operation): string {
  return typeof o.op === 'string' ? o.op : 'unknown';
}

/** Operation.Path / From: absent or null is "missing"; another JSON kind fails to decode. */
function opString(v: unknown, missing: string): string {
  if (typeof v === 'string') return v;
  if (v === undefined) throw new PatchError(`${missing}: ${MISSING}`);
  throw new PatchError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`);
}

function opPath(o: Operation): string {
  return opString(o.path, 'operation missing path field');
}

function opFrom(o: Operation): string {
  return opString(o.from, 'operation, missing from field');
}

function wrap(prefix: string, e: unknown): PatchError {
  return new PatchError(`${prefix}: ${(e as Error).message}`);
}

function applyAdd(doc: Container, o: Operation): void {
  let path: string;
  try {
    path = opPath(o);
  } catch {
    throw new PatchError(`add operation failed to decode path: ${MISSING}`);
  }
  const found = findObject(doc, path);
  if (!found)
    throw new PatchError(
      `add operation does not apply: doc is missing path: "${path}": ${MISSING}`,
    );
  try {
    add(found.con, found.key, cloneJson(o.value ?? null));
  } catch (e) {
    throw wrap(`error in add for path: '${path}'`, e);
  }
}

function applyRemove(doc: Container, o: Operation): void {
  let path: string;
  try {
    path = opPath(o);
  } catch {
    throw new PatchError(`remove operation failed to decode path: ${MISSING}`);
  }
  const found = findObject(doc, path);
  if (!found)
    throw new PatchError(
      `remove operation does not apply: doc is missing path: "${path}": ${MISSING}`,
    );
  try {
    remove(found.con, found.key);
  } catch (e) {
    throw wrap(`error in remove for path: '${path}'`, e);
  }
}

/** Returns the new root when the whole document is replaced. */
function applyReplace(doc: Container, o: Operation): Container {
  let path: string;
  try {
    path = opPath(o);
  } catch (e) {
    throw wrap('replace operation failed to decode path', e);
  }
  if (path === '') {
    const v = o.value;
    // v1.32's json-patch wraps a nil error here (pkg/errors.Wrapf(nil, ...) is nil), so a
    // scalar value leaves the document as it is.
    if (!Array.isArray(v) && !isObject(v)) return doc;
    return cloneJson(v);
  }
  const found = findObject(doc, path);
  if (!found)
    throw new PatchError(
      `replace operation does not apply: doc is missing path: ${path}: ${MISSING}`,
    );
  try {
    get(found.con, found.key);
  } catch {
    throw new PatchError(
      `replace operation does not apply: doc is missing key: ${path}: ${MISSING}`,
    );
  }
  try {
    set(found.con, found.key, cloneJson(o.value ?? null));
  } catch (e) {
    throw wrap(`error in remove for path: '${path}'`, e);
  }
  return doc;
}

function applyMove(doc: Container, o: Operation): void {
  let from: string;
  try {
    from = opFrom(o);
  } catch (e) {
    throw wrap('move operation failed to decode from', e);
  }
  const src = findObject(doc, from);
  if (!src)
    throw new PatchError(
      `move operation does not apply: doc is missing from path: ${from}: ${MISSING}`,
    );
  let val: unknown;
  try {
    val = get(src.con, src.key);
    remove(src.con, src.key);
  } catch (e) {
    throw wrap(`error in move for path: '${src.key}'`, e);
  }
  let path: string;
  try {
    path = opPath(o);
  } catch (e) {
    throw wrap('move operation failed to decode path', e);
  }
  const dst = findObject(doc, path);
  if (!dst) {
    throw new PatchError(
      `move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`,
    );
  }
  try {
    add(dst.con, dst.key, val ?? null);
  } catch (e) {
    throw wrap(`error in move for path: '${path}'`, e);
  }
}

function applyTest(doc: Container, o: Operation): void {
  let path: string;
  try {
    path = opPath(o);
  } catch (e) {
    throw wrap('test operation failed to decode path', e);
  }
  const failed = () => new PatchError(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!jsonEqual(doc, o.value)) throw failed();
    return;
  }
  const found = findObject(doc, path);
  if (!found)
    throw new PatchError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  let val: unknown;
  try {
    val = get(found.con, found.key);
  } catch (e) {
    throw wrap(`error in test for path: '${path}'`, e);
  }
  if (val === undefined || val === null) {
    if (!o.hasValue || o.value === null) return;
    throw failed();
  }
  if (!o.hasValue || !jsonEqual(val, o.value)) throw failed();
}

function applyCopy(doc: Container, o: Operation): void {
  let from: string;
  try {
    from = opFrom(o);
  } catch (e) {
    throw wrap('copy operation failed to decode from', e);
  }
  const src = findObject(doc, from);
  if (!src)
    throw new PatchError(
      `copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`,
    );
  let val: unknown;
  try {
    val = get(src.con, src.key);
  } catch (e) {
    throw wrap(`error in copy for from: '${from}'`, e);
  }
  let path: string;
  try {
    path = opPath(o);
  } catch {
    throw new PatchError(`copy operation failed to decode path: ${MISSING}`);
  }
  const dst = findObject(doc, path);
  if (!dst) {
    throw new PatchError(
      `copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`,
    );
  }
  try {
    add(dst.con, dst.key, cloneJson(val ?? null));
  } catch (e) {
    throw wrap('error while adding value during copy', e);
  }
}

/**
 * Reads the body as the handler does: strictly into []jsonPatchOp unless fieldValidation=Ignore,
 * then into the library's []Operation. Returns the operations or throws the 400.
 */
function decodeOperations(ops: unknown, options: PatchOptions | undefined): Operation[] {
  const strict = decodesStrictly(options);
  if (ops === null) return [];
  if (!Array.isArray(ops)) {
    throw badRequest(
      strict
        ? `error decoding patch: json: cannot unmarshal ${jsonKind(ops)} into Go value of type []handlers.jsonPatchOp`
        : `json: cannot unmarshal ${jsonKind(ops)} into Go value of type jsonpatch.Patch`,
    );
  }
  if (strict) {
    for (const el of ops) {
      if (el === null) continue;
      if (!isObject(el)) {
        throw badRequest(
          `error decoding patch: json: cannot unmarshal ${jsonKind(el)} into Go value of type handlers.jsonPatchOp`,
        );
      }
      for (const field of ['op', 'path', 'from']) {
        const v = getOwn(el, field);
        if (v !== undefined && v !== null && typeof v !== 'string') {
          throw badRequest(
            `error decoding patch: json: cannot unmarshal ${jsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`,
          );
        }
      }
    }
  }
  return ops.map((el) => {
    if (el !== null && !isObject(el)) {
      throw badRequest(
        `json: cannot unmarshal ${jsonKind(el)} into Go value of type jsonpatch.Operation`,
      );
    }
    const o = el ?? {};
    return {
      op: getOwn(o, 'op') ?? undefined,
      path: getOwn(o, 'path') ?? undefined,
      from: getOwn(o, 'from') ?? undefined,
      hasValue: hasOwn(o, 'value'),
      value: getOwn(o, 'value') ?? null,
    };
  });
}

/** RFC 6902 as the API server applies it (evanphx/json-patch semantics and error messages). */
export function applyJsonPatch(doc: unknown, ops: unknown, options?: PatchOptions): unknown {
  const operations = decodeOperations(ops, options);
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooManyOperations(MAX_JSON_PATCH_OPERATIONS, operations.length);
  }
  let root: Container = Array.isArray(doc) ? cloneJson(doc) : isObject(doc) ? cloneJson(doc) : {};
  try {
    for (const o of operations) {
      switch (opKind(o)) {
        case 'add':
          applyAdd(root, o);
          break;
        case 'remove':
          applyRemove(root, o);
          break;
        case 'replace':
          root = applyReplace(root, o);
          break;
        case 'move':
          applyMove(root, o);
          break;
        case 'test':
          applyTest(root, o);
          break;
        case 'copy':
          applyCopy(root, o);
          break;
        default:
          throw new PatchError(`Unexpected kind: ${opKind(o)}`);
      }
    }
  } catch (e) {
    if (e instanceof PatchError) throw unprocessable(e.message);
    throw e;
  }
  return root;
}
