/**
 * minikube's metrics-server add-on (sigs.k8s.io/metrics-server): it scrapes every kubelet's
 * stats on the virtual clock and serves the resource metrics API, metrics.k8s.io/v1beta1
 * (PodMetrics and NodeMetrics), that `kubectl top` and the HorizontalPodAutoscaler read.
 *
 * It lives in the metrics-server pod the add-on's Deployment runs in kube-system
 * (`addons/metricsServer.ts`): it scrapes while that pod's container runs, and the API server
 * serves (and discovery lists) metrics.k8s.io only while the pod is Ready, as the aggregator
 * routes to the APIService's Service. The pod turns Ready once the first metric window is full
 * (its /readyz), so the API never answers without metrics to give.
 *
 * Simulated containers report their current use only (no cumulative CPU counter), so each scrape
 * samples it, and a metric is the mean of the samples of the last window. Quantities are printed
 * as metrics-server prints them: CPU in nanocores ("1234567n", canonical: "5m"), memory in bytes
 * with a binary suffix when exact ("10240Ki").
 */
import { methodNotAllowed, notFound } from '../api/errors';
import { formatQuantity } from '../api/quantity';
import type { ResourceType, TypeRegistry } from '../api/registry';
import { parseLabelSelector } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { jsonResponse } from '../apiserver/request';
import type { ApiRequest, ApiResponse, ResourcePath } from '../apiserver/types';
import type { TimerHandle, VirtualClock } from '../clock/VirtualClock';
import type { PodStats } from '../kubelet/Kubelet';
import type { Store } from '../store/types';
import { METRICS_SERVER_NAMESPACE, METRICS_SERVER_SELECTOR } from '../addons/metricsServer';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
/** metrics-server's --metric-resolution: the window each metric covers. */
export const METRIC_RESOLUTION_MS = 15_000;
/** Samples per window: a scrape every 5 s, three to a window. */
export const SAMPLES_PER_WINDOW = 3;
const SCRAPE_MS = METRIC_RESOLUTION_MS / SAMPLES_PER_WINDOW;
/** What a node spends outside its pods (kubelet, container runtime, system daemons). */
export const NODE_OVERHEAD = { cpuMillis: 100, memoryBytes: 300 * 1024 * 1024 };

/** The two kinds of the API group, as metrics-server's discovery lists them. */
export const METRICS_TYPES: readonly ResourceType[] = [
  {
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    kind: 'NodeMetrics',
    plural: 'nodes',
    singular: '',
    namespaced: false,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
    key: `nodes.${METRICS_GROUP}`,
  },
  {
    group: METRICS_GROUP,
    version: METRICS_VERSION,
    kind: 'PodMetrics',
    plural: 'pods',
    singular: '',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
    key: `pods.${METRICS_GROUP}`,
  },
];

/** What the metrics server scrapes: the node agents, by node name. */
export interface StatsSource {
  readonly kubelets: ReadonlyMap<string, { readonly isRunning: boolean; podStats(): PodStats[] }>;
}

interface Usage {
  cpuMillis: number;
  memoryBytes: number;
}

/** One scrape: per pod ("ns/name") its containers' use, per node the total. */
interface Sample {
  at: number;
  pods: Map<string, { node: string; containers: Map<string, Usage> }>;
  nodes: Map<string, Usage>;
}

/** A container's or node's use as the API reports it. */
export interface UsageQuantities {
  cpu: string;
  memory: string;
}

/** CPU in nanocores, canonical (metrics-server's NewScaledQuantity(n, -9)). */
export function cpuQuantity(millis: number): string {
  return formatQuantity(`${Math.max(0, Math.round(millis * 1e6))}n`);
}

/** Memory in bytes, BinarySI (metrics-server's NewQuantity(n, BinarySI)). */
export function memoryQuantity(bytes: number): string {
  const b = Math.max(0, Math.round(bytes));
  return formatQuantity({
    value: b,
    milli: b * 1000,
    format: 'BinarySI',
    nano: BigInt(b) * 10n ** 9n,
  });
}

function usageQuantities(u: Usage): UsageQuantities {
  return { cpu: cpuQuantity(u.cpuMillis), memory: memoryQuantity(u.memoryBytes) };
}

