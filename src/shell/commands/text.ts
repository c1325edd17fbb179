/** Text filters as coreutils and GNU grep print them: grep head tail wc sort uniq cut tr base64. */
import type { Cmd } from './types';
import { getopt, lines, readInputs, unlines } from './types';

/** A POSIX basic regular expression as a JavaScript one. */
function breToJs(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '|+?(){}'.includes(n) ? n : '\\' + n;
    } else if ('|+?(){}'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

const grep: Cmd = (ctx) => {
  const { argv, out, err } = ctx;
  const { opts, operands, bad } = getopt(argv.slice(1), 'emABC', 'ivcEwnoqxFlhHrs');
  const usage =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
  if (bad) {
    err(`grep: ${bad}\n${usage}`);
    return 2;
  }
  const patterns = opts.get('e') ?? (operands.length ? [operands.shift()!] : []);
  if (patterns.length === 0) {
    err(usage);
    return 2;
  }
  const files = operands;
  let source = patterns
    .flatMap((p) => p.split('\n'))
    .map((p) =>
      opts.has('F') ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : opts.has('E') ? p : breToJs(p),
    )
    .map((p) => (opts.has('x') ? `^(?:${p})$` : opts.has('w') ? `(?<![\\w])(?:${p})(?![\\w])` : p))
    .join('|');
  if (source === '') source = '(?:)';
  let re: RegExp;
  try {
    re = new RegExp(source, opts.has('i') ? 'i' : '');
  } catch {
    err('grep: Unmatched ( or \\(\n');
    return 2;
  }
  const inputs = readInputs(ctx, files, 'grep');
  if (!inputs) return 2;
  const prefix = files.length > 1 && !opts.has('h');
  let matched = 0;
  let text = '';
  inputs.forEach((input, fi) => {
    const name = files[fi] === '-' || files.length === 0 ? '(standard input)' : files[fi];
    let count = 0;
    lines(input).forEach((line, li) => {
      const hit = re.test(line) !== opts.has('v');
      if (!hit) return;
      count++;
      if (opts.has('c') || opts.has('l') || opts.has('q')) return;
      const pre = (prefix ? `${name}:` : '') + (opts.has('n') ? `${li + 1}:` : '');
      if (opts.has('o') && !opts.has('v')) {
        for (const m of line.matchAll(new RegExp(re.source, re.flags + 'g'))) {
          if (m[0]) text += pre + m[0] + '\n';
        }
      } else text += pre + line + '\n';
    });
    matched += count;
    if (opts.has('c')) text += (prefix ? `${name}:` : '') + count + '\n';
    if (opts.has('l') && count) text += name + '\n';
  });
  if (!opts.has('q')) out(text);
  return matched ? 0 : 1;
};

function headTail(tail: boolean): Cmd {
  const name = tail ? 'tail' : 'head';
  return (ctx) => {
    const args = ctx.argv.slice(1).map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
    const { opts, operands, bad } = getopt(args, 'nc', 'qvf');
    if (bad) {
      ctx.err(`${name}: ${bad}\nTry '${name} --help' for more information.\n`);
      return 1;
    }
    const nArg = opts.get('n')?.at(-1) ?? '10';
    const fromStart = tail && nArg.startsWith('+');
    const n = Number(nArg.replace(/^[+-]/, ''));
    if (!/^[+-]?\d+$/.test(nArg)) {
      ctx.err(`${name}: invalid number of lines: ‘${nArg}’\n`);
      return 1;
    }
    const inputs = readInputs(ctx, operands, name);
    if (!inputs) return 1;
    let first = true;
    inputs.forEach((input, i) => {
      if (operands.length > 1) {
        ctx.out(`${first ? '' : '\n'}==> ${operands[i]} <==\n`);
        first = false;
      }
      const ls = lines(input);
      const chosen = tail
        ? fromStart
          ? ls.slice(Math.max(0, n - 1))
          : n === 0
            ? []
            : ls.slice(-n)
        : nArg.startsWith('-')
          ? ls.slice(0, Math.max(0, ls.length - n))
          : ls.slice(0, n);
      let text = unlines(chosen);
      // A last line without a newline stays without one.
      const lastIncluded = tail || chosen.length === ls.length;
      if (lastIncluded && chosen.length && !input.endsWith('\n')) text = text.slice(0, -1);
      ctx.out(text);
    });
    return 0;
  };
}

const wc: Cmd = (ctx) => {
  const { opts, operands, bad } = getopt(ctx.argv.slice(1), '', 'lwcm');
  if (bad) {
    ctx.err(`wc: ${bad}\nTry 'wc --help' for more information.\n`);
    return 1;
  }
  const which = ['l', 'w', 'c'].filter((f) => opts.has(f) || (f === 'c' && opts.has('m')));
  const cols = which.length ? which : ['l', 'w', 'c'];
  const inputs = readInputs(ctx, operands, 'wc');
  if (!inputs) return 1;
  const count = (t: string) => ({
    l: (t.match(/\n/g) ?? []).length,
    w: t.split(/\s+/).filter(Boolean).length,
    c: new TextEncoder().encode(t).length,
  });
  const rows = inputs.map((t, i) => ({ name: operands[i], ...count(t) }));
  if (operands.length > 1) {
    rows.push({
      name: 'total',
      l: rows.reduce((a, r) => a + r.l, 0),
      w: rows.reduce((a, r) => a + r.w, 0),
      c: rows.reduce((a, r) => a + r.c, 0),
    });
  }
  const values = (r: (typeof rows)[number]) => cols.map((c) => r[c as 'l' | 'w' | 'c']);
  let width: number;
  if (operands.length === 0) width = cols.length === 1 ? 1 : 7;
  else width = Math.max(1, ...rows.map((r) => String(r.c).length));
  for (const r of rows) {
    const nums = values(r).map((v) => String(v).padStart(width));
    ctx.out(nums.join(' ') + (r.name !== undefined ? ` ${r.name}` : '') + '\n');
  }
  return 0;
};

interface SortKey {
  start: number;
  end?: number;
  numeric: boolean;
  reverse: boolean;
}

const sort: Cmd = (ctx) => {
  const { opts, operands, bad } = getopt(ctx.argv.slice(1), 'kto', 'rnuhfb');
  if (bad) {
    ctx.err(`sort: ${bad}\nTry 'sort --help' for more information.\n`);
    return 2;
  }
  const numeric = opts.has('n') || opts.has('h');
  const sep = opts.get('t')?.at(-1);
  const keys: SortKey[] = [];
  for (const k of opts.get('k') ?? []) {
    const m = /^(\d+)(?:\.\d+)?([nr]*)(?:,(\d+)(?:\.\d+)?([nr]*))?$/.exec(k);
    if (!m) {
      ctx.err(`sort: invalid number at field start: invalid count at start of ‘${k}’\n`);
      return 2;
    }
    const flags = (m[2] ?? '') + (m[4] ?? '');
    keys.push({
      start: Number(m[1]),
      end: m[3] ? Number(m[3]) : undefined,
      numeric: numeric || flags.includes('n'),
      reverse: flags.includes('r'),
    });
  }
  const inputs = readInputs(ctx, operands, 'sort');
  if (!inputs) return 2;
  const all = inputs.flatMap(lines);
  const fields = (l: string) => (sep !== undefined ? l.split(sep) : l.trim().split(/\s+/));
  const keyOf = (l: string, k: SortKey) =>
    fields(l)
      .slice(k.start - 1, k.end ?? undefined)
      .join(sep ?? ' ');
  const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cmpNum = (a: string, b: string) => (parseFloat(a) || 0) - (parseFloat(b) || 0);
  const cmp = (a: string, b: string): number => {
    for (const k of keys) {
      const ka = keyOf(a, k);
      const kb = keyOf(b, k);
      let c = k.numeric ? cmpNum(ka, kb) : cmpStr(ka, kb);
      if (k.reverse) c = -c;
      if (c) return c;
    }
    if (!keys.length && numeric) {
      const c = cmpNum(a, b);
      if (c) return c;
    }
    return cmpStr(a, b);
  };
  let sorted = [...all].sort(cmp);
  if (opts.has('r')) sorted.reverse();
  if (opts.has('u')) sorted = sorted.filter((l, i) => i === 0 || cmp(l, sorted[i - 1]) !== 0);
  ctx.out(unlines(sorted));
  return 0;
};

const uniq: Cmd = (ctx) => {
  const { opts, operands } = getopt(ctx.argv.slice(1), '', 'cdui');
  const inputs = readInputs(ctx, operands.slice(0, 1), 'uniq');
  if (!inputs) return 1;
  const groups: { line: string; n: number }[] = [];
  for (const l of lines(inputs[0])) {
    const last = groups[groups.length - 1];
    const same =
      last && (opts.has('i') ? last.line.toLowerCase() === l.toLowerCase() : last.line === l);
    if (same) last.n++;
    else groups.push({ line: l, n: 1 });
  }
  let text = '';
  for (const g of groups) {
    if (opts.has('d') && g.n < 2) continue;
    if (opts.has('u') && g.n > 1) continue;
    text += (opts.has('c') ? `${String(g.n).padStart(7)} ` : '') + g.line + '\n';
  }
  ctx.out(text);
  return 0;
};

function parseList(spec: string): ((i: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '')) return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a === 0) return undefined;
    ranges.push([a, b]);
  }
  return (i) => ranges.some(([a, b]) => i >= a && i <= b);
}

