/**
 * The interpreter: walks the syntax tree as generators on the scheduler's threads. One Shell is
 * one shell process (its variables, functions, traps, working directory); subshells, pipeline
 * stages and background jobs run a copy of it in a thread of their own.
 */
import type { AndOr, Command, List, Pipeline, Redir, SimpleCommand, Word, WordPart } from './ast';
import { ArithError, evalArith } from './arith';
import { escapePattern, hasGlob, matchPattern, patternToRegExp, unescapePattern } from './glob';
import type { ShellHost } from './host';
import { parse, parseExpandable, ParseError } from './parser';
import {
  BrokenPipe,
  Collector,
  EMPTY_READER,
  NULL_WRITER,
  Pipe,
  STEP,
  StringReader,
  type Proc,
  type Reader,
  type Scheduler,
  type Thread,
  type Writer,
} from './sched';
import { APPLETS } from './applets';
import { BUILTINS } from './builtins';
import { basename, isDir, listDir, normalizePath } from './paths';

export interface IO {
  stdin: Reader;
  stdout: Writer;
  stderr: Writer;
}

/** What an applet gets: its arguments, its streams and the shell that runs it. */
export interface AppletContext {
  argv: string[];
  io: IO;
  sh: Shell;
}

export type Applet = (ctx: AppletContext) => Proc<number>;

/** The host as the interpreter sees it: the container plus the process's own output. */
export type ShellEnv = Omit<ShellHost, 'stdout' | 'stderr' | 'env'> & {
  stdout: Writer;
  stderr: Writer;
};

export const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  USR1: 10,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  CHLD: 17,
};

/** Ends the shell with a status (`exit`, a fatal expansion error, errexit). */
export class ExitShell {
  constructor(readonly code: number) {}
}
class BreakLoop {
  constructor(public n: number) {}
}
class ContinueLoop {
  constructor(public n: number) {}
}
class ReturnFn {
  constructor(readonly code: number) {}
}
/** A shell error that ends the shell after its message (bad substitution, arithmetic). */
export class ShellError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

interface Seg {
  text: string;
  quoted: boolean;
}

/** Special builtins: assignments before them stay, and they run in the shell itself. */
const SPECIAL = new Set([
  ':',
  '.',
  'source',
  'break',
  'continue',
  'eval',
  'exec',
  'exit',
  'export',
  'readonly',
  'return',
  'set',
  'shift',
  'trap',
  'unset',
]);

export class Shell {
  vars = new Map<string, string>();
  exported = new Set<string>();
  readonly readonlyVars = new Set<string>();
  funcs = new Map<string, Command>();
  positional: string[] = [];
  arg0 = 'sh';
  cwd = '/';
  status = 0;
  traps = new Map<string, string>();
  lastBg: number | undefined;
  /** Exit codes of background jobs that have ended, for `wait PID`. */
  exitedJobs = new Map<number, number>();
  opts = { errexit: false, xtrace: false, nounset: false };
  thread!: Thread;
  /** Pid of the top shell: `$$` is the same in subshells, as POSIX says. */
  rootPid = 1;
  private loopDepth = 0;
  private funcDepth = 0;
  private condDepth = 0;
  private locals: Map<string, string | undefined>[] = [];
  private cmdsubStatus: number | undefined;
  private inTrap = false;

  constructor(
    readonly env: ShellEnv,
    readonly sched: Scheduler,
  ) {}

  // ---- state -------------------------------------------------------------------------------

  hasApplet(name: string): boolean {
    return name in APPLETS;
  }

  getVar(name: string): string | undefined {
    return this.vars.get(name);
  }

  setVar(name: string, value: string, exp = false): void {
    if (this.readonlyVars.has(name)) throw new ShellError(`${name}: is read only`);
    this.vars.set(name, value);
    if (exp) this.exported.add(name);
  }

