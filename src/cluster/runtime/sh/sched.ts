/**
 * Cooperative threads on the virtual clock. Every shell process, pipeline stage, background job
 * and command substitution is a generator that yields effects: a unit of work (`step`), a
 * `sleep`, or a wait on a queue (pipe data, a job ending). The scheduler runs ready threads in
 * slices of at most STEP_BUDGET steps; a program that never sleeps keeps being continued in a
 * later slice, SLICE_GAP_MS later, so it burns virtual CPU without ever holding up the clock.
 */
import type { TimerHandle, VirtualClock } from '../../clock/VirtualClock';

/**
 * Work units (about one simple command or one line of a filter each) a slice may run before the
 * scheduler hands the clock back.
 */
export const STEP_BUDGET = 1_000;
/**
 * Virtual time between two slices of a program that keeps running without sleeping. The gap
 * starts at SLICE_GAP_MS and doubles while the program stays busy, up to MAX_SLICE_GAP_MS: a short
 * computation finishes quickly in virtual time, and a program that spins forever costs the page
 * about 10,000 work units per virtual second (a few milliseconds of a real core) while it still
 * reports 1000 millicores.
 */
export const SLICE_GAP_MS = 10;
export const MAX_SLICE_GAP_MS = 100;
/** Work units a thread does between two yields: the turn other threads wait for (`yes | head -1`). */
const QUANTUM = 50;

export type Effect =
  | { t: 'step' }
  | { t: 'sleep'; ms: number }
  /** Waits until `on` is notified; `interruptible` waits end early when a trapped signal arrives. */
  | { t: 'block'; on: WaitQueue; interruptible?: boolean };

/** A coroutine of the shell: yields effects, returns its result. */
export type Proc<T> = Generator<Effect, T, void>;

export const STEP: Effect = { t: 'step' };

export class WaitQueue {
  private waiters = new Set<Thread>();

  add(t: Thread): void {
    this.waiters.add(t);
  }

  delete(t: Thread): void {
    this.waiters.delete(t);
  }

  notify(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const t of ws) t.sched.wake(t);
  }
}

/** Unwinds a thread whose pipe reader has gone away (SIGPIPE). */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
    this.name = 'BrokenPipe';
  }
}

export type ThreadState = 'ready' | 'sleeping' | 'blocked' | 'done';

export class Thread {
  state: ThreadState = 'ready';
  exitCode = 0;
  readonly done = new WaitQueue();
  readonly children = new Set<Thread>();
  /** Signals delivered to a shell with a trap for them, to run at its next safe point. */
  readonly pendingSignals: string[] = [];
  /** Set by the shell running in this thread: does it trap `sig`? (undefined: default action) */
  trapFor?: (sig: string) => string | undefined;
  /** Called once when the thread ends, with its exit code. */
  onDone?: (code: number) => void;
  timer?: TimerHandle;
  blockedOn?: WaitQueue;
  interruptible = false;
  /** Milliseconds of virtual time at which the thread started, for `ps`. */
  readonly startedAt: number;

  constructor(
    readonly sched: Scheduler,
    readonly pid: number,
    readonly command: string,
    public gen: Proc<number> | undefined,
    readonly parent: Thread | undefined,
  ) {
    this.startedAt = sched.clock.now();
    parent?.children.add(this);
  }
}

/** Maps a thrown error at the top of a thread to an exit code; the shell installs its own. */
export type CrashHandler = (t: Thread, err: unknown) => number;

export class Scheduler {
  private ready: Thread[] = [];
  private scheduled = false;
  private inSlice = false;
  private busy = false;
  private nextPid: number;
  readonly threads = new Map<number, Thread>();
  stopped = false;
  /** Work done since the running thread last yielded. */
  private work = 0;
  private sliceTimer: TimerHandle | undefined;
  private gap = SLICE_GAP_MS;

  constructor(
    readonly clock: VirtualClock,
    firstPid: number,
    private readonly crash: CrashHandler,
  ) {
    this.nextPid = firstPid;
  }

  /** Starts a thread (it first runs in the next slice). */
  start(command: string, gen: Proc<number> | undefined, parent: Thread | undefined): Thread {
    const t = new Thread(this, this.nextPid++, command, gen, parent);
    this.threads.set(t.pid, t);
    if (gen) this.wake(t);
    return t;
  }

  /**
   * Counts one unit of work of the running thread; true when it has used its turn and should
   * `yield STEP`. Yielding less often than every unit keeps deep generator chains cheap.
   */
  spend(units = 1): boolean {
    this.work += units;
    return this.work >= QUANTUM;
  }

  /** True while a program is running without sleeping (it used its whole slice). */
  isBusy(): boolean {
    return this.busy && !this.stopped;
  }

  wake(t: Thread): void {
    if (t.state === 'done' || this.stopped) return;
    if (t.state !== 'ready') {
      if (t.timer) this.clock.cancel(t.timer);
      t.timer = undefined;
      t.blockedOn?.delete(t);
      t.blockedOn = undefined;
      t.state = 'ready';
    }
    if (!this.ready.includes(t)) this.ready.push(t);
    this.ensureSlice(0);
  }

  /** Wakes a thread from an interruptible wait (sleep, `wait`) because a signal arrived. */
  interrupt(t: Thread): void {
    if ((t.state === 'sleeping' || t.state === 'blocked') && t.interruptible) this.wake(t);
  }

