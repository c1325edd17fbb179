/**
 * Keeps a cluster Worker running: it notices a Worker that died (an uncaught error, or no
 * answer to pings for a while: a Worker closed or stuck in a loop) and starts a new one, which
 * restores the last autosave; the page says so. The learner's Restart and Reset go through it
 * too. It asks the Worker to save when the page is hidden or closed.
 */
import { createStore, del, set } from 'idb-keyval';
import type { ClusterSettings, PersistStatus, PersistWorkerMessage } from '../../worker/protocol';
import { PERSIST_DB, SAVE_KEY, SETTINGS_KEY, WATCHED } from '../../worker/protocol';
import type { WorkerClient, WorkerLike } from '../bridge/WorkerClient';
import { useClockStore } from '../stores/clockStore';
import { useClusterStore } from '../stores/clusterStore';
import { formatSavedAt, usePersistStore } from './persistStore';

/** A Worker the supervisor can stop. */
export type StoppableWorker = WorkerLike & { terminate(): void };

export interface SupervisorOptions {
  client: WorkerClient;
  /** The Worker the client talks to now. */
  worker: StoppableWorker;
  /** Starts a new cluster Worker. */
  start(): StoppableWorker;
  /** How often to ping, and how long without an answer means the Worker is gone. */
  pingEveryMs?: number;
  deadAfterMs?: number;
}

/** How long a Worker that is still starting (restoring a save) may stay silent. */
const BOOT_DEAD_AFTER_MS = 90_000;

/** Failures this close together mean the save itself breaks the Worker: it is dropped. */
const CRASH_LOOP_MS = 10_000;

export class WorkerSupervisor {
  private worker: StoppableWorker;
  private seq = 0;
  /** When the oldest unanswered ping was sent (page wall ms), or null when all were answered. */
  private waitingSince: number | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastRestartAt = -Infinity;
  /**
   * The current Worker has not reported its start yet: restoring a big save keeps it busy for
   * many seconds, so silence is tolerated longer (BOOT_DEAD_AFTER_MS).
   */
  private booting = true;
  /** Why the current Worker was started, and what stopped the one before, until it reports. */
  private started: { why: 'crash' | 'manual' | 'reset'; reason: string | null } | null = null;
  private readonly stops: (() => void)[] = [];

