/**
 * The kubelet's door to the POSIX sh interpreter (src/cluster/runtime/sh): shell images run
 * their command through `spawn`, and `kubectl exec` / exec probes through `run`. The types below
 * are the interpreter's contract. Until the interpreter is plugged in with `setShell`, a small
 * stand-in runs the simple scripts a pod spec usually holds (echo, sleep, exit, touch, rm, cat,
 * `while true; do …; done`); `setShell(undefined)` selects it, for tests of the kubelet alone.
 */
import type { Random } from '../clock/Random';
import type { TimerHandle, VirtualClock } from '../clock/VirtualClock';
import * as sh from './sh';
import type { ContainerFS, NetworkClient } from './types';

export interface ShellHost {
  clock: VirtualClock;
  random: Random;
  network: NetworkClient;
  fs: ContainerFS;
  hostname: string;
  podIP: string;
  env: Record<string, string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface ShellProcess {
  signal(sig: 'TERM' | 'KILL' | 'INT'): void;
  readonly exited: boolean;
  cpuMillis(): number;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ShellImplementation {
  spawn(
    argv: string[],
    host: ShellHost,
    onExit: (code: number) => void,
    stdin?: string,
  ): ShellProcess;
  run(
    argv: string[],
    host: Omit<ShellHost, 'stdout' | 'stderr'>,
    done: (r: ShellResult) => void,
    stdin?: string,
  ): ShellProcess;
}

let implementation: ShellImplementation | undefined = sh;

/** Plugs in the sh interpreter; until then the stand-in below answers. */
export function setShell(impl: ShellImplementation | undefined): void {
  implementation = impl;
}

export function spawnShell(
  argv: string[],
  host: ShellHost,
  onExit: (code: number) => void,
  stdin?: string,
): ShellProcess {
  if (implementation) return implementation.spawn(argv, host, onExit, stdin);
  return new StandInShell(argv, host, onExit, stdin);
}

export function runShell(
  argv: string[],
  host: Omit<ShellHost, 'stdout' | 'stderr'>,
  done: (r: ShellResult) => void,
  stdin?: string,
): ShellProcess {
  if (implementation) return implementation.run(argv, host, done, stdin);
  let stdout = '';
  let stderr = '';
  return new StandInShell(
    argv,
    { ...host, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    (exitCode) => done({ stdout, stderr, exitCode }),
    stdin,
    false,
  );
}

const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', 'ash', '/bin/ash']);

/** Splits a command line into words: quotes, and $VAR / ${VAR} outside single quotes. */
function words(line: string, env: Record<string, string>): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  const expand = () => {
    const m = /^\$(?:\{(\w+)\}|(\w+|\?))/.exec(line.slice(i));
    if (!m) {
      cur += '$';
      i++;
      return;
    }
    cur += env[m[1] ?? m[2]] ?? '';
    i += m[0].length;
  };
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end < 0 ? undefined : end);
      has = true;
      i = end < 0 ? line.length : end + 1;
    } else if (ch === '"') {
      has = true;
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '$') expand();
        else if (line[i] === '\\' && i + 1 < line.length) {
          cur += line[i + 1];
          i += 2;
        } else cur += line[i++];
      }
      i++;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
      i++;
    } else if (ch === '$') {
      has = true;
      expand();
    } else {
      cur += ch;
      i++;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

type Step = { kind: 'cmd'; text: string; op: ';' | '&&' | '||' } | { kind: 'loop'; body: Step[] };

/** Splits a script at ; && || and newlines (outside quotes); `while true; do …; done` loops. */
function parse(script: string): Step[] {
  const loop = /^\s*while\s+(?:true|:)\s*;?\s*do\s+([\s\S]*?);?\s*done\s*;?\s*$/.exec(script);
  if (loop) return [{ kind: 'loop', body: parse(loop[1]) }];
  const steps: Step[] = [];
  let cur = '';
  let quote = '';
  let op: ';' | '&&' | '||' = ';';
  const flush = (next: ';' | '&&' | '||') => {
    if (cur.trim()) steps.push({ kind: 'cmd', text: cur.trim(), op });
    cur = '';
    op = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ';' || ch === '\n') flush(';');
    else if (script.startsWith('&&', i)) {
      flush('&&');
      i++;
    } else if (script.startsWith('||', i)) {
      flush('||');
      i++;
    } else cur += ch;
  }
  flush(';');
  return steps;
}