function addUsage(a: Usage, b: Usage): Usage {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes };
}

export class MetricsServer {
  private samples: Sample[] = [];
  private timer: TimerHandle | undefined;
  private checkTimer: TimerHandle | undefined;
  private served = false;
  private registry: TypeRegistry | undefined;

  constructor(
    private clock: VirtualClock,
    private store: Store,
    private source: StatsSource,
  ) {}

  /**
   * Follows the add-on's pod: scrapes while it runs and lists metrics.k8s.io in `registry` while
   * it is Ready. Nothing is scheduled while the add-on is off.
   */
  install(registry: TypeRegistry): void {
    this.registry = registry;
    const selector = parseLabelSelector(METRICS_SERVER_SELECTOR);
    this.store.watch('pods', { namespace: METRICS_SERVER_NAMESPACE, labelSelector: selector }, () =>
      this.queueCheck(),
    );
    this.store.watch(
      'services',
      { namespace: METRICS_SERVER_NAMESPACE, filter: (s) => s.metadata.name === 'metrics-server' },
      () => this.queueCheck(),
    );
    this.check();
  }

  /** Whether metrics.k8s.io is being served. */
  get available(): boolean {
    return this.served;
  }

  private queueCheck(): void {
    if (this.checkTimer) return;
    this.checkTimer = this.clock.schedule(() => {
      this.checkTimer = undefined;
      this.check();
    }, 0);
  }

  /** Level-triggered: reads the add-on's pods and Service, starts or stops scraping and serving. */
  private check(): void {
    const pods = this.store.list('pods', {
      namespace: METRICS_SERVER_NAMESPACE,
      labelSelector: parseLabelSelector(METRICS_SERVER_SELECTOR),
    }).items;
    const running = pods.filter((p) => !p.metadata.deletionTimestamp && containerRunning(p));
    if (running.length) this.start();
    else this.stop();
    const service = this.store.get('services', METRICS_SERVER_NAMESPACE, 'metrics-server');
    this.serve(!!service && running.some(podReady));
  }

