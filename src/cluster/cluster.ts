/**
 * createCluster(): the store, the API server, the controllers and the clock, wired together and
 * bootstrapped as a fresh minikube cluster. The same options give the same cluster.
 */
import { TypeRegistry } from './api/registry';
import { APIServer } from './apiserver/APIServer';
import type { ServerHooks } from './apiserver/context';
import type { ApiRequest, ApiResponse } from './apiserver/types';
import { bootstrapCluster, DEFAULT_NODE } from './bootstrap';
import { bootstrapSystemWorkloads, preloadSystemImages } from './bootSystem';
import type { NodeShape } from './bootstrap';
import { Client } from './client/Client';
import { Random } from './clock/Random';
import { VirtualClock } from './clock/VirtualClock';
import { EventRecorder } from './client/EventRecorder';
import { createControllers } from './controllers';
import { startKubelets } from './kubelet';
import { MetricsServer } from './metrics/MetricsServer';
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
  /** minikube's metrics-server add-on: serves metrics.k8s.io for `kubectl top` and HPAs. */
  metricsServer?: boolean;
}

/** Virtual time a fresh cluster runs before it is handed over, so its system pods are up. */
export const BOOT_MS = 30_000;

export interface ClusterSnapshot {
  version: 1;
  store: StoreSnapshot;
  clockMs: number;
  random: [number, number, number, number];
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
  /** The metrics-server add-on, when enabled. */
  readonly metrics: MetricsServer | undefined;

  constructor(opts: ClusterOptions = {}) {
    const boots = opts.systemPods ?? true;
    // The boot runs in the moments before the requested epoch, so a new cluster's "now" is it.
    const epoch = opts.epochMs ?? Date.UTC(2025, 0, 1);
    this.clock = new VirtualClock(boots ? epoch - BOOT_MS : epoch);
    this.random = new Random(opts.seed ?? 1);
    this.store = new MemoryStore();
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
    bootstrapCluster(this.client, this.registry, {
      nodes: Math.max(1, opts.nodes ?? 1),
      shape: opts.nodeShape ?? DEFAULT_NODE,
      timestamp: this.clock.timestamp(),
    });
    // Kubelets start once their nodes exist; they serve logs and exec through the hooks.
    this.kubelets = startKubelets(ctx, this.network, this.api.ctx);
    if (opts.metricsServer) {
      this.metrics = new MetricsServer(this.clock, this.store, this.kubelets);
      this.api.ctx.hooks.metrics ??= this.metrics.handle;
      this.metrics.install(this.registry);
    }
    if (boots) {
      preloadSystemImages(this.kubelets);
      this.settle();
      bootstrapSystemWorkloads(this.client, this.registry, this.clock.timestamp());
      // The cluster has been up for a moment when the learner arrives: system pods are Running.
      this.advance(BOOT_MS);
    }
    this.settle();
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
    return {
      version: 1,
      store: this.store.snapshot(),
      clockMs: this.clock.now(),
      random: this.random.state(),
    };
  }
}

export function createCluster(opts: ClusterOptions = {}): Cluster {
  return new Cluster(opts);
}
