/**
 * A small sed: addresses (N, $, /re/, ranges), commands s (g, p, i, N), d, p, q, =, a, i, c, y;
 * options -n, -e, -E/-r, -i.
 */
import type { AppletContext } from '../interp';
import type { Proc } from '../sched';
import { chomp, complain, eachLine, getopts, posixRegExp, splitLines } from './util';

type Addr = { k: 'line'; n: number } | { k: 'last' } | { k: 're'; re: RegExp };

interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  c: string;
  re?: RegExp;
  rep?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  from?: string;
  to?: string;
  inRange?: boolean;
}

class SedError extends Error {}

function readDelimited(s: string, i: number, delim: string): [string, number] {
  let out = '';
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      if (s[i + 1] === delim) out += delim;
      else if (s[i + 1] === 'n') out += '\n';
      else out += c + s[i + 1];
      i++;
    } else if (c === delim) return [out, i + 1];
    else out += c;
  }
  throw new SedError(`unmatched '${delim}'`);
}

function parseScript(script: string, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const s = script;
  const skipWs = () => {
    while (i < s.length && /[\s;]/.test(s[i])) i++;
  };
  const addr = (): Addr | undefined => {
    if (/[0-9]/.test(s[i])) {
      const m = /^[0-9]+/.exec(s.slice(i))!;
      i += m[0].length;
      return { k: 'line', n: Number(m[0]) };
    }
    if (s[i] === '$') {
      i++;
      return { k: 'last' };
    }
    if (s[i] === '/' || s[i] === '\\') {
      const delim = s[i] === '\\' ? s[++i] : '/';
      const [re, next] = readDelimited(s, i + 1, delim);
      i = next;
      let flags = '';
      if (s[i] === 'I') {
        flags = 'i';
        i++;
      }
      return { k: 're', re: posixRegExp(re, extended, flags) };
    }
    return undefined;
  };
  for (;;) {
    skipWs();
    if (i >= s.length) break;
    const cmd: Cmd = { neg: false, c: '' };
    cmd.a1 = addr();
    if (cmd.a1 && s[i] === ',') {
      i++;
      cmd.a2 = addr();
    }
    while (s[i] === ' ') i++;
    if (s[i] === '!') {
      cmd.neg = true;
      i++;
    }
    while (s[i] === ' ') i++;
    const c = s[i++];
    cmd.c = c;
    switch (c) {
      case 's': {
        const delim = s[i];
        const [re, n1] = readDelimited(s, i + 1, delim);
        const [rep, n2] = readDelimited(s, n1, delim);
        i = n2;
        let flags = '';
        while (i < s.length && /[gpiI0-9]/.test(s[i])) {
          const f = s[i++];
          if (f === 'g') cmd.global = true;
          else if (f === 'p') cmd.print = true;
          else if (f === 'i' || f === 'I') flags += 'i';
          else cmd.nth = Number(f);
        }
        cmd.re = posixRegExp(re, extended, flags + 'g');
        cmd.rep = rep;
        break;
      }
      case 'y': {
        const delim = s[i];
        const [from, n1] = readDelimited(s, i + 1, delim);
        const [to, n2] = readDelimited(s, n1, delim);
        i = n2;
        cmd.from = from;
        cmd.to = to;
        break;
      }
      case 'a':
      case 'i':
      case 'c': {
        if (s[i] === '\\') i++;
        if (s[i] === '\n') i++;
        while (s[i] === ' ') i++;
        const end = s.indexOf('\n', i);
        cmd.text = s.slice(i, end < 0 ? s.length : end);
        i = end < 0 ? s.length : end;
        break;
      }
      case 'd':
      case 'p':
      case 'q':
      case '=':
        break;
      case '{':
      case '}':
        throw new SedError(`unsupported command ${c}`);
      default:
        throw new SedError(`unsupported command ${c ?? ''}`);
    }
    cmds.push(cmd);
  }
  return cmds;
}

function substitute(line: string, cmd: Cmd): { text: string; changed: boolean } {
  let count = 0;
  let changed = false;
  const re = cmd.re!;
  re.lastIndex = 0;
  let text = '';
  let pos = 0;
  let prevEnd = -1;
  // POSIX: an empty match right after a previous match does not count (s/l*/X/g on "hello").
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0] === '' && m.index === prevEnd) {
      if (re.lastIndex >= line.length) break;
      re.lastIndex++;
      continue;
    }
    count++;
    const whole = m[0];
    const take = cmd.nth ? count === cmd.nth : cmd.global || count === 1;
    if (take) {
      changed = true;
      const groups = m.slice(1);
      text += line.slice(pos, m.index);
      text += cmd.rep!.replace(/\\([0-9n&\\])|&/g, (r, g: string | undefined) => {
        if (r === '&') return whole;
        if (g === 'n') return '\n';
        if (g === '&' || g === '\\') return g;
        return g === '0' ? whole : (groups[Number(g) - 1] ?? '');
      });
      pos = m.index + whole.length;
    }
    prevEnd = m.index + whole.length;
    if (whole === '') {
      if (re.lastIndex >= line.length) break;
      re.lastIndex++;
    }
    if (!cmd.global && !cmd.nth && count >= 1) break;
    if (cmd.nth && count >= cmd.nth) break;
  }
  text += line.slice(pos);
  return { text, changed };
}

