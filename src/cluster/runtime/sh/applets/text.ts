/** Text applets: echo, cat, head, tail, wc, grep, sed, cut, sort, uniq, tr, seq, yes. */
import type { Applet, AppletContext } from '../interp';
import type { Proc } from '../sched';
import {
  chomp,
  complain,
  eachLine,
  getopts,
  posixRegExp,
  readFile,
  readInputs,
  splitLines,
  unescape,
} from './util';
import { sed } from './sed';

function usage(ctx: AppletContext, text: string): number {
  ctx.io.stderr.write(
    `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ${text}\n`,
  );
  return 1;
}

// eslint-disable-next-line require-yield
const echo: Applet = function* ({ argv, io }) {
  let args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    for (const c of args[0].slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) {
    const r = unescape(text, true);
    text = r.text;
    if (r.stop) newline = false;
  }
  io.stdout.write(newline ? text + '\n' : text);
  return 0;
};

const cat: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1));
  const number = flags.has('n');
  let n = 0;
  const ok = yield* eachLine(ctx, rest, (line) => {
    ctx.io.stdout.write(number ? `${String(++n).padStart(6)}\t${line}` : line);
  });
  return ok ? 0 : 1;
};

function headTailCount(
  ctx: AppletContext,
  v: string | undefined,
  dflt: number,
): number | undefined {
  if (v === undefined) return dflt;
  const m = /^[-+]?([0-9]+)([kbm]?)$/.exec(v);
  if (!m) {
    complain(ctx, `invalid number '${v}'`);
    return undefined;
  }
  return Number(m[1]) * (m[2] === 'k' ? 1024 : m[2] === 'b' ? 512 : m[2] === 'm' ? 1048576 : 1);
}

const head: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'nc', 'n');
  const bytes = flags.has('c');
  const n = headTailCount(ctx, flags.get(bytes ? 'c' : 'n'), 10);
  if (n === undefined) return 1;
  const files = rest.length ? rest : ['-'];
  let status = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (files.length > 1)
      ctx.io.stdout.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
    if (bytes) {
      const all = yield* readInputs(ctx, [f], 'plain');
      if (!all) {
        status = 1;
        continue;
      }
      ctx.io.stdout.write(all[0].text.slice(0, n));
      continue;
    }
    let left = n;
    if (left === 0) continue;
    const ok = yield* eachLine(
      ctx,
      [f],
      (line) => {
        ctx.io.stdout.write(line);
        return --left > 0;
      },
      'plain',
    );
    if (!ok) status = 1;
  }
  return status;
};

const tail: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'nc', 'n');
  const bytes = flags.has('c');
  const spec = flags.get(bytes ? 'c' : 'n');
  const fromStart = spec?.startsWith('+') ?? false;
  const n = headTailCount(ctx, spec, 10);
  if (n === undefined) return 1;
  const files = rest.length ? rest : ['-'];
  let status = 0;
  const seen = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const all = yield* readInputs(ctx, [f], 'plain');
    if (!all) {
      status = 1;
      continue;
    }
    const text = all[0].text;
    seen.set(f, text.length);
    if (files.length > 1)
      ctx.io.stdout.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
    if (bytes) {
      ctx.io.stdout.write(
        fromStart ? text.slice(Math.max(0, n - 1)) : text.slice(Math.max(0, text.length - n)),
      );
      continue;
    }
    const lines = splitLines(text);
    const out = fromStart ? lines.slice(Math.max(0, n - 1)) : n === 0 ? [] : lines.slice(-n);
    ctx.io.stdout.write(out.join(''));
  }
  if (flags.has('f') || flags.has('F')) {
    // Follow: look for new content once a second, as `tail -f` on a log file shows it.
    for (;;) {
      yield { t: 'sleep', ms: 1000 };
      for (const f of files) {
        if (f === '-') continue;
        const text = ctx.sh.env.fs.read(ctx.sh.resolve(f));
        if (text === undefined) continue;
        const before = seen.get(f) ?? 0;
        if (text.length > before) ctx.io.stdout.write(text.slice(before));
        seen.set(f, text.length);
      }
    }
  }
  return status;
};

