/**
 * Everything the Worker owns, wired together: the cluster, the wall-time driver of its clock,
 * the feed of cluster changes for the page, and the terminal session. It speaks the protocol of
 * `protocol.ts` through a `post` function, so it runs the same in a Worker and in tests.
 */
import { createCluster } from '../cluster/cluster';
import type { Cluster, ClusterOptions } from '../cluster/cluster';
import { Shell } from '../shell/Shell';
import { clusterBackend } from '../shell/backend';
import { HOME, normalizePath, Vfs } from '../shell/vfs';
import type { ShellBackend } from '../shell/backend';
import { ClockDriver } from './ClockDriver';
import type { WallTime } from './ClockDriver';
import { ClusterFeed } from './ClusterFeed';
import { EventFeed } from './EventFeed';
import type {
  ExecResult,
  PageMessage,
  RequestMap,
  RequestMessage,
  Speed,
  TrafficPulse,
  WorkerMessage,
} from './protocol';
import { MAX_TRAFFIC_PER_FRAME, SPEEDS } from './protocol';
import { createShellSession } from './terminal';
import { fetchEditorSchema } from './editorSchema';

/** Wall ms after start-up before the Worker loads the parts the first prompt does without. */
const PRELOAD_AFTER_MS = 1000;
import type { SessionOptions, TerminalSession } from './terminal';

export interface PlaygroundOptions {
  post(msg: WorkerMessage): void;
  wall: WallTime;
  cluster?: ClusterOptions;
  /** The clock's state at start (default: playing at 1x). */
  speed?: Speed;
  paused?: boolean;
  /** Makes the terminal session (default: the shell of src/shell). */
  createTerminal?(opts: SessionOptions): TerminalSession;
  /**
   * What a saved session brings back besides the cluster (which comes as `cluster.restore`):
   * the files, the terminal's history, and the virtual time it was handed over at.
   */
  restore?: { files: Record<string, string>; history: readonly string[]; startMs?: number };
}

export class PlaygroundSession {
  readonly cluster: Cluster;
  readonly driver: ClockDriver;
  private readonly feed: ClusterFeed;
  /** Kubernetes Events for the timeline, apart from the watched objects (bounded). */
  private readonly events: EventFeed;
  private readonly terminal: TerminalSession;
  /** A frame was sent and the page has not acknowledged it yet. */
  private awaitingAck = false;
  private frameWanted = false;
  private cancelFlush: (() => void) | undefined;
  /** `sleep`s waiting for virtual time to reach `until`. */
  private sleepers = new Set<{ until: number; wake(): void }>();
  /** Virtual ms that `sleep`s asked for while the clock was paused; they run it themselves. */
  private owed = 0;
  /** The files the terminal, the editor and `exec` share. */
  readonly vfs: Vfs;
  private readonly backend: ShellBackend;
  private execShell: Shell | undefined;
  /** `kubectl edit`s waiting for the editor, by the id of their `editor.open`. */
  private edits = new Map<number, (content: string | undefined) => void>();
  private nextEditId = 1;
  /** Service-routed requests since the last frame, for the diagram (bounded: the latest). */
  private traffic: TrafficPulse[] = [];
  private stopTraffic: () => void;
  private cancelPreload: () => void;