  constructor(private readonly opts: SupervisorOptions) {
    this.worker = opts.worker;
    const { client } = opts;
    this.stops.push(
      client.onPersist((m) => this.onMessage(m)),
      client.onFailure((message) => void this.restart(`${message}`, 'crash')),
    );
    this.timer = setInterval(() => this.check(), opts.pingEveryMs ?? 2000);
    const flush = () => client.post({ type: 'persist.flush' });
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    this.stops.push(() => {
      removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    });
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const stop of this.stops) stop();
  }

  /** Stops the Worker and starts a new one from the last save (the learner's "Restart"). */
  restartFromSave(): Promise<void> {
    return this.restart(null, 'manual');
  }

  /**
   * Replaces the cluster with a new, empty one of these settings: the save is cleared and the
   * settings stored before the new Worker reads them.
   */
  async reset(settings: ClusterSettings, given?: Record<string, string>): Promise<void> {
    const { client } = this.opts;
    // The learner's files outlive the cluster (unless others are given, as by a scenario link);
    // a Worker that does not answer keeps none.
    const files =
      given ??
      (await Promise.race([
        client.request('fs.list', {}).then((r) => r.files),
        new Promise<Record<string, string>>((resolve) => setTimeout(() => resolve({}), 3000)),
      ]).catch(() => ({}) as Record<string, string>));
    this.worker.terminate();
    await this.storage((db) => set(SETTINGS_KEY, settings, db).then(() => del(SAVE_KEY, db)));
    await this.restart(null, 'reset');
    await Promise.all(
      Object.entries(files).map(([path, content]) =>
        client.request('fs.write', { path, content }).catch(() => undefined),
      ),
    );
  }

  private check(): void {
    const now = performance.now();
    const deadAfter = this.booting ? BOOT_DEAD_AFTER_MS : (this.opts.deadAfterMs ?? 12_000);
    if (this.waitingSince !== null && now - this.waitingSince > deadAfter) {
      void this.restart('it stopped answering', 'crash');
      return;
    }
    this.waitingSince ??= now;
    this.opts.client.post({ type: 'ping', seq: ++this.seq });
  }

  private onMessage(m: PersistWorkerMessage): void {
    if (m.type === 'pong') {
      if (m.seq === this.seq) this.waitingSince = null;
      return;
    }
    this.onStatus(m.status);
  }

  private onStatus(status: PersistStatus): void {
    const store = usePersistStore.getState();
    const started = status.kind === 'saved' || status.kind === 'failed' ? null : this.started;
    if (status.kind !== 'saved' && status.kind !== 'failed') {
      this.started = null;
      this.booting = false;
      store.setRestarting(false);
    }
    const stopped = started?.why === 'crash' ? `The cluster stopped: ${started.reason}. ` : '';
    switch (status.kind) {
      case 'saved':
        store.setSaved(status.savedAtMs);
        return;
      case 'failed':
        store.setSaveError(status.message);
        store.notify('alert', `The cluster could not be saved: ${status.message}.`);
        return;
      case 'restored':
        store.setSaved(status.savedAtMs);
        store.notify(
          stopped ? 'alert' : 'info',
          `${stopped}Restored the cluster from ${formatSavedAt(status.savedAtMs)}.`,
        );
        return;
      case 'discarded':
        store.notify(
          'alert',
          `${stopped}The saved cluster was discarded: ${status.reason}. A new cluster started.`,
        );
        return;
      case 'fresh': {
        const { nodes, cpu, memory } = status.settings;
        const shape = `${nodes} node${nodes === 1 ? '' : 's'} of ${cpu} CPUs and ${memory}`;
        if (started?.why === 'reset')
          store.notify('info', `Started a new, empty cluster: ${shape}.`);
        else if (started)
          store.notify('alert', `${stopped}There was no save: a new cluster started.`);
        return;
      }
    }
  }

  private async restart(reason: string | null, why: 'crash' | 'manual' | 'reset'): Promise<void> {
    const store = usePersistStore.getState();
    const now = performance.now();
    // One failure may be reported twice (an error, then silence): restart once.
    if (why === 'crash' && now - this.lastRestartAt < 5000) return;
    store.setRestarting(true);
    this.worker.terminate();
    if (why === 'crash') {
      // Dying again while restoring, or soon after, means the save itself may be the cause.
      const looping = this.started !== null || now - this.lastRestartAt < CRASH_LOOP_MS;
      store.notify(
        'alert',
        looping
          ? `The cluster stopped again: ${reason}; starting a new, empty cluster instead of the last save.`
          : `The cluster stopped: ${reason}; restarting from the last save.`,
      );
      if (looping) await this.storage((db) => del(SAVE_KEY, db));
    }
    this.lastRestartAt = now;
    this.started = { why, reason };
    // The new Worker sends every object afresh: the page forgets the old ones.
    const empty = Object.fromEntries(Object.keys(WATCHED).map((r) => [r, {}]));
    const keys = Object.fromEntries(Object.keys(WATCHED).map((r) => [r, []]));
    useClusterStore.setState({ objects: empty, keys, columns: {} } as never);
    useClockStore.setState({ fault: null });
    this.waitingSince = null;
    this.booting = true;
    this.worker = this.opts.start();
    this.opts.client.replaceWorker(this.worker);
  }

  /** Runs an IndexedDB change; a failure (storage blocked) is shown, not thrown. */
  private async storage(fn: (db: ReturnType<typeof createStore>) => Promise<void>): Promise<void> {
    try {
      await fn(createStore(PERSIST_DB.name, PERSIST_DB.store));
    } catch (e) {
      usePersistStore
        .getState()
        .notify(
          'alert',
          `The browser's storage refused: ${e instanceof Error ? e.message : String(e)}.`,
        );
    }
  }
}

let current: WorkerSupervisor | undefined;

/** Starts supervising the page's one Worker (from `connectWorker`). */
export function superviseWorker(opts: SupervisorOptions): WorkerSupervisor {
  current?.dispose();
  current = new WorkerSupervisor(opts);
  return current;
}

/** The page's supervisor, for the settings' Restart and Reset (undefined in component tests). */
export function workerSupervisor(): WorkerSupervisor | undefined {
  return current;
}