const wc: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1));
  let cols = ['l', 'w', 'c'].filter((c) => flags.has(c) || (c === 'c' && flags.has('m')));
  if (flags.has('L')) cols.push('L');
  if (!cols.length) cols = ['l', 'w', 'c'];
  const inputs = yield* readInputs(ctx, rest, 'plain');
  const rows: { name: string; v: number[] }[] = [];
  const total = cols.map(() => 0);
  for (const { name, text } of inputs ?? []) {
    const counts: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: new TextEncoder().encode(text).length,
      L: Math.max(0, ...text.split('\n').map((l) => l.length)),
    };
    const v = cols.map((c) => counts[c]);
    v.forEach((x, i) => (total[i] += x));
    rows.push({ name: name === '-' ? '' : name, v });
  }
  if (rows.length > 1) rows.push({ name: 'total', v: total });
  const pad = cols.length === 1 && rows.length <= 1 ? 0 : 9;
  for (const r of rows) {
    const nums = r.v.map((x) => String(x).padStart(pad)).join(' ');
    ctx.io.stdout.write(r.name ? `${nums} ${r.name}\n` : `${nums}\n`);
  }
  return inputs && inputs.length === (rest.length || 1) ? 0 : 1;
};

const grep: Applet = function* (ctx) {
  const { flags, rest, bad } = getopts(ctx.argv.slice(1), 'emABC');
  if (bad)
    return usage(
      ctx,
      'grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...',
    );
  let patterns: string[];
  let files: string[];
  if (flags.has('e')) {
    patterns = [flags.get('e')!];
    files = rest;
  } else {
    if (!rest.length) {
      usage(
        ctx,
        'grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...',
      );
      return 2;
    }
    patterns = [rest[0]];
    files = rest.slice(1);
  }
  const ci = flags.has('i');
  const fixed = flags.has('F');
  const extended = flags.has('E') || ctx.argv[0] === 'egrep';
  let res: RegExp[];
  try {
    res = patterns
      .flatMap((p) => p.split('\n'))
      .map((p) => {
        let src = fixed
          ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
          : posixRegExp(p, extended).source;
        if (flags.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
        if (flags.has('x')) src = `^(?:${src})$`;
        return new RegExp(src, ci ? 'i' : '');
      });
  } catch {
    complain(ctx, `bad regex '${patterns[0]}'`);
    return 2;
  }
  const invert = flags.has('v');
  const quiet = flags.has('q');
  const showNames = (files.length > 1 || flags.has('H')) && !flags.has('h');
  const max = flags.has('m') ? Number(flags.get('m')) : Infinity;
  let any = false;
  const counts = new Map<string, number>();
  const lineNo = new Map<string, number>();
  let stopped = false;
  const ok = yield* eachLine(
    ctx,
    files,
    (line, file) => {
      const text = chomp(line);
      const no = (lineNo.get(file) ?? 0) + 1;
      lineNo.set(file, no);
      if ((counts.get(file) ?? 0) >= max) return true;
      const hit = res.some((r) => r.test(text)) !== invert;
      if (!hit) return true;
      any = true;
      counts.set(file, (counts.get(file) ?? 0) + 1);
      if (quiet) {
        stopped = true;
        return false;
      }
      if (flags.has('c') || flags.has('l') || flags.has('L')) return true;
      const prefix =
        (showNames ? `${file === '-' ? '(standard input)' : file}:` : '') +
        (flags.has('n') ? `${no}:` : '');
      if (flags.has('o') && !invert) {
        for (const r of res) {
          const g = new RegExp(r.source, r.flags + 'g');
          for (const m of text.matchAll(g)) if (m[0]) ctx.io.stdout.write(`${prefix}${m[0]}\n`);
        }
      } else ctx.io.stdout.write(`${prefix}${text}\n`);
      return true;
    },
    'plain',
  );
  if (flags.has('s') && !ok) {
    // -s only hides the messages; they were already suppressed above by the caller's choice.
  }
  if (!quiet && !stopped) {
    const names = files.length ? files : ['-'];
    for (const f of names) {
      const label = f === '-' ? '(standard input)' : f;
      if (flags.has('c'))
        ctx.io.stdout.write(
          showNames ? `${label}:${counts.get(f) ?? 0}\n` : `${counts.get(f) ?? 0}\n`,
        );
      else if (flags.has('l') && counts.get(f)) ctx.io.stdout.write(`${label}\n`);
      else if (flags.has('L') && !counts.get(f)) ctx.io.stdout.write(`${label}\n`);
    }
  }
  if (!ok && !(quiet && any)) return 2;
  return any ? 0 : 1;
};

function parseList(spec: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

const cut: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'dfcb');
  const listSpec = flags.get('f') ?? flags.get('c') ?? flags.get('b');
  if (listSpec === undefined) {
    complain(ctx, 'expected a list of bytes, characters, or fields');
    return 1;
  }
  const sel = parseList(listSpec);
  if (!sel) {
    complain(ctx, `invalid byte, character or field list`);
    return 1;
  }
  const delim = flags.get('d') ?? '\t';
  const byField = flags.has('f');
  const ok = yield* eachLine(ctx, rest, (line) => {
    const text = chomp(line);
    if (byField) {
      if (!text.includes(delim)) {
        if (!flags.has('s')) ctx.io.stdout.write(text + '\n');
        return;
      }
      const parts = text.split(delim);
      ctx.io.stdout.write(parts.filter((_p, i) => sel(i + 1)).join(delim) + '\n');
    } else {
      ctx.io.stdout.write([...text].filter((_c, i) => sel(i + 1)).join('') + '\n');
    }
  });
  return ok ? 0 : 1;
};

