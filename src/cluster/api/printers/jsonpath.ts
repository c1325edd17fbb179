/**
 * The part of k8s.io/client-go/util/jsonpath that CRD printer columns and selectable fields use:
 * `.a.b`, `['a.b']`, `[n]` (negative from the end), `[*]`/`.*`, and filters such as
 * `[?(@.type=="Ready")]`. Missing keys yield no result, as with AllowMissingKeys(true).
 */
import type { Any } from './helpers';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: Step[]; op?: string; value?: unknown };

/** Parses a path such as ".status.conditions[?(@.type==\"Ready\")].status"; throws on bad syntax. */
export function parseJsonPath(path: string): Step[] {
  let s = path.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  if (s.startsWith('$')) s = s.slice(1);
  return parseSteps(s);
}

function parseSteps(s: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '.') {
      i++;
      if (s[i] === '*') {
        steps.push({ kind: 'all' });
        i++;
        continue;
      }
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) i++; // `\.` escapes a dot inside a key
        name += s[i];
        i++;
      }
      if (name === '') throw new Error(`unrecognized path ${s}`);
      steps.push({ kind: 'field', name });
    } else if (ch === '[') {
      const end = findClose(s, i);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')'))
        steps.push(parseFilter(inner.slice(2, -1)));
      else throw new Error(`unrecognized path ${s}`);
    } else if (ch === ' ') {
      i++;
    } else {
      throw new Error(`unrecognized character in action: ${ch}`);
    }
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0 && c === ']') return i;
    }
  }
  throw new Error('unclosed array expect ]');
}

function parseFilter(expr: string): Step {
  const m = /^@((?:\.[^=!<>\s]+|\[[^\]]*\])*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr.trim());
  if (!m) {
    const exists = /^@((?:\.[^=!<>\s]+|\[[^\]]*\])*)$/.exec(expr.trim());
    if (!exists) throw new Error(`unrecognized filter ${expr}`);
    return { kind: 'filter', path: parseSteps(exists[1]) };
  }
  const raw = m[3].trim();
  let value: unknown;
  if (/^'.*'$|^".*"$/.test(raw)) value = raw.slice(1, -1);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (!Number.isNaN(Number(raw))) value = Number(raw);
  else throw new Error(`unrecognized filter value ${raw}`);
  return { kind: 'filter', path: parseSteps(m[1]), op: m[2], value };
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

/** Every value the path selects, in document order. */
export function evalJsonPath(steps: Step[], data: unknown): unknown[] {
  let cur: unknown[] = [data];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      const o = v as Any;
      switch (step.kind) {
        case 'field':
          if (o && typeof o === 'object' && !Array.isArray(o) && step.name in o)
            next.push(o[step.name]);
          break;
        case 'index':
          if (Array.isArray(o)) {
            const i = step.index < 0 ? o.length + step.index : step.index;
            if (i >= 0 && i < o.length) next.push(o[i]);
          }
          break;
        case 'all':
          if (Array.isArray(o)) next.push(...o);
          else if (o && typeof o === 'object')
            next.push(
              ...Object.keys(o)
                .sort()
                .map((k) => o[k]),
            );
          break;
        case 'filter':
          if (Array.isArray(o)) {
            for (const item of o) {
              const found = evalJsonPath(step.path, item);
              if (
                step.op === undefined
                  ? found.length > 0
                  : found.some((f) => compare(f, step.op!, step.value))
              ) {
                next.push(item);
              }
            }
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

/** Go's fmt %v of a float64 (shortest form, exponent below 1e-4 and from 1e21). */
export function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e21)) {
    const [mant, exp] = n.toExponential().split('e');
    const e = Number(exp);
    const sign = e < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's json.Marshal: sorted object keys, HTML-safe escapes. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'string') {
    return JSON.stringify(v)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${goJson(k)}:${goJson(o[k])}`)
    .join(',')}}`;
}

/** jsonpath PrintResults of one value: objects and arrays as JSON, the rest as Go prints them. */
export function printJsonPathValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return goJson(v);
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}
