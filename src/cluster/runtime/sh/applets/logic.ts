/** printf, test / [, expr, basename, dirname: the applets scripts compute with. */
import type { Applet, AppletContext } from '../interp';
import { basename as baseOf, dirname as dirOf, isDir } from '../paths';
import { matchPattern } from '../glob';
import { unescape } from './util';

// ---- printf -----------------------------------------------------------------------------------

function toInt(ctx: AppletContext, arg: string | undefined, bad: { v: boolean }): bigint {
  if (arg === undefined || arg === '') {
    // busybox complains about a missing number too (and still prints 0).
    ctx.io.stderr.write(`sh: invalid number ''\n`);
    bad.v = true;
    return 0n;
  }
  if (/^['"]/.test(arg)) return BigInt(arg.codePointAt(1) ?? 0);
  const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m || m[0].length !== arg.length) {
    ctx.io.stderr.write(`sh: invalid number '${arg}'\n`);
    bad.v = true;
    if (!m) return 0n;
  }
  const body = m[2];
  const v =
    body.startsWith('0x') || body.startsWith('0X')
      ? BigInt(body)
      : body.length > 1 && body[0] === '0'
        ? BigInt('0o' + body.slice(1))
        : BigInt(body);
  return m[1] === '-' ? -v : v;
}

function toFloat(ctx: AppletContext, arg: string | undefined, bad: { v: boolean }): number {
  if (arg === undefined || arg === '') return 0;
  const v = Number(arg);
  if (Number.isNaN(v)) {
    ctx.io.stderr.write(`sh: invalid number '${arg}'\n`);
    bad.v = true;
    return parseFloat(arg) || 0;
  }
  return v;
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s.padEnd(width);
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

/** toFixed with C's round-half-to-even on exact ties (printf '%.0f' 2.5 gives 2). */
function toFixedC(v: number, p: number): string {
  const scaled = v * 10 ** p;
  if (
    Number.isFinite(scaled) &&
    Math.abs(scaled) < 2 ** 52 &&
    !Number.isInteger(scaled) &&
    Number.isInteger(scaled * 2)
  ) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 10 ** p).toFixed(p);
  }
  return v.toFixed(p);
}

