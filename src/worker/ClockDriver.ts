/**
 * Drives the cluster's virtual clock from wall time: while playing, every few milliseconds it
 * advances the cluster by the wall time that passed times the speed. Paused, virtual time moves
 * only on `step` or `advance`. The cluster core never sees wall time; only this driver does.
 */
import type { ClockState, Speed } from './protocol';

/** What the driver needs of the cluster. */
export interface DrivenCluster {
  advance(ms: number): void;
  clock: { now(): number; nextAt(): number | undefined };
}

/** Wall time and a timer, injected so tests can drive them. */
export interface WallTime {
  now(): number;
  /** Calls `fn` after about `ms`; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

export interface ClockDriverOptions {
  cluster: DrivenCluster;
  wall: WallTime;
  /** Virtual time the learner's session starts at (ClockState.elapsedMs counts from it). */
  startMs: number;
  speed?: Speed;
  paused?: boolean;
  /** Called after virtual time moved (or play/pause/speed changed). */
  onChange(): void;
  /** Called when advancing threw; the driver pauses itself first. */
  onFault(error: unknown): void;
}

/** Wall milliseconds between two advances while playing (about one animation frame). */
export const TICK_MS = 16;
/**
 * The most wall time one tick accounts for. When the cluster cannot keep up (or the tab slept),
 * virtual time falls behind wall time instead of piling up work it can never catch up with.
 */
export const MAX_TICK_WALL_MS = 250;

export class ClockDriver {
  private speed: Speed;
  private paused: boolean;
  private lastWall = 0;
  /** The fraction of a virtual millisecond not run yet: the cluster's clock counts whole ms. */
  private carry = 0;
  private cancel: (() => void) | undefined;

  constructor(private readonly opts: ClockDriverOptions) {
    this.speed = opts.speed ?? 1;
    this.paused = opts.paused ?? false;
    if (!this.paused) this.startTicking();
  }

  state(): ClockState {
    const { clock } = this.opts.cluster;
    const next = clock.nextAt();
    return {
      nowMs: clock.now(),
      elapsedMs: clock.now() - this.opts.startMs,
      paused: this.paused,
      speed: this.speed,
      nextEventMs: next ?? null,
    };
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.opts.onChange();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.stopTicking();
    else this.startTicking();
    this.opts.onChange();
  }

  /** Jumps to the next scheduled event (if any) and runs everything due at that instant. */
  step(): void {
    const { clock } = this.opts.cluster;
    const at = clock.nextAt();
    if (at !== undefined) this.run(Math.max(0, at - clock.now()));
    this.opts.onChange();
  }

  /** Runs `ms` of virtual time at once (whole milliseconds). */
  advance(ms: number): void {
    this.run(Math.round(ms));
    this.opts.onChange();
  }

  dispose(): void {
    this.stopTicking();
  }

  private run(ms: number): void {
    try {
      this.opts.cluster.advance(ms);
    } catch (e) {
      this.setPaused(true);
      this.opts.onFault(e);
    }
  }

  private startTicking(): void {
    this.lastWall = this.opts.wall.now();
    this.schedule();
  }

  private stopTicking(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private schedule(): void {
    this.cancel = this.opts.wall.schedule(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    this.cancel = undefined;
    const now = this.opts.wall.now();
    const wallMs = Math.min(Math.max(0, now - this.lastWall), MAX_TICK_WALL_MS);
    this.lastWall = now;
    const due = wallMs * this.speed + this.carry;
    const whole = Math.floor(due);
    this.carry = due - whole;
    this.run(whole);
    if (this.paused) return;
    this.opts.onChange();
    this.schedule();
  }
}
