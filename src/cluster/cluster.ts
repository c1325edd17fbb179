/**
 * createCluster(): the store, the API server, the controllers and the clock, wired together and
 * bootstrapped as a fresh minikube cluster. The same options give the same cluster.
 */
import { enableIngressAddon, INGRESS_ADDON_IMAGES } from './addons/ingress';
import { TypeRegistry } from './api/registry';
import { APIServer } from './apiserver/APIServer';
import type { ServerHooks } from './apiserver/context';
import { prepareRequest } from './apiserver/request';
import type { ApiRequest, ApiResponse } from './apiserver/types';
import { bootstrapCluster, DEFAULT_NODE } from './bootstrap';
import { bootstrapSystemWorkloads, preloadImages, preloadSystemImages } from './bootSystem';
import type { NodeShape } from './bootstrap';
import { Client } from './client/Client';
import { Random } from './clock/Random';
import { VirtualClock } from './clock/VirtualClock';
import { EventRecorder } from './client/EventRecorder';
import { createControllers } from './controllers';
import { startKubelets } from './kubelet';
import { MetricsServer } from './metrics/MetricsServer';
import { enableMetricsServerAddon, METRICS_SERVER_ADDON_IMAGES } from './addons/metricsServer';
import type { KubeletSet } from './kubelet';
import { startScheduler } from './scheduler';
import type { Scheduler } from './scheduler';
import type { Controller, ControllerContext } from './controllers/types';
import { ClusterNetworkImpl } from './network';
import { MemoryStore } from './store/MemoryStore';
import type { StoreSnapshot } from './store/types';

export interface ClusterOptions {
  /** Number of nodes (default 1). */
  nodes?: number;
  nodeShape?: NodeShape;
  /** Seed of the random generator (default 1). */
  seed?: number;
  /** Wall time (ms) that virtual time zero stands for. */
  epochMs?: number;
  /** host:port the API is reached at, for discovery. */
  serverAddress?: string;
  hooks?: ServerHooks;
  /** Start the kube-system workloads (CoreDNS, kube-proxy, control-plane pods); default true. */
  systemPods?: boolean;
  /** Same as `addons: ['metrics-server']`. */
  metricsServer?: boolean;
  /**
   * Add-ons enabled at start, as `minikube start --addons ingress,metrics-server`: their
   * objects are created through the API during the boot, their images preloaded, so their pods
   * run on handover. Not enabled by default, as on minikube. metrics-server serves
   * metrics.k8s.io (`kubectl top`, HPAs) once its pod is Ready.
   */
  addons?: ClusterAddon[];
  /**
   * Rebuilds the cluster a snapshot was taken of instead of booting a new one: the store (every
   * object with its resourceVersion), the clock's time and the random generator's state. Nodes
   * come from the store (`nodes`, `nodeShape` and `seed` are ignored); controllers, the scheduler
   * and kubelets start on the restored store as after a restart, and kubelets adopt the pods
   * bound to their node, running containers included.
   */
  restore?: ClusterSnapshot;
}

/** The minikube add-ons a cluster can boot with. */
export type ClusterAddon = 'ingress' | 'metrics-server';
export const CLUSTER_ADDONS: readonly ClusterAddon[] = ['ingress', 'metrics-server'];

/** Virtual time a fresh cluster runs before it is handed over, so its system pods are up. */
export const BOOT_MS = 30_000;

export interface ClusterSnapshot {
  version: 1;
  store: StoreSnapshot;
  clockMs: number;
  random: [number, number, number, number];
  /** Written by older versions; the add-on's state is now its objects in the store. */
  metricsServer?: boolean;
  /** Nodes whose kubelet was stopped (`KubeletSet.stop`); absent when none was. */
  stoppedKubelets?: string[];
}

/** Throws when `snap` is not a snapshot this version can restore. */
export function checkSnapshot(snap: unknown): asserts snap is ClusterSnapshot {
  const s = snap as Partial<ClusterSnapshot> | null;
  if (!s || typeof s !== 'object') throw new Error('not a cluster snapshot');
  if (s.version !== 1) throw new Error(`unsupported snapshot version ${String(s.version)}`);
  if (!Number.isFinite(s.clockMs)) throw new Error('snapshot has no clock time');
  const r = s.random;
  if (!Array.isArray(r) || r.length !== 4 || !r.every((n) => Number.isInteger(n)))
    throw new Error('snapshot has no random state');
  if (!s.store || typeof s.store !== 'object' || typeof s.store.resources !== 'object')
    throw new Error('snapshot has no store');
  const stopped = s.stoppedKubelets;
  if (
    stopped !== undefined &&
    !(Array.isArray(stopped) && stopped.every((n) => typeof n === 'string'))
  )
    throw new Error('snapshot has a malformed list of stopped kubelets');
}