const cut: Cmd = (ctx) => {
  const { opts, operands, bad } = getopt(ctx.argv.slice(1), 'dfcb', 's');
  const spec = opts.get('f')?.at(-1) ?? opts.get('c')?.at(-1) ?? opts.get('b')?.at(-1);
  if (bad || spec === undefined) {
    ctx.err(
      `cut: ${bad ?? 'you must specify a list of bytes, characters, or fields'}\nTry 'cut --help' for more information.\n`,
    );
    return 1;
  }
  const pick = parseList(spec);
  if (!pick) {
    ctx.err(`cut: invalid field value ‘${spec}’\nTry 'cut --help' for more information.\n`);
    return 1;
  }
  const delim = opts.get('d')?.at(-1) ?? '\t';
  if (delim.length !== 1) {
    ctx.err(
      "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
    );
    return 1;
  }
  const inputs = readInputs(ctx, operands, 'cut');
  if (!inputs) return 1;
  let text = '';
  for (const l of inputs.flatMap(lines)) {
    if (opts.has('f')) {
      if (!l.includes(delim)) {
        if (!opts.has('s')) text += l + '\n';
        continue;
      }
      text +=
        l
          .split(delim)
          .filter((_, i) => pick(i + 1))
          .join(delim) + '\n';
    } else text += [...l].filter((_, i) => pick(i + 1)).join('') + '\n';
  }
  ctx.out(text);
  return 0;
};