export function* sed(
  ctx: AppletContext,
  readFile: (ctx: AppletContext, f: string) => string | undefined,
): Proc<number> {
  const args = ctx.argv.slice(1);
  const scripts: string[] = [];
  const rest: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '');
    else if (/^-[nErsi]+$/.test(a)) {
      const { flags } = getopts([a]);
      if (flags.has('n')) quiet = true;
      if (flags.has('E') || flags.has('r')) extended = true;
      if (flags.has('i')) inPlace = true;
    } else rest.push(a);
  }
  if (!scripts.length) {
    if (!rest.length) {
      ctx.io.stderr.write('Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n');
      return 1;
    }
    scripts.push(rest.shift()!);
  }
  let cmds: Cmd[];
  try {
    cmds = parseScript(scripts.join('\n'), extended);
  } catch (err) {
    complain(ctx, err instanceof Error ? err.message : String(err));
    return 1;
  }
  // `$` needs to know the last line, so input is read whole unless no command uses it.
  const needsLast = cmds.some((c) => c.a1?.k === 'last' || c.a2?.k === 'last');
  let lineNo = 0;
  let quit = false;
  const matches = (a: Addr, text: string, last: boolean) =>
    a.k === 'line' ? lineNo === a.n : a.k === 'last' ? last : a.re.test(text);
  const processLine = (raw: string, last: boolean, out: (s: string) => void) => {
    if (quit) return;
    lineNo++;
    const hadNl = raw.endsWith('\n');
    let text = chomp(raw);
    let deleted = false;
    const after: string[] = [];
    for (const cmd of cmds) {
      let sel = true;
      if (cmd.a1) {
        if (cmd.a2) {
          if (cmd.inRange) {
            sel = true;
            const a2 = cmd.a2;
            if (a2.k === 'line' ? lineNo >= a2.n : matches(a2, text, last)) cmd.inRange = false;
          } else if (matches(cmd.a1, text, last)) {
            sel = true;
            const a2 = cmd.a2;
            cmd.inRange = !(a2.k === 'line' && lineNo >= a2.n) && !(a2.k === 'last' && last);
          } else sel = false;
        } else sel = matches(cmd.a1, text, last);
      }
      if (sel === cmd.neg) continue;
      if (cmd.c === 's') {
        const r = substitute(text, cmd);
        text = r.text;
        if (r.changed && cmd.print) out(text + '\n');
      } else if (cmd.c === 'd') {
        deleted = true;
        break;
      } else if (cmd.c === 'p') out(text + '\n');
      else if (cmd.c === '=') out(`${lineNo}\n`);
      else if (cmd.c === 'q') {
        quit = true;
        break;
      } else if (cmd.c === 'a') after.push(cmd.text! + '\n');
      else if (cmd.c === 'i') out(cmd.text! + '\n');
      else if (cmd.c === 'c') {
        out(cmd.text! + '\n');
        deleted = true;
        break;
      } else if (cmd.c === 'y') {
        text = [...text]
          .map((ch) => (cmd.from!.includes(ch) ? (cmd.to![cmd.from!.indexOf(ch)] ?? ch) : ch))
          .join('');
      }
    }
    if (!deleted && !quiet) out(text + (hadNl || after.length ? '\n' : ''));
    for (const a of after) out(a);
  };
  if (inPlace) {
    let status = 0;
    for (const f of rest) {
      const text = readFile(ctx, f);
      if (text === undefined) {
        status = 1;
        continue;
      }
      let result = '';
      lineNo = 0;
      quit = false;
      const lines = splitLines(text);
      lines.forEach((l, i) => processLine(l, i === lines.length - 1, (s) => (result += s)));
      ctx.sh.env.fs.write(ctx.sh.resolve(f), result);
      yield { t: 'step' };
    }
    return status;
  }
  const write = (s: string) => ctx.io.stdout.write(s);
  if (needsLast) {
    let status = 0;
    const all: string[] = [];
    for (const f of rest.length ? rest : ['-']) {
      if (f === '-') all.push(...splitLines(yield* ctx.io.stdin.readAll()));
      else {
        const t = readFile(ctx, f);
        if (t === undefined) status = 1;
        else all.push(...splitLines(t));
      }
    }
    all.forEach((l, i) => processLine(l, i === all.length - 1, write));
    return status;
  }
  const ok = yield* eachLine(ctx, rest, (line) => {
    processLine(line, false, write);
    return !quit;
  });
  return ok ? 0 : 1;
}