function expC(v: number, prec: number, upper: boolean): string {
  const s = v.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

/** Formats like C printf for the conversions a shell script uses. */
export function formatPrintf(
  ctx: AppletContext,
  fmt: string,
  args: string[],
  bad: { v: boolean },
): { out: string; used: number; stop: boolean } {
  let out = '';
  let ai = 0;
  const next = () => args[ai++];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '\\') {
      const m = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(fmt.slice(i))!;
      if (m[1] === 'c') return { out, used: ai, stop: true };
      out += unescape(m[0]).text;
      i += m[0].length - 1;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([hlLqjzt]*)([a-zA-Z%])/.exec(
      fmt.slice(i),
    );
    if (!m) {
      out += c;
      continue;
    }
    i += m[0].length - 1;
    const flags = m[1];
    let width = m[2] === '*' ? Number(toInt(ctx, next(), bad)) : m[2] ? Number(m[2]) : 0;
    let left = flags.includes('-');
    if (width < 0) {
      left = true;
      width = -width;
    }
    const precRaw = m[3] === '*' ? String(toInt(ctx, next(), bad)) : m[3];
    const prec = precRaw === undefined ? undefined : Number(precRaw || '0');
    const zero = flags.includes('0') && !left;
    const conv = m[5];
    let s: string;
    switch (conv) {
      case '%':
        out += '%';
        continue;
      case 's':
        s = next() ?? '';
        if (prec !== undefined) s = s.slice(0, prec);
        out += pad(s, width, left, false);
        continue;
      case 'b': {
        const r = unescape(next() ?? '', true);
        out += pad(r.text, width, left, false);
        if (r.stop) return { out, used: ai, stop: true };
        continue;
      }
      case 'c':
        out += pad((next() ?? '').slice(0, 1), width, left, false);
        continue;
      case 'd':
      case 'i':
      case 'u': {
        const v = toInt(ctx, next(), bad);
        let digits = (v < 0n ? -v : v).toString();
        if (prec !== undefined) digits = digits.padStart(prec, '0');
        s = (v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + digits;
        out += pad(s, width, left, zero && prec === undefined);
        continue;
      }
      case 'x':
      case 'X':
      case 'o': {
        let v = toInt(ctx, next(), bad);
        if (v < 0n) v = BigInt.asUintN(64, v);
        s = v.toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') s = s.toUpperCase();
        if (prec !== undefined) s = s.padStart(prec, '0');
        if (flags.includes('#') && v !== 0n)
          s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
        out += pad(s, width, left, zero);
        continue;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        const v = toFloat(ctx, next(), bad);
        const p = prec ?? 6;
        if (conv === 'f' || conv === 'F') s = toFixedC(v, p);
        else if (conv === 'e' || conv === 'E') s = expC(v, p, conv === 'E');
        else {
          const pp = p === 0 ? 1 : p;
          const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
          if (exp < -4 || exp >= pp) s = expC(v, pp - 1, conv === 'G');
          else s = v.toFixed(Math.max(0, pp - 1 - exp));
          if (!flags.includes('#') && s.includes('.')) s = s.replace(/\.?0+(?=$|e)/i, '');
        }
        if (v >= 0 && flags.includes('+')) s = '+' + s;
        else if (v >= 0 && flags.includes(' ')) s = ' ' + s;
        out += pad(s, width, left, zero);
        continue;
      }
      default:
        ctx.io.stderr.write(`sh: %${conv}: invalid format\n`);
        bad.v = true;
        return { out, used: ai, stop: true };
    }
  }
  return { out, used: ai, stop: false };
}

// eslint-disable-next-line require-yield
const printf: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  if (args[0] === '--') args.shift();
  if (!args.length) {
    ctx.io.stderr.write('printf: usage: printf FORMAT [ARGUMENT...]\n');
    return 1;
  }
  const fmt = args[0];
  let rest = args.slice(1);
  const bad = { v: false };
  let out = '';
  for (;;) {
    const r = formatPrintf(ctx, fmt, rest, bad);
    out += r.out;
    if (r.stop || r.used === 0 || r.used >= rest.length) break;
    rest = rest.slice(r.used);
  }
  ctx.io.stdout.write(out);
  return bad.v ? 1 : 0;
};

// ---- test / [ ---------------------------------------------------------------------------------

class TestError extends Error {}