  constructor(private readonly opts: PlaygroundOptions) {
    // The prompt goes out first, so the learner sees it while the cluster boots; no command can
    // arrive before this constructor returns, and by then the cluster exists.
    const write = (data: string) => opts.post({ type: 'terminal.output', data });
    this.backend = this.shellBackend();
    this.terminal = (opts.createTerminal ?? createShellSession)({
      backend: this.backend,
      write,
      wait: (ms, signal) => this.sleep(ms, signal),
    });
    this.terminal.start();
    this.vfs = this.terminal.shell?.vfs ?? new Vfs();
    if (opts.restore) {
      for (const [path, content] of Object.entries(opts.restore.files)) {
        this.vfs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', true);
        this.vfs.writeFile(path, content);
      }
      this.terminal.shell?.history.push(...opts.restore.history);
    }
    this.vfs.onChange((c) => {
      if (c.type === 'mkdir') return;
      const content =
        c.type === 'write' && this.vfs.isFile(c.path) ? this.vfs.readFile(c.path) : null;
      opts.post({ type: 'fs.changed', path: c.path, content });
    });
    this.cluster = createCluster(opts.cluster);
    this.driver = new ClockDriver({
      cluster: this.cluster,
      wall: opts.wall,
      startMs: opts.restore?.startMs ?? this.cluster.clock.now(),
      speed: opts.speed,
      paused: opts.paused,
      onChange: () => {
        this.wakeSleepers();
        this.wantFrame();
      },
      onFault: (e) => this.fault(e),
    });
    this.feed = new ClusterFeed(this.cluster, () => this.wantFrame());
    this.events = new EventFeed(
      this.cluster,
      () => this.wantFrame(),
      (uid) => this.cluster.scheduler.explain(uid),
    );
    this.stopTraffic = this.cluster.network.onServed(({ service, pod }) => {
      this.traffic.push({
        service: `${service.namespace}/${service.name}`,
        pod: `${pod.namespace}/${pod.name}`,
      });
      if (this.traffic.length > MAX_TRAFFIC_PER_FRAME) this.traffic.shift();
      this.wantFrame();
    });
    opts.post({
      type: 'ready',
      clock: this.driver.state(),
      stoppedKubelets: this.cluster.kubelets.stopped(),
    });
    this.wantFrame();
    // What the first prompt does not need loads once the learner has it: the schemas'
    // descriptions, for the editor's hover docs and `kubectl explain` (they would wait for it).
    this.cancelPreload = opts.wall.schedule(() => {
      this.cluster.prepare({ method: 'GET', path: '/openapi/v3' })?.catch(() => undefined);
    }, PRELOAD_AFTER_MS);
  }

  /** Handles one message from the page. */
  receive(msg: PageMessage): void {
    switch (msg.type) {
      case 'request':
        this.request(msg);
        return;
      case 'terminal.input':
        this.guard(() => this.terminal.input(msg.data));
        return;
      case 'terminal.resize':
        this.terminal.resize(msg.cols, msg.rows);
        return;
      case 'frame.ack':
        this.awaitingAck = false;
        if (this.frameWanted) this.scheduleFlush();
        return;
      case 'editor.done':
        this.edits.get(msg.id)?.(msg.content ?? undefined);
        return;
    }
  }

  /** The terminal's command history, oldest first (for saves). */
  get history(): readonly string[] {
    return this.terminal.shell?.history ?? [];
  }

  dispose(): void {
    this.driver.dispose();
    this.feed.dispose();
    this.events.dispose();
    this.stopTraffic();
    this.cancelFlush?.();
    this.cancelPreload();
  }

  /**
   * The cluster as the shell sees it, made on first use. While the clock plays, virtual time
   * passes on its own, so a `sleep` only waits for it; while paused, a `sleep` runs the time it
   * asked for at once.
   */
  private shellBackend(): ShellBackend {
    let backend: ShellBackend | undefined;
    const real = () => (backend ??= clusterBackend(this.cluster));
    return {
      get transport() {
        return real().transport;
      },
      now: () => real().now(),
      advance: (ms) => {
        const run = Math.min(ms, this.owed);
        this.owed -= run;
        if (run > 0) this.driver.advance(run);
      },
      fromOutside: (req) => real().fromOutside(req),
      addNode: () => {
        const name = real().addNode();
        this.wantFrame();
        return name;
      },
      edit: (fileName, text, signal) => this.edit(fileName, text, signal),
    };
  }

