/**
 * Builtins that act on the shell itself: variables, traps, jobs, control flow, `cd`, `read`,
 * and `sh` (a child shell that inherits only exported variables).
 */
import type { IO, Shell } from './interp';
import { ExitShell, SIGNALS, ShellError, shellQuote } from './interp';
import { parse, ParseError } from './parser';
import type { Proc, Thread } from './sched';
import { isDir } from './paths';

export type Builtin = (sh: Shell, argv: string[], io: IO) => Proc<number>;

function illegalNumber(io: IO, cmd: string, arg: string): never {
  io.stderr.write(`sh: ${cmd}: line 0: Illegal number: ${arg}\n`);
  throw new ExitShell(2);
}

function parseCount(io: IO, cmd: string, arg: string | undefined, dflt: number): number {
  if (arg === undefined) return dflt;
  if (!/^[0-9]+$/.test(arg)) illegalNumber(io, cmd, arg);
  return Number(arg);
}

/** Delivers a signal to one thread as `kill` does: trapped, ignored, or the default (death). */
export function deliverSignal(sh: Shell, t: Thread, sig: string): void {
  const action = t.trapFor?.(sig);
  if (sig !== 'KILL' && action === '') return;
  if (sig !== 'KILL' && action !== undefined) {
    t.pendingSignals.push(sig);
    sh.sched.interrupt(t);
    return;
  }
  sh.sched.kill(t, 128 + (SIGNALS[sig] ?? 15));
}

/** Signal name from `-TERM`, `-s TERM`, `-15`, `SIGTERM`. */
export function signalName(spec: string): string | undefined {
  const s = spec.replace(/^SIG/i, '').toUpperCase();
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    if (n === 0) return '0';
    return Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
  }
  return s in SIGNALS ? s : undefined;
}

function* waitFor(sh: Shell, t: Thread): Proc<boolean> {
  while (t.state !== 'done') {
    yield { t: 'block', on: t.done, interruptible: true };
    if (sh.thread.pendingSignals.length) return false;
  }
  return true;
}

