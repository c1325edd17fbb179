/**
 * The typed protocol between the page and the Worker that owns the cluster.
 *
 * - Page → Worker: `PageMessage`. Requests carry an `id` and get exactly one `ResponseMessage`
 *   back; terminal keys, terminal size and frame acknowledgements are one-way.
 * - Worker → page: responses, plus pushed streams: terminal output (as it is written) and
 *   frames (the clock and a batched cluster diff). The Worker sends the next frame only after
 *   the page has acknowledged the previous one from its animation frame, so the page receives at
 *   most one frame per animation frame and changes in between are coalesced in the Worker.
 *
 * Everything crossing is structured-clone data: no functions, no class instances.
 */
import type { KubeObject } from '../cluster/api/types';

/** Speeds of the virtual clock: virtual seconds per wall second while playing. */
export const SPEEDS = [1, 2, 5, 10, 60] as const;
export type Speed = (typeof SPEEDS)[number];

/** The virtual clock as the page shows it. */
export interface ClockState {
  /** Virtual wall time, ms since 1970. */
  nowMs: number;
  /** Virtual ms since the cluster was handed over (its creation, after boot). */
  elapsedMs: number;
  paused: boolean;
  speed: Speed;
  /** Virtual time of the next scheduled event, or null when nothing waits. */
  nextEventMs: number | null;
}

/**
 * The resources the Worker watches for the page, with the API path of each (all namespaces).
 * The page holds exactly these; more are added here as panels need them.
 */
export const WATCHED = {
  namespaces: '/api/v1/namespaces',
  nodes: '/api/v1/nodes',
  pods: '/api/v1/pods',
  services: '/api/v1/services',
  deployments: '/apis/apps/v1/deployments',
  replicasets: '/apis/apps/v1/replicasets',
  statefulsets: '/apis/apps/v1/statefulsets',
  daemonsets: '/apis/apps/v1/daemonsets',
  jobs: '/apis/batch/v1/jobs',
  cronjobs: '/apis/batch/v1/cronjobs',
  endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
  ingresses: '/apis/networking.k8s.io/v1/ingresses',
  persistentvolumeclaims: '/api/v1/persistentvolumeclaims',
  persistentvolumes: '/api/v1/persistentvolumes',
  horizontalpodautoscalers: '/apis/autoscaling/v2/horizontalpodautoscalers',
} as const;
export type WatchedResource = keyof typeof WATCHED;

/** An object the page holds: `key` is `namespace/name`, or `name` for cluster-scoped kinds. */
export interface ObjectEntry {
  resource: WatchedResource;
  key: string;
  object: KubeObject;
  /**
   * The object's row as the API server prints it for `kubectl get` (the Table cells, wide
   * columns included), printed when the object last changed.
   */
  cells: unknown[];
}

export interface ObjectRef {
  resource: WatchedResource;
  key: string;
}

/**
 * What changed since the previous frame. `added` are objects the page does not hold yet,
 * `updated` replace ones it holds, `removed` name ones to drop. Never whole lists.
 */
export interface ClusterDiff {
  added: ObjectEntry[];
  updated: ObjectEntry[];
  removed: ObjectRef[];
  /** Column names (upstream's, e.g. "Name", "Ready", "Status") of a resource, the first time it is seen. */
  columns?: Partial<Record<WatchedResource, string[]>>;
}

/**
 * Diagram traffic: a request that a Service routed to a pod since the previous frame (the diagram
 * pulses along that edge). Keys are `namespace/name`. A frame carries at most
 * `MAX_TRAFFIC_PER_FRAME` of them, the latest.
 */
export interface TrafficPulse {
  service: string;
  pod: string;
}
export const MAX_TRAFFIC_PER_FRAME = 50;

/**
 * The timeline's feed: a core/v1 Event as it was recorded or repeated (its count went up). Not in
 * `WATCHED`, so not held whole by the page: the Worker sends the newest few hundred at start and
 * each new one after, at most `MAX_EVENTS_PER_FRAME` per frame (the latest).
 */
export interface ClusterEvent {
  /** The Event's uid and count together identify this occurrence. */
  uid: string;
  namespace: string;
  /** The component that reported it (`source.component`): "replicaset-controller", "kubelet", … */
  component: string;
  /** The node, for kubelet events (`source.host`). */
  host?: string;
  type: string;
  reason: string;
  message: string;
  regarding: { kind: string; namespace?: string; name: string; fieldPath?: string };
  count: number;
  /** Virtual ms of its last occurrence. */
  timeMs: number;
  /** For `Scheduled`: why the scheduler chose that node ("most free CPU and memory"), if known. */
  why?: string;
}
export const MAX_EVENTS_PER_FRAME = 200;

/** Requests the page may make, with their parameters and results. */
export interface RequestMap {
  /** Sets the speed; does not pause or play. */
  setSpeed: { params: { speed: Speed }; result: ClockState };
  setPaused: { params: { paused: boolean }; result: ClockState };
  /** Jumps to the next scheduled event and runs everything due then. */
  step: { params: Record<string, never>; result: ClockState };
  /** Runs `ms` of virtual time at once. */
  advance: { params: { ms: number }; result: ClockState };
  /**
   * Runs a command line in the terminal as if the learner had typed it and pressed Enter (the
   * line being edited is set aside): the command and its output show there. Resolves with the
   * exit status once it has finished.
   */
  'terminal.run': { params: { command: string }; result: { exitCode: number } };
  /**
   * Runs a command line in a shell of its own (no terminal, no history), sharing the terminal's
   * files and kubeconfig: what panels use to read `kubectl describe`, logs, YAML.
   */
  exec: { params: { command: string }; result: ExecResult };
  /** A file of the shared virtual filesystem (paths relative to the home folder allowed). */
  'fs.read': { params: { path: string }; result: { path: string; content: string } };
  /** Writes (creating folders as needed) and returns the absolute path. */
  'fs.write': { params: { path: string; content: string }; result: { path: string } };
  /** Every file under the home folder: absolute path → content. */
  'fs.list': { params: Record<string, never>; result: { files: Record<string, string> } };
  'fs.remove': { params: { path: string }; result: { path: string } };