  /** Ends a thread and its descendants at once. */
  kill(t: Thread, code: number): void {
    if (t.state === 'done') return;
    for (const c of [...t.children]) this.kill(c, code);
    const gen = t.gen;
    t.gen = undefined;
    this.finish(t, code);
    try {
      gen?.return(code);
    } catch {
      // A generator cleaning up after a kill has nowhere to report to.
    }
  }

  stop(): void {
    this.stopped = true;
    this.ready = [];
    this.clock.cancel(this.sliceTimer);
    this.sliceTimer = undefined;
    for (const t of [...this.threads.values()]) this.kill(t, t.exitCode);
  }

  private ensureSlice(delay: number): void {
    if (this.scheduled || this.inSlice || this.stopped) return;
    this.scheduled = true;
    this.sliceTimer = this.clock.schedule(() => {
      this.scheduled = false;
      this.sliceTimer = undefined;
      this.runSlice();
    }, delay);
  }

  private finish(t: Thread, code: number): void {
    if (t.state === 'done') return;
    if (t.timer) this.clock.cancel(t.timer);
    t.timer = undefined;
    t.blockedOn?.delete(t);
    t.blockedOn = undefined;
    t.state = 'done';
    t.exitCode = code;
    t.gen = undefined;
    this.threads.delete(t.pid);
    t.parent?.children.delete(t);
    t.done.notify();
    t.onDone?.(code);
  }

  private runSlice(): void {
    if (this.stopped) return;
    this.inSlice = true;
    let budget = STEP_BUDGET;
    while (this.ready.length && budget > 0 && !this.stopped) {
      const t = this.ready.shift()!;
      if (t.state !== 'ready' || !t.gen) continue;
      // One turn: run the thread to its next yield.
      this.work = 0;
      let r: IteratorResult<Effect, number>;
      try {
        r = t.gen.next();
      } catch (err) {
        budget -= Math.max(1, this.work);
        this.finish(t, this.crash(t, err));
        continue;
      }
      budget -= Math.max(1, this.work);
      // The thread may have been killed while it ran (`kill $$`, `exit` in a trap).
      if ((t.state as ThreadState) === 'done') continue;
      if (r.done) {
        this.finish(t, r.value);
        continue;
      }
      const eff = r.value;
      if (eff.t === 'step') {
        if (!this.ready.includes(t)) this.ready.push(t);
      } else if (eff.t === 'sleep') {
        t.state = 'sleeping';
        t.interruptible = true;
        t.timer = this.clock.schedule(() => {
          t.timer = undefined;
          this.wake(t);
        }, eff.ms);
      } else {
        t.state = 'blocked';
        t.interruptible = !!eff.interruptible;
        t.blockedOn = eff.on;
        eff.on.add(t);
      }
    }
    this.inSlice = false;
    this.busy = this.ready.length > 0;
    if (!this.busy) this.gap = SLICE_GAP_MS;
    if (this.busy && !this.stopped) {
      this.scheduled = true;
      this.sliceTimer = this.clock.schedule(() => {
        this.scheduled = false;
        this.sliceTimer = undefined;
        this.runSlice();
      }, this.gap);
      this.gap = Math.min(this.gap * 2, MAX_SLICE_GAP_MS);
    }
  }
}

// ---- streams --------------------------------------------------------------------------------

export interface Reader {
  /** The next line with its newline (the last one may lack it), or null at end of input. */
  readLine(): Proc<string | null>;
  /** Everything up to end of input. */
  readAll(): Proc<string>;
}

export interface Writer {
  write(text: string): void;
}

export class StringReader implements Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  // eslint-disable-next-line require-yield
  *readLine(): Proc<string | null> {
    if (this.pos >= this.text.length) return null;
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl + 1;
    const line = this.text.slice(this.pos, end);
    this.pos = end;
    return line;
  }

  // eslint-disable-next-line require-yield
  *readAll(): Proc<string> {
    const rest = this.text.slice(this.pos);
    this.pos = this.text.length;
    return rest;
  }
}

export const EMPTY_READER: Reader = {
  // eslint-disable-next-line require-yield
  *readLine() {
    return null;
  },
  // eslint-disable-next-line require-yield
  *readAll() {
    return '';
  },
};

export const NULL_WRITER: Writer = { write() {} };

export class Collector implements Writer {
  text = '';
  write(s: string): void {
    this.text += s;
  }
}

/** A pipe between two threads: unbounded buffer, end-of-file when the writer closes. */
export class Pipe {
  private buf = '';
  private writeClosed = false;
  private readClosed = false;
  private readonly data = new WaitQueue();

  readonly writer: Writer & { close(): void } = {
    write: (s: string) => {
      if (this.readClosed) throw new BrokenPipe();
      if (!s || this.writeClosed) return;
      this.buf += s;
      this.data.notify();
    },
    close: () => {
      this.writeClosed = true;
      this.data.notify();
    },
  };

  readonly reader: Reader & { close(): void } = {
    readLine: () => this.readLine(),
    readAll: () => this.readAll(),
    close: () => {
      this.readClosed = true;
      this.buf = '';
    },
  };

  private *readLine(): Proc<string | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl >= 0) {
        const line = this.buf.slice(0, nl + 1);
        this.buf = this.buf.slice(nl + 1);
        return line;
      }
      if (this.writeClosed) {
        if (!this.buf) return null;
        const rest = this.buf;
        this.buf = '';
        return rest;
      }
      yield { t: 'block', on: this.data };
    }
  }

  private *readAll(): Proc<string> {
    while (!this.writeClosed) yield { t: 'block', on: this.data };
    const rest = this.buf;
    this.buf = '';
    return rest;
  }
}