export const BUILTINS: Record<string, Builtin> = {
  // eslint-disable-next-line require-yield
  *':'() {
    return 0;
  },
  // eslint-disable-next-line require-yield
  *true() {
    return 0;
  },
  // eslint-disable-next-line require-yield
  *false() {
    return 1;
  },
  // eslint-disable-next-line require-yield
  *break(sh, argv, io) {
    return sh.doBreak(parseCount(io, 'break', argv[1], 1), false);
  },
  // eslint-disable-next-line require-yield
  *continue(sh, argv, io) {
    return sh.doBreak(parseCount(io, 'continue', argv[1], 1), true);
  },
  // eslint-disable-next-line require-yield
  *return(sh, argv, io) {
    const a = argv[1];
    if (a !== undefined && !/^-?[0-9]+$/.test(a)) illegalNumber(io, 'return', a);
    return sh.doReturn(a === undefined ? sh.status : Number(a) & 255);
  },
  // eslint-disable-next-line require-yield
  *exit(sh, argv, io) {
    const a = argv[1];
    if (a !== undefined && !/^-?[0-9]+$/.test(a)) illegalNumber(io, 'exit', a);
    throw new ExitShell(a === undefined ? sh.status : Number(a) & 255);
  },
  *eval(sh, argv, io) {
    const src = argv.slice(1).join(' ');
    if (!src.trim()) return 0;
    return yield* sh.runString(src, io);
  },
  *'.'(sh, argv, io) {
    const file = argv[1];
    if (!file) {
      io.stderr.write('sh: .: filename argument required\n');
      return 2;
    }
    const path = sh.resolve(file);
    const text = sh.env.fs.read(path);
    if (text === undefined) {
      io.stderr.write(`sh: .: line 0: can't open '${file}': No such file or directory\n`);
      throw new ExitShell(2);
    }
    return yield* sh.runString(text, io);
  },
  *source(sh, argv, io) {
    return yield* BUILTINS['.'](sh, argv, io);
  },
  *exec(sh, argv, io) {
    const code = yield* sh.runCommand(argv.slice(1), io);
    throw new ExitShell(code);
  },
  // eslint-disable-next-line require-yield
  *export(sh, argv, io) {
    const args = argv.slice(1).filter((a) => a !== '-p');
    if (!args.length) {
      for (const n of [...sh.exported].sort()) {
        const v = sh.vars.get(n);
        io.stdout.write(v === undefined ? `export ${n}\n` : `export ${n}=${shellQuote(v)}\n`);
      }
      return 0;
    }
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq >= 0) sh.setVar(a.slice(0, eq), a.slice(eq + 1), true);
      else sh.exported.add(a);
    }
    return 0;
  },
  // eslint-disable-next-line require-yield
  *readonly(sh, argv) {
    for (const a of argv.slice(1)) {
      if (a === '-p') continue;
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
      sh.readonlyVars.add(name);
    }
    return 0;
  },
  // eslint-disable-next-line require-yield
  *local(sh, argv) {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      sh.makeLocal(name);
      if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
    }
    return 0;
  },
  // eslint-disable-next-line require-yield
  *unset(sh, argv, io) {
    let fn = false;
    for (const a of argv.slice(1)) {
      if (a === '-f') fn = true;
      else if (a === '-v') fn = false;
      else if (fn) sh.funcs.delete(a);
      else {
        if (sh.readonlyVars.has(a)) {
          io.stderr.write(`sh: unset: ${a}: is read only\n`);
          return 1;
        }
        sh.vars.delete(a);
        sh.exported.delete(a);
      }
    }
    return 0;
  },
  // eslint-disable-next-line require-yield
  *set(sh, argv, io) {
    const args = argv.slice(1);
    if (!args.length) {
      for (const [n, v] of [...sh.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        io.stdout.write(`${n}=${shellQuote(v)}\n`);
      }
      return 0;
    }
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '--') {
        i++;
        sh.positional = args.slice(i);
        return 0;
      }
      if (!/^[-+][a-zA-Z]+$/.test(a) && a !== '-o' && a !== '+o') break;
      const on = a[0] === '-';
      if (a.slice(1) === 'o') {
        const opt = args[++i];
        if (opt === 'errexit') sh.opts.errexit = on;
        else if (opt === 'xtrace') sh.opts.xtrace = on;
        else if (opt === 'nounset') sh.opts.nounset = on;
        continue;
      }
      for (const c of a.slice(1)) {
        if (c === 'e') sh.opts.errexit = on;
        else if (c === 'x') sh.opts.xtrace = on;
        else if (c === 'u') sh.opts.nounset = on;
        else if (!'fvmnbCah'.includes(c)) {
          io.stderr.write(`sh: set: line 0: illegal option -${c}\n`);
          return 2;
        }
      }
    }
    if (i < args.length) sh.positional = args.slice(i);
    return 0;
  },
  // eslint-disable-next-line require-yield
  *shift(sh, argv, io) {
    const n = parseCount(io, 'shift', argv[1], 1);
    if (n > sh.positional.length) return 1;
    sh.positional = sh.positional.slice(n);
    return 0;
  },
  // eslint-disable-next-line require-yield
  *trap(sh, argv, io) {
    const args = argv.slice(1);
    if (!args.length) {
      for (const [sig, action] of sh.traps)
        io.stdout.write(`trap -- ${shellQuote(action)} ${sig}\n`);
      return 0;
    }
    let action: string | undefined = args[0];
    let sigs = args.slice(1);
    if (/^[0-9]+$/.test(action) && !sigs.length) {
      sigs = args;
      action = undefined;
    } else if (action === '-') action = undefined;
    let status = 0;
    for (const spec of sigs) {
      const name = spec === '0' || spec.toUpperCase() === 'EXIT' ? 'EXIT' : signalName(spec);
      if (!name || name === '0') {
        io.stderr.write(`sh: trap: line 0: ${spec}: invalid signal specification\n`);
        status = 1;
        continue;
      }
      if (action === undefined) sh.traps.delete(name);
      else sh.traps.set(name, action);
    }
    return status;
  },
  *wait(sh, argv, io) {
    const pids = argv.slice(1);
    if (!pids.length) {
      for (;;) {
        const kids = [...sh.thread.children].filter((t) => t.state !== 'done');
        if (!kids.length) return 0;
        if (!(yield* waitFor(sh, kids[0])))
          return 128 + (SIGNALS[sh.thread.pendingSignals[0]] ?? 15);
      }
    }
    let status = 0;
    for (const p of pids) {
      if (!/^[0-9]+$/.test(p)) illegalNumber(io, 'wait', p);
      const t = sh.sched.threads.get(Number(p));
      if (!t) {
        status = sh.exitedJobs.get(Number(p)) ?? 127;
        continue;
      }
      if (!(yield* waitFor(sh, t))) return 128 + (SIGNALS[sh.thread.pendingSignals[0]] ?? 15);
      status = t.exitCode;
    }
    return status;
  },
  // eslint-disable-next-line require-yield
  *kill(sh, argv, io) {
    let sig = 'TERM';
    const args = argv.slice(1);
    if (args[0] === '-l') {
      io.stdout.write(Object.keys(SIGNALS).join('\n') + '\n');
      return 0;
    }
    if (args[0] === '-s') {
      args.shift();
      const s = signalName(args.shift() ?? '');
      if (!s) {
        io.stderr.write(`sh: kill: bad signal name\n`);
        return 1;
      }
      sig = s;
    } else if (args[0]?.startsWith('-') && args[0] !== '--') {
      const s = signalName(args.shift()!.slice(1));
      if (!s) {
        io.stderr.write(`sh: kill: bad signal name\n`);
        return 1;
      }
      sig = s;
    }
    if (args[0] === '--') args.shift();
    if (!args.length) {
      io.stderr.write('sh: you need to specify whom to kill\n');
      return 1;
    }
    let status = 0;
    for (const a of args) {
      const pid = /^-?[0-9]+$/.test(a) ? Number(a) : NaN;
      if (Number.isNaN(pid)) {
        io.stderr.write(`sh: kill: ${a}: invalid number\n`);
        status = 1;
        continue;
      }
      const t = sh.sched.threads.get(pid);
      if (!t) {
        io.stderr.write(`sh: can't kill pid ${pid}: No such process\n`);
        status = 1;
        continue;
      }
      if (sig !== '0') deliverSignal(sh, t, sig);
    }
    return status;
  },
  // eslint-disable-next-line require-yield
  *cd(sh, argv, io) {
    let dir = argv[1] ?? sh.getVar('HOME') ?? '/';
    if (dir === '-') {
      dir = sh.getVar('OLDPWD') ?? sh.cwd;
      io.stdout.write(dir + '\n');
    }
    const path = sh.resolve(dir);
    if (!isDir(sh.env.fs, path)) {
      const what =
        sh.env.fs.read(path) !== undefined ? 'Not a directory' : 'No such file or directory';
      io.stderr.write(`sh: cd: line 0: can't cd to ${dir}: ${what}\n`);
      return 2;
    }
    sh.setVar('OLDPWD', sh.cwd);
    sh.cwd = path;
    sh.setVar('PWD', path);
    return 0;
  },
  // eslint-disable-next-line require-yield
  *pwd(sh, _argv, io) {
    io.stdout.write(sh.cwd + '\n');
    return 0;
  },
  *read(sh, argv, io) {
    let raw = false;
    let prompt = '';
    const names: string[] = [];
    const args = argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-r') raw = true;
      else if (a === '-p') prompt = args[++i] ?? '';
      else if (a === '-t' || a === '-n' || a === '-u' || a === '-d') i++;
      else names.push(a);
    }
    if (prompt) io.stderr.write(prompt);
    if (!names.length) names.push('REPLY');
    let line = '';
    let eof = false;
    for (;;) {
      const l = yield* io.stdin.readLine();
      if (l === null) {
        eof = true;
        break;
      }
      let text = l.endsWith('\n') ? l.slice(0, -1) : l;
      if (!l.endsWith('\n')) eof = true;
      if (!raw && text.endsWith('\\') && !eof) {
        line += text.slice(0, -1);
        continue;
      }
      if (!raw) text = text.replace(/\\(.)/g, '$1');
      line += text;
      break;
    }
    const ifs = sh.getVar('IFS') ?? ' \t\n';
    const ws = [...ifs].filter((c) => /\s/.test(c)).join('');
    const trimRe = ws ? new RegExp(`^[${escapeClass(ws)}]+|[${escapeClass(ws)}]+$`, 'g') : null;
    let rest = trimRe ? line.replace(trimRe, '') : line;
    for (let i = 0; i < names.length; i++) {
      if (i === names.length - 1) {
        sh.setVar(names[i], rest);
        break;
      }
      let j = 0;
      while (j < rest.length && !ifs.includes(rest[j])) j++;
      sh.setVar(names[i], rest.slice(0, j));
      rest = rest.slice(j);
      if (ws && trimRe) rest = rest.replace(new RegExp(`^[${escapeClass(ws)}]*`), '');
      if (rest && ifs.includes(rest[0]) && !ws.includes(rest[0])) rest = rest.slice(1);
      if (ws) rest = rest.replace(new RegExp(`^[${escapeClass(ws)}]*`), '');
    }
    return eof ? 1 : 0;
  },
  *command(sh, argv, io) {
    const args = argv.slice(1);
    if (args[0] === '-v' || args[0] === '-V') {
      const name = args[1];
      if (!name) return 1;
      if (sh.funcs.has(name) || BUILTINS[name]) {
        io.stdout.write(args[0] === '-v' ? `${name}\n` : `${name} is a shell builtin\n`);
        return 0;
      }
      if (sh.hasApplet(name)) {
        io.stdout.write(args[0] === '-v' ? `/bin/${name}\n` : `${name} is /bin/${name}\n`);
        return 0;
      }
      return 127;
    }
    if (!args.length) return 0;
    return yield* sh.runCommand(args, io);
  },
  *type(sh, argv, io) {
    let status = 0;
    for (const name of argv.slice(1)) {
      if (sh.funcs.has(name)) io.stdout.write(`${name} is a function\n`);
      else if (BUILTINS[name]) io.stdout.write(`${name} is a shell builtin\n`);
      else if (sh.hasApplet(name)) io.stdout.write(`${name} is /bin/${name}\n`);
      else {
        io.stdout.write(`${name}: not found\n`);
        status = 127;
      }
      if (sh.sched.spend()) yield { t: 'step' };
    }
    return status;
  },
  // eslint-disable-next-line require-yield
  *umask(_sh, argv, io) {
    if (argv.length === 1) io.stdout.write('0022\n');
    return 0;
  },
  // eslint-disable-next-line require-yield
  *ulimit(_sh, _argv, io) {
    io.stdout.write('unlimited\n');
    return 0;
  },
  *sh(sh, argv, io) {
    return yield* runShellCommand(sh, argv, io);
  },
  *bash(sh, argv, io) {
    return yield* runShellCommand(sh, argv, io);
  },
  *ash(sh, argv, io) {
    return yield* runShellCommand(sh, argv, io);
  },
};

