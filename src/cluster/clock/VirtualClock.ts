/**
 * The one clock of the cluster: discrete events on virtual time, fired in time-then-insertion
 * order (as @sinonjs/fake-timers). Nothing in the cluster core reads wall time; the page drives
 * this clock at a chosen speed, and headless mode and tests advance it on command.
 */

export interface TimerHandle {
  readonly id: number;
}

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

export class LoopLimitError extends Error {
  constructor(limit: number) {
    super(
      `Aborting after running ${limit} timers, assuming an infinite loop: a component keeps scheduling work without time passing.`,
    );
    this.name = 'LoopLimitError';
  }
}

export class VirtualClock {
  private nowMs: number;
  private seq = 0;
  private nextId = 1;
  /** Binary min-heap ordered by (at, seq). */
  private heap: Timer[] = [];
  private cancelled = new Set<number>();

  /**
   * @param epochMs wall time (ms since 1970) that virtual time zero stands for; it only shapes
   *   timestamps (creationTimestamp), so the same epoch gives the same cluster.
   * @param loopLimit how many timers one `tick`/`runAll` may fire before it stops with an error.
   */
  private stampSecond = NaN;
  private stamp = '';

  constructor(
    readonly epochMs = Date.UTC(2025, 0, 1),
    readonly loopLimit = 1_000_000,
  ) {
    this.nowMs = epochMs;
  }

  /** Virtual wall time in milliseconds since 1970. */
  now(): number {
    return this.nowMs;
  }

  /** Milliseconds of virtual time since the clock started. */
  elapsed(): number {
    return this.nowMs - this.epochMs;
  }

  /** RFC 3339 timestamp with second precision, as metav1.Time serialises. */
  timestamp(): string {
    // Asked for by every write at the same instant: format each second once.
    const second = Math.floor(this.nowMs / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.stamp;
  }

  /** RFC 3339 with microseconds, as metav1.MicroTime serialises. */
  microTimestamp(): string {
    return new Date(this.nowMs).toISOString().replace(/Z$/, '000Z');
  }

  /** Runs `fn` after `delayMs` of virtual time (0 runs it at the current time, after earlier timers). */
  schedule(fn: () => void, delayMs: number): TimerHandle {
    const t: Timer = {
      id: this.nextId++,
      at: this.nowMs + Math.max(0, delayMs),
      seq: this.seq++,
      fn,
    };
    this.push(t);
    return { id: t.id };
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) this.cancelled.add(handle.id);
  }

  /** Number of timers still waiting. */
  pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Virtual time of the next timer, or undefined when none waits. */
  nextAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Advances `ms` of virtual time, firing every timer due on the way, in order. */
  tick(ms: number): void {
    const target = this.nowMs + Math.max(0, ms);
    let fired = 0;
    for (;;) {
      this.dropCancelled();
      const t = this.heap[0];
      if (!t || t.at > target) break;
      this.pop();
      this.nowMs = t.at;
      t.fn();
      if (++fired > this.loopLimit) throw new LoopLimitError(this.loopLimit);
    }
    this.nowMs = target;
  }

  /** Jumps to the next timer and fires every timer due at that instant. Returns false when none waits. */
  next(): boolean {
    const at = this.nextAt();
    if (at === undefined) return false;
    this.tick(at - this.nowMs);
    return true;
  }

  /** Fires timers until none remain (timers scheduled meanwhile included), up to the loop limit. */
  runAll(): void {
    let fired = 0;
    while (this.nextAt() !== undefined) {
      const t = this.pop()!;
      this.nowMs = Math.max(this.nowMs, t.at);
      t.fn();
      if (++fired > this.loopLimit) throw new LoopLimitError(this.loopLimit);
    }
  }

  /** Fires the timers pending now, up to the latest of them, but not ones they schedule later. */
  runToLast(): void {
    let last = -Infinity;
    for (const t of this.heap) if (!this.cancelled.has(t.id)) last = Math.max(last, t.at);
    if (last > -Infinity) this.tick(last - this.nowMs);
  }

  private dropCancelled(): void {
    while (this.heap.length && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.pop();
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
