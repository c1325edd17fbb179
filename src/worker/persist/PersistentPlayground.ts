/**
 * A PlaygroundSession that survives reloads and crashes: at start it restores the last save
 * (or, without one, boots a new cluster from the learner's settings), then autosaves as things
 * change. It answers the persistence messages of the protocol (`ping`, `persist.flush`) and
 * reports what became of the save (`persist` messages: restored, fresh, discarded, saved).
 */
import type { WallTime } from '../ClockDriver';
import { PlaygroundSession } from '../PlaygroundSession';
import type { PlaygroundOptions } from '../PlaygroundSession';
import type { ClusterSettings, PageMessage, PersistStatus, WorkerMessage } from '../protocol';
import { DEFAULT_SETTINGS, SAVE_KEY, SETTINGS_KEY } from '../protocol';
import { Autosaver } from './Autosaver';
import { HISTORY_LIMIT, readSave, SAVE_FORMAT, SAVE_VERSION } from './saveFormat';
import type { PlaygroundSave } from './saveFormat';
import type { SaveStore } from './SaveStore';
import { readSettings } from './settings';

export interface PersistentOptions {
  store: SaveStore;
  post(msg: WorkerMessage): void;
  wall: WallTime;
  /** Wall time now, ms since 1970 (stamps saves). */
  dateNow(): number;
  /** Wall time a new cluster's clock starts at. */
  epochMs: number;
  /** Passed through to the session (tests). */
  session?: Partial<PlaygroundOptions>;
  minIntervalMs?: number;
}

/** Messages that mean the save is out of date. */
const CHANGES = new Set<WorkerMessage['type']>(['frame', 'fs.changed', 'terminal.output']);

export class PersistentPlayground {
  private session: PlaygroundSession | undefined;
  private autosaver: Autosaver | undefined;
  private queue: PageMessage[] = [];

  private constructor(private readonly opts: PersistentOptions) {}

  /** Loads the save (if any) and starts the session; messages received meanwhile wait. */
  static start(opts: PersistentOptions): PersistentPlayground {
    const p = new PersistentPlayground(opts);
    p.ready = p.boot();
    return p;
  }

  /** Resolves once the session runs. */
  ready: Promise<void> = Promise.resolve();

  get current(): PlaygroundSession | undefined {
    return this.session;
  }

  receive(msg: PageMessage): void {
    if (msg.type === 'ping') {
      this.opts.post({ type: 'pong', seq: msg.seq });
      return;
    }
    if (msg.type === 'persist.flush') {
      void this.autosaver?.flush();
      return;
    }
    if (this.session) this.session.receive(msg);
    else this.queue.push(msg);
  }

  dispose(): void {
    this.autosaver?.dispose();
    this.session?.dispose();
  }

  private report(status: PersistStatus): void {
    this.opts.post({ type: 'persist', status });
  }

  private async boot(): Promise<void> {
    const { store } = this.opts;
    let settings: ClusterSettings = DEFAULT_SETTINGS;
    let raw: unknown;
    try {
      settings = readSettings(await store.get(SETTINGS_KEY));
      raw = await store.get(SAVE_KEY);
    } catch (e) {
      // No IndexedDB (private mode, blocked storage): the playground runs without saves.
      this.report({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
    let status: PersistStatus = { kind: 'fresh', settings };
    if (raw !== undefined) {
      const save = readSave(raw);
      if (save instanceof Error) {
        status = { kind: 'discarded', reason: save.message };
      } else {
        const restored = this.tryStart(save);
        if (restored instanceof Error) {
          status = {
            kind: 'discarded',
            reason: `the save could not be restored: ${restored.message}`,
          };
        } else {
          status = { kind: 'restored', savedAtMs: save.savedAtMs };
        }
      }
      if (status.kind === 'discarded') await store.del(SAVE_KEY).catch(() => undefined);
    }
    if (!this.session) this.session = this.create({ settings }, (m) => this.opts.post(m));
    this.report(status);
    this.autosaver = new Autosaver({
      store,
      wall: this.opts.wall,
      capture: () => this.capture(),
      report: (s) => this.report(s),
      minIntervalMs: this.opts.minIntervalMs,
    });
    // A new or restored cluster is saved soon, so a crash right away still comes back.
    this.autosaver.changed();
    const queued = this.queue;
    this.queue = [];
    for (const m of queued) this.session.receive(m);
  }

  /**
   * Starts the session from a save. Its messages are held back until it is up, so a save that
   * fails half-way leaves no trace on the page (no second greeting in the terminal).
   */
  private tryStart(save: PlaygroundSave): Error | undefined {
    const held: WorkerMessage[] = [];
    let holding = true;
    try {
      this.session = this.create({ save }, (m) => (holding ? held.push(m) : this.opts.post(m)));
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
    holding = false;
    for (const m of held) this.opts.post(m);
    return undefined;
  }

  private create(
    from: { save: PlaygroundSave } | { settings: ClusterSettings },
    post: (m: WorkerMessage) => void,
  ): PlaygroundSession {
    const save = 'save' in from ? from.save : undefined;
    const settings = 'settings' in from ? from.settings : undefined;
    return new PlaygroundSession({
      wall: this.opts.wall,
      ...this.opts.session,
      post: (m) => {
        post(m);
        if (CHANGES.has(m.type)) this.autosaver?.changed();
      },
      cluster: save
        ? { restore: save.cluster }
        : {
            ...this.opts.session?.cluster,
            epochMs: this.opts.epochMs,
            nodes: settings!.nodes,
            nodeShape: { cpu: settings!.cpu, memory: settings!.memory, pods: '110' },
          },
      ...(save
        ? {
            restore: { files: save.files, history: save.history, startMs: save.startMs },
            speed: save.speed,
            paused: save.paused,
          }
        : {}),
    });
  }

  private capture(): PlaygroundSave {
    const s = this.session!;
    const clock = s.driver.state();
    return {
      format: SAVE_FORMAT,
      version: SAVE_VERSION,
      savedAtMs: this.opts.dateNow(),
      cluster: s.cluster.snapshot(),
      files: s.vfs.allFiles(),
      history: s.history.slice(-HISTORY_LIMIT),
      startMs: clock.nowMs - clock.elapsedMs,
      speed: clock.speed,
      paused: clock.paused,
    };
  }
}
