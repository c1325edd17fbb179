/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with `{...}` actions;
 * fields (`.a.b`, `['a.b']`), `..` recursive descent, `*`, indexes and slices (`[0]`, `[-1]`,
 * `[1:3]`), unions (`[0,1]`), filters (`[?(@.type=="Ready")]`), quoted literals (`{"\n"}`),
 * `{range ...}{end}`. Missing keys print nothing (kubectl's --allow-missing-template-keys).
 * Maps and lists print as compact JSON; several results of one action are joined by spaces.
 */
import { toCompactJson } from './json';

type Node =
  | { t: 'text'; text: string }
  | { t: 'field'; names: string[] }
  | { t: 'recursive' }
  | { t: 'wildcard' }
  | { t: 'array'; specs: ArraySpec[] }
  | { t: 'filter'; left: Node[]; op: string; right: Node[] }
  | { t: 'literal'; value: unknown }
  | { t: 'current' }
  | { t: 'root' };

interface ArraySpec {
  start?: number;
  end?: number;
  step?: number;
  single: boolean;
}

type Action =
  | { t: 'text'; text: string }
  | { t: 'list'; nodes: Node[] }
  | { t: 'range'; nodes: Node[] }
  | { t: 'end' };

export class JsonPathError extends Error {}

function unrecognised(c: string): JsonPathError {
  const code = c.codePointAt(0) ?? 0;
  return new JsonPathError(
    `unrecognized character in action: U+${code.toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
  );
}

/** Parses the inside of one action. */
function parseAction(s: string): Action {
  const trimmed = s.trim();
  if (trimmed === 'end') return { t: 'end' };
  if (trimmed.startsWith('range ') || trimmed === 'range') {
    return { t: 'range', nodes: parseNodes(trimmed.slice(5)) };
  }
  return { t: 'list', nodes: parseNodes(s) };
}

function parseNodes(s: string): Node[] {
  const nodes: Node[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '@') {
      nodes.push({ t: 'current' });
      i++;
    } else if (c === '$') {
      nodes.push({ t: 'root' });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < s.length && s[j] !== c) {
        if (s[j] === '\\' && j + 1 < s.length) {
          const e = s[++j];
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else text += s[j];
        j++;
      }
      if (j >= s.length) throw new JsonPathError('unterminated quoted string');
      nodes.push({ t: 'text', text });
      i = j + 1;
    } else if (c === '.') {
      if (s[i + 1] === '.') {
        nodes.push({ t: 'recursive' });
        i += 2;
        continue;
      }
      if (s[i + 1] === '*') {
        nodes.push({ t: 'wildcard' });
        i += 2;
        continue;
      }
      let j = i + 1;
      let name = '';
      while (j < s.length && /[\w\-/\\]/.test(s[j])) {
        if (s[j] === '\\' && j + 1 < s.length) j++;
        name += s[j];
        j++;
      }
      if (name === '') {
        // `{.}` is the current object.
        nodes.push({ t: 'field', names: [] });
      } else nodes.push({ t: 'field', names: [name] });
      i = j;
    } else if (c === '*') {
      nodes.push({ t: 'wildcard' });
      i++;
    } else if (c === '[') {
      let depth = 0;
      let j = i;
      let quote = '';
      for (; j < s.length; j++) {
        const ch = s[j];
        if (quote) {
          if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '[') depth++;
        else if (ch === ']' && --depth === 0) break;
      }
      if (j >= s.length) throw new JsonPathError('unterminated array');
      nodes.push(parseBracket(s.slice(i + 1, j)));
      i = j + 1;
    } else if (/[\w]/.test(c)) {
      let j = i;
      while (j < s.length && /[\w.-]/.test(s[j])) j++;
      const word = s.slice(i, j);
      if (/^-?\d+(\.\d+)?$/.test(word)) nodes.push({ t: 'literal', value: Number(word) });
      else if (word === 'true' || word === 'false')
        nodes.push({ t: 'literal', value: word === 'true' });
      else nodes.push({ t: 'field', names: [word] });
      i = j;
    } else throw unrecognised(c);
  }
  return nodes;
}

function parseBracket(inner: string): Node {
  const s = inner.trim();
  if (s === '*') return { t: 'wildcard' };
  if (s.startsWith('?(') && s.endsWith(')')) {
    const body = s.slice(2, -1);
    const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(body);
    if (!m) return { t: 'filter', left: parseNodes(body), op: 'exists', right: [] };
    const right = m[3].trim();
    return {
      t: 'filter',
      left: parseNodes(m[1]),
      op: m[2],
      right:
        right.startsWith('"') || right.startsWith("'")
          ? [{ t: 'literal', value: right.slice(1, -1) }]
          : parseNodes(right),
    };
  }
  if (/^['"]/.test(s)) {
    const names = s.split(',').map((p) => p.trim().replace(/^['"]|['"]$/g, ''));
    return { t: 'field', names };
  }
  const specs: ArraySpec[] = [];
  for (const part of s.split(',')) {
    const p = part.trim();
    const bits = p.split(':');
    const num = (x: string | undefined): number | undefined => {
      if (x === undefined || x.trim() === '') return undefined;
      if (!/^-?\d+$/.test(x.trim())) throw new JsonPathError(`invalid array index "${x.trim()}"`);
      return Number(x);
    };
    if (bits.length === 1) {
      const n = num(bits[0]);
      if (n === undefined) throw new JsonPathError(`invalid array index ""`);
      specs.push({ start: n, end: n + 1, single: true });
    } else {
      specs.push({ start: num(bits[0]), end: num(bits[1]), step: num(bits[2]), single: false });
    }
  }
  return { t: 'array', specs };
}

export interface JsonPathTemplate {
  actions: Action[];
  source: string;
}

/** Parses a template; throws JsonPathError with upstream's messages. */
export function parseTemplate(text: string): JsonPathTemplate {
  const actions: Action[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) {
      actions.push({ t: 'text', text: text.slice(i) });
      break;
    }
    if (open > i) actions.push({ t: 'text', text: text.slice(i, open) });
    // The action ends at the first `}` outside quotes.
    let j = open + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const ch = text[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '}') break;
    }
    if (j >= text.length) throw new JsonPathError('unclosed action');
    actions.push(parseAction(text.slice(open + 1, j)));
    i = j + 1;
  }
  return { actions, source: text };
}

class ExecError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function recursiveValues(v: unknown): unknown[] {
  const out: unknown[] = [v];
  if (Array.isArray(v)) for (const x of v) out.push(...recursiveValues(x));
  else if (isObject(v)) {
    for (const k of Object.keys(v).sort()) out.push(...recursiveValues(v[k]));
  }
  return out;
}

function evalNodes(nodes: Node[], current: unknown[], root: unknown): unknown[] {
  let values = current;
  for (const n of nodes) {
    const next: unknown[] = [];
    switch (n.t) {
      case 'text':
        next.push(n.text);
        break;
      case 'literal':
        next.push(n.value);
        break;
      case 'current':
        next.push(...values);
        break;
      case 'root':
        next.push(root);
        break;
      case 'recursive':
        for (const v of values) next.push(...recursiveValues(v));
        break;
      case 'wildcard':
        for (const v of values) {
          if (Array.isArray(v)) next.push(...v);
          else if (isObject(v)) for (const k of Object.keys(v).sort()) next.push(v[k]);
        }
        break;
      case 'field':
        if (n.names.length === 0) {
          next.push(...values);
          break;
        }
        for (const v of values) {
          if (!isObject(v)) continue;
          for (const name of n.names) if (name in v && v[name] !== undefined) next.push(v[name]);
        }
        break;
      case 'array':
        for (const v of values) {
          if (!Array.isArray(v)) continue;
          for (const sp of n.specs) {
            const len = v.length;
            let start = sp.start ?? 0;
            let end = sp.end ?? len;
            if (start < 0) start += len;
            if (end < 0 || (sp.single && sp.end === 0)) end += len;
            if (sp.single && (start < 0 || start >= len)) {
              throw new ExecError(`array index out of bounds: index ${sp.start}, length ${len}`);
            }
            start = Math.max(0, Math.min(start, len));
            end = Math.max(0, Math.min(end, len));
            const step = sp.step && sp.step > 0 ? sp.step : 1;
            for (let i = start; i < end; i += step) next.push(v[i]);
          }
        }
        break;
      case 'filter':
        for (const v of values) {
          const items = Array.isArray(v) ? v : [v];
          for (const item of items) {
            const left = evalNodes(n.left, [item], root);
            if (n.op === 'exists') {
              if (left.length > 0) next.push(item);
              continue;
            }
            const right = evalNodes(n.right, [item], root);
            if (left.length === 0 || right.length === 0) continue;
            if (compare(left[0], n.op, right[0])) next.push(item);
          }
        }
        break;
    }
    values = next;
  }
  return values;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || String(a) === String(b);
    case '!=':
      return !(a === b || String(a) === String(b));
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    case '>=':
      return Number(a) >= Number(b);
    default:
      return false;
  }
}

/** How one result prints: strings raw, maps and lists as JSON, numbers as Go prints them. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return toCompactJson(v);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(v);
}

/** Executes a template against an object; throws Error with upstream's wording on failure. */
export function executeTemplate(tpl: JsonPathTemplate, obj: unknown): string {
  let out = '';
  const run = (from: number, current: unknown, inRange: boolean): number => {
    let i = from;
    while (i < tpl.actions.length) {
      const a = tpl.actions[i];
      if (a.t === 'text') {
        out += a.text;
        i++;
      } else if (a.t === 'end') {
        if (!inRange) throw new ExecError('not in range, nothing to end');
        return i + 1;
      } else if (a.t === 'range') {
        const values = evalNodes(a.nodes, [current], obj);
        const items = values.flatMap((v) => (Array.isArray(v) ? v : isObject(v) ? [v] : [v]));
        let after = -1;
        if (items.length === 0) {
          // Skip the body: find the matching end without output.
          const saved = out;
          after = run(i + 1, undefined, true);
          out = saved;
        }
        for (const item of items) after = run(i + 1, item, true);
        i = after < 0 ? tpl.actions.length : after;
      } else {
        const values = evalNodes(a.nodes, [current], obj);
        out += values.map(formatValue).join(' ');
        i++;
      }
    }
    if (inRange) throw new ExecError('range without end');
    return i;
  };
  try {
    run(0, obj, false);
  } catch (e) {
    if (e instanceof ExecError) {
      throw new JsonPathError(`Error executing template: ${e.message}`);
    }
    throw e;
  }
  return out;
}
