/**
 * A jq subset: paths (`.a.b`, `.["k"]`, `.a[0]`, `.a[]`, `.[]`), pipes `|`, `,`, `keys`,
 * `length`, `select(.a == "x")`, `-r` raw strings, `-c` compact output.
 */
import type { Cmd } from './types';

type Json = unknown;
type Filter = (v: Json) => Json[];

class JqError extends Error {}

function typeName(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

function show(v: Json): string {
  const s = JSON.stringify(v);
  return `${typeName(v)} (${s.length > 11 ? s.slice(0, 10) + '...' : s})`;
}

function index(v: Json, key: string | number): Json {
  if (v === null) return null;
  if (typeof key === 'number') {
    if (!Array.isArray(v)) throw new JqError(`Cannot index ${typeName(v)} with number`);
    return v[key < 0 ? v.length + key : key] ?? null;
  }
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new JqError(`Cannot index ${typeName(v)} with "${key}"`);
  }
  const o = v as Record<string, Json>;
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : null;
}

function iterate(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.values(v as object);
  throw new JqError(`Cannot iterate over ${v === null ? 'null' : show(v)}`);
}

class JqParser {
  private i = 0;
  constructor(private s: string) {}

  parse(): Filter {
    const f = this.pipe();
    this.ws();
    if (this.i < this.s.length) throw new JqError(`syntax error, unexpected '${this.s[this.i]}'`);
    return f;
  }

  private ws() {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  private pipe(): Filter {
    let f = this.comma();
    this.ws();
    while (this.s[this.i] === '|') {
      this.i++;
      const l = f;
      const r = this.comma();
      f = (v) => l(v).flatMap(r);
      this.ws();
    }
    return f;
  }

  private comma(): Filter {
    let f = this.compare();
    this.ws();
    while (this.s[this.i] === ',') {
      this.i++;
      const l = f;
      const r = this.compare();
      f = (v) => [...l(v), ...r(v)];
      this.ws();
    }
    return f;
  }

  private compare(): Filter {
    const l = this.term();
    this.ws();
    const m = /^(==|!=|<=|>=|<|>)/.exec(this.s.slice(this.i));
    if (!m) return l;
    this.i += m[1].length;
    const r = this.term();
    return (v) =>
      l(v).flatMap((a) =>
        r(v).map((b) => {
          const sa = JSON.stringify(a);
          const sb = JSON.stringify(b);
          switch (m[1]) {
            case '==':
              return sa === sb;
            case '!=':
              return sa !== sb;
            default: {
              const x = a as number;
              const y = b as number;
              return m[1] === '<' ? x < y : m[1] === '>' ? x > y : m[1] === '<=' ? x <= y : x >= y;
            }
          }
        }),
      );
  }

  private term(): Filter {
    this.ws();
    const rest = this.s.slice(this.i);
    let f: Filter;
    const str = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    const numm = /^-?\d+(\.\d+)?/.exec(rest);
    const word = /^[a-z_]+/.exec(rest);
    if (rest.startsWith('.')) {
      f = (v) => [v];
      f = this.suffixes(f, true);
      return f;
    } else if (str) {
      this.i += str[0].length;
      const value = JSON.parse(str[0]) as string;
      f = () => [value];
    } else if (numm) {
      this.i += numm[0].length;
      f = () => [Number(numm[0])];
    } else if (rest.startsWith('(')) {
      this.i++;
      const inner = this.pipe();
      this.expect(')');
      f = inner;
    } else if (rest.startsWith('[')) {
      this.i++;
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        f = () => [[]];
      } else {
        const inner = this.pipe();
        this.expect(']');
        f = (v) => [inner(v)];
      }
    } else if (word) {
      this.i += word[0].length;
      f = this.builtin(word[0]);
    } else throw new JqError(`syntax error, unexpected '${rest[0] ?? 'end of file'}'`);
    return this.suffixes(f, false);
  }

  private builtin(name: string): Filter {
    switch (name) {
      case 'keys':
        return (v) => {
          if (Array.isArray(v)) return [v.map((_, i) => i)];
          if (v === null || typeof v !== 'object') throw new JqError(`${show(v)} has no keys`);
          return [Object.keys(v as object).sort()];
        };
      case 'length':
        return (v) => [
          v === null
            ? 0
            : Array.isArray(v) || typeof v === 'string'
              ? v.length
              : typeof v === 'object'
                ? Object.keys(v as object).length
                : Math.abs(v as number),
        ];
      case 'true':
        return () => [true];
      case 'false':
        return () => [false];
      case 'null':
        return () => [null];
      case 'not':
        return (v) => [v === false || v === null];
      case 'select': {
        this.expect('(');
        const cond = this.pipe();
        this.expect(')');
        return (v) => (cond(v).some((c) => c !== false && c !== null) ? [v] : []);
      }
      case 'map': {
        this.expect('(');
        const inner = this.pipe();
        this.expect(')');
        return (v) => [iterate(v).flatMap(inner)];
      }
      case 'to_entries':
        return (v) => [Object.entries(v as object).map(([key, value]) => ({ key, value }))];
      case 'tostring':
        return (v) => [typeof v === 'string' ? v : JSON.stringify(v)];
    }
    throw new JqError(`${name}/0 is not defined`);
  }