class StandInShell implements ShellProcess {
  exited = false;
  private timer: TimerHandle | undefined;
  private queue: Step[] = [];
  private status = 0;
  private cpu = 0;

  constructor(
    argv: string[],
    private host: ShellHost,
    private onExit: (code: number) => void,
    stdin: string | undefined,
    private pid1 = true,
  ) {
    let script: string;
    if (SHELLS.has(argv[0])) {
      if (argv[1] === '-c') script = argv[2] ?? '';
      else script = stdin ?? '';
    } else {
      script = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    }
    this.queue = parse(script);
    this.timer = host.clock.setTimeout(() => this.step(), 0);
  }

  cpuMillis(): number {
    return this.cpu;
  }

  signal(sig: 'TERM' | 'KILL' | 'INT'): void {
    if (this.exited) return;
    // PID 1 with no trap ignores TERM and INT, as a real shell in a container does.
    if (sig !== 'KILL' && this.pid1) return;
    this.finish(sig === 'KILL' ? 137 : sig === 'TERM' ? 143 : 130);
  }

  private finish(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.host.clock.clearTimeout(this.timer);
    this.onExit(code);
  }

  private step(): void {
    for (let guard = 0; !this.exited && guard < 1000; guard++) {
      const s = this.queue.shift();
      if (!s) return this.finish(this.status);
      if (s.kind === 'loop') {
        this.queue.unshift(...s.body, s);
        continue;
      }
      if (s.op === '&&' && this.status !== 0) continue;
      if (s.op === '||' && this.status === 0) continue;
      const wait = this.exec(words(s.text, { ...this.host.env, '?': String(this.status) }));
      if (wait !== undefined) {
        this.timer = this.host.clock.setTimeout(() => this.step(), wait);
        return;
      }
    }
    // A loop that never sleeps: let time pass rather than spin.
    if (!this.exited) this.timer = this.host.clock.setTimeout(() => this.step(), 1000);
  }

  /** Runs one simple command; returns milliseconds to wait when it sleeps. */
  private exec(argv: string[]): number | undefined {
    const [cmd, ...args] = argv;
    const h = this.host;
    this.status = 0;
    this.cpu += 1;
    switch (cmd) {
      case undefined:
      case 'true':
      case ':':
        return;
      case 'false':
        this.status = 1;
        return;
      case 'echo': {
        const n = args[0] === '-n';
        h.stdout((n ? args.slice(1) : args).join(' ') + (n ? '' : '\n'));
        return;
      }
      case 'sleep': {
        const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(args[0] ?? '');
        if (!m) {
          h.stderr(`sleep: invalid number '${args[0] ?? ''}'\n`);
          this.status = 1;
          return;
        }
        const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]!;
        return Number(m[1]) * unit;
      }
      case 'exit':
        this.finish(Number(args[0] ?? this.status) & 255);
        return;
      case 'touch':
        for (const f of args) if (h.fs.read(f) === undefined) h.fs.write(f, '');
        return;
      case 'rm':
        for (const f of args.filter((a) => !a.startsWith('-'))) {
          if (!h.fs.remove(f) && !args.includes('-f')) {
            h.stderr(`rm: can't remove '${f}': No such file or directory\n`);
            this.status = 1;
          }
        }
        return;
      case 'cat':
        for (const f of args) {
          const text = h.fs.read(f);
          if (text === undefined) {
            h.stderr(`cat: can't open '${f}': No such file or directory\n`);
            this.status = 1;
          } else h.stdout(text);
        }
        return;
      case 'hostname':
        h.stdout(`${h.hostname}\n`);
        return;
      case 'env':
        h.stdout(
          Object.entries(h.env)
            .map(([k, v]) => `${k}=${v}\n`)
            .join(''),
        );
        return;
      default:
        h.stderr(`sh: ${cmd}: not found\n`);
        this.status = 127;
    }
  }
}