export class Cluster {
  readonly clock: VirtualClock;
  readonly random: Random;
  readonly store: MemoryStore;
  readonly registry: TypeRegistry;
  readonly api: APIServer;
  readonly client: Client;
  readonly controllers: Controller[];
  readonly scheduler: Scheduler;
  /** Pod IPs, DNS and Service routing. */
  readonly network: ClusterNetworkImpl;
  /** What controllers, the scheduler and kubelets share: store, client, recorder, clock. */
  readonly context: ControllerContext;
  /** One kubelet per node; stop/start them by node name. */
  readonly kubelets: KubeletSet;
  /** The metrics-server add-on's scraper and API; it serves while the add-on's pod is Ready. */
  readonly metrics: MetricsServer;

  constructor(opts: ClusterOptions = {}) {
    const snap = opts.restore;
    if (snap) checkSnapshot(snap);
    const boots = !snap && (opts.systemPods ?? true);
    // The boot runs in the moments before the requested epoch, so a new cluster's "now" is it.
    const epoch = opts.epochMs ?? Date.UTC(2025, 0, 1);
    this.clock = new VirtualClock(snap ? snap.clockMs : boots ? epoch - BOOT_MS : epoch);
    this.random = new Random(opts.seed ?? 1);
    this.store = new MemoryStore();
    // Restored before anything watches or allocates: every component starts on the old state
    // (listing it as after a restart), and the API server's and network's allocators load it.
    if (snap) {
      this.random.setState(snap.random);
      this.store.restore(snap.store);
    }
    this.registry = new TypeRegistry();
    this.api = new APIServer({
      store: this.store,
      clock: this.clock,
      random: this.random,
      registry: this.registry,
      hooks: opts.hooks,
      serverAddress: opts.serverAddress,
    });
    this.client = new Client(this.api);
    const ctx: ControllerContext = {
      store: this.store,
      client: this.client,
      registry: this.registry,
      clock: this.clock,
      random: this.random,
      recorder: new EventRecorder(this.client, this.registry, this.clock),
    };
    this.context = ctx;
    this.network = new ClusterNetworkImpl(this.store, this.clock, this.random);
    this.controllers = createControllers(ctx);
    for (const c of this.controllers) c.start();
    // Node agents, the scheduler and the network start here, after the controller manager.
    this.scheduler = startScheduler(ctx);
    if (!snap) {
      bootstrapCluster(this.client, this.registry, {
        nodes: Math.max(1, opts.nodes ?? 1),
        shape: opts.nodeShape ?? DEFAULT_NODE,
        timestamp: this.clock.timestamp(),
      });
    }
    // Kubelets start once their nodes exist; they serve logs and exec through the hooks.
    this.kubelets = startKubelets(ctx, this.network, this.api.ctx);
    // A kubelet stopped before the save stays stopped: it adopts its pods' running containers
    // (they ran on without it) but reports nothing, so its node goes, or stays, NotReady.
    for (const name of snap?.stoppedKubelets ?? []) this.kubelets.stop(name);
    this.metrics = new MetricsServer(this.clock, this.store, this.kubelets);
    this.api.ctx.hooks.metrics ??= this.metrics.handle;
    this.metrics.install(this.registry);
    if (boots) {
      preloadSystemImages(this.kubelets);
      this.settle();
      bootstrapSystemWorkloads(this.client, this.registry, this.clock.timestamp());
      if (opts.addons?.includes('ingress')) {
        preloadImages(this.kubelets, INGRESS_ADDON_IMAGES);
        enableIngressAddon(this.api);
      }
      if (opts.metricsServer || opts.addons?.includes('metrics-server')) {
        preloadImages(this.kubelets, METRICS_SERVER_ADDON_IMAGES);
        enableMetricsServerAddon(this.api);
      }
      // The cluster has been up for a moment when the learner arrives: system pods are Running.
      this.advance(BOOT_MS);
    }
    if (!boots && !snap && opts.addons?.includes('ingress')) enableIngressAddon(this.api);
    if (!boots && !snap && (opts.metricsServer || opts.addons?.includes('metrics-server')))
      enableMetricsServerAddon(this.api);
    this.settle();
  }

  /**
   * Loads what `req` needs that the cluster does not carry from the start (see
   * apiserver/request.ts `prepareRequest`); await it before `handle` when it is not undefined.
   */
  prepare(req: ApiRequest): Promise<void> | undefined {
    return prepareRequest(req);
  }

  /** Handles one API request and lets the work it caused at this instant run. */
  handle(req: ApiRequest): ApiResponse {
    const res = this.api.handle(req);
    this.settle();
    return res;
  }

  /** Runs every timer due now, without moving time. */
  settle(): void {
    this.clock.tick(0);
  }

  /** Advances virtual time, running everything due on the way. */
  advance(ms: number): void {
    this.clock.tick(ms);
  }

  snapshot(): ClusterSnapshot {
    const stopped = this.kubelets.stopped();
    return {
      version: 1,
      store: this.store.snapshot(),
      clockMs: this.clock.now(),
      random: this.random.state(),
      ...(stopped.length ? { stoppedKubelets: stopped } : {}),
    };
  }
}

export function createCluster(opts: ClusterOptions = {}): Cluster {
  return new Cluster(opts);
}