function evalTest(ctx: AppletContext, args: string[]): boolean {
  let i = 0;
  const fs = ctx.sh.env.fs;
  const num = (s: string): bigint => {
    const t = s.trim();
    if (!/^[-+]?[0-9]+$/.test(t)) throw new TestError(`${s}: bad number`);
    return BigInt(t);
  };
  const unary = (op: string, a: string): boolean => {
    const path = ctx.sh.resolve(a);
    switch (op) {
      case '-z':
        return a === '';
      case '-n':
        return a !== '';
      case '-e':
      case '-r':
      case '-w':
        return a !== '' && (fs.read(path) !== undefined || isDir(fs, path));
      case '-f':
        return a !== '' && fs.read(path) !== undefined;
      case '-d':
        return a !== '' && isDir(fs, path);
      case '-s':
        return (fs.read(path) ?? '') !== '';
      case '-x':
        return a !== '' && isDir(fs, path);
      case '-L':
      case '-h':
      case '-p':
      case '-S':
      case '-b':
      case '-c':
        return false;
      case '-t':
        return false;
    }
    throw new TestError(`${op}: unknown operand`);
  };
  const binary = (a: string, op: string, b: string): boolean => {
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '-eq':
        return num(a) === num(b);
      case '-ne':
        return num(a) !== num(b);
      case '-lt':
        return num(a) < num(b);
      case '-le':
        return num(a) <= num(b);
      case '-gt':
        return num(a) > num(b);
      case '-ge':
        return num(a) >= num(b);
    }
    throw new TestError(`${op}: unknown operand`);
  };
  const isBinary = (op: string | undefined) =>
    op !== undefined &&
    [
      '=',
      '==',
      '!=',
      '<',
      '>',
      '-eq',
      '-ne',
      '-lt',
      '-le',
      '-gt',
      '-ge',
      '-nt',
      '-ot',
      '-ef',
    ].includes(op);
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '!' && i + 1 < args.length) {
      i++;
      return !primary();
    }
    if (a === '(' && args.length - i > 2) {
      i++;
      const v = orExpr();
      if (args[i] !== ')') throw new TestError(`closing paren expected`);
      i++;
      return v;
    }
    if (isBinary(args[i + 1]) && i + 2 < args.length) {
      const v = binary(a, args[i + 1], args[i + 2]);
      i += 3;
      return v;
    }
    if (
      /^-[a-zA-Z]$/.test(a) &&
      i + 1 < args.length &&
      args[i + 1] !== '-a' &&
      args[i + 1] !== '-o'
    ) {
      i += 2;
      return unary(a, args[i - 1]);
    }
    i++;
    return a !== '';
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[i] === '-a') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === '-o') {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  if (!args.length) return false;
  // POSIX rules by argument count keep `[ "$x" = -n ]` and friends right.
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    if (args[0] === '!') return args[1] === '';
    if (/^-[a-zA-Z]$/.test(args[0])) return unary(args[0], args[1]);
  }
  if (args.length === 3 && isBinary(args[1])) return binary(args[0], args[1], args[2]);
  const v = orExpr();
  if (i < args.length) throw new TestError(`${args[i]}: unknown operand`);
  return v;
}

