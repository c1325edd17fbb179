/** Small helpers for defaulting plain JSON objects in place. */

export type Obj = Record<string, unknown>;

/** Sets `obj[key]` when it is unset, null or the empty string (Go's zero value for the field). */
export function setDefault(obj: Obj, key: string, value: unknown): void {
  const v = obj[key];
  if (v === undefined || v === null || v === '') obj[key] = value;
}

export function asObj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function asArr<T = Obj>(v: unknown): T[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as T[]) : [];
}

/** The object at `obj[key]`, created when missing. */
export function ensureObj(obj: Obj, key: string): Obj {
  const v = obj[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const o: Obj = {};
  obj[key] = o;
  return o;
}

/** The string elements of a list. */
export function strArr(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