function escapeClass(s: string): string {
  return s
    .replace(/[\]\\^-]/g, '\\$&')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n');
}

/**
 * `sh -c 'script' [name args...]`, `sh file [args...]`, or `sh` reading its script from stdin.
 * `inPlace` runs the script in `sh` itself (the container's first process); otherwise it runs in
 * a child process that inherits only exported variables.
 */
export function* runShellCommand(sh: Shell, argv: string[], io: IO, inPlace = false): Proc<number> {
  const args = argv.slice(1);
  let script: string | undefined;
  let name = argv[0];
  let positional: string[] = [];
  const opts: string[] = [];
  while (args.length && /^[-+][a-z]+$/.test(args[0])) {
    const a = args.shift()!;
    if (a === '-c') {
      script = args.shift();
      if (script === undefined) {
        io.stderr.write('sh: -c requires an argument\n');
        return 2;
      }
      if (args.length) name = args.shift()!;
      positional = args.splice(0);
      break;
    }
    opts.push(a);
  }
  if (script === undefined) {
    if (args.length) {
      const file = args.shift()!;
      const text = sh.env.fs.read(sh.resolve(file));
      if (text === undefined) {
        io.stderr.write(`sh: can't open '${file}': No such file or directory\n`);
        return 2;
      }
      script = text;
      name = file;
      positional = args;
    } else {
      script = yield* io.stdin.readAll();
    }
  }
  let list;
  try {
    list = parse(script);
  } catch (err) {
    if (err instanceof ParseError) {
      io.stderr.write(`sh: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (inPlace) {
    sh.arg0 = name;
    sh.positional = positional;
    applyOpts(sh, opts);
    return yield* sh.execList(list, io);
  }
  // A new process: only exported variables come along; functions and traps do not.
  const child = sh.clone();
  child.vars = new Map(Object.entries(sh.environ()));
  child.exported = new Set(child.vars.keys());
  child.funcs = new Map();
  child.traps = new Map();
  child.arg0 = name;
  child.positional = positional;
  child.stdin = io.stdin;
  applyOpts(child, opts);
  const t = child.startThread(argv.join(' '), (s) => s.execList(list, io), sh.thread);
  child.rootPid = t.pid;
  while (t.state !== 'done') yield { t: 'block', on: t.done };
  return t.exitCode;
}

function applyOpts(sh: Shell, opts: string[]): void {
  for (const o of opts) {
    for (const c of o.slice(1)) {
      if (c === 'e') sh.opts.errexit = o[0] === '-';
      if (c === 'x') sh.opts.xtrace = o[0] === '-';
      if (c === 'u') sh.opts.nounset = o[0] === '-';
    }
  }
}

export { ShellError };