  private serve(on: boolean): void {
    if (on === this.served || !this.registry) return;
    this.served = on;
    for (const t of METRICS_TYPES) {
      if (on) this.registry.add(t);
      else this.registry.remove(t.group, t.version, t.plural);
    }
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.scrape();
      this.timer = this.clock.schedule(tick, SCRAPE_MS);
    };
    this.timer = this.clock.schedule(tick, 0);
  }

  stop(): void {
    if (!this.timer) return;
    this.clock.cancel(this.timer);
    this.timer = undefined;
    this.samples = [];
  }

  /** One pass over the kubelets. */
  scrape(): void {
    const sample: Sample = { at: this.clock.now(), pods: new Map(), nodes: new Map() };
    for (const [node, k] of this.source.kubelets) {
      if (!k.isRunning) continue;
      let total: Usage = { ...NODE_OVERHEAD };
      for (const p of k.podStats()) {
        const containers = new Map<string, Usage>();
        for (const c of p.containers) {
          containers.set(c.name, { cpuMillis: c.cpuMillis, memoryBytes: c.memoryBytes });
          total = addUsage(total, c);
        }
        sample.pods.set(`${p.namespace}/${p.name}`, { node, containers });
      }
      sample.nodes.set(node, total);
    }
    this.samples.push(sample);
    const from = sample.at - METRIC_RESOLUTION_MS;
    this.samples = this.samples.filter((s) => s.at > from);
  }

  private latest(): Sample | undefined {
    return this.samples[this.samples.length - 1];
  }

  /** Mean use of a pod's containers over the window; undefined when the last scrape missed it. */
  podUsage(namespace: string, name: string): { name: string; usage: Usage }[] | undefined {
    const key = `${namespace}/${name}`;
    const last = this.latest()?.pods.get(key);
    if (!last) return undefined;
    return [...last.containers.keys()].map((c) => {
      const seen = this.samples
        .map((s) => s.pods.get(key)?.containers.get(c))
        .filter((u): u is Usage => u !== undefined);
      return { name: c, usage: mean(seen) };
    });
  }

  /** Mean use of a node over the window; undefined when its kubelet was not scraped. */
  nodeUsage(node: string): Usage | undefined {
    if (!this.latest()?.nodes.has(node)) return undefined;
    return mean(this.samples.map((s) => s.nodes.get(node)).filter((u): u is Usage => !!u));
  }

  // ------------------------------------------------------------------ the API

  /** ServerHooks.metrics: GET of /apis/metrics.k8s.io/v1beta1/... */
  handle = (req: ApiRequest, rt: ResourceType, rp: ResourcePath): ApiResponse => {
    if (req.method !== 'GET') {
      throw methodNotAllowed('the server does not allow this method on the requested resource');
    }
    const selector = parseLabelSelector(req.query?.labelSelector ?? '');
    if (rt.plural === 'nodes') {
      if (rp.name !== undefined) {
        const node = this.store.get('nodes', '', rp.name);
        const m = node && this.nodeMetrics(node);
        if (!m) throw notFound({ group: METRICS_GROUP, resource: 'nodes' }, rp.name);
        return json(m);
      }
      const items = this.store
        .list('nodes', { labelSelector: selector })
        .items.map((n) => this.nodeMetrics(n))
        .filter((m) => m !== undefined);
      return json(listOf('NodeMetricsList', items));
    }
    if (rp.name !== undefined) {
      const pod = this.store.get('pods', rp.namespace ?? '', rp.name);
      const m = pod && this.podMetrics(pod);
      if (!m) throw notFound({ group: METRICS_GROUP, resource: 'pods' }, rp.name);
      return json(m);
    }
    const pods = this.store.list('pods', { namespace: rp.namespace, labelSelector: selector });
    const items = pods.items.map((p) => this.podMetrics(p)).filter((m) => m !== undefined);
    return json(listOf('PodMetricsList', items));
  };

  private meta(obj: KubeObject): Record<string, unknown> {
    const meta: Record<string, unknown> = { name: obj.metadata.name };
    if (obj.metadata.namespace) meta.namespace = obj.metadata.namespace;
    meta.creationTimestamp = this.clock.timestamp();
    if (obj.metadata.labels) meta.labels = obj.metadata.labels;
    return meta;
  }

  private stamp(): { timestamp: string; window: string } {
    const at = this.latest()?.at ?? this.clock.now();
    return {
      timestamp: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
      window: `${METRIC_RESOLUTION_MS / 1000}s`,
    };
  }

  podMetrics(pod: KubeObject): object | undefined {
    const containers = this.podUsage(pod.metadata.namespace ?? '', pod.metadata.name!);
    if (!containers) return undefined;
    return {
      kind: 'PodMetrics',
      apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`,
      metadata: this.meta(pod),
      ...this.stamp(),
      containers: containers.map((c) => ({ name: c.name, usage: usageQuantities(c.usage) })),
    };
  }

  nodeMetrics(node: KubeObject): object | undefined {
    const usage = this.nodeUsage(node.metadata.name!);
    if (!usage) return undefined;
    return {
      kind: 'NodeMetrics',
      apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`,
      metadata: this.meta(node),
      ...this.stamp(),
      usage: usageQuantities(usage),
    };
  }
}

function containerRunning(pod: KubeObject): boolean {
  const st = pod.status as {
    phase?: string;
    containerStatuses?: { state?: { running?: unknown } }[];
  };
  return st?.phase === 'Running' && !!st.containerStatuses?.some((c) => c.state?.running);
}

function podReady(pod: KubeObject): boolean {
  const conds = (pod.status as { conditions?: { type: string; status: string }[] })?.conditions;
  return !!conds?.some((c) => c.type === 'Ready' && c.status === 'True');
}

function mean(us: Usage[]): Usage {
  const n = Math.max(1, us.length);
  const sum = us.reduce(addUsage, { cpuMillis: 0, memoryBytes: 0 });
  return { cpuMillis: sum.cpuMillis / n, memoryBytes: sum.memoryBytes / n };
}

function listOf(kind: string, items: object[]): object {
  return {
    kind,
    apiVersion: `${METRICS_GROUP}/${METRICS_VERSION}`,
    metadata: {},
    items,
  };
}

function json(body: unknown): ApiResponse {
  return jsonResponse(200, body);
}
