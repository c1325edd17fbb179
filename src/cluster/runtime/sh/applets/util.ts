/** Helpers shared by the applets: options, input files, errors. */
import type { AppletContext } from '../interp';
import { isDir } from '../paths';
import type { Proc } from '../sched';

/** Writes "name: message" to stderr, as busybox applets report errors. */
export function complain(ctx: AppletContext, message: string): void {
  ctx.io.stderr.write(`${ctx.argv[0]}: ${message}\n`);
}

/**
 * Splits short options (`-nv`, `-n 3`, `-n3`) from operands. `withValue` lists the letters that
 * take a value. Stops at `--` or the first operand. Unknown letters are kept; the applet decides.
 */
export function getopts(
  args: string[],
  withValue = '',
  numericShorthand?: string,
): { flags: Map<string, string>; rest: string[]; bad?: string } {
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      // Long options (--line-buffered, --color=auto) change nothing here.
      flags.set(a, '');
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (numericShorthand && /^-[0-9]+$/.test(a)) {
      flags.set(numericShorthand, a.slice(1));
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (withValue.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return { flags, rest: [], bad: c };
        flags.set(c, v);
        break;
      }
      flags.set(c, '');
    }
  }
  return { flags, rest: args.slice(i) };
}

/** Reads a file for an applet; prints busybox's message and returns undefined when missing. */
export function readFile(
  ctx: AppletContext,
  file: string,
  style: 'open' | 'plain' = 'open',
): string | undefined {
  const path = ctx.sh.resolve(file);
  if (path === '/dev/null') return '';
  const text = ctx.sh.env.fs.read(path);
  if (text !== undefined) return text;
  const why = isDir(ctx.sh.env.fs, path) ? 'Is a directory' : 'No such file or directory';
  if (style === 'open') complain(ctx, `can't open '${file}': ${why}`);
  else complain(ctx, `${file}: ${why}`);
  return undefined;
}

/**
 * Calls `fn` for every line of the named files, or of stdin when there are none (or for `-`),
 * streaming: a filter on a never-ending pipe prints as lines arrive. Returns false when a file
 * could not be read.
 */
export function* eachLine(
  ctx: AppletContext,
  files: string[],
  fn: (line: string, file: string) => boolean | void,
  style: 'open' | 'plain' = 'open',
): Proc<boolean> {
  let ok = true;
  for (const f of files.length ? files : ['-']) {
    if (f === '-') {
      for (;;) {
        const line = yield* ctx.io.stdin.readLine();
        if (line === null) break;
        if (ctx.sh.sched.spend()) yield { t: 'step' };
        if (fn(line, f) === false) return ok;
      }
      continue;
    }
    const text = readFile(ctx, f, style);
    if (text === undefined) {
      ok = false;
      continue;
    }
    for (const line of splitLines(text)) {
      if (fn(line, f) === false) return ok;
      if (ctx.sh.sched.spend()) yield { t: 'step' };
    }
  }
  return ok;
}

/** Whole contents of each input (stdin when none), for applets that need all of it. */
export function* readInputs(
  ctx: AppletContext,
  files: string[],
  style: 'open' | 'plain' = 'open',
): Proc<{ name: string; text: string }[] | undefined> {
  const out: { name: string; text: string }[] = [];
  let ok = true;
  for (const f of files.length ? files : ['-']) {
    if (f === '-') {
      out.push({ name: '-', text: yield* ctx.io.stdin.readAll() });
      continue;
    }
    const text = readFile(ctx, f, style);
    if (text === undefined) ok = false;
    else out.push({ name: f, text });
  }
  return ok ? out : out.length ? out : undefined;
}

/** Lines with their newlines; the last may lack one. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(pos, end));
    pos = end;
  }
  return out;
}

export function chomp(line: string): string {
  return line.endsWith('\n') ? line.slice(0, -1) : line;
}

/** Converts a POSIX basic or extended regular expression to a JavaScript one. */
export function posixRegExp(re: string, extended: boolean, flags = ''): RegExp {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '[') {
      // Bracket expression: copy through, translating [:class:].
      let j = i + 1;
      if (re[j] === '^') j++;
      if (re[j] === ']') j++;
      while (j < re.length && re[j] !== ']') {
        if (re[j] === '[' && re[j + 1] === ':') {
          const close = re.indexOf(':]', j + 2);
          if (close > 0) j = close + 1;
        }
        j++;
      }
      const body = re
        .slice(i + 1, j)
        .replace(/\[:(\w+):\]/g, (_m, cls: string) => CLASS[cls] ?? '')
        .replace(/\\/g, '\\\\');
      out += '[' + body + ']';
      i = j;
      continue;
    }
    if (c === '\\' && i + 1 < re.length) {
      const n = re[++i];
      if (!extended && '(){}|+?'.includes(n)) out += n;
      else if (/[0-9wWsSbB]/.test(n)) out += '\\' + n;
      else if (n === '<' || n === '>') out += '\\b';
      else out += '\\' + (/[A-Za-z]/.test(n) ? n : n);
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c;
      continue;
    }
    if (c === '*' && (out === '' || out === '^')) {
      out += '\\*';
      continue;
    }
    out += c;
  }
  return new RegExp(out, flags);
}

const CLASS: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9a-fA-F',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** Interprets backslash escapes as `echo -e` and printf's format do. */
export function unescape(s: string, stopAtC = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        if (stopAtC) return { text: out, stop: true };
        out += '\\c';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      case '0': {
        const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))!;
        out += String.fromCharCode(parseInt(m[0] || '0', 8));
        i += m[0].length;
        break;
      }
      default:
        if (/[1-7]/.test(n)) {
          const m = /^[0-7]{1,3}/.exec(s.slice(i))!;
          out += String.fromCharCode(parseInt(m[0], 8));
          i += m[0].length - 1;
        } else out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}
