/**
 * A de-duplicating work queue on the virtual clock, as client-go's workqueue: a key waiting is
 * not added twice, a key being processed is queued again after, and `addAfter` delays on
 * virtual time. Processing runs from a zero-delay timer, so a burst of events is handled once.
 */
import type { TimerHandle, VirtualClock } from '../clock/VirtualClock';

/** What a sync returns: nothing, or milliseconds after which to look again. */
export type SyncResult = void | number;

export class WorkQueue {
  private queue: string[] = [];
  private queued = new Set<string>();
  private processing = new Set<string>();
  private dirtyWhileProcessing = new Set<string>();
  private delayed = new Map<string, { at: number; handle: TimerHandle }>();
  private failures = new Map<string, number>();
  private scheduled: TimerHandle | undefined;

  constructor(
    private clock: VirtualClock,
    private sync: (key: string) => SyncResult,
    private onError: (key: string, err: unknown) => void = () => {},
  ) {}

  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.schedule();
  }

  /** Adds the key after `ms` of virtual time; an earlier pending add wins. */
  addAfter(key: string, ms: number): void {
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const prior = this.delayed.get(key);
    if (prior && prior.at <= at) return;
    if (prior) this.clock.cancel(prior.handle);
    const handle = this.clock.schedule(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, handle });
  }

  get length(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = this.clock.schedule(() => {
      this.scheduled = undefined;
      this.drain();
    }, 0);
  }

  private drain(): void {
    while (this.queue.length) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.processing.add(key);
      let result: SyncResult;
      try {
        result = this.sync(key);
        this.failures.delete(key);
      } catch (e) {
        // Retried with exponential back-off from 5 ms, as client-go's default rate limiter.
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.onError(key, e);
        result = Math.min(5 * 2 ** (n - 1), 1000_000);
      }
      this.processing.delete(key);
      if (this.dirtyWhileProcessing.delete(key)) this.add(key);
      if (typeof result === 'number') this.addAfter(key, result);
    }
  }
}