const sort: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'ktoT');
  const inputs = yield* readInputs(ctx, rest, 'plain');
  if (!inputs) return 2;
  const lines = inputs.flatMap((i) => splitLines(i.text).map(chomp));
  const numeric = flags.has('n') || flags.has('h');
  const sep = flags.get('t');
  const keySpec = flags.get('k');
  const key = (l: string): string => {
    if (!keySpec) return l;
    const m = /^([0-9]+)(?:\.[0-9]+)?[a-z]*(?:,([0-9]+))?/.exec(keySpec);
    if (!m) return l;
    const from = Number(m[1]) - 1;
    const to = m[2] ? Number(m[2]) : undefined;
    const fields = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return fields.slice(from, to).join(sep ?? ' ');
  };
  const ci = flags.has('f');
  const num = (s: string): number => {
    const m = /^\s*(-?[0-9]*\.?[0-9]+)([KMGTkmgt]?)/.exec(s);
    if (!m) return 0;
    const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 }[m[2].toLowerCase()] ?? 1;
    return Number(m[1]) * (flags.has('h') ? mult : 1);
  };
  const cmp = (a: string, b: string): number => {
    let ka = key(a);
    let kb = key(b);
    if (numeric) {
      const d = num(ka) - num(kb);
      if (d) return d;
    } else {
      if (ci) {
        ka = ka.toUpperCase();
        kb = kb.toUpperCase();
      }
      if (ka !== kb) return ka < kb ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  let sorted = lines.slice().sort((a, b) => (flags.has('r') ? -cmp(a, b) : cmp(a, b)));
  if (flags.has('u')) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1], l) !== 0);
  const out = sorted.map((l) => l + '\n').join('');
  if (flags.has('o')) ctx.sh.env.fs.write(ctx.sh.resolve(flags.get('o')!), out);
  else ctx.io.stdout.write(out);
  return 0;
};

const uniq: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'fsw');
  let prev: string | undefined;
  let count = 0;
  const flush = () => {
    if (prev === undefined) return;
    if (flags.has('d') && count < 2) return;
    if (flags.has('u') && count > 1) return;
    ctx.io.stdout.write(flags.has('c') ? `${String(count).padStart(7)} ${prev}\n` : `${prev}\n`);
  };
  const ci = flags.has('i');
  const ok = yield* eachLine(ctx, rest.slice(0, 1), (line) => {
    const text = chomp(line);
    if (prev !== undefined && (ci ? prev.toLowerCase() === text.toLowerCase() : prev === text))
      count++;
    else {
      flush();
      prev = text;
      count = 1;
    }
  });
  flush();
  return ok ? 0 : 1;
};

function expandSet(s: string): string[] {
  const classes: Record<string, string> = {
    alpha: 'a-zA-Z',
    digit: '0-9',
    alnum: 'a-zA-Z0-9',
    upper: 'A-Z',
    lower: 'a-z',
    space: ' \t\n\r\f\v',
    blank: ' \t',
    punct: '!-/:-@[-`{-~',
    xdigit: '0-9a-fA-F',
  };
  s = s.replace(/\[:(\w+):\]/g, (_m, c: string) => classes[c] ?? '');
  const chars = [...unescape(s).text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const a = chars[i].charCodeAt(0);
      const b = chars[i + 2].charCodeAt(0);
      for (let c = a; c <= b; c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(chars[i]);
  }
  return out;
}

const tr: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1));
  if (!rest.length) return usage(ctx, 'tr [-cds] STRING1 [STRING2]');
  let set1 = expandSet(rest[0]);
  const set2 = rest[1] !== undefined ? expandSet(rest[1]) : [];
  const complement = flags.has('c') || flags.has('C');
  const inSet1 = (c: string) => set1.includes(c) !== complement;
  if (complement && set2.length) set1 = [];
  const map = new Map<string, string>();
  if (!flags.has('d') && set2.length) {
    set1.forEach((c, i) => map.set(c, set2[Math.min(i, set2.length - 1)]));
  }
  const squeezeSet = flags.has('d') ? set2 : set2.length ? set2 : set1;
  let last = '';
  const ok = yield* eachLine(ctx, [], (line) => {
    let out = '';
    for (const c of line) {
      if (flags.has('d') && inSet1(c)) continue;
      let o = c;
      if (!flags.has('d') && set2.length) {
        if (complement) o = inSet1(c) ? set2[set2.length - 1] : c;
        else o = map.get(c) ?? c;
      }
      if (flags.has('s') && o === last && squeezeSet.includes(o)) continue;
      out += o;
      last = o;
    }
    ctx.io.stdout.write(out);
  });
  return ok ? 0 : 1;
};