  /**
   * `kubectl edit`'s editor is the page's: the text goes out as `editor.open` and the command
   * waits for `editor.done` (the saved text, or null when cancelled). Ctrl-C in the terminal
   * ends the wait as a cancel and tells the page to drop the tab (`editor.closed`).
   */
  private edit(fileName: string, text: string, signal?: AbortSignal): Promise<string | undefined> {
    const id = this.nextEditId++;
    const base = fileName.replace(/[^\w.-]+/g, '-').replace(/\.ya?ml$/, '') || 'kubectl-edit';
    const path = `/tmp/${base}-${id}.yaml`;
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(undefined);
      const finish = (content: string | undefined) => {
        this.edits.delete(id);
        signal?.removeEventListener('abort', abort);
        resolve(content);
      };
      const abort = () => {
        finish(undefined);
        this.opts.post({ type: 'editor.closed', id });
      };
      this.edits.set(id, finish);
      signal?.addEventListener('abort', abort);
      this.opts.post({ type: 'editor.open', id, path, content: text });
    });
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (this.driver.state().paused) {
      this.owed += ms;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const sleeper = {
        until: this.cluster.clock.now() + ms,
        wake: () => {
          this.sleepers.delete(sleeper);
          signal.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal.addEventListener('abort', sleeper.wake);
    });
  }

  private wakeSleepers(): void {
    const now = this.cluster.clock.now();
    for (const s of [...this.sleepers]) if (now >= s.until) s.wake();
  }

  private request(msg: RequestMessage): void {
    const { post } = this.opts;
    this.answer(msg)
      .then((result) => post({ type: 'response', id: msg.id, ok: true, result }))
      .catch((e: unknown) =>
        post({
          type: 'response',
          id: msg.id,
          ok: false,
          error: e instanceof Error ? e.message : String(e),
        }),
      );
  }

  private async answer(msg: RequestMessage): Promise<RequestMap[typeof msg.method]['result']> {
    switch (msg.method) {
      case 'setSpeed':
        if (!(SPEEDS as readonly number[]).includes(msg.params.speed)) {
          throw new Error(`speed must be one of ${SPEEDS.join(', ')}`);
        }
        this.driver.setSpeed(msg.params.speed);
        return this.driver.state();
      case 'setPaused':
        this.driver.setPaused(msg.params.paused);
        return this.driver.state();
      case 'step':
        this.driver.step();
        return this.driver.state();
      case 'advance':
        if (!Number.isFinite(msg.params.ms) || msg.params.ms < 0) {
          throw new Error('advance needs a number of milliseconds, 0 or more');
        }
        this.driver.advance(msg.params.ms);
        return this.driver.state();
      case 'terminal.run':
        return { exitCode: await this.terminal.run(msg.params.command) };
      case 'exec':
        return this.exec(msg.params.command);
      case 'fs.read': {
        const path = this.path(msg.params.path);
        return { path, content: this.vfs.readFile(path) };
      }
      case 'fs.write': {
        const path = this.path(msg.params.path);
        this.vfs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', true);
        this.vfs.writeFile(path, msg.params.content);
        return { path };
      }
      case 'fs.list': {
        const files: Record<string, string> = {};
        for (const [p, c] of Object.entries(this.vfs.allFiles())) {
          if (p.startsWith(`${HOME}/`)) files[p] = c;
        }
        return { files };
      }
      case 'fs.remove': {
        const path = this.path(msg.params.path);
        this.vfs.remove(path);
        return { path };
      }
      // --- The inspector ---
      case 'node.stopKubelet':
      case 'node.startKubelet': {
        const { node } = msg.params;
        const kubelet = this.cluster.kubelets.get(node);
        if (!kubelet) throw new Error(`nodes "${node}" not found`);
        if (msg.method === 'node.stopKubelet') kubelet.stop();
        else kubelet.start();
        this.wantFrame();
        return { node, running: kubelet.isRunning };
      }
      // --- The editor ---
      case 'editor.schema':
        return { schema: await fetchEditorSchema(this.backend.transport) };
    }
  }

  /** A path from the page: relative ones are taken from the home folder. */
  private path(p: string): string {
    if (typeof p !== 'string' || !p.trim()) throw new Error('a file path is required');
    return normalizePath(p, HOME);
  }

  /** Runs a command line in a shell without a terminal that shares the terminal's files. */
  private async exec(command: string): Promise<ExecResult> {
    this.execShell ??= new Shell({ backend: this.backend, vfs: this.vfs });
    let stdout = '';
    let stderr = '';
    const exitCode = await this.execShell.run(command, {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
    });
    this.wantFrame();
    return { stdout, stderr, exitCode };
  }

  /** Runs work that may reach the cluster; a failure pauses the clock and reports a fault. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.driver.setPaused(true);
      this.fault(e);
    }
  }

  private fault(e: unknown): void {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    console.error('playground worker fault:', e);
    this.opts.post({ type: 'fault', message });
  }

  private wantFrame(): void {
    this.frameWanted = true;
    if (!this.awaitingAck) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    // Deferred, so a burst of changes (one advance, one command) goes out as one frame.
    this.cancelFlush ??= this.opts.wall.schedule(() => this.flush(), 0);
  }

  private flush(): void {
    this.cancelFlush = undefined;
    if (this.awaitingAck || !this.frameWanted) return;
    this.frameWanted = false;
    this.awaitingAck = true;
    const traffic = this.traffic.length ? this.traffic : undefined;
    this.traffic = [];
    this.opts.post({
      type: 'frame',
      clock: this.driver.state(),
      diff: this.feed.take(),
      traffic,
      events: this.events.take(),
    });
  }
}
