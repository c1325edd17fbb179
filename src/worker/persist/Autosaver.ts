/**
 * Saves the playground a while after it changes: at most once per interval (2 wall seconds, or
 * twenty times the last save's duration when saves get slow, so a 10,000-pod cluster spends at
 * most about 5% of the Worker's time saving), and at once on `flush()` (the page is being
 * hidden). A failed save is reported and retried at the next change; the cluster runs on.
 */
import type { WallTime } from '../ClockDriver';
import type { PersistStatus } from '../protocol';
import { SAVE_KEY } from '../protocol';
import { encodeSave } from './saveFormat';
import type { PlaygroundSave } from './saveFormat';
import type { SaveStore } from './SaveStore';

export interface AutosaverOptions {
  store: SaveStore;
  /** The playground as it is now (synchronous: the snapshot is of one instant). */
  capture(): PlaygroundSave;
  wall: WallTime;
  report(status: PersistStatus): void;
  /** Shortest wall time between two saves (default 2,000 ms). */
  minIntervalMs?: number;
}

export class Autosaver {
  private dirty = false;
  private cancel: (() => void) | undefined;
  private saving: Promise<void> | undefined;
  private lastSaveAt = -Infinity;
  private lastTookMs = 0;
  private disposed = false;

  constructor(private readonly opts: AutosaverOptions) {}

  /** Something the save holds changed. */
  changed(): void {
    this.dirty = true;
    this.schedule();
  }

  /** Saves now if anything changed since the last save; resolves once stored. */
  async flush(): Promise<void> {
    this.cancel?.();
    this.cancel = undefined;
    if (this.saving) await this.saving;
    if (this.dirty) await this.save();
  }

  /** The wall ms between saves now: at least the minimum, more when saves are slow. */
  get intervalMs(): number {
    return Math.max(this.opts.minIntervalMs ?? 2000, 20 * this.lastTookMs);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel?.();
    this.cancel = undefined;
  }

  private schedule(): void {
    if (this.cancel || this.saving || this.disposed) return;
    const wait = Math.max(0, this.lastSaveAt + this.intervalMs - this.opts.wall.now());
    this.cancel = this.opts.wall.schedule(() => {
      this.cancel = undefined;
      void this.save();
    }, wait);
  }

  private save(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.dirty = false;
    const started = this.opts.wall.now();
    const run = async () => {
      try {
        const save = this.opts.capture();
        await this.opts.store.set(SAVE_KEY, encodeSave(save));
        this.lastTookMs = this.opts.wall.now() - started;
        this.opts.report({ kind: 'saved', savedAtMs: save.savedAtMs, tookMs: this.lastTookMs });
      } catch (e) {
        this.dirty = true;
        this.opts.report({
          kind: 'failed',
          message: e instanceof Error ? e.message : String(e),
        });
      } finally {
        this.lastSaveAt = this.opts.wall.now();
        this.saving = undefined;
      }
    };
    this.saving = run();
    const done = this.saving;
    // Changes made while saving are saved at the next turn.
    void done.then(() => {
      if (this.dirty) this.schedule();
    });
    return done;
  }
}