const seq: Applet = function* (ctx) {
  // Negative numbers are operands, not options.
  const raw = ctx.argv.slice(1);
  const firstNum = raw.findIndex((a) => /^-?[0-9.]/.test(a));
  const { flags, rest: optRest } = getopts(firstNum < 0 ? raw : raw.slice(0, firstNum), 's');
  const nums = firstNum < 0 ? optRest : [...optRest, ...raw.slice(firstNum)];
  if (!nums.length || nums.length > 3) return usage(ctx, 'seq [-w] [-s SEP] [FIRST [INC]] LAST');
  for (const n of nums) {
    if (!/^-?[0-9]*\.?[0-9]+$/.test(n)) {
      complain(ctx, `invalid number '${n}'`);
      return 1;
    }
  }
  const [first, inc, last] =
    nums.length === 1
      ? ['1', '1', nums[0]]
      : nums.length === 2
        ? [nums[0], '1', nums[1]]
        : [nums[0], nums[1], nums[2]];
  const decimals = Math.max(
    ...[first, inc].map((n) => (n.includes('.') ? n.split('.')[1].length : 0)),
  );
  const a = Number(first);
  const d = Number(inc);
  const b = Number(last);
  const sep = flags.get('s') ?? '\n';
  const width = flags.has('w') ? Math.max(...[a, b].map((x) => x.toFixed(decimals).length)) : 0;
  if (d === 0) return 1;
  let i = 0;
  let out = '';
  for (let x = a; d > 0 ? x <= b + 1e-9 : x >= b - 1e-9; x = a + ++i * d) {
    const s = x.toFixed(decimals);
    out += (i ? sep : '') + (width ? s.padStart(width, '0') : s);
    if (out.length > 4096) {
      ctx.io.stdout.write(out);
      out = '';
      if (ctx.sh.sched.spend()) yield { t: 'step' };
    }
  }
  if (i > 0) out += '\n';
  ctx.io.stdout.write(out);
  return 0;
};

const yes: Applet = function* ({ argv, io, sh }) {
  const line = (argv.length > 1 ? argv.slice(1).join(' ') : 'y') + '\n';
  for (;;) {
    io.stdout.write(line);
    if (sh.sched.spend()) yield { t: 'step' };
  }
};

const tac: Applet = function* (ctx) {
  const inputs = yield* readInputs(ctx, ctx.argv.slice(1));
  if (!inputs) return 1;
  for (const { text } of inputs) {
    const lines = splitLines(text).map(chomp);
    ctx.io.stdout.write(
      lines
        .reverse()
        .map((l) => l + '\n')
        .join(''),
    );
  }
  return 0;
};

const rev: Applet = function* (ctx) {
  const ok = yield* eachLine(ctx, ctx.argv.slice(1), (line) => {
    ctx.io.stdout.write([...chomp(line)].reverse().join('') + '\n');
  });
  return ok ? 0 : 1;
};

const nl: Applet = function* (ctx) {
  let n = 0;
  const ok = yield* eachLine(ctx, ctx.argv.slice(1), (line) => {
    const t = chomp(line);
    ctx.io.stdout.write(t ? `${String(++n).padStart(6)}\t${t}\n` : '       \n');
  });
  return ok ? 0 : 1;
};

function* sedApplet(ctx: AppletContext): Proc<number> {
  return yield* sed(ctx, readFile);
}

export const TEXT_APPLETS: Record<string, Applet> = {
  echo,
  cat,
  head,
  tail,
  wc,
  grep,
  egrep: grep,
  fgrep: (ctx) => grep({ ...ctx, argv: [ctx.argv[0], '-F', ...ctx.argv.slice(1)] }),
  cut,
  sort,
  uniq,
  tr,
  seq,
  yes,
  tac,
  rev,
  nl,
  sed: sedApplet,
};