  // --- The inspector (src/ui/inspector) ---
  /**
   * Stops a node's kubelet as if its machine hung: no heartbeats, no status, containers keep
   * running. The node controller marks it NotReady after 40 s and taint eviction removes its
   * pods after 300 s. Neither kubectl nor minikube has a command for this.
   */
  'node.stopKubelet': { params: { node: string }; result: { node: string; running: boolean } };
  /** Starts a stopped kubelet again: it reports, and the node turns Ready. */
  'node.startKubelet': { params: { node: string }; result: { node: string; running: boolean } };

  // --- The editor (src/ui/editor) ---
  /**
   * A JSON Schema (draft 7) for YAML manifests of every kind the API server serves, custom
   * resources included, built from its `/openapi/v3` documents: one branch per apiVersion+kind,
   * unknown fields rejected, descriptions and enums kept for hover and completion.
   */
  'editor.schema': { params: Record<string, never>; result: { schema: object } };
}

/** What a command printed, and how it ended. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
export type RequestMethod = keyof RequestMap;

export type RequestMessage = {
  [M in RequestMethod]: {
    type: 'request';
    id: number;
    method: M;
    params: RequestMap[M]['params'];
  };
}[RequestMethod];

// --- Persistence, restart and settings (src/worker/persist, src/ui/persist) ---

/** Where the Worker autosaves and the page keeps cluster settings (IndexedDB, via idb-keyval). */
export const PERSIST_DB = { name: 'k8s-playground', store: 'state' } as const;
export const SAVE_KEY = 'save';
export const SETTINGS_KEY = 'settings';

/** What a new (or reset) cluster is made of: minikube's `--nodes`, `--cpus` and `--memory`. */
export interface ClusterSettings {
  /** 1 to 5. */
  nodes: number;
  /** CPUs per node, "2". */
  cpu: string;
  /** Memory per node, "4Gi". */
  memory: string;
}
export const DEFAULT_SETTINGS: ClusterSettings = { nodes: 1, cpu: '2', memory: '4Gi' };

/** What became of the saved cluster, as the Worker reports it. */
export type PersistStatus =
  /** Started from the save made at `savedAtMs` (wall time). */
  | { kind: 'restored'; savedAtMs: number }
  /** Started a new cluster: there was no save. */
  | { kind: 'fresh'; settings: ClusterSettings }
  /** A save was there but could not be used (corrupt, another version): a new cluster started. */
  | { kind: 'discarded'; reason: string }
  /** Saved at `savedAtMs`; `tookMs` to snapshot and store. */
  | { kind: 'saved'; savedAtMs: number; tookMs: number }
  /** A save failed (storage full, private mode); the cluster runs on. */
  | { kind: 'failed'; message: string };

/** Page → Worker, answered by the Worker's entry (main.ts) rather than the session. */
export type PersistPageMessage =
  /** Liveness: the Worker answers `pong` with the same `seq`. */
  | { type: 'ping'; seq: number }
  /** Save now if anything changed (the page is being hidden or closed). */
  | { type: 'persist.flush' };

export type PersistWorkerMessage =
  { type: 'pong'; seq: number } | { type: 'persist'; status: PersistStatus };

export type PageMessage =
  | RequestMessage
  | PersistPageMessage
  /** Key data from the terminal (xterm's onData), in order. */
  | { type: 'terminal.input'; data: string }
  | { type: 'terminal.resize'; cols: number; rows: number }
  /** The page has applied the last frame; the Worker may send the next. */
  | { type: 'frame.ack' }
  /**
   * The editor is done with an `editor.open` (kubectl edit): the saved text, or null when the
   * learner cancelled.
   */
  | { type: 'editor.done'; id: number; content: string | null };

export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export type WorkerMessage =
  | ResponseMessage
  | PersistWorkerMessage
  /** Sent once, when the cluster is up (the terminal's first prompt may come before it). */
  /** `stoppedKubelets`: nodes whose kubelet is stopped (a restored cluster may have some). */
  | { type: 'ready'; clock: ClockState; stoppedKubelets: string[] }
  /** Text for the terminal, ANSI escapes included. */
  | { type: 'terminal.output'; data: string }
  | {
      type: 'frame';
      clock: ClockState;
      diff?: ClusterDiff;
      traffic?: TrafficPulse[];
      /** Kubernetes Events recorded (or repeated) since the previous frame, for the timeline. */
      events?: ClusterEvent[];
    }
  /** Something broke inside the Worker; the clock has been paused. */
  | { type: 'fault'; message: string }
  /** A file of the shared filesystem was written or removed (by the terminal or a request). */
  | { type: 'fs.changed'; path: string; content: string | null }
  /**
   * `kubectl edit` in the terminal waits for the editor: show `content` as `path` until the
   * learner saves (answer `editor.done` with the text) or cancels (`editor.done` with null).
   */
  | { type: 'editor.open'; id: number; path: string; content: string }
  /** The edit `id` ended in the terminal (Ctrl-C): drop its tab without answering. */
  | { type: 'editor.closed'; id: number };
