/**
 * The node agent: watches the pods bound to its node and runs a PodWorker for each, keeps the
 * node's image cache, renews the node Lease every 10 s and reports node status on change or every
 * five minutes (nodeStatusReportFrequency), and serves `kubectl logs` and `kubectl exec` for the
 * pods it runs. A stopped kubelet reports nothing: its Lease ages and its pods' status freezes.
 */
import { badRequest } from '../api/errors';
import { parseQuantity } from '../api/quantity';
import type { ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';
import { boolQuery, jsonResponse, query, textResponse } from '../apiserver/request';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { EventSource } from '../client/EventRecorder';
import type { TimerHandle } from '../clock/VirtualClock';
import type { ControllerContext } from '../controllers/types';
import type { ClusterNetwork } from '../network/types';
import type { ImageRegistry } from '../runtime/images';
import type { ExecResult } from '../runtime/types';
import type { WatchHandle } from '../store/types';
import { formatEntry, selectLogs } from './logs';
import type { LogBuffer, LogQuery } from './logs';
import { PodWorker } from './podWorker';
import type { CachedImage, NodeAgent, RuntimeTimings } from './types';
import { DEFAULT_TIMINGS } from './types';
import { VolumeDir } from './volumes';

export const LEASE_RENEW_MS = 10_000;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

/** The node conditions a healthy kubelet posts: status, reason, message. */
const KUBELET_CONDITIONS: Record<string, [string, string, string]> = {
  MemoryPressure: [
    'False',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
};

export interface KubeletOptions {
  registry: ImageRegistry;
  timings?: Partial<RuntimeTimings>;
}

/** One pod's entry of the kubelet's stats summary. */
export interface PodStats {
  namespace: string;
  name: string;
  containers: { name: string; cpuMillis: number; memoryBytes: number }[];
}

export class Kubelet implements NodeAgent {
  readonly timings: RuntimeTimings;
  readonly podsRT: ResourceType;
  readonly source: EventSource;
  readonly registry: ImageRegistry;
  readonly nodeIP: string;
  private leasesRT: ResourceType;
  private nodesRT: ResourceType;
  private workers = new Map<string, PodWorker>();
  private images = new Map<string, CachedImage>();
  private imagesChanged = false;
  private hostDirs = new Map<string, VolumeDir>();
  private pullFreeAt = 0;
  private watch: WatchHandle | undefined;
  private heartbeat: TimerHandle | undefined;
  private lastNodeReport = 0;
  private running = false;

  constructor(
    readonly ctx: ControllerContext,
    readonly network: ClusterNetwork,
    readonly nodeName: string,
    opts: KubeletOptions,
  ) {
    this.registry = opts.registry;
    this.timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    this.podsRT = ctx.registry.byResource('', 'v1', 'pods')!;
    this.leasesRT = ctx.registry.byResource('coordination.k8s.io', 'v1', 'leases')!;
    this.nodesRT = ctx.registry.byResource('', 'v1', 'nodes')!;
    this.source = { component: 'kubelet', host: nodeName };
    const addrs = ((this.node()?.status as { addresses?: { type: string; address: string }[] })
      ?.addresses ?? []) as { type: string; address: string }[];
    this.nodeIP = addrs.find((a) => a.type === 'InternalIP')?.address ?? '';
    this.lastNodeReport = ctx.clock.now();
    this.loadReportedImages();
  }

  /**
   * The image cache as the node last reported it (a restored cluster): pods adopted or started
   * afterwards find their images present, and the next report keeps the same list.
   */
  private loadReportedImages(): void {
    const images = (this.node()?.status as { images?: { names?: string[] }[] } | undefined)?.images;
    for (const img of images ?? []) {
      const name = img.names?.[img.names.length - 1];
      const r = name ? this.registry.pull(name) : undefined;
      if (!name || !r?.ok) continue;
      const key = `${r.ref.repository}:${r.tag || r.digest}`;
      this.images.set(key, {
        name,
        repository: r.ref.repository,
        tag: r.tag,
        digest: r.digest,
        sizeBytes: r.sizeBytes,
      });
    }
  }

  get active(): boolean {
    return this.running;
  }

  node(): KubeObject | undefined {
    return this.ctx.store.get('nodes', '', this.nodeName);
  }

  // ------------------------------------------------------------------ lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    const node = this.nodeName;
    this.watch = this.ctx.store.watch(
      'pods',
      {
        filter: (p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === node,
      },
      (ev) => {
        if (ev.type === 'DELETED') return this.podDeleted(ev.object);
        this.podSeen(ev.object);
      },
    );
    for (const p of this.ctx.store.list('pods', {
      filter: (x) => (x.spec as { nodeName?: string } | undefined)?.nodeName === node,
    }).items) {
      this.podSeen(p);
    }
    for (const w of this.workers.values()) w.resume();
    this.scheduleHeartbeat(0);
  }

  /** Stops reporting: no heartbeats, no status; containers keep running as they were. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.watch?.stop();
    this.watch = undefined;
    this.ctx.clock.cancel(this.heartbeat);
  }

  get isRunning(): boolean {
    return this.running;
  }

  private podSeen(pod: KubeObject): void {
    const uid = pod.metadata.uid!;
    let w = this.workers.get(uid);
    if (!w) {
      w = new PodWorker(this, pod);
      this.workers.set(uid, w);
      w.requestSync(0);
      return;
    }
    w.update(pod);
  }

  private podDeleted(pod: KubeObject): void {
    const w = this.workers.get(pod.metadata.uid!);
    if (!w) return;
    w.removed();
    this.workers.delete(pod.metadata.uid!);
  }

  workerGone(uid: string): void {
    this.workers.delete(uid);
  }

  // ------------------------------------------------------------------ images and host paths

  image(key: string): CachedImage | undefined {
    return this.images.get(key);
  }

  addImage(img: CachedImage): void {
    const key = `${img.repository}:${img.tag || img.digest}`;
    if (!this.images.has(key)) this.imagesChanged = true;
    this.images.set(key, img);
    if (this.imagesChanged) this.reportNodeStatus(false);
  }

  /** Pulls run one at a time per node, as with serializeImagePulls (the default). */
  reservePull(durationMs: number): number {
    const now = this.ctx.clock.now();
    const start = Math.max(now, this.pullFreeAt);
    this.pullFreeAt = start + durationMs;
    return start - now;
  }

  hostDir(key: string): VolumeDir {
    let d = this.hostDirs.get(key);
    if (!d) this.hostDirs.set(key, (d = new VolumeDir()));
    return d;
  }

  /** Images for node.status.images: largest first, at most 50, as upstream reports them. */
  nodeImages(): { names: string[]; sizeBytes: number }[] {
    return [...this.images.values()]
      .sort((a, b) => b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name))
      .slice(0, 50)
      .map((i) => ({
        names: [`${i.name.replace(/:[^:/]+$/, '')}@${i.digest}`, i.name],
        sizeBytes: i.sizeBytes,
      }));
  }

  // ------------------------------------------------------------------ heartbeat

  private scheduleHeartbeat(ms: number): void {
    this.heartbeat = this.ctx.clock.schedule(() => {
      if (!this.running) return;
      this.renewLease();
      const now = this.ctx.clock.now();
      // A status the node controller marked Unknown while this kubelet was away is corrected at once.
      if (now - this.lastNodeReport >= NODE_STATUS_REPORT_MS || this.conditionsStale())
        this.reportNodeStatus(true);
      this.scheduleHeartbeat(LEASE_RENEW_MS);
    }, ms);
  }

  private renewLease(): void {
    const lease = this.ctx.store.get(
      'leases.coordination.k8s.io',
      'kube-node-lease',
      this.nodeName,
    );
    if (!lease) return;
    const next = structuredClone(lease) as KubeObject;
    (next.spec as Record<string, unknown>).renewTime = this.ctx.clock.microTimestamp();
    try {
      this.ctx.client.update(this.leasesRT, next);
    } catch {
      // A conflict is retried at the next renewal, as upstream's lease controller does.
    }
  }

  /** Node status: conditions' heartbeat times, Ready back to True after a restart, images. */
  private reportNodeStatus(heartbeat: boolean): void {
    if (!this.running) return;
    const node = this.node();
    if (!node) return;
    const next = structuredClone(node) as KubeObject;
    const status = (next.status ??= {}) as Record<string, unknown>;
    const ts = this.ctx.clock.timestamp();
    let becameReady = false;
    if (heartbeat) {
      for (const c of (status.conditions ?? []) as Record<string, unknown>[]) {
        c.lastHeartbeatTime = ts;
        const want = KUBELET_CONDITIONS[c.type as string];
        if (want && c.status !== want[0]) {
          if (c.type === 'Ready') becameReady = true;
          [c.status, c.reason, c.message] = want;
          c.lastTransitionTime = ts;
        }
      }
    }
    status.images = this.nodeImages();
    this.imagesChanged = false;
    this.lastNodeReport = this.ctx.clock.now();
    try {
      const updated = this.ctx.client.update(this.nodesRT, next, 'status');
      if (becameReady) {
        this.ctx.recorder.event(
          this.source,
          updated,
          'Normal',
          'NodeReady',
          `Node ${this.nodeName} status is now: NodeReady`,
        );
      }
    } catch {
      this.imagesChanged = true;
    }
  }

  /** Whether a node condition differs from what this kubelet posts (status, reason). */
  private conditionsStale(): boolean {
    const conds = ((this.node()?.status as { conditions?: { type: string; status: string }[] })
      ?.conditions ?? []) as { type: string; status: string }[];
    return conds.some(
      (c) => KUBELET_CONDITIONS[c.type] && c.status !== KUBELET_CONDITIONS[c.type][0],
    );
  }

  // ------------------------------------------------------------------ stats

  /**
   * The summary API (/stats/summary) as the metrics server scrapes it: each pod of this node
   * with running containers, and their current CPU (millicores) and memory (bytes).
   */
  podStats(): PodStats[] {
    const out: PodStats[] = [];
    const cpu = (this.node()?.status as { capacity?: { cpu?: string } } | undefined)?.capacity?.cpu;
    const cores = cpu === undefined ? Infinity : parseQuantity(cpu).milli;
    for (const w of this.workers.values()) {
      const containers = w.usage(cores);
      if (!containers.length) continue;
      out.push({
        namespace: w.pod.metadata.namespace!,
        name: w.pod.metadata.name!,
        containers,
      });
    }
    return out;
  }

  // ------------------------------------------------------------------ logs and exec

  /** ServerHooks.podLog for the pods of this node. */
  podLog(pod: KubeObject, container: string, req: ApiRequest): ApiResponse {
    const podName = pod.metadata.name!;
    const w = this.workers.get(pod.metadata.uid!);
    const c = w?.container(container);
    if (!c) {
      throw badRequest(
        `container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`,
      );
    }
    let buf: LogBuffer | undefined;
    if (boolQuery(req, 'previous')) {
      const hasPrevious =
        c.state === 'running' || c.state === 'terminated' ? c.lastTerminated : c.lastTerminated;
      buf = c.state === 'waiting' ? c.logs : c.previousLogs;
      if (!hasPrevious || !buf) {
        throw badRequest(
          `previous terminated container "${container}" in pod "${podName}" not found`,
        );
      }
    } else if (c.state === 'running' || c.state === 'terminated' || c.lastTerminated) {
      buf = c.logs;
    } else {
      const reason = c.waiting.reason;
      const why =
        reason === 'ErrImagePull'
          ? "image can't be pulled"
          : reason === 'ImagePullBackOff'
            ? 'trying and failing to pull image'
            : reason;
      throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
    }
    if (!buf) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
    const q: LogQuery = { timestamps: boolQuery(req, 'timestamps') };
    const tail = query(req, 'tailLines');
    if (tail !== undefined) q.tailLines = Number(tail);
    const since = query(req, 'sinceSeconds');
    if (since !== undefined) q.sinceMs = this.ctx.clock.now() - Number(since) * 1000;
    const sinceTime = query(req, 'sinceTime');
    if (sinceTime !== undefined) q.sinceMs = Date.parse(sinceTime);
    const limit = query(req, 'limitBytes');
    if (limit !== undefined) q.limitBytes = Number(limit);
    const text = selectLogs(buf, q);
    const res = textResponse(200, text);
    if (boolQuery(req, 'follow') && !buf.ended && !boolQuery(req, 'previous')) {
      const source = buf;
      res.stream = {
        start(write, end) {
          if (text) write(text);
          return source.follow((e) => write(formatEntry(e, q)), end);
        },
      };
    }
    return res;
  }

  /**
   * ServerHooks.podExec, in-process: runs argv in the container and answers
   * `{kind: "ExecResult", stdout, stderr, exitCode}` — at once, or through the text stream when
   * the command takes virtual time. The real kubectl reaches it through the Node server's
   * WebSocket remote-command adapter (src/node/remotecommand.ts).
   */
  podExec(pod: KubeObject, container: string, req: ApiRequest): ApiResponse {
    const w = this.workers.get(pod.metadata.uid!);
    const c = w?.container(container);
    if (!c || c.state !== 'running' || !c.process) {
      throw badRequest(`unable to upgrade connection: container not found ("${container}")`);
    }
    const body = (typeof req.body === 'object' && req.body ? req.body : {}) as {
      command?: string[];
      stdin?: string;
    };
    const argv =
      body.command ?? (query(req, 'command') !== undefined ? [query(req, 'command')!] : []);
    if (!argv.length) throw badRequest('you must specify at least 1 command');
    let result: ExecResult | undefined;
    let notify: ((r: ExecResult) => void) | undefined;
    c.process.exec(argv, body.stdin, (r) => {
      result = r;
      notify?.(r);
    });
    const json = (r: ExecResult) => ({ kind: 'ExecResult', ...r });
    if (result) return jsonResponse(200, json(result));
    const res = jsonResponse(200, undefined);
    res.stream = {
      start(write, end) {
        let open = true;
        notify = (r) => {
          if (!open) return;
          open = false;
          write(JSON.stringify(json(r)));
          end();
        };
        // The command may have finished while the response was on its way.
        if (result) notify(result);
        return () => {
          open = false;
        };
      },
    };
    return res;
  }
}
