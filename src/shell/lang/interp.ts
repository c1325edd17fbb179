/**
 * Runs a parsed program. Commands are async (kubectl answers over a transport), so every step
 * awaits. A pipeline runs its stages one after another, each stage's output becoming the next
 * one's input. Output goes through sinks; redirections swap the sinks of one command.
 */
import { VfsError } from '../vfs';
import type { Vfs } from '../vfs';
import type { Command, List, Pipeline, Redirect, SimpleCommand, Word } from './ast';
import { ExpandError, expandString, expandWords } from './expand';
import type { ExpandHost } from './expand';
import { parse, parseWordText } from './parse';

export type Sink = (text: string) => void;

/** Where a command reads and writes, and what stops it. */
export interface Frame {
  stdin: string;
  out: Sink;
  err: Sink;
  signal: AbortSignal;
}

/** What a command is given: its words (argv[0] is its name), its streams and the session. */
export interface CommandContext<S = unknown> extends Frame {
  argv: string[];
  /** Exported variables plus `VAR=x` prefixes of this command. */
  env: Record<string, string>;
  session: S;
}

export type CommandFn<S = unknown> = (ctx: CommandContext<S>) => Promise<number> | number;

/** The state the interpreter reads and changes: variables, aliases, `$?`, the filesystem. */
export interface InterpState {
  vfs: Vfs;
  vars: Map<string, string>;
  exported: Set<string>;
  aliases: Map<string, string>;
  status: number;
  lookup(name: string): CommandFn | undefined;
  session: unknown;
}

/** `exit`: ends the session's current input. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super('exit');
  }
}

const INTERRUPTED = 130;

/** A command line started with `&`. */
export interface Job {
  id: number;
  pid: number;
  controller: AbortController;
  done: boolean;
  status: number;
}

export class Interpreter implements ExpandHost {
  private substStatus: number | undefined;
  private loopBreak = 0;
  private loopContinue = 0;
  private seed = 1;

  constructor(private readonly st: InterpState) {}

  get vfs(): Vfs {
    return this.st.vfs;
  }

  getVar(name: string): string | undefined {
    if (name === '?') return String(this.st.status);
    if (name === '$') return '4242';
    if (name === '#') return '0';
    if (name === '0') return 'bash';
    if (name === 'PWD') return this.st.vfs.cwd;
    if (name === 'RANDOM') {
      // A fixed linear congruential sequence: the same session prints the same numbers.
      this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
      return String(this.seed % 32768);
    }
    return this.st.vars.get(name);
  }

  setVar(name: string, value: string): void {
    this.st.vars.set(name, value);
  }

  async substitute(src: string): Promise<string> {
    let out = '';
    const saved = this.snapshot();
    try {
      const { list } = parse(src, { atEof: true });
      this.substStatus = await this.runList(list, {
        stdin: '',
        out: (t) => (out += t),
        err: this.currentErr,
        signal: this.currentSignal,
      });
    } catch (e) {
      if (e instanceof ExitRequest) this.substStatus = e.code;
      else if (e instanceof Error && 'token' in e) {
        this.currentErr(`bash: command substitution: ${e.message}\n`);
        this.substStatus = 2;
      } else throw e;
    } finally {
      this.restore(saved);
    }
    return out;
  }

  private currentErr: Sink = () => {};
  private currentSignal: AbortSignal = new AbortController().signal;

  /** Background jobs started with `&`, as `jobs` lists them and `kill %N` ends them. */
  readonly jobs: Job[] = [];

  /** Runs a whole program; returns its exit status (also left in `$?`). */
  async runList(list: List, frame: Frame): Promise<number> {
    let status = this.st.status;
    for (const ao of list) {
      if (frame.signal.aborted) return (this.st.status = INTERRUPTED);
      if (ao.background) {
        // Runs beside what follows; Ctrl-C of the foreground does not reach it, `kill %N` does.
        const job: Job = {
          id: this.jobs.filter((j) => !j.done).length + 1,
          pid: 4000 + this.jobs.length * 7,
          controller: new AbortController(),
          done: false,
          status: 0,
        };
        this.jobs.push(job);
        frame.err(`[${job.id}] ${job.pid}\n`);
        void this.runAndOr(ao, { ...frame, signal: job.controller.signal }).then((code) => {
          job.done = true;
          job.status = code;
        });
        this.st.status = status = 0;
        continue;
      }
      status = await this.runAndOr(ao, frame);
      if (this.loopBreak || this.loopContinue) break;
    }
    if (frame.signal.aborted) return (this.st.status = INTERRUPTED);
    return status;
  }

  private async runAndOr(ao: List[number], frame: Frame): Promise<number> {
    let status = await this.runPipeline(ao.first, frame);
    for (const r of ao.rest) {
      if (this.loopBreak || this.loopContinue) break;
      if ((r.op === '&&') === (status === 0)) status = await this.runPipeline(r.pipeline, frame);
    }
    this.st.status = status;
    return status;
  }

