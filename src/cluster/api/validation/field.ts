/**
 * field.Path and field.Error of k8s.io/apimachinery/pkg/util/validation/field: builders for the
 * FieldError values validation returns, rendering each bad value as upstream's ErrorBody() does
 * (strings with %q, numbers and booleans plain, Go values with %#v).
 */
import type { FieldError } from '../errors';

/** A value as upstream prints it in an error: a Go-quoted string, a number, or preformatted text. */
export type BadValue = string | number | boolean | null | undefined | GoText;

/** Text printed as is, for values upstream prints with %#v or String(). */
export interface GoText {
  go: string;
}

export function goText(go: string): GoText {
  return { go };
}

export function child(path: string, ...names: string[]): string {
  let p = path;
  for (const n of names) p = p ? `${p}.${n}` : n;
  return p;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** Go's %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** %#v of map[string]string. */
export function goStringMap(m: Record<string, string> | undefined | null): GoText {
  if (!m) return goText('map[string]string(nil)');
  const parts = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(m[k])}`);
  return goText(`map[string]string{${parts.join(', ')}}`);
}

/** %#v of []string. */
export function goStringSlice(xs: string[] | undefined | null): GoText {
  if (!xs) return goText('[]string(nil)');
  return goText(`[]string{${xs.map(goQuote).join(', ')}}`);
}

/** %#v of a *metav1.LabelSelector (v1.LabelSelector{...}). */
export function goLabelSelector(sel: unknown): GoText {
  if (sel === null || sel === undefined) return goText('null');
  const s = sel as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const exprs = s.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${goStringSlice(e.values).go}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return goText(
    `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels).go}, MatchExpressions:${exprs}}`,
  );
}

function render(v: BadValue): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v.go;
}

function withDetail(s: string, detail: string): string {
  return detail ? `${s}: ${detail}` : s;
}

export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, message: withDetail('Required value', detail) };
}

export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    message: withDetail(`Invalid value: ${render(value)}`, detail),
  };
}

export function notSupported(field: string, value: BadValue, supported: string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return {
    type: 'FieldValueNotSupported',
    field,
    message: withDetail(`Unsupported value: ${render(value)}`, detail),
  };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: withDetail('Forbidden', detail) };
}

export function duplicate(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueDuplicate', field, message: `Duplicate value: ${render(value)}` };
}

export function notFound(field: string, value: BadValue): FieldError {
  // Upstream's cause reason is FieldValueNotFound, which the shared FieldError union does not list.
  return {
    type: 'FieldValueNotFound' as FieldError['type'],
    field,
    message: `Not found: ${render(value)}`,
  };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    message: `Too long: must have at most ${maxLength} bytes`,
  };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return {
    type: 'FieldValueTooMany',
    field,
    message: `Too many: ${actual}: must have at most ${max} items`,
  };
}

/** "field is immutable" when the JSON of new and old differ (ValidateImmutableField). */
export const FIELD_IMMUTABLE = 'field is immutable';

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // Unset and empty are the same to Go's Semantic.DeepEqual on omitempty fields.
    return isEmpty(a) && isEmpty(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null;
}

export function validateImmutable(
  newVal: unknown,
  oldVal: unknown,
  field: string,
  shown: BadValue,
): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [invalid(field, shown, FIELD_IMMUTABLE)];
}

/** ValidateNonnegativeField. */
export function nonNegative(value: number | undefined, field: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(field, value, IS_NEGATIVE)] : [];
}

export const IS_NEGATIVE = 'must be greater than or equal to 0';

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Reads a nested field of a plain JSON object. */
export function get<T = unknown>(obj: unknown, ...path: (string | number)[]): T | undefined {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur as T | undefined;
}

export type Obj = Record<string, unknown>;

export function asObj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function asArr<T = Obj>(v: unknown): T[] {
  return Array.isArray(v) ? (v.map((x) => x ?? {}) as T[]) : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