  private expect(c: string) {
    this.ws();
    if (this.s[this.i] !== c) throw new JqError(`syntax error, unexpected end of file`);
    this.i++;
  }

  /** `.a`, `."a"`, `[0]`, `[]`, `["a"]`, `?` after a term. */
  private suffixes(f: Filter, dotStart: boolean): Filter {
    let first = dotStart;
    for (;;) {
      const s = this.s;
      if (s[this.i] === '.') {
        this.i++;
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i));
        const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(s.slice(this.i));
        if (name) {
          this.i += name[0].length;
          const prev = f;
          f = (v) => prev(v).map((x) => index(x, name[0]));
        } else if (quoted) {
          this.i += quoted[0].length;
          const key = JSON.parse(quoted[0]) as string;
          const prev = f;
          f = (v) => prev(v).map((x) => index(x, key));
        } else if (!first && s[this.i] !== '[') {
          throw new JqError(`syntax error, unexpected '${s[this.i] ?? 'end of file'}'`);
        }
        first = false;
      } else if (s[this.i] === '[') {
        this.i++;
        this.ws();
        const prev = f;
        if (s[this.i] === ']') {
          this.i++;
          f = (v) => prev(v).flatMap(iterate);
        } else {
          const key = this.pipe();
          this.expect(']');
          f = (v) => prev(v).flatMap((x) => key(x).map((k) => index(x, k as string | number)));
        }
      } else if (s[this.i] === '?') {
        this.i++;
        const prev = f;
        f = (v) => {
          try {
            return prev(v);
          } catch {
            return [];
          }
        };
      } else return f;
    }
  }
}

function format(v: Json, raw: boolean, compact: boolean): string {
  if (raw && typeof v === 'string') return v;
  if (v === undefined) return 'null';
  return compact ? JSON.stringify(v) : JSON.stringify(v, null, 2);
}

export const jq: Cmd = (ctx) => {
  const args = ctx.argv.slice(1);
  let raw = false;
  let compact = false;
  const rest: string[] = [];
  for (const a of args) {
    if (/^-[rcjMC]+$/.test(a)) {
      if (a.includes('r') || a.includes('j')) raw = true;
      if (a.includes('c')) compact = true;
    } else if (a === '--raw-output') raw = true;
    else if (a === '--compact-output') compact = true;
    else rest.push(a);
  }
  const filterSrc = rest.shift() ?? '.';
  let filter: Filter;
  try {
    filter = new JqParser(filterSrc).parse();
  } catch (e) {
    ctx.err(
      `jq: error: ${e instanceof Error ? e.message : String(e)} at <top-level>, line 1:\n${filterSrc}\njq: 1 compile error\n`,
    );
    return 3;
  }
  let input = ctx.stdin;
  if (rest.length) {
    try {
      input = ctx.session.vfs.readFile(rest[0]);
    } catch (e) {
      ctx.err(
        `jq: error: Could not open ${rest[0]}: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
  }
  const docs: Json[] = [];
  try {
    // Several JSON documents may follow each other (kubectl prints one per object at times).
    let i = 0;
    const text = input;
    while (i < text.length) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (i >= text.length) break;
      const end = documentEnd(text, i);
      docs.push(JSON.parse(text.slice(i, end)));
      i = end;
    }
  } catch {
    ctx.err('jq: error (at <stdin>:0): Cannot parse input as JSON\n');
    return 2;
  }
  let out = '';
  try {
    for (const d of docs) for (const r of filter(d)) out += format(r, raw, compact) + '\n';
  } catch (e) {
    ctx.out(out);
    ctx.err(
      `jq: error (at <stdin>:${input.split('\n').length - 1}): ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 5;
  }
  ctx.out(out);
  return 0;
};

/** The end of the JSON value that starts at `i`. */
function documentEnd(text: string, i: number): number {
  const c = text[i];
  if (c !== '{' && c !== '[') {
    const m = /^("(?:[^"\\]|\\.)*"|[^\s]+)/.exec(text.slice(i));
    return i + (m ? m[0].length : 1);
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"') {
      j++;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      if (--depth === 0) return j + 1;
    }
  }
  return text.length;
}
