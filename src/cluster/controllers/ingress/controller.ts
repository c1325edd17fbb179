/**
 * What ingress-nginx's controller process does through the API while the `ingress` add-on's
 * controller pod is Ready (the routing itself is the network's: network/ingress.ts):
 *
 * - its informers report every Ingress of its class, on add and on each update, with a
 *   `Normal Sync "Scheduled for sync"` Event from `nginx-ingress-controller` (store.go); a new
 *   controller process lists them all again, so each gets one more;
 * - its status sync (internal/ingress/status) runs when it becomes leader and then every 60 s
 *   (`UpdateInterval`), writing the InternalIPs of the nodes its pods run on
 *   (`--report-node-internal-ip-address`) into status.loadBalancer.ingress;
 * - on shutdown, the last controller pod clears those addresses again.
 *
 * Nothing happens without the add-on: no controller pod, no events, no addresses.
 */
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import type { SyncResult } from '../../client/WorkQueue';
import { isNginxIngress } from '../../network/ingress';
import type { Controller, ControllerContext } from '../types';

/** ingress-nginx's status.UpdateInterval. */
export const STATUS_UPDATE_INTERVAL_MS = 60_000;

const NAMESPACE = 'ingress-nginx';
const SOURCE = { component: 'nginx-ingress-controller' };
const STATUS_KEY = '~status';
const INGRESSES = 'ingresses.networking.k8s.io';
const CLASSES = 'ingressclasses.networking.k8s.io';

interface PodLike {
  spec?: { nodeName?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

function isReady(pod: KubeObject): boolean {
  const p = pod as unknown as PodLike;
  if (pod.metadata.deletionTimestamp) return false;
  return !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

function isControllerPod(pod: KubeObject): boolean {
  const l = pod.metadata.labels ?? {};
  return (
    l['app.kubernetes.io/name'] === 'ingress-nginx' &&
    l['app.kubernetes.io/component'] === 'controller'
  );
}

export class IngressNginxController implements Controller {
  readonly name = 'ingress-nginx-controller';
  private queue: WorkQueue;
  /** The resourceVersion of each Ingress the running controller process has reported. */
  private seen = new Map<string, string>();
  /** The uid of the pod playing the leader, while one is Ready. */
  private leader: string | undefined;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
  }

  start(): void {
    const { store } = this.ctx;
    store.watch(INGRESSES, {}, (ev) => {
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
    store.watch(CLASSES, {}, () => this.enqueueAll());
    store.watch('pods', { namespace: NAMESPACE }, (ev) => {
      if (isControllerPod(ev.object) || (ev.prev && isControllerPod(ev.prev))) this.checkLeader();
    });
    this.checkLeader();
  }

  private readyControllerPods(): KubeObject[] {
    return this.ctx.store
      .list('pods', { namespace: NAMESPACE })
      .items.filter((p) => isControllerPod(p) && isReady(p))
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  /** A new controller process (or none): its informers start over, its status sync runs now. */
  private checkLeader(): void {
    const leader = this.readyControllerPods()[0]?.metadata.uid;
    if (leader === this.leader) return;
    this.leader = leader;
    this.seen.clear();
    this.queue.add(STATUS_KEY);
    if (leader) this.enqueueAll();
  }

  private enqueueAll(): void {
    for (const ing of this.ctx.store.list(INGRESSES).items)
      this.queue.add(`${ing.metadata.namespace}/${ing.metadata.name}`);
  }

  private ours(ing: KubeObject): boolean {
    return isNginxIngress(ing, this.ctx.store.list(CLASSES).items);
  }

  private sync(key: string): SyncResult {
    if (key === STATUS_KEY) return this.syncStatus();
    if (!this.leader) return;
    const [ns, name] = key.split('/');
    const ing = this.ctx.store.get(INGRESSES, ns, name);
    if (!ing) {
      this.seen.delete(key);
      return;
    }
    if (!this.ours(ing)) return;
    const rv = ing.metadata.resourceVersion ?? '';
    if (this.seen.get(key) === rv) return;
    this.seen.set(key, rv);
    this.ctx.recorder.event(SOURCE, ing, 'Normal', 'Sync', 'Scheduled for sync');
  }

  /** The addresses of the nodes the controller pods run on, as the status sync reports them. */
  private runningAddresses(): string[] {
    const ips = new Set<string>();
    for (const pod of this.readyControllerPods()) {
      const node = this.ctx.store.get(
        'nodes',
        '',
        (pod as unknown as PodLike).spec?.nodeName ?? '',
      );
      const addrs = (
        node?.status as { addresses?: { type: string; address: string }[] } | undefined
      )?.addresses;
      const ip = addrs?.find((a) => a.type === 'InternalIP')?.address;
      if (ip) ips.add(ip);
    }
    return [...ips].sort();
  }

  private syncStatus(): SyncResult {
    const want = this.leader ? this.runningAddresses().map((ip) => ({ ip })) : [];
    const rt = this.ctx.registry.byResource('networking.k8s.io', 'v1', 'ingresses');
    if (!rt) return;
    for (const ing of this.ctx.store.list(INGRESSES).items) {
      if (!this.ours(ing)) continue;
      const have =
        (ing.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer
          ?.ingress ?? [];
      // Without a controller only the addresses it wrote are taken back (upstream's shutdown).
      if (!this.leader && have.length === 0) continue;
      if (JSON.stringify(have) === JSON.stringify(want)) continue;
      const next = structuredClone(ing);
      next.status = { loadBalancer: want.length ? { ingress: want } : {} };
      try {
        this.ctx.client.update(rt, next, 'status');
      } catch {
        // A conflict or a deleted Ingress: the next round looks again.
      }
    }
    return this.leader ? STATUS_UPDATE_INTERVAL_MS : undefined;
  }
}
