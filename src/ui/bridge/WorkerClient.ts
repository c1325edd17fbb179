/**
 * The page's end of the Worker protocol: typed requests, terminal input and output, and frames
 * applied to the stores and acknowledged from the next animation frame (so the Worker sends at
 * most one frame per animation frame).
 */
import type {
  ClusterDiff,
  ClockState,
  ClusterEvent,
  PageMessage,
  PersistPageMessage,
  PersistWorkerMessage,
  RequestMap,
  RequestMethod,
  TrafficPulse,
  WorkerMessage,
} from '../../worker/protocol';

/** A `kubectl edit` waiting for the editor: the text to show as `path`. */
export interface EditRequest {
  id: number;
  path: string;
  content: string;
}

/** What the client does with pushed frames; the app wires it to the stores. */
export interface FrameSink {
  /** `stoppedKubelets`: nodes whose kubelet is stopped as the session starts. */
  ready(clock: ClockState, stoppedKubelets: string[]): void;
  /** `traffic`: Service-routed requests since the previous frame, for the diagram's pulses. */
  /** `events`: Kubernetes Events recorded since the previous frame, for the timeline. */
  frame(
    clock: ClockState,
    diff: ClusterDiff | undefined,
    traffic?: TrafficPulse[],
    events?: ClusterEvent[],
  ): void;
  fault(message: string): void;
}

/** The part of a Worker the client uses, so tests can stand in for it. */
export interface WorkerLike {
  postMessage(msg: PageMessage): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<WorkerMessage>) => void): void;
  addEventListener(type: 'error', fn: (ev: ErrorEvent) => void): void;
}

/** How much terminal output is kept for a terminal that attaches later (or re-attaches). */
const TRANSCRIPT_LIMIT = 256 * 1024;

export class WorkerClient {
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private transcript = '';
  private listeners = new Set<(data: string) => void>();
  private fileListeners = new Set<(path: string, content: string | null) => void>();
  /** `kubectl edit`s waiting for the editor (kept until answered, for an editor opened later). */
  private edits = new Map<number, EditRequest>();
  private editListeners = new Set<(edits: EditRequest[]) => void>();

  constructor(
    private worker: WorkerLike,
    private readonly sink: FrameSink,
    private readonly nextFrame: (fn: () => void) => void = (fn) => requestAnimationFrame(fn),
  ) {
    this.listen(worker);
  }

  // --- Restarts and persistence (src/ui/persist) ---
  private failureListeners = new Set<(message: string) => void>();
  private persistListeners = new Set<(msg: PersistWorkerMessage) => void>();
  private size: { cols: number; rows: number } | undefined;

  /** Messages and errors of `worker`, ignored once it has been replaced. */
  private listen(worker: WorkerLike): void {
    worker.addEventListener('message', (ev) => {
      if (worker === this.worker) this.receive(ev.data);
    });
    worker.addEventListener('error', (ev) => {
      if (worker !== this.worker) return;
      const message = ev.message || 'the cluster stopped';
      if (this.failureListeners.size === 0) return this.sink.fault(message);
      // Handled: the supervisor restarts the Worker, so the browser need not report it too.
      ev.preventDefault?.();
      for (const fn of this.failureListeners) fn(message);
    });
  }

  /**
   * Follows failures of the Worker (an error it did not catch); while someone follows, they are
   * not reported as a fault. Returns the function that stops following.
   */
  onFailure(fn: (message: string) => void): () => void {
    this.failureListeners.add(fn);
    return () => this.failureListeners.delete(fn);
  }

  /** Follows the Worker's persistence reports and liveness answers. */
  onPersist(fn: (msg: PersistWorkerMessage) => void): () => void {
    this.persistListeners.add(fn);
    return () => this.persistListeners.delete(fn);
  }

  /** Sends a persistence or liveness message (answered by `onPersist`, if at all). */
  post(msg: PersistPageMessage): void {
    this.worker.postMessage(msg);
  }

  /**
   * Continues with a new Worker in place of one that died: requests in flight fail, the
   * terminal, file and persistence listeners stay (the terminal re-attaches to the new shell),
   * and the new Worker gets the terminal's size.
   */
  replaceWorker(worker: WorkerLike): void {
    this.worker = worker;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new Error('the cluster restarted'));
    // The kubectl edits waiting died with the old shell: their tabs close.
    if (this.edits.size) {
      this.edits.clear();
      this.emitEdits();
    }
    this.listen(worker);
    if (this.size) worker.postMessage({ type: 'terminal.resize', ...this.size });
  }

  request<M extends RequestMethod>(
    method: M,
    params: RequestMap[M]['params'],
  ): Promise<RequestMap[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ type: 'request', id, method, params } as PageMessage);
    });
  }

  /** Sends key data typed in the terminal. */
  input(data: string): void {
    this.worker.postMessage({ type: 'terminal.input', data });
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.worker.postMessage({ type: 'terminal.resize', cols, rows });
  }

  /**
   * Follows terminal output: the recent transcript first, then new output as it comes.
   * Returns the function that stops following.
   */
  onOutput(fn: (data: string) => void): () => void {
    if (this.transcript) fn(this.transcript);
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Follows the shared filesystem: called with a file's path and new content (null once it is
   * removed) whenever the terminal or a request changes it. Returns the function that stops.
   */
  onFileChange(fn: (path: string, content: string | null) => void): () => void {
    this.fileListeners.add(fn);
    return () => this.fileListeners.delete(fn);
  }

  /**
   * Follows the `kubectl edit`s waiting for the editor: called at once with those waiting now,
   * then with the whole list whenever one starts or ends. Returns the function that stops.
   */
  onEdits(fn: (edits: EditRequest[]) => void): () => void {
    fn([...this.edits.values()]);
    this.editListeners.add(fn);
    return () => this.editListeners.delete(fn);
  }

  /** Answers a `kubectl edit`: the saved text, or null to cancel it. */
  finishEdit(id: number, content: string | null): void {
    if (!this.edits.delete(id)) return;
    this.worker.postMessage({ type: 'editor.done', id, content });
    this.emitEdits();
  }

  private emitEdits(): void {
    const edits = [...this.edits.values()];
    for (const fn of this.editListeners) fn(edits);
  }

  private receive(msg: WorkerMessage): void {
    switch (msg.type) {
      case 'response': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
        return;
      }
      case 'ready':
        this.sink.ready(msg.clock, msg.stoppedKubelets ?? []);
        return;
      case 'terminal.output':
        this.transcript += msg.data;
        if (this.transcript.length > TRANSCRIPT_LIMIT) {
          this.transcript = this.transcript.slice(-TRANSCRIPT_LIMIT / 2);
        }
        for (const fn of this.listeners) fn(msg.data);
        return;
      case 'frame':
        this.sink.frame(msg.clock, msg.diff, msg.traffic, msg.events);
        this.nextFrame(() => this.worker.postMessage({ type: 'frame.ack' }));
        return;
      case 'fault':
        this.sink.fault(msg.message);
        return;
      case 'pong':
      case 'persist':
        for (const fn of this.persistListeners) fn(msg);
        return;
      case 'editor.open':
        this.edits.set(msg.id, { id: msg.id, path: msg.path, content: msg.content });
        this.emitEdits();
        return;
      case 'editor.closed':
        this.edits.delete(msg.id);
        this.emitEdits();
        return;
      case 'fs.changed':
        for (const fn of this.fileListeners) fn(msg.path, msg.content);
        return;
    }
  }
}
