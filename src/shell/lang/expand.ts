/**
 * Word expansion as bash does it, in order: tilde, parameters, command substitution and
 * arithmetic; then field splitting of unquoted results on whitespace; then pathname expansion
 * of unquoted `*` `?` `[...]` against the virtual filesystem (no match leaves the word as is).
 */
import type { Vfs } from '../vfs';
import { ArithError, evalArith } from './arith';
import type { Word, WordPart } from './ast';
import { parseWordText } from './parse';

/** What expansion reads: variables and the filesystem, and a way to run `$(...)`. */
export interface ExpandHost {
  vfs: Vfs;
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  substitute(src: string): Promise<string>;
}

/** An expansion error bash reports and stops the command for (`${x:?msg}`, bad arithmetic). */
export class ExpandError extends Error {}

// Unquoted glob characters travel through expansion as private-use characters.
const STAR = '\uE000';
const QMARK = '\uE001';
const BRACKET = '\uE002';

interface Field {
  text: string;
  glob: string;
  hasGlob: boolean;
}

export async function expandWords(words: Word[], host: ExpandHost): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(await expandWord(w, host)));
  return out;
}

/** A word's fields after splitting and pathname expansion. */
export async function expandWord(w: Word, host: ExpandHost): Promise<string[]> {
  const fields: Field[] = [];
  let cur: Field | null = null;
  const add = (text: string, quoted: boolean) => {
    cur ??= { text: '', glob: '', hasGlob: false };
    cur.text += text;
    if (quoted) cur.glob += text;
    else {
      const g = text.replace(/\*/g, STAR).replace(/\?/g, QMARK).replace(/\[/g, BRACKET);
      if (g !== text) cur.hasGlob = true;
      cur.glob += g;
    }
  };
  for (const p of w.parts) {
    if (p.k === 'lit') add(p.v, p.q);
    else if (p.k === 'tilde') add(tilde(p.user, host), true);
    else {
      const value = await expandPart(p, host);
      if (p.q) add(value, true);
      else {
        value.split(/[ \t\n]+/).forEach((piece, idx) => {
          if (idx > 0 && cur) {
            fields.push(cur);
            cur = null;
          }
          if (piece) add(piece, false);
        });
      }
    }
  }
  if (cur) fields.push(cur);
  const result: string[] = [];
  for (const f of fields) {
    const matches = f.hasGlob ? glob(f.glob, host.vfs) : [];
    if (matches.length) result.push(...matches);
    else result.push(f.text);
  }
  return result;
}

/** A word as one string: no splitting, no globbing (assignments, redirection targets). */
export async function expandString(w: Word, host: ExpandHost): Promise<string> {
  let s = '';
  for (const p of w.parts) {
    if (p.k === 'lit') s += p.v;
    else if (p.k === 'tilde') s += tilde(p.user, host);
    else s += await expandPart(p, host);
  }
  return s;
}

function tilde(user: string, host: ExpandHost): string {
  if (user === '') return host.getVar('HOME') ?? '/home/learner';
  if (user === 'learner') return '/home/learner';
  if (user === 'root') return '/root';
  return '~' + user;
}

async function expandPart(p: Exclude<WordPart, { k: 'lit' } | { k: 'tilde' }>, host: ExpandHost) {
  if (p.k === 'cmd') return (await host.substitute(p.src)).replace(/\n+$/, '');
  if (p.k === 'arith') {
    try {
      const src = await expandString(parseWordText(p.src, true), host);
      return String(evalArith(src, (n) => host.getVar(n) ?? ''));
    } catch (e) {
      if (e instanceof ArithError) throw new ExpandError(`${p.src.trim()}: ${e.message}`);
      throw e;
    }
  }
  const value = host.getVar(p.name);
  if (!p.op) return value ?? '';
  if (p.op === 'length') return String((value ?? '').length);
  if (p.op.startsWith('bad:')) throw new ExpandError(`\${${p.op.slice(4)}}: bad substitution`);
  const arg = () => (p.arg ? expandString(p.arg, host) : Promise.resolve(''));
  const unset = value === undefined;
  const empty = unset || value === '';
  switch (p.op) {
    case ':-':
      return empty ? arg() : value;
    case '-':
      return unset ? arg() : value;
    case ':=':
    case '=':
      if (p.op === ':=' ? empty : unset) {
        const v = await arg();
        host.setVar(p.name, v);
        return v;
      }
      return value ?? '';
    case ':+':
      return empty ? '' : arg();
    case '+':
      return unset ? '' : arg();
    case ':?':
    case '?':
      if (p.op === ':?' ? empty : unset) {
        const msg = (await arg()) || 'parameter null or not set';
        throw new ExpandError(`${p.name}: ${msg}`);
      }
      return value ?? '';
    case '#':
    case '##':
    case '%':
    case '%%':
      return trim(value ?? '', await arg(), p.op);
    case '/':
    case '//': {
      const a = await arg();
      const slash = a.indexOf('/');
      const pat = slash < 0 ? a : a.slice(0, slash);
      const rep = slash < 0 ? '' : a.slice(slash + 1);
      if (!pat) return value ?? '';
      const re = new RegExp(globRegex(pat), p.op === '//' ? 'g' : '');
      return (value ?? '').replace(re, () => rep);
    }
  }
  return value ?? '';
}

function trim(value: string, pattern: string, op: string): string {
  const re = globRegex(pattern);
  if (op === '#' || op === '##') {
    const m = new RegExp(`^(?:${re})`).exec(value);
    if (!m) return value;
    if (op === '##') {
      for (let n = value.length; n >= 0; n--) {
        if (new RegExp(`^(?:${re})$`).test(value.slice(0, n))) return value.slice(n);
      }
    }
    for (let n = 0; n <= value.length; n++) {
      if (new RegExp(`^(?:${re})$`).test(value.slice(0, n))) return value.slice(n);
    }
    return value;
  }
  const order =
    op === '%%'
      ? [...Array(value.length + 1).keys()]
      : [...Array(value.length + 1).keys()].reverse();
  for (const n of order) {
    if (new RegExp(`^(?:${re})$`).test(value.slice(n))) return value.slice(0, n);
  }
  return value;
}

/** A glob (as typed, unquoted) as a regular expression source. */
export function globRegex(pattern: string): string {
  return globPartRegex(pattern.replace(/\*/g, STAR).replace(/\?/g, QMARK).replace(/\[/g, BRACKET));
}

function globPartRegex(g: string): string {
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === STAR) re += '.*';
    else if (c === QMARK) re += '.';
    else if (c === BRACKET) {
      const end = g.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = g.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += '[' + cls.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return re;
}

function glob(pattern: string, vfs: Vfs): string[] {
  const absolute = pattern.startsWith('/');
  const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  let paths: string[] = [absolute ? '/' : ''];
  for (let ci = absolute ? 1 : 0; ci < comps.length; ci++) {
    const comp = comps[ci];
    const next: string[] = [];
    const magic = /[\uE000-\uE002]/.test(comp);
    for (const base of paths) {
      const join = (name: string) =>
        base === '' ? name : base === '/' ? '/' + name : `${base}/${name}`;
      if (!magic) {
        const p = join(comp);
        if (vfs.exists(p || '.')) next.push(p);
        continue;
      }
      let names: string[];
      try {
        names = vfs.list(base === '' ? '.' : base);
      } catch {
        continue;
      }
      const re = new RegExp(`^${globPartRegex(comp)}$`);
      for (const n of names) {
        if (n.startsWith('.') && !comp.startsWith('.')) continue;
        if (re.test(n)) next.push(join(n));
      }
    }
    paths = next;
  }
  return paths.filter((p) => p !== '').sort();
}