  private async runPipeline(p: Pipeline, frame: Frame): Promise<number> {
    let stdin = frame.stdin;
    let status = 0;
    for (let i = 0; i < p.commands.length; i++) {
      if (frame.signal.aborted) return INTERRUPTED;
      const last = i === p.commands.length - 1;
      let buffer = '';
      const out: Sink = last ? frame.out : (t) => (buffer += t);
      status = await this.runCommand(p.commands[i], { ...frame, stdin, out });
      stdin = buffer;
    }
    if (frame.signal.aborted) return INTERRUPTED;
    this.st.status = p.bang ? (status === 0 ? 1 : 0) : status;
    return this.st.status;
  }

  private async runCommand(c: Command, frame: Frame): Promise<number> {
    this.currentErr = frame.err;
    this.currentSignal = frame.signal;
    if (c.type === 'simple') return this.runSimple(c, frame);
    const redirected = await this.redirect(c.redirects, frame);
    if (typeof redirected === 'number') return redirected;
    const [f, flush] = redirected;
    try {
      return await this.runCompound(c, f);
    } finally {
      flush();
    }
  }

  private async runCompound(c: Exclude<Command, SimpleCommand>, f: Frame): Promise<number> {
    switch (c.type) {
      case 'group': {
        if (!c.subshell) return this.runList(c.body, f);
        const saved = this.snapshot();
        try {
          return await this.runList(c.body, f);
        } catch (e) {
          if (e instanceof ExitRequest) return e.code;
          throw e;
        } finally {
          this.restore(saved);
        }
      }
      case 'if': {
        for (const b of c.branches) {
          if ((await this.runList(b.cond, f)) === 0) return this.runList(b.body, f);
        }
        return c.orElse ? this.runList(c.orElse, f) : 0;
      }
      case 'for': {
        const items = c.items ? await this.expand(c.items, f) : [];
        if (items === undefined) return 1;
        let status = 0;
        for (const item of items) {
          if (f.signal.aborted) return INTERRUPTED;
          this.st.vars.set(c.name, item);
          status = await this.runList(c.body, f);
          if (this.loopEnd()) break;
          await yieldToPage();
        }
        return status;
      }
      case 'while': {
        let status = 0;
        for (;;) {
          if (f.signal.aborted) return INTERRUPTED;
          const cond = await this.runList(c.cond, f);
          if ((cond === 0) === c.until) break;
          status = await this.runList(c.body, f);
          if (this.loopEnd()) break;
          await yieldToPage();
        }
        return status;
      }
    }
  }

  /** After a loop body: consumes one level of `break`/`continue`; true when the loop ends. */
  private loopEnd(): boolean {
    if (this.loopBreak) {
      this.loopBreak--;
      return true;
    }
    if (this.loopContinue) {
      this.loopContinue--;
      return this.loopContinue > 0;
    }
    return false;
  }

  /** `break N` / `continue N` from the builtins. */
  breakLoops(n: number, cont: boolean): void {
    if (cont) this.loopContinue = n;
    else this.loopBreak = n;
  }

  private async expand(words: Word[], f: Frame): Promise<string[] | undefined> {
    try {
      return await expandWords(words, this);
    } catch (e) {
      if (e instanceof ExpandError) {
        f.err(`bash: ${e.message}\n`);
        this.st.status = 1;
        return undefined;
      }
      throw e;
    }
  }

  private async runSimple(c: SimpleCommand, frame: Frame): Promise<number> {
    this.substStatus = undefined;
    const words = this.expandAliases(c.words);
    const argv = await this.expand(words, frame);
    if (argv === undefined) return 1;
    const assigns: [string, string][] = [];
    for (const a of c.assigns) {
      try {
        const v = await expandString(a.value, this);
        assigns.push([a.name, a.append ? (this.st.vars.get(a.name) ?? '') + v : v]);
      } catch (e) {
        if (!(e instanceof ExpandError)) throw e;
        frame.err(`bash: ${e.message}\n`);
        return 1;
      }
    }
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.st.vars.set(k, v);
      const r = await this.redirect(c.redirects, frame);
      if (typeof r === 'number') return r;
      r[1]();
      return this.substStatus ?? 0;
    }
    const redirected = await this.redirect(c.redirects, frame);
    if (typeof redirected === 'number') return redirected;
    const [f, flush] = redirected;
    try {
      const name = argv[0];
      const fn = this.st.lookup(name);
      if (!fn) {
        if (name.includes('/')) {
          const isFile = this.st.vfs.isFile(name);
          const isDir = this.st.vfs.isDir(name);
          f.err(
            `bash: ${name}: ${isDir ? 'Is a directory' : isFile ? 'Permission denied' : 'No such file or directory'}\n`,
          );
          return isFile || isDir ? 126 : 127;
        }
        f.err(`bash: ${name}: command not found\n`);
        return 127;
      }
      const env: Record<string, string> = {};
      for (const k of [...this.st.exported].sort()) {
        const v = this.st.vars.get(k);
        if (v !== undefined) env[k] = v;
      }
      for (const [k, v] of assigns) env[k] = v;
      try {
        const status = await fn({ ...f, argv, env, session: this.st.session });
        return f.signal.aborted ? INTERRUPTED : status;
      } catch (e) {
        if (e instanceof ExitRequest) throw e;
        if (f.signal.aborted) return INTERRUPTED;
        f.err(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      }
    } finally {
      flush();
    }
  }

