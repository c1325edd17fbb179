/**
 * deepCopy: a copy of an API object as generated DeepCopy functions make one. Objects are plain
 * JSON-like data (decoded bodies, stored objects, objects built in code), so a direct walk does
 * what structuredClone does at a fraction of its cost; anything that is not a plain object or an
 * array (a Date, a Map, a typed array) is handed to structuredClone.
 */
export function deepCopy<T>(value: T): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    // A "__proto__" key from a decoded body is data: define it, never set the prototype.
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: copy(src[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = copy(src[k]);
  }
  return out;
}
