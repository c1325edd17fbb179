/**
 * One terminal session: the virtual filesystem, variables, aliases, history and `$?`, the
 * kubeconfig and discovery cache kubectl keeps across commands, and the cluster behind it.
 * `run(text)` parses and runs what the learner typed; errors come out as bash prints them.
 */
import { Discovery } from '../kubectl/discovery';
import { minikubeConfig } from '../kubectl/kubeconfig';
import type { KubeConfig } from '../kubectl/kubeconfig';
import type { Transport } from '../kubectl/transport';
import type { ShellBackend } from './backend';
import { COMMANDS } from './commands';
import { complete } from './complete';
import type { Completion } from './complete';
import type { CommandFn } from './lang/interp';
import { ExitRequest, Interpreter } from './lang/interp';
import type { Sink } from './lang/interp';
import { Incomplete, parse, ShellSyntaxError } from './lang/parse';
import { HOME, Vfs } from './vfs';

export interface ShellOptions {
  backend: ShellBackend;
  vfs?: Vfs;
  /** Extra environment variables (exported). */
  env?: Record<string, string>;
  /**
   * Waits `ms` of wall time while `sleep` and `watch` run the cluster forward, so the page can
   * follow; omitted (scripts, tests), virtual time jumps at once.
   */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A terminal is attached: `watch` and `clear` redraw the screen. */
  interactive?: boolean;
  /** Without a terminal, `watch` stops after this many refreshes (default 3). */
  watchLimit?: number;
}

export interface ShellOutput {
  out: Sink;
  err: Sink;
}

export class Shell {
  readonly vfs: Vfs;
  readonly backend: ShellBackend;
  vars = new Map<string, string>();
  exported = new Set<string>();
  aliases = new Map<string, string>();
  status = 0;
  readonly history: string[] = [];
  readonly kubeconfig: KubeConfig = minikubeConfig('https://192.168.49.2:8443');
  discovery: Discovery;
  /** kubectl's transport: refused while `minikube stop` has the cluster down. */
  readonly transport: Transport;
  /** minikube's state: stopped by `minikube stop`, addons enabled by `minikube addons enable`. */
  stopped = false;
  readonly addons = new Set(['default-storageclass', 'storage-provisioner']);
  readonly options: ShellOptions;
  readonly session = this;
  private readonly interp: Interpreter;
  /** `kubectl port-forward`s in progress: local port → the pod's address and port. */
  readonly forwards = new Map<number, { ip: string; port: number }>();

  /** Background jobs of this session (`&`). */
  get jobs() {
    return this.interp.jobs;
  }

  constructor(options: ShellOptions) {
    this.options = options;
    this.backend = options.backend;
    this.vfs = options.vfs ?? new Vfs();
    const env: Record<string, string> = {
      HOME,
      HOSTNAME: 'playground',
      LANG: 'C.UTF-8',
      LOGNAME: 'learner',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      SHELL: '/bin/bash',
      TERM: 'xterm-256color',
      USER: 'learner',
      ...options.env,
    };
    for (const [k, v] of Object.entries(env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    const backend = this.backend;
    this.transport = {
      request: (req) => {
        if (this.stopped) return Promise.reject(new TypeError('fetch failed: connection refused'));
        return backend.transport.request(req);
      },
    };
    this.discovery = new Discovery(this.transport);
    this.interp = new Interpreter(this);
  }

  lookup(name: string): CommandFn | undefined {
    return Object.prototype.hasOwnProperty.call(COMMANDS, name)
      ? (COMMANDS[name] as CommandFn)
      : undefined;
  }

  /**
   * Whether `text` is a whole command, or the editor should ask for another line (an open
   * quote, a trailing `|` or `\`, an unfinished here-document or `for`).
   */
  needsMore(text: string): boolean {
    try {
      parse(text);
      return false;
    } catch (e) {
      return e instanceof Incomplete;
    }
  }

  /** Parses and runs one input (one or more lines); returns its exit status. */
  async run(text: string, io: ShellOutput, signal?: AbortSignal): Promise<number> {
    const sig = signal ?? new AbortController().signal;
    let list;
    try {
      const parsed = parse(text, { atEof: true });
      list = parsed.list;
      for (const w of parsed.warnings) io.err(`bash: ${w}\n`);
    } catch (e) {
      if (e instanceof Incomplete || e instanceof ShellSyntaxError) {
        io.err(`bash: ${e.message}\n`);
        return (this.status = 2);
      }
      throw e;
    }
    try {
      return await this.interp.runList(list, { stdin: '', out: io.out, err: io.err, signal: sig });
    } catch (e) {
      if (e instanceof ExitRequest) return (this.status = e.code);
      io.err(`bash: ${e instanceof Error ? e.message : String(e)}\n`);
      return (this.status = 1);
    }
  }

  /** Runs a script's text as `bash FILE` would (used by `bash`, `sh` and `source`). */
  async runScript(text: string, io: ShellOutput & { stdin?: string }, signal: AbortSignal) {
    return this.run(text, io, signal);
  }

  /** Lets virtual time pass: `ms` at once, or in one-second steps while the page watches. */
  async sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    const wait = this.options.wait;
    if (!wait) {
      if (signal.aborted) return false;
      this.backend.advance(ms);
      return !signal.aborted;
    }
    let left = ms;
    while (left > 0) {
      const step = Math.min(left, 1000);
      await wait(step, signal);
      if (signal.aborted) return false;
      this.backend.advance(step);
      left -= step;
    }
    return !signal.aborted;
  }

  /** Tab completion for `line` with the cursor at `cursor`. */
  complete(line: string, cursor: number): Promise<Completion> {
    return complete(this, line, cursor);
  }

  /** Adds a line to the history (blank lines and repeats of the last line are not kept). */
  addHistory(line: string): void {
    const l = line.replace(/\n+$/, '');
    if (!l.trim() || this.history[this.history.length - 1] === l) return;
    this.history.push(l);
  }
}
