/**
 * The node agents: one Kubelet per node, and the ServerHooks through which the API server asks
 * them for logs and exec.
 */
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ServerHooks } from '../apiserver/context';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { ControllerContext } from '../controllers/types';
import type { ClusterNetwork } from '../network/types';
import { defaultRegistry } from '../runtime/images';
import type { ImageRegistry } from '../runtime/images';
import { Kubelet } from './Kubelet';
import type { RuntimeTimings } from './types';

export { Kubelet, LEASE_RENEW_MS, NODE_STATUS_REPORT_MS } from './Kubelet';
export type { PodStats } from './Kubelet';
export { DEFAULT_TIMINGS } from './types';
export type { RuntimeTimings } from './types';

export interface KubeletSetOptions {
  registry?: ImageRegistry;
  timings?: Partial<RuntimeTimings>;
}

/** Every node's kubelet, by node name; stop/start one for the chaos buttons. */
export class KubeletSet {
  readonly kubelets = new Map<string, Kubelet>();

  constructor(
    private ctx: ControllerContext,
    private network: ClusterNetwork,
    private opts: KubeletSetOptions = {},
  ) {}

  /** Starts a kubelet for a node (idempotent). */
  add(nodeName: string): Kubelet {
    let k = this.kubelets.get(nodeName);
    if (!k) {
      k = new Kubelet(this.ctx, this.network, nodeName, {
        registry: this.opts.registry ?? defaultRegistry,
        timings: this.opts.timings,
      });
      this.kubelets.set(nodeName, k);
      k.start();
    }
    return k;
  }

  get(nodeName: string): Kubelet | undefined {
    return this.kubelets.get(nodeName);
  }

  stop(nodeName: string): void {
    this.kubelets.get(nodeName)?.stop();
  }

  start(nodeName: string): void {
    this.kubelets.get(nodeName)?.start();
  }

  /** The nodes whose kubelet is stopped, in the order the kubelets were added. */
  stopped(): string[] {
    return [...this.kubelets].filter(([, k]) => !k.isRunning).map(([name]) => name);
  }

  private forPod(pod: KubeObject, container: string): Kubelet {
    const node = (pod.spec as { nodeName?: string }).nodeName;
    const k = node ? this.kubelets.get(node) : undefined;
    if (!node) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
    if (!k || !k.isRunning) {
      throw badRequest(
        `Get "https://${node}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${container}": dial tcp: connect: connection refused`,
      );
    }
    return k;
  }

  podLog = (pod: KubeObject, container: string, req: ApiRequest): ApiResponse => {
    const node = (pod.spec as { nodeName?: string }).nodeName;
    if (!node) return { status: 200, headers: { 'content-type': 'text/plain' }, body: '' };
    return this.forPod(pod, container).podLog(pod, container, req);
  };

  podExec = (pod: KubeObject, container: string, req: ApiRequest): ApiResponse =>
    this.forPod(pod, container).podExec(pod, container, req);
}

/** Starts one kubelet per node in the store and plugs logs and exec into the API server. */
export function startKubelets(
  ctx: ControllerContext,
  network: ClusterNetwork,
  api: { hooks: ServerHooks },
  opts: KubeletSetOptions = {},
): KubeletSet {
  const set = new KubeletSet(ctx, network, opts);
  for (const n of ctx.store.list('nodes').items) set.add(n.metadata.name!);
  api.hooks.podLog ??= set.podLog;
  api.hooks.podExec ??= set.podExec;
  return set;
}
