/**
 * Container programs described as data: an image says what it logs when it starts, which ports
 * it listens on and after how long, how it answers HTTP, what it costs in CPU and memory, and how
 * it ends (by itself, on TERM, on KILL). `imageFromDefinition` turns such a description into the
 * runtime's ImageInfo. Shell images (busybox, alpine, …) run their command through sh.
 */
import { runShell, spawnShell } from '../shell';
import type { ShellHost } from '../shell';
import type {
  ContainerIO,
  ContainerProcess,
  ContainerSpec,
  ExecResult,
  HttpRequest,
  HttpResponse,
  ImageInfo,
} from '../types';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Milliseconds after the event that printed it (start, request, signal). */
  afterMs?: number;
}

/** What a program's callbacks see. */
export interface ProgramContext {
  spec: ContainerSpec;
  /** Virtual wall time, ms since 1970. */
  now: number;
  startedAt: number;
  /** Requests served so far, this one included. */
  requests: number;
  /** Arguments after the program's own name (`args`, or the image's default). */
  args: string[];
}

export interface ExitPlan {
  afterMs: number;
  code: number;
  lines?: LogLine[];
}

/** A long-running program: a server, a database, a demo app. */
export interface ProgramBehaviour {
  startup?(ctx: ProgramContext): LogLine[];
  ports?: number[] | ((ctx: ProgramContext) => number[]);
  /** How long after start the ports accept connections (default 100 ms). */
  listenAfterMs?: number;
  /** The answer to one request; `exit` ends the process after the answer (a crashing route). */
  handle?(req: HttpRequest, ctx: ProgramContext): HttpResponse & { exit?: ExitPlan };
  accessLog?(req: HttpRequest, res: HttpResponse, ctx: ProgramContext): LogLine[];
  /** Millicores and bytes at rest. */
  idle: { cpuMillis: number; memoryBytes: number };
  /**
   * What one request costs: CPU in millicore-seconds (CPU-ms), which the process's use shows
   * spread over about a second, and extra bytes. A request runs on one thread, so the answer
   * takes as many ms as it costs CPU-ms: a client in a loop sends fewer requests the dearer
   * they are.
   */
  perRequest?: { cpuMillis: number; memoryBytes?: number };
  /** Memory the program grows to after a while (a stress tool, a leak). */
  grows?(ctx: ProgramContext): { afterMs: number; memoryBytes: number } | undefined;
  /** Ending by itself: a misconfigured database, a one-shot tool. */
  exitOnStart?(ctx: ProgramContext): ExitPlan | undefined;
  /** The image's STOPSIGNAL handling; absent means TERM is ignored and only KILL ends it. */
  onTerm?(ctx: ProgramContext): ExitPlan;
}

export interface ImageDefinition {
  /** Normalised repository: "docker.io/library/nginx". */
  repository: string;
  tags: string[];
  sizeBytes: number;
  /** Size per tag where tags differ much (alpine variants). */
  tagSizes?: Record<string, number>;
  /** The image has /bin/sh: exec and command overrides work. */
  shell: boolean;
  /** The program's own name: args starting with it still run the program (`nginx -g …`). */
  binary?: string;
  /** Args are the program's options (http-echo -text=…, stress --vm 1). */
  argsAreOptions?: boolean;
  /** Default CMD as argv, for shell images: ["sh"]. */
  defaultCommand?: string[];
  /** Absent for shell images: the default command then runs in sh. */
  program?: ProgramBehaviour;
}