  /** The environment a command started from this shell receives. */
  environ(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of this.exported) {
      const v = this.vars.get(n);
      if (v !== undefined) out[n] = v;
    }
    return out;
  }

  resolve(path: string): string {
    return normalizePath(path.startsWith('/') ? path : `${this.cwd}/${path}`);
  }

  /** A copy for a subshell: same variables and functions; traps other than ignores reset. */
  clone(): Shell {
    const s = new Shell(this.env, this.sched);
    s.vars = new Map(this.vars);
    s.exported = new Set(this.exported);
    for (const r of this.readonlyVars) s.readonlyVars.add(r);
    s.funcs = new Map(this.funcs);
    s.positional = [...this.positional];
    s.arg0 = this.arg0;
    s.cwd = this.cwd;
    s.status = this.status;
    s.opts = { ...this.opts };
    s.rootPid = this.rootPid;
    for (const [sig, action] of this.traps) if (action === '') s.traps.set(sig, '');
    return s;
  }

  /** Starts `body` in a new thread running this shell. */
  startThread(
    command: string,
    body: (sh: Shell) => Proc<number>,
    parent: Thread | undefined,
  ): Thread {
    const t = this.sched.start(command, undefined, parent);
    this.thread = t;
    t.trapFor = (sig) => this.traps.get(sig);
    t.gen = this.threadMain(body);
    this.sched.wake(t);
    return t;
  }

  private *threadMain(body: (sh: Shell) => Proc<number>): Proc<number> {
    let code: number;
    try {
      code = yield* body(this);
    } catch (err) {
      code = this.errorCode(err);
    }
    return yield* this.runExitTrap(code);
  }

  /** Exit status for an error that reached the top of a thread, printing what the shell would. */
  errorCode(err: unknown): number {
    if (err instanceof ExitShell) return err.code;
    if (err instanceof ReturnFn) return err.code;
    if (err instanceof BreakLoop || err instanceof ContinueLoop) return this.status;
    if (err instanceof BrokenPipe) return 141;
    if (err instanceof ShellError || err instanceof ArithError || err instanceof ParseError) {
      this.env.stderr.write(`sh: ${err.message}\n`);
      return err instanceof ShellError ? err.code : 2;
    }
    this.env.stderr.write(
      `sh: internal error: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 2;
  }

  private *runExitTrap(code: number): Proc<number> {
    const action = this.traps.get('EXIT');
    if (!action) return code;
    this.traps.delete('EXIT');
    this.status = code;
    try {
      yield* this.runString(action, this.baseIO());
    } catch (err) {
      if (err instanceof ExitShell) return err.code;
      this.errorCode(err);
    }
    return code;
  }

  baseIO(): IO {
    return { stdin: this.stdin, stdout: this.env.stdout, stderr: this.env.stderr };
  }

  stdin: Reader = EMPTY_READER;

  /** Runs queued trapped signals; called between commands (the shell's safe points). */
  *checkTraps(io: IO): Proc<void> {
    const t = this.thread;
    if (!t || this.inTrap) return;
    while (t.pendingSignals.length) {
      const sig = t.pendingSignals.shift()!;
      const action = this.traps.get(sig);
      if (action === '') continue;
      if (action === undefined) throw new ExitShell(128 + (SIGNALS[sig] ?? 15));
      const saved = this.status;
      this.inTrap = true;
      try {
        yield* this.runString(action, io);
      } finally {
        this.inTrap = false;
      }
      this.status = saved;
    }
  }

  /** Parses and runs a script in this shell (eval, trap actions, `.`). */
  *runString(src: string, io: IO): Proc<number> {
    const list = parse(src);
    return yield* this.execList(list, io);
  }

  // ---- execution ---------------------------------------------------------------------------

  *execList(list: List, io: IO): Proc<number> {
    for (const item of list.items) {
      if (item.bg) {
        const child = this.clone();
        child.stdin = EMPTY_READER;
        const t = child.startThread(
          commandText(item.node),
          (sh) => sh.execAndOr(item.node, io),
          this.thread,
        );
        this.lastBg = t.pid;
        t.onDone = (code) => this.exitedJobs.set(t.pid, code);
        this.status = 0;
      } else {
        this.status = yield* this.execAndOr(item.node, io);
      }
      yield* this.checkTraps(io);
    }
    return this.status;
  }

  *execAndOr(node: AndOr, io: IO): Proc<number> {
    const last = node.rest.length;
    this.condDepth += last ? 1 : 0;
    let status: number;
    try {
      status = yield* this.execPipeline(node.first, io, last === 0);
      for (let i = 0; i < last; i++) {
        const { op, pipeline } = node.rest[i];
        if ((op === '&&') !== (status === 0)) continue;
        if (i === last - 1) this.condDepth--;
        try {
          status = yield* this.execPipeline(pipeline, io, i === last - 1);
        } finally {
          if (i === last - 1) this.condDepth++;
        }
      }
    } finally {
      this.condDepth -= last ? 1 : 0;
    }
    this.status = status;
    return status;
  }

  private *execPipeline(p: Pipeline, io: IO, errexitApplies: boolean): Proc<number> {
    let status: number;
    if (p.bang) this.condDepth++;
    try {
      if (p.cmds.length === 1) status = yield* this.execCommand(p.cmds[0], io);
      else status = yield* this.execMultiPipeline(p, io);
    } finally {
      if (p.bang) this.condDepth--;
    }
    if (p.bang) status = status === 0 ? 1 : 0;
    this.status = status;
    if (errexitApplies && !p.bang && status !== 0 && this.opts.errexit && this.condDepth === 0) {
      throw new ExitShell(status);
    }
    return status;
  }

  private *execMultiPipeline(p: Pipeline, io: IO): Proc<number> {
    const threads: Thread[] = [];
    let input = io.stdin;
    for (let i = 0; i < p.cmds.length; i++) {
      const cmd = p.cmds[i];
      const lastStage = i === p.cmds.length - 1;
      const pipe = lastStage ? undefined : new Pipe();
      const stageIO: IO = {
        stdin: input,
        stdout: pipe ? pipe.writer : io.stdout,
        stderr: io.stderr,
      };
      const child = this.clone();
      const inPipe = input;
      const t = child.startThread(
        commandText(cmd),
        function* (sh) {
          try {
            return yield* sh.execCommand(cmd, stageIO);
          } finally {
            pipe?.writer.close();
            if (inPipe !== io.stdin) (inPipe as Reader & { close?: () => void }).close?.();
          }
        },
        this.thread,
      );
      threads.push(t);
      if (pipe) input = pipe.reader;
    }
    for (const t of threads) {
      while (t.state !== 'done') yield { t: 'block', on: t.done };
    }
    return threads[threads.length - 1].exitCode;
  }

  *execCommand(cmd: Command, io: IO): Proc<number> {
    if (this.sched.spend()) yield STEP;
    switch (cmd.type) {
      case 'simple':
        return yield* this.execSimple(cmd, io);
      case 'func':
        this.funcs.set(cmd.name, cmd.body);
        return 0;
    }
    const rio = yield* this.redirect(cmd.redirs, io);
    if (!rio) return 1;
    switch (cmd.type) {
      case 'group': {
        if (!cmd.subshell) return yield* this.execList(cmd.body, rio);
        const child = this.clone();
        child.stdin = this.stdin;
        const t = child.startThread('sh', (sh) => sh.execList(cmd.body, rio), this.thread);
        while (t.state !== 'done') yield { t: 'block', on: t.done };
        return t.exitCode;
      }
      case 'if': {
        for (const c of cmd.clauses) {
          if ((yield* this.execCond(c.cond, rio)) === 0) return yield* this.execList(c.body, rio);
        }
        return cmd.elseBody ? yield* this.execList(cmd.elseBody, rio) : 0;
      }
      case 'loop': {
        let status = 0;
        this.loopDepth++;
        try {
          for (;;) {
            if (this.sched.spend()) yield STEP;
            const c = yield* this.execCond(cmd.cond, rio);
            if ((c === 0) === cmd.until) break;
            const r = yield* this.loopBody(cmd.body, rio);
            if (r.brk) {
              status = this.status;
              break;
            }
            status = r.status;
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'for': {
        const items = cmd.words ? yield* this.expandWords(cmd.words, rio) : [...this.positional];
        let status = 0;
        this.loopDepth++;
        try {
          for (const v of items) {
            if (this.sched.spend()) yield STEP;
            this.setVar(cmd.name, v);
            const r = yield* this.loopBody(cmd.body, rio);
            status = r.status;
            if (r.brk) break;
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'case': {
        const subject = yield* this.expandString(cmd.word, rio);
        for (const item of cmd.items) {
          for (const pw of item.patterns) {
            const pat = yield* this.expandPattern(pw, rio);
            if (matchPattern(pat, subject)) return yield* this.execList(item.body, rio);
          }
        }
        return 0;
      }
    }
  }

  private *execCond(list: List, io: IO): Proc<number> {
    this.condDepth++;
    try {
      return yield* this.execList(list, io);
    } finally {
      this.condDepth--;
    }
  }

  private *loopBody(body: List, io: IO): Proc<{ status: number; brk: boolean }> {
    try {
      return { status: yield* this.execList(body, io), brk: false };
    } catch (err) {
      if (err instanceof BreakLoop) {
        if (--err.n > 0) throw err;
        return { status: 0, brk: true };
      }
      if (err instanceof ContinueLoop) {
        if (--err.n > 0) throw err;
        return { status: 0, brk: false };
      }
      throw err;
    }
  }

  private *execSimple(cmd: SimpleCommand, io: IO): Proc<number> {
    this.cmdsubStatus = undefined;
    const argv = yield* this.expandWords(cmd.words, io);
    const assigns: [string, string][] = [];
    for (const a of cmd.assigns) assigns.push([a.name, yield* this.expandString(a.value, io)]);
    if (this.opts.xtrace) {
      const shown = [...assigns.map(([n, v]) => `${n}=${shellQuote(v)}`), ...argv.map(shellQuote)];
      io.stderr.write(`+ ${shown.join(' ')}\n`);
    }
    if (!argv.length) {
      for (const [n, v] of assigns) this.setVar(n, v, this.opts.xtrace && false);
      const rio = yield* this.redirect(cmd.redirs, io);
      if (!rio) return 1;
      return this.cmdsubStatus ?? 0;
    }
    const name = argv[0];
    if (name === 'exec' && argv.length === 1) {
      const rio = yield* this.redirect(cmd.redirs, io);
      if (!rio) return 1;
      Object.assign(io, rio);
      return 0;
    }
    const rio = yield* this.redirect(cmd.redirs, io);
    if (!rio) return 1;
    if (SPECIAL.has(name)) {
      for (const [n, v] of assigns) this.setVar(n, v);
      return yield* this.runBuiltin(argv, rio);
    }
    // Prefix assignments hold for this command only.
    const saved: [string, string | undefined, boolean][] = [];
    for (const [n, v] of assigns) {
      saved.push([n, this.vars.get(n), this.exported.has(n)]);
      this.setVar(n, v, true);
    }
    try {
      return yield* this.runCommand(argv, rio);
    } finally {
      for (const [n, v, e] of saved.reverse()) {
        if (v === undefined) this.vars.delete(n);
        else this.vars.set(n, v);
        if (!e) this.exported.delete(n);
      }
    }
  }

  /** Runs a command by name: function, builtin, applet, or a script file. */
  *runCommand(argv: string[], io: IO): Proc<number> {
    const name = argv[0];
    const fn = this.funcs.get(name);
    if (fn) return yield* this.callFunction(fn, argv, io);
    if (SPECIAL.has(name) || BUILTINS[name]) return yield* this.runBuiltin(argv, io);
    let applet = name.includes('/') ? undefined : APPLETS[name];
    if (!applet && /^\/(usr\/)?(s?bin)\/[^/]+$/.test(name) && APPLETS[basename(name)]) {
      applet = APPLETS[basename(name)];
      argv = [basename(name), ...argv.slice(1)];
    }
    if (applet) {
      try {
        return yield* applet({ argv, io, sh: this });
      } catch (err) {
        if (err instanceof BrokenPipe) throw err;
        if (err instanceof ExitShell) return err.code;
        throw err;
      }
    }
    if (name.includes('/')) {
      const path = this.resolve(name);
      const text = this.env.fs.read(path);
      if (text !== undefined) {
        return yield* this.runScriptFile(path, text, argv.slice(1), io);
      }
      if (isDir(this.env.fs, path)) {
        io.stderr.write(`sh: ${name}: Permission denied\n`);
        return 126;
      }
    }
    io.stderr.write(`sh: ${name}: not found\n`);
    return 127;
  }

  /** Runs a script in a child shell (as `sh file` or `./file`). */
  *runScriptFile(path: string, text: string, args: string[], io: IO): Proc<number> {
    let list: List;
    try {
      list = parse(text);
    } catch (err) {
      if (err instanceof ParseError) {
        io.stderr.write(`${path}: line 1: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const child = this.clone();
    child.funcs = new Map();
    child.arg0 = path;
    child.positional = args;
    child.stdin = io.stdin;
    const t = child.startThread(`sh ${path}`, (sh) => sh.execList(list, io), this.thread);
    while (t.state !== 'done') yield { t: 'block', on: t.done };
    return t.exitCode;
  }

  private *callFunction(body: Command, argv: string[], io: IO): Proc<number> {
    if (this.funcDepth >= 200) throw new ShellError('function nesting too deep');
    const savedPos = this.positional;
    this.positional = argv.slice(1);
    this.funcDepth++;
    this.locals.push(new Map());
    try {
      return yield* this.execCommand(body, io);
    } catch (err) {
      if (err instanceof ReturnFn) return err.code;
      throw err;
    } finally {
      this.funcDepth--;
      for (const [n, v] of this.locals.pop()!) {
        if (v === undefined) this.vars.delete(n);
        else this.vars.set(n, v);
      }
      this.positional = savedPos;
    }
  }

  private *runBuiltin(argv: string[], io: IO): Proc<number> {
    const b = BUILTINS[argv[0]];
    return yield* b(this, argv, io);
  }

  // ---- redirections ------------------------------------------------------------------------

  /** Applies redirections, giving the new streams, or undefined (after a message) on failure. */
  *redirect(redirs: Redir[], io: IO): Proc<IO | undefined> {
    if (!redirs.length) return io;
    const out: IO = { ...io };
    const fds: Record<number, Reader | Writer> = { 0: out.stdin, 1: out.stdout, 2: out.stderr };
    for (const r of redirs) {
      if (r.heredoc) {
        const body = r.heredoc.expand
          ? yield* this.expandString(parseExpandable(r.heredoc.body), io)
          : r.heredoc.body;
        fds[r.fd] = new StringReader(body);
        continue;
      }
      const target = yield* this.expandString(r.target, io);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') {
          fds[r.fd] = r.fd === 0 ? EMPTY_READER : NULL_WRITER;
          continue;
        }
        if (/^[0-9]+$/.test(target)) {
          const src = fds[Number(target)];
          if (!src) {
            io.stderr.write(`sh: ${target}: Bad file descriptor\n`);
            return undefined;
          }
          fds[r.fd] = src;
          continue;
        }
      }
      const path = this.resolve(target);
      if (r.op === '<' || r.op === '<&') {
        const r0 = this.openRead(path);
        if (!r0) {
          io.stderr.write(`sh: can't open ${target}: no such file\n`);
          return undefined;
        }
        fds[r.fd] = r0;
      } else if (r.op === '<>') {
        fds[r.fd] = this.openRead(path) ?? EMPTY_READER;
      } else {
        const w = this.openWrite(path, r.op === '>>');
        if (!w) {
          io.stderr.write(`sh: can't create ${target}: nonexistent directory\n`);
          return undefined;
        }
        fds[r.fd] = w;
      }
    }
    out.stdin = fds[0] as Reader;
    out.stdout = fds[1] as Writer;
    out.stderr = fds[2] as Writer;
    return out;
  }

  openRead(path: string): Reader | undefined {
    if (path === '/dev/null') return EMPTY_READER;
    if (path === '/dev/stdin' || path === '/proc/self/fd/0') return this.stdin;
    const text = this.env.fs.read(path);
    return text === undefined ? undefined : new StringReader(text);
  }

  openWrite(path: string, append: boolean): Writer | undefined {
    if (path === '/dev/null') return NULL_WRITER;
    if (path === '/dev/stdout' || path === '/proc/self/fd/1' || path === '/proc/1/fd/1')
      return this.env.stdout;
    if (path === '/dev/stderr' || path === '/proc/self/fd/2' || path === '/proc/1/fd/2')
      return this.env.stderr;
    const fs = this.env.fs;
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!isDir(fs, parent)) return undefined;
    if (isDir(fs, path)) return undefined;
    if (!append || fs.read(path) === undefined) fs.write(path, '');
    return { write: (s: string) => s && fs.write(path, s, true) };
  }

  // ---- expansion ---------------------------------------------------------------------------

  /** Expands words to fields: parameters, command substitution, arithmetic, splitting, globs. */
  *expandWords(words: Word[], io: IO): Proc<string[]> {
    const out: string[] = [];
    for (const w of words) {
      // Fast path: plain literal words.
      if (w.parts.length === 1 && w.parts[0].k === 'lit') {
        const p = w.parts[0];
        if (p.quoted || !hasGlob(p.v)) {
          out.push(p.v);
          continue;
        }
      }
      if (w.parts.length === 1 && w.parts[0].k !== 'cmdsub' && w.parts[0].quoted) {
        const quick = this.quickExpand(w.parts);
        if (quick !== undefined) {
          out.push(quick);
          continue;
        }
      }
      const fields = yield* this.expandFields(w, io);
      for (const f of fields) {
        if (f.glob) out.push(...this.glob(f.pat, f.text));
        else out.push(f.text);
      }
    }
    return out;
  }

  /** Expands a word to one string: no splitting, no globbing (assignments, `case`, redirections). */
  *expandString(w: Word, io: IO): Proc<string> {
    const quick = this.quickExpand(w.parts);
    if (quick !== undefined) return quick;
    const segs: Seg[] = [];
    yield* this.expandParts(w.parts, io, segs, false);
    return segs.map((s) => s.text).join('');
  }

  /**
   * Expansion without generators for the common cases (literals, plain `$x`, `$((...))` of
   * those), which loops run over and over; undefined when the word needs the full machinery.
   */
  private quickExpand(parts: WordPart[]): string | undefined {
    let out = '';
    for (const p of parts) {
      if (p.k === 'lit') out += p.v;
      else if (p.k === 'param' && !p.op && !p.length && p.name !== '@' && p.name !== '*') {
        const v = this.paramValue(p.name);
        if (v === undefined && this.opts.nounset) return undefined;
        out += v ?? '';
      } else if (p.k === 'arith') {
        const expr = this.quickExpand(p.expr.parts);
        if (expr === undefined) return undefined;
        out += evalArith(expr, this.arithVars).toString();
      } else return undefined;
    }
    return out;
  }

  private readonly arithVars = {
    get: (n: string) => this.paramValue(n),
    set: (n: string, v: string) => this.setVar(n, v),
  };

  /** Expands a word to a pattern: quoted characters match themselves. */
  *expandPattern(w: Word, io: IO): Proc<string> {
    const segs: Seg[] = [];
    yield* this.expandParts(w.parts, io, segs, false);
    return segs.map((s) => (s.quoted ? escapePattern(s.text) : s.text)).join('');
  }

  private *expandFields(w: Word, io: IO): Proc<{ text: string; pat: string; glob: boolean }[]> {
    const segs: (Seg | null)[] = [];
    yield* this.expandParts(w.parts, io, segs as Seg[], true);
    const ifs = this.vars.get('IFS') ?? ' \t\n';
    const fields: { text: string; pat: string; glob: boolean }[] = [];
    let cur: { text: string; pat: string; glob: boolean } | null = null;
    const ensure = () => (cur ??= { text: '', pat: '', glob: false });
    for (const s of segs) {
      if (s === null) {
        // A field break from "$@".
        if (cur) fields.push(cur);
        cur = null;
        continue;
      }
      if (s.quoted) {
        const c = ensure();
        c.text += s.text;
        c.pat += escapePattern(s.text);
        continue;
      }
      const split = (s as Seg & { split?: boolean }).split !== false;
      for (const ch of s.text) {
        if (split && ifs.includes(ch)) {
          if (/\s/.test(ch)) {
            if (cur) fields.push(cur);
            cur = null;
          } else {
            fields.push(cur ?? { text: '', pat: '', glob: false });
            cur = null;
          }
          continue;
        }
        const c = ensure();
        c.text += ch;
        c.pat += ch;
        if (ch === '*' || ch === '?' || ch === '[') c.glob = true;
      }
      if (!split && s.text === '') ensure();
    }
    if (cur) fields.push(cur);
    return fields;
  }

  /**
   * Appends the expansion of parts to `out` as segments; `null` entries mark a field break
   * ("$@"). Literal unquoted text carries split=false: only expansion results are split.
   */
  private *expandParts(parts: WordPart[], io: IO, out: Seg[], fields: boolean): Proc<void> {
    for (const p of parts) {
      switch (p.k) {
        case 'lit':
          out.push(
            p.quoted
              ? { text: p.v, quoted: true }
              : ({ text: p.v, quoted: false, split: false } as Seg),
          );
          break;
        case 'param':
          yield* this.expandParam(p, io, out, fields);
          break;
        case 'cmdsub': {
          const text = yield* this.commandSubstitution(p.body, io);
          out.push({ text, quoted: p.quoted });
          break;
        }
        case 'arith': {
          const expr = yield* this.expandString(p.expr, io);
          const v = evalArith(expr, this.arithVars);
          out.push({ text: v.toString(), quoted: p.quoted });
          break;
        }
      }
    }
  }

  /** A parameter's value, or undefined when unset. */
  paramValue(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(this.rootPid);
      case '#':
        return String(this.positional.length);
      case '!':
        return this.lastBg === undefined ? '' : String(this.lastBg);
      case '-':
        return (
          (this.opts.errexit ? 'e' : '') +
          (this.opts.nounset ? 'u' : '') +
          (this.opts.xtrace ? 'x' : '')
        );
      case '0':
        return this.arg0;
      case '@':
      case '*':
        return this.positional.join(' ');
    }
    if (/^[0-9]+$/.test(name)) return this.positional[Number(name) - 1];
    const v = this.vars.get(name);
    if (v === undefined && name === 'RANDOM') return String(this.env.random.int(32768));
    return v;
  }

  private *expandParam(
    p: Extract<WordPart, { k: 'param' }>,
    io: IO,
    out: Seg[],
    fields: boolean,
  ): Proc<void> {
    const { name } = p;
    if (p.length) {
      const v =
        name === '@' || name === '*'
          ? String(this.positional.length)
          : (this.paramValue(name) ?? '');
      out.push({ text: String([...v].length), quoted: p.quoted });
      return;
    }
    // A quoted expansion is a field even when it comes out empty ("$@" excepted).
    if (p.quoted && name !== '@') out.push({ text: '', quoted: true });
    let value = this.paramValue(name);
    if (name === '@' || name === '*') {
      if (!this.positional.length) value = undefined;
    }
    const op = p.op;
    if (op) {
      const colon = op.startsWith(':');
      const base = colon ? op.slice(1) : op;
      const isSet = value !== undefined && (!colon || value !== '');
      if (base === '-') {
        if (!isSet) return yield* this.expandParts(p.arg!.parts, io, out, fields);
      } else if (base === '=') {
        if (!isSet) {
          const v = yield* this.expandString(p.arg!, io);
          this.setVar(name, v);
          out.push({ text: v, quoted: p.quoted });
          return;
        }
      } else if (base === '+') {
        if (isSet) return yield* this.expandParts(p.arg!.parts, io, out, fields);
        if (p.quoted) out.push({ text: '', quoted: true });
        return;
      } else if (base === '?') {
        if (!isSet) {
          const msg = yield* this.expandString(p.arg!, io);
          throw new ShellError(
            `${name}: ${msg || (colon ? 'parameter not set or null' : 'parameter not set')}`,
          );
        }
      } else if (base === '' && colon) {
        // ${x:offset[:length]}
        const spec = yield* this.expandString(p.arg!, io);
        const [offText, lenText] = splitTop(spec);
        const v = [...(value ?? '')];
        let off = Number(evalArith(offText, this.arithVars));
        if (off < 0) off = Math.max(0, v.length + off);
        let len = lenText === undefined ? v.length : Number(evalArith(lenText, this.arithVars));
        if (len < 0) len = Math.max(0, v.length - off + len);
        value = v.slice(off, off + len).join('');
      } else if (op === '/' || op === '//') {
        // ${x/pattern/replacement}: first (or every) match.
        const raw = p.arg!.raw;
        const slash = findUnescapedSlash(raw);
        const patWord = slash < 0 ? p.arg! : parseExpandable(raw.slice(0, slash));
        const pat = yield* this.expandPattern(patWord, io);
        const rep =
          slash < 0 ? '' : yield* this.expandString(parseExpandable(raw.slice(slash + 1)), io);
        value = replacePattern(value ?? '', pat, rep, op === '//');
      } else {
        // # ## % %%: remove a prefix or suffix matching a pattern.
        const pat = yield* this.expandPattern(p.arg!, io);
        value = removePattern(value ?? '', pat, op);
      }
    }
    if (value === undefined && this.opts.nounset && !op && !/^[@*]$/.test(name)) {
      throw new ShellError(`${name}: parameter not set`);
    }
    if ((name === '@' || name === '*') && !op) {
      const items = this.positional;
      if (p.quoted && name === '@' && fields) {
        items.forEach((v, i) => {
          if (i > 0) out.push(null as unknown as Seg);
          out.push({ text: v, quoted: true });
        });
        return;
      }
      const sep = name === '*' && p.quoted ? ((this.vars.get('IFS') ?? ' ')[0] ?? '') : ' ';
      out.push({ text: items.join(sep), quoted: p.quoted });
      return;
    }
    if (value === undefined || value === '') {
      if (p.quoted) out.push({ text: '', quoted: true });
      return;
    }
    out.push({ text: value, quoted: p.quoted });
  }

  /** Runs `$(...)` in a subshell and gives its output without trailing newlines. */
  *commandSubstitution(body: List, io: IO): Proc<string> {
    // A subshell costs a fork: count it as several commands.
    this.sched.spend(20);
    const out = new Collector();
    const child = this.clone();
    child.stdin = this.stdin;
    const t = child.startThread(
      'sh',
      (sh) => sh.execList(body, { stdin: io.stdin, stdout: out, stderr: io.stderr }),
      this.thread,
    );
    while (t.state !== 'done') yield { t: 'block', on: t.done };
    this.cmdsubStatus = t.exitCode;
    this.status = t.exitCode;
    return out.text.replace(/\n+$/, '');
  }

  /** Pathname expansion against the container's files; no match keeps the word. */
  glob(pattern: string, text: string): string[] {
    const abs = pattern.startsWith('/');
    const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
    let bases: string[] = [abs ? '/' : ''];
    for (let i = abs ? 1 : 0; i < comps.length; i++) {
      const comp = comps[i];
      const next: string[] = [];
      for (const b of bases) {
        const dirPath = this.resolve(b || '.');
        if (!hasGlob(comp)) {
          next.push(b + (b && !b.endsWith('/') ? '/' : '') + unescapePattern(comp));
          continue;
        }
        const re = patternToRegExp(comp, true);
        const names = listDir(this.env.fs, dirPath) ?? [];
        for (const n of names.sort()) {
          if (n.startsWith('.') && !comp.startsWith('.')) continue;
          if (re.test(n)) next.push(b + (b && !b.endsWith('/') ? '/' : '') + n);
        }
      }
      bases = next;
    }
    const found = bases.filter((b) => b !== '' && this.exists(b));
    return found.length ? found : [text];
  }

  exists(path: string): boolean {
    const p = this.resolve(path);
    return this.env.fs.read(p) !== undefined || isDir(this.env.fs, p);
  }

  // ---- control flow used by builtins -------------------------------------------------------

  doBreak(n: number, cont: boolean): number {
    if (!this.loopDepth) return 0;
    const levels = Math.min(n, this.loopDepth);
    throw cont ? new ContinueLoop(levels) : new BreakLoop(levels);
  }

  doReturn(code: number): never {
    if (this.funcDepth) throw new ReturnFn(code);
    throw new ExitShell(code);
  }

  makeLocal(name: string): void {
    const frame = this.locals[this.locals.length - 1];
    if (frame && !frame.has(name)) frame.set(name, this.vars.get(name));
  }
}

