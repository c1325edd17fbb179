/**
 * Go's `fmt` rendering of decoded JSON (`map[string]interface{}`, `[]interface{}`, int64, float64,
 * string, bool, nil), because upstream's patch errors print the offending values with `%v` and
 * `%s`, and kubectl shows those messages verbatim. Integers are taken as int64 (the API server
 * decodes patches preserving ints) and other numbers as float64.
 */

import { isObject } from './json';

/** reflect.TypeOf(v).String() for a decoded JSON value; Go prints a nil Type as `%!s(<nil>)`. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int64' : 'float64';
}

/** Go's shortest `%v` of a float64: %e when the exponent is < -4 or >= 6 (upstream's strconv 'g', -1). */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return String(n);
}

function goNumber(n: number): string {
  if (Number.isInteger(n)) {
    return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  }
  return goFloat(n);
}

/** `fmt.Sprintf("%v", v)` (or `%s` when verb is 's') for a decoded JSON value. */
export function goSprint(v: unknown, verb: 'v' | 's' = 'v'): string {
  if (Array.isArray(v)) return `[${v.map((e) => goSprint(e, verb)).join(' ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${keys.map((k) => `${k}:${goSprint(v[k], verb)}`).join(' ')}]`;
  }
  if (typeof v === 'string') return v;
  if (verb === 's') {
    if (v === null || v === undefined) return '%!s(<nil>)';
    const shown = typeof v === 'number' ? goNumber(v) : String(v);
    return `%!s(${goTypeName(v)}=${shown})`;
  }
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

/** strconv.Quote for the strings that appear in strconv errors. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
