/**
 * Plain-JSON helpers in which every key is ordinary data. `__proto__`, `constructor` and
 * `prototype` are legal ConfigMap keys, label keys and annotation keys, so nothing here reads an
 * inherited property or assigns through the `__proto__` accessor.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The own value at `key`, or undefined; never an inherited member such as `constructor`. */
export function getOwn(obj: JsonObject, key: string): unknown {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets an own, enumerable data property, also for the key `__proto__`. */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

export function deleteOwn(obj: JsonObject, key: string): void {
  if (hasOwn(obj, key)) delete obj[key];
}

/** A deep copy sharing nothing with `v`; `undefined` members are dropped as JSON would. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((e) => cloneJson(e)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      const e = v[k];
      if (e !== undefined) setOwn(out, k, cloneJson(e));
    }
    return out as T;
  }
  return v;
}

/** Structural equality of two JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((e, i) => jsonEqual(e, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The JSON kind as Go's decoder names it in "cannot unmarshal X into ...". */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // 'string' | 'number'
}