function removePattern(value: string, pat: string, op: string): string {
  const re = patternToRegExp(pat);
  if (op === '#' || op === '##') {
    const order = op === '#' ? range(0, value.length) : range(value.length, 0);
    for (const i of order) if (re.test(value.slice(0, i))) return value.slice(i);
  } else {
    const order = op === '%' ? range(value.length, 0) : range(0, value.length);
    for (const i of order) if (re.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}

function splitTop(spec: string): [string, string | undefined] {
  const i = spec.indexOf(':');
  return i < 0 ? [spec, undefined] : [spec.slice(0, i), spec.slice(i + 1)];
}

function findUnescapedSlash(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '/') return i;
  }
  return -1;
}

function replacePattern(value: string, pat: string, rep: string, all: boolean): string {
  const re = patternToRegExp(pat);
  let out = '';
  let i = 0;
  while (i <= value.length) {
    let matched = -1;
    // Longest match starting at i, as the shell does.
    for (let j = value.length; j > i; j--) {
      if (re.test(value.slice(i, j))) {
        matched = j;
        break;
      }
    }
    if (matched < 0) {
      if (i < value.length) out += value[i];
      i++;
      continue;
    }
    out += rep;
    i = matched;
    if (!all) return out + value.slice(i);
  }
  return out;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  if (from <= to) for (let i = from; i <= to; i++) out.push(i);
  else for (let i = from; i >= to; i--) out.push(i);
  return out;
}

/** Quotes a word as `set -x` shows it. */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A short text for a command, as `ps` shows it. */
function commandText(node: Command | AndOr): string {
  const first = node.type === 'andor' ? node.first.cmds[0] : node;
  if (first.type === 'simple') return first.words.map((w) => w.raw).join(' ') || 'sh';
  return 'sh';
}
