/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crash loops and image pulls: 10 s
 * doubling to 5 min per key; an entry idle for twice the maximum (10 min) starts over.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

export class Backoff {
  private entries = new Map<string, { delay: number; lastUpdate: number }>();

  constructor(
    private initial = INITIAL_BACKOFF_MS,
    private max = MAX_BACKOFF_MS,
  ) {}

  private live(key: string, now: number) {
    const e = this.entries.get(key);
    if (e && now - e.lastUpdate > 2 * this.max) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** The current delay for the key (0 when none). */
  get(key: string, now: number): number {
    return this.live(key, now)?.delay ?? 0;
  }

  /** Moves the key to its next delay, counted from `now`. */
  next(key: string, now: number): void {
    const e = this.live(key, now);
    if (!e) this.entries.set(key, { delay: this.initial, lastUpdate: now });
    else {
      e.delay = Math.min(e.delay * 2, this.max);
      e.lastUpdate = now;
    }
  }

  /** IsInBackOffSince: true while less than the delay has passed since `eventTime`. */
  inBackOffSince(key: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (eventTime - e.lastUpdate > 2 * this.max) return false;
    return now - eventTime < e.delay;
  }

  /** IsInBackOffSinceUpdate: true while less than the delay has passed since the last next(). */
  inBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.live(key, now);
    return !!e && now - e.lastUpdate < e.delay;
  }

  /** When the key's back-off since `since` ends. */
  endsAt(key: string, since: number): number {
    return since + (this.entries.get(key)?.delay ?? 0);
  }

  /** When inBackOffSinceUpdate stops holding. */
  updateEndsAt(key: string): number {
    const e = this.entries.get(key);
    return e ? e.lastUpdate + e.delay : 0;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** Go's time.Duration String() for a whole number of milliseconds: "812ms", "4.1s", "1m2.5s". */
export function goDuration(ms: number): string {
  ms = Math.max(0, Math.floor(ms));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${s.toFixed(3).replace(/\.?0+$/, '')}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}