const CLASSES: Record<string, string> = {
  '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  '[:lower:]': 'abcdefghijklmnopqrstuvwxyz',
  '[:digit:]': '0123456789',
  '[:space:]': ' \t\n\r\v\f',
  '[:blank:]': ' \t',
  '[:punct:]': '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

function trSet(spec: string): string[] {
  const out: string[] = [];
  let s = spec;
  while (s.length) {
    const cls = Object.keys(CLASSES).find((c) => s.startsWith(c));
    if (cls) {
      out.push(...CLASSES[cls]);
      s = s.slice(cls.length);
      continue;
    }
    let c = s[0];
    let used = 1;
    if (c === '\\' && s.length > 1) {
      c = { n: '\n', t: '\t', r: '\r', '\\': '\\' }[s[1]] ?? s[1];
      used = 2;
    }
    if (s[used] === '-' && s.length > used + 1) {
      const end = s[used + 1];
      for (let x = c.charCodeAt(0); x <= end.charCodeAt(0); x++) out.push(String.fromCharCode(x));
      s = s.slice(used + 2);
    } else {
      out.push(c);
      s = s.slice(used);
    }
  }
  return out;
}

const tr: Cmd = (ctx) => {
  const { opts, operands } = getopt(ctx.argv.slice(1), '', 'dsc');
  const del = opts.has('d');
  const squeeze = opts.has('s');
  if (operands.length === 0 || (!del && !squeeze && operands.length < 2)) {
    ctx.err(
      operands.length === 0
        ? "tr: missing operand\nTry 'tr --help' for more information.\n"
        : `tr: missing operand after ‘${operands[0]}’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n`,
    );
    return 1;
  }
  const from = trSet(operands[0]);
  const to = operands[1] !== undefined ? trSet(operands[1]) : [];
  let text = '';
  let prev = '';
  for (const ch of ctx.stdin) {
    let c = ch;
    if (del && from.includes(c)) continue;
    if (!del && to.length) {
      const i = from.indexOf(c);
      if (i >= 0) c = to[Math.min(i, to.length - 1)];
    }
    const squeezeSet = del || to.length ? to : from;
    if (squeeze && c === prev && squeezeSet.includes(c)) continue;
    text += c;
    prev = c;
  }
  ctx.out(text);
  return 0;
};

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function fromBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  try {
    const bin = atob(clean);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

const base64: Cmd = (ctx) => {
  const { opts, operands, bad } = getopt(ctx.argv.slice(1), 'w', 'di');
  if (bad) {
    ctx.err(`base64: ${bad}\nTry 'base64 --help' for more information.\n`);
    return 1;
  }
  const decode = opts.has('d') || opts.has('--decode');
  const inputs = readInputs(ctx, operands.slice(0, 1), 'base64');
  if (!inputs) return 1;
  if (decode) {
    const text = fromBase64(inputs[0]);
    if (text === undefined) {
      ctx.err('base64: invalid input\n');
      return 1;
    }
    ctx.out(text);
    return 0;
  }
  const wrap = Number(opts.get('w')?.at(-1) ?? 76);
  const encoded = toBase64(inputs[0]);
  if (!encoded) return 0;
  const chunks = wrap > 0 ? encoded.match(new RegExp(`.{1,${wrap}}`, 'g'))! : [encoded];
  ctx.out(chunks.join('\n') + '\n');
  return 0;
};

export const TEXT: Record<string, Cmd> = {
  grep,
  egrep: (ctx) => grep({ ...ctx, argv: ['grep', '-E', ...ctx.argv.slice(1)] }),
  head: headTail(false),
  tail: headTail(true),
  wc,
  sort,
  uniq,
  cut,
  tr,
  base64,
};