  /** `alias k=kubectl`: the first word of a command, when it is an alias, is replaced. */
  private expandAliases(words: Word[]): Word[] {
    const seen = new Set<string>();
    let result = words;
    for (;;) {
      const first = result[0];
      if (!first || first.parts.length !== 1) return result;
      const p = first.parts[0];
      if (p.k !== 'lit' || p.q || seen.has(p.v)) return result;
      const value = this.st.aliases.get(p.v);
      if (value === undefined) return result;
      seen.add(p.v);
      let replacement: Word[];
      try {
        const { list } = parse(value, { atEof: true });
        const cmd = list.length === 1 && list[0].rest.length === 0 ? list[0].first.commands : [];
        if (cmd.length !== 1 || cmd[0].type !== 'simple' || cmd[0].redirects.length) return result;
        replacement = cmd[0].words;
      } catch {
        return result;
      }
      result = [...replacement, ...result.slice(1)];
    }
  }

  /**
   * Applies redirections in order to a copy of the frame. Output files are created (or
   * truncated) now and written when the command ends, through the returned `flush`.
   */
  private async redirect(
    redirects: Redirect[],
    frame: Frame,
  ): Promise<[Frame, () => void] | number> {
    if (!redirects.length) return [frame, () => {}];
    const fds = new Map<number, Sink>([
      [1, frame.out],
      [2, frame.err],
    ]);
    let stdin = frame.stdin;
    const files = new Map<string, string>();
    const fileSink = (path: string, append: boolean): Sink | undefined => {
      if (path === '/dev/null') return () => {};
      if (path === '/dev/stdout') return frame.out;
      if (path === '/dev/stderr') return frame.err;
      const abs = this.st.vfs.resolve(path);
      try {
        if (!append || !this.st.vfs.exists(abs)) this.st.vfs.writeFile(abs, '');
        else this.st.vfs.readFile(abs);
      } catch (e) {
        if (e instanceof VfsError) {
          frame.err(`bash: ${path}: ${e.message}\n`);
          return undefined;
        }
        throw e;
      }
      if (!files.has(abs)) files.set(abs, '');
      return (t) => files.set(abs, files.get(abs) + t);
    };
    const flush = () => {
      for (const [abs, text] of files) {
        if (!text) continue;
        try {
          this.st.vfs.writeFile(abs, text, true);
        } catch {
          // The file went away while the command ran; bash would have written to the old inode.
        }
      }
    };
    for (const r of redirects) {
      let target: string;
      if (r.heredoc) {
        stdin = r.heredoc.quoted
          ? r.heredoc.body
          : await expandString(parseWordText(r.heredoc.body, true), this);
        continue;
      }
      try {
        target = await expandString(r.target, this);
      } catch (e) {
        if (!(e instanceof ExpandError)) throw e;
        frame.err(`bash: ${e.message}\n`);
        return 1;
      }
      switch (r.op) {
        case '<<<':
          stdin = target + '\n';
          break;
        case '<':
          if (target === '/dev/null') stdin = '';
          else {
            try {
              stdin = this.st.vfs.readFile(target);
            } catch (e) {
              if (!(e instanceof VfsError)) throw e;
              frame.err(`bash: ${target}: ${e.message}\n`);
              return 1;
            }
          }
          break;
        case '>':
        case '>>': {
          const sink = fileSink(target, r.op === '>>');
          if (!sink) return 1;
          fds.set(r.fd, sink);
          break;
        }
        case '&>':
        case '&>>': {
          const sink = fileSink(target, r.op === '&>>');
          if (!sink) return 1;
          fds.set(1, sink);
          fds.set(2, sink);
          break;
        }
        case '>&':
        case '<&': {
          if (target === '-') fds.set(r.fd, () => {});
          else if (/^\d+$/.test(target)) {
            const src = fds.get(Number(target));
            if (!src) {
              frame.err(`bash: ${target}: Bad file descriptor\n`);
              return 1;
            }
            fds.set(r.fd, src);
          } else if (r.op === '>&') {
            const sink = fileSink(target, false);
            if (!sink) return 1;
            fds.set(1, sink);
            fds.set(2, sink);
          }
          break;
        }
      }
    }
    return [
      { ...frame, stdin, out: fds.get(1) ?? (() => {}), err: fds.get(2) ?? (() => {}) },
      flush,
    ];
  }

  private snapshot() {
    return {
      cwd: this.st.vfs.cwd,
      vars: new Map(this.st.vars),
      exported: new Set(this.st.exported),
      aliases: new Map(this.st.aliases),
      status: this.st.status,
    };
  }

  private restore(s: ReturnType<Interpreter['snapshot']>): void {
    if (this.st.vfs.isDir(s.cwd)) this.st.vfs.cwd = s.cwd;
    this.st.vars = s.vars;
    this.st.exported = s.exported;
    this.st.aliases = s.aliases;
  }
}

/** Lets the page handle keys (Ctrl-C) between loop iterations. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