// eslint-disable-next-line require-yield
const test: Applet = function* (ctx) {
  let args = ctx.argv.slice(1);
  if (ctx.argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      ctx.io.stderr.write('sh: missing ]\n');
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evalTest(ctx, args) ? 0 : 1;
  } catch (err) {
    ctx.io.stderr.write(`sh: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
};

/**
 * busybox ash's `[[ ... ]]`, as far as a command can see it: test with `==` and `!=` matching a
 * pattern. `&&` and `||` inside the brackets are not supported (the parser ends the command there).
 */
// eslint-disable-next-line require-yield
const doubleBracket: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  if (args[args.length - 1] !== ']]') {
    ctx.io.stderr.write('sh: missing ]]\n');
    return 2;
  }
  const inner = args.slice(0, -1);
  if (inner.length === 3 && (inner[1] === '==' || inner[1] === '=' || inner[1] === '!=')) {
    const hit = matchPattern(inner[2], inner[0]);
    return hit === (inner[1] !== '!=') ? 0 : 1;
  }
  try {
    return evalTest(ctx, inner) ? 0 : 1;
  } catch (err) {
    ctx.io.stderr.write(`sh: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
};

// ---- expr -------------------------------------------------------------------------------------

class ExprError extends Error {}

// eslint-disable-next-line require-yield
const expr: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  let i = 0;
  const isInt = (s: string) => /^-?[0-9]+$/.test(s);
  const toNum = (s: string): bigint => {
    if (!isInt(s)) throw new ExprError('non-numeric argument');
    return BigInt(s);
  };
  const truthy = (s: string) => s !== '' && !(isInt(s) && BigInt(s) === 0n);
  const atom = (): string => {
    const a = args[i++];
    if (a === undefined) throw new ExprError('syntax error');
    if (a === '(') {
      const v = orE();
      if (args[i++] !== ')') throw new ExprError('syntax error');
      return v;
    }
    if (a === 'length') return String([...atom()].length);
    if (a === 'substr') {
      const s = atom();
      const p = Number(atom());
      const l = Number(atom());
      return p < 1 || l < 1 ? '' : s.slice(p - 1, p - 1 + l);
    }
    if (a === 'index') {
      const s = atom();
      const chars = atom();
      const idx = [...s].findIndex((c) => chars.includes(c));
      return String(idx + 1);
    }
    if (a === 'match') {
      const s = atom();
      return match(s, atom());
    }
    return a;
  };
  const match = (s: string, re: string): string => {
    // BRE: \( \) group, bare parentheses are literal.
    const src = re.replace(
      /\\([()])|([()])/g,
      (_m, grp: string | undefined, lit: string | undefined) => (grp ? grp : '\\' + lit),
    );
    const m = new RegExp('^(?:' + src + ')').exec(s);
    if (!m) return /\(/.test(src) ? '' : '0';
    return m.length > 1 ? (m[1] ?? '') : String(m[0].length);
  };
  const colonE = (): string => {
    let l = atom();
    while (args[i] === ':') {
      i++;
      l = match(l, atom());
    }
    return l;
  };
  const mulE = (): string => {
    let l = colonE();
    while (args[i] === '*' || args[i] === '/' || args[i] === '%') {
      const op = args[i++];
      const r = colonE();
      const a = toNum(l);
      const b = toNum(r);
      if (op !== '*' && b === 0n) throw new ExprError('division by zero');
      l = String(op === '*' ? a * b : op === '/' ? a / b : a % b);
    }
    return l;
  };
  const addE = (): string => {
    let l = mulE();
    while (args[i] === '+' || args[i] === '-') {
      const op = args[i++];
      const r = mulE();
      l = String(op === '+' ? toNum(l) + toNum(r) : toNum(l) - toNum(r));
    }
    return l;
  };
  const cmpE = (): string => {
    let l = addE();
    while (['<', '<=', '=', '==', '!=', '>=', '>'].includes(args[i])) {
      const op = args[i++];
      const r = addE();
      const c =
        isInt(l) && isInt(r)
          ? BigInt(l) < BigInt(r)
            ? -1
            : BigInt(l) > BigInt(r)
              ? 1
              : 0
          : l < r
            ? -1
            : l > r
              ? 1
              : 0;
      const v =
        op === '<'
          ? c < 0
          : op === '<='
            ? c <= 0
            : op === '=' || op === '=='
              ? c === 0
              : op === '!='
                ? c !== 0
                : op === '>='
                  ? c >= 0
                  : c > 0;
      l = v ? '1' : '0';
    }
    return l;
  };
  const andE = (): string => {
    let l = cmpE();
    while (args[i] === '&') {
      i++;
      const r = cmpE();
      l = truthy(l) && truthy(r) ? l : '0';
    }
    return l;
  };
  const orE = (): string => {
    let l = andE();
    while (args[i] === '|') {
      i++;
      const r = andE();
      l = truthy(l) ? l : truthy(r) ? r : '0';
    }
    return l;
  };
  if (!args.length) {
    ctx.io.stderr.write('expr: too few arguments\n');
    return 2;
  }
  try {
    const v = orE();
    if (i < args.length) throw new ExprError('syntax error');
    ctx.io.stdout.write(v + '\n');
    return truthy(v) ? 0 : 1;
  } catch (err) {
    ctx.io.stderr.write(`expr: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
};

// eslint-disable-next-line require-yield
const basename: Applet = function* ({ argv, io }) {
  if (argv.length < 2) {
    io.stderr.write('basename: missing operand\n');
    return 1;
  }
  let b = baseOf(argv[1]);
  const suffix = argv[2];
  if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
  io.stdout.write(b + '\n');
  return 0;
};

// eslint-disable-next-line require-yield
const dirname: Applet = function* ({ argv, io }) {
  if (argv.length < 2) {
    io.stderr.write('dirname: missing operand\n');
    return 1;
  }
  io.stdout.write(dirOf(argv[1]) + '\n');
  return 0;
};

export const LOGIC_APPLETS: Record<string, Applet> = {
  printf,
  test,
  '[': test,
  '[[': doubleBracket,
  expr,
  basename,
  dirname,
};