/** Calls `log` once per complete line; `flush` emits a last unterminated line. */
function lineWriter(emit: (line: string) => void): { write(t: string): void; flush(): void } {
  let buf = '';
  return {
    write(t: string) {
      buf += t;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        emit(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    },
    flush() {
      if (buf) emit(buf);
      buf = '';
    },
  };
}

function shellHost(spec: ContainerSpec, io: ContainerIO): Omit<ShellHost, 'stdout' | 'stderr'> {
  return {
    clock: io.clock,
    random: io.random,
    network: io.network,
    fs: spec.fs,
    hostname: spec.hostname,
    podIP: spec.podIP,
    env: spec.env,
  };
}

function execIn(
  def: ImageDefinition,
  spec: ContainerSpec,
  io: ContainerIO,
  argv: string[],
  stdin: string | undefined,
  done: (r: ExecResult) => void,
): void {
  if (!def.shell) {
    done({
      stdout: '',
      stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown\n`,
      exitCode: 126,
    });
    return;
  }
  runShell(argv, shellHost(spec, io), done, stdin);
}

const SHELL_MEMORY = 512 * 1024;

/** A container whose main process is sh (or any command run through it). */
class ShellContainer implements ContainerProcess {
  private proc;
  private out;
  private err;

  constructor(
    private def: ImageDefinition,
    private spec: ContainerSpec,
    private io: ContainerIO,
    argv: string[],
  ) {
    this.out = lineWriter((l) => io.log('stdout', l));
    this.err = lineWriter((l) => io.log('stderr', l));
    this.proc = spawnShell(
      argv,
      {
        ...shellHost(spec, io),
        stdout: (t) => this.out.write(t),
        stderr: (t) => this.err.write(t),
      },
      (code) => {
        this.out.flush();
        this.err.flush();
        io.exit(code, code === 0 ? 'Completed' : 'Error');
      },
    );
  }

  signal(sig: 'TERM' | 'KILL'): void {
    this.proc.signal(sig);
  }

  exec(argv: string[], stdin: string | undefined, done: (r: ExecResult) => void): void {
    execIn(this.def, this.spec, this.io, argv, stdin, done);
  }

  listens(): boolean {
    return false;
  }

  http(): HttpResponse | undefined {
    return undefined;
  }

  usage(): { cpuMillis: number; memoryBytes: number } {
    return { cpuMillis: this.proc.exited ? 0 : 1, memoryBytes: SHELL_MEMORY };
  }
}

/** A program described by a ProgramBehaviour. */
class ProgramContainer implements ContainerProcess {
  private exited = false;
  private listening = false;
  private requests = 0;
  private load = 0;
  private loadAt = 0;
  private extraMemory = 0;
  private grownMemory = 0;
  private terminating = false;
  private startedAt: number;
  private ports: number[];

  constructor(
    private def: ImageDefinition,
    private behaviour: ProgramBehaviour,
    private spec: ContainerSpec,
    private io: ContainerIO,
    private args: string[],
  ) {
    this.startedAt = io.clock.now();
    const ctx = this.ctx();
    const p = behaviour.ports;
    this.ports = typeof p === 'function' ? p(ctx) : (p ?? []);
    this.print(behaviour.startup?.(ctx) ?? []);
    const exit = behaviour.exitOnStart?.(ctx);
    if (exit) {
      this.plan(exit);
      return;
    }
    io.clock.schedule(() => {
      if (!this.exited) this.listening = true;
    }, behaviour.listenAfterMs ?? 100);
    const grow = behaviour.grows?.(ctx);
    if (grow) {
      io.clock.schedule(() => {
        if (this.exited) return;
        this.grownMemory = grow.memoryBytes;
        this.checkMemory();
      }, grow.afterMs);
    }
  }

  private ctx(): ProgramContext {
    return {
      spec: this.spec,
      now: this.io.clock.now(),
      startedAt: this.startedAt,
      requests: this.requests,
      args: this.args,
    };
  }

  private print(lines: LogLine[]): void {
    for (const l of lines) {
      if (!l.afterMs) this.io.log(l.stream, l.text);
      else
        this.io.clock.schedule(() => {
          if (!this.exited) this.io.log(l.stream, l.text);
        }, l.afterMs);
    }
  }

  private plan(p: ExitPlan): void {
    this.io.clock.schedule(() => {
      if (this.exited) return;
      this.print((p.lines ?? []).map((l) => ({ ...l, afterMs: 0 })));
      this.end(p.code, p.code === 0 ? 'Completed' : 'Error');
    }, p.afterMs);
  }

  private end(code: number, reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.listening = false;
    this.io.exit(code, reason);
  }

  private checkMemory(): void {
    const limit = this.spec.memoryLimitBytes;
    if (limit !== undefined && this.usage().memoryBytes > limit) this.end(137, 'OOMKilled');
  }

  signal(sig: 'TERM' | 'KILL'): void {
    if (this.exited) return;
    if (sig === 'KILL') return this.end(137, 'Error');
    if (this.terminating || !this.behaviour.onTerm) return;
    this.terminating = true;
    const p = this.behaviour.onTerm(this.ctx());
    this.listening = false;
    this.plan(p);
  }

  exec(argv: string[], stdin: string | undefined, done: (r: ExecResult) => void): void {
    execIn(this.def, this.spec, this.io, argv, stdin, done);
  }

  listens(port: number): boolean {
    return this.listening && this.ports.includes(port);
  }

  http(port: number, req: HttpRequest): HttpResponse | undefined {
    if (!this.listens(port) || !this.behaviour.handle) return undefined;
    this.requests++;
    this.decay();
    this.load += this.behaviour.perRequest?.cpuMillis ?? 0;
    this.extraMemory += this.behaviour.perRequest?.memoryBytes ?? 0;
    const ctx = this.ctx();
    const { exit, ...res } = this.behaviour.handle(req, ctx);
    this.print(this.behaviour.accessLog?.(req, res, ctx) ?? []);
    if (exit) this.plan(exit);
    this.checkMemory();
    const cost = this.behaviour.perRequest?.cpuMillis ?? 0;
    return cost > 0 ? { ...res, latencyMs: cost } : res;
  }

  /** Request load fades with a one-second time constant. */
  private decay(): void {
    const now = this.io.clock.now();
    this.load *= Math.exp(-(now - this.loadAt) / 1000);
    this.loadAt = now;
  }

  usage(): { cpuMillis: number; memoryBytes: number } {
    if (this.exited) return { cpuMillis: 0, memoryBytes: 0 };
    this.decay();
    const idle = this.behaviour.idle;
    return {
      cpuMillis: Math.round(idle.cpuMillis + this.load),
      memoryBytes: Math.max(idle.memoryBytes + this.extraMemory, this.grownMemory),
    };
  }
}

/** A process that failed to start: the runtime reports it as exit 128. */
function startError(io: ContainerIO): ContainerProcess {
  io.clock.schedule(() => io.exit(128, 'StartError'), 0);
  return {
    signal() {},
    exec(_a, _s, done) {
      done({ stdout: '', stderr: 'container not running\n', exitCode: 126 });
    },
    listens: () => false,
    http: () => undefined,
    usage: () => ({ cpuMillis: 0, memoryBytes: 0 }),
  };
}

/** Turns a described image into the runtime's ImageInfo. */
export function imageFromDefinition(
  def: ImageDefinition,
): ImageInfo & { definition: ImageDefinition } {
  return {
    repository: def.repository,
    tags: def.tags,
    sizeBytes: def.sizeBytes,
    definition: def,
    start(spec: ContainerSpec, io: ContainerIO): ContainerProcess {
      const { command, args } = spec;
      const program = def.program;
      const bin = command?.[0]?.split('/').pop();
      if (program && command && def.binary && bin === def.binary) {
        return new ProgramContainer(def, program, spec, io, [...command.slice(1), ...(args ?? [])]);
      }
      if (program && !command) {
        if (!args) return new ProgramContainer(def, program, spec, io, []);
        if (def.binary && args[0] === def.binary)
          return new ProgramContainer(def, program, spec, io, args.slice(1));
        if (def.argsAreOptions) return new ProgramContainer(def, program, spec, io, args);
      }
      const argv = [...(command ?? []), ...(args ?? [])];
      if (!def.shell && argv.length) return startError(io);
      return new ShellContainer(def, spec, io, argv.length ? argv : (def.defaultCommand ?? ['sh']));
    },
  };
}
