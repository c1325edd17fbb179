/**
 * LoadBalancer Services get an external IP as `minikube tunnel` gives one on Linux: the
 * Service's own ClusterIP, routed from the host. Without it EXTERNAL-IP would stay <pending>.
 */
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';

interface ServiceLike {
  spec?: { type?: string; clusterIP?: string };
  status?: { loadBalancer?: { ingress?: { ip?: string; ipMode?: string }[] } };
}

export class ServiceLBController implements Controller {
  readonly name = 'service-lb-controller';
  private queue: WorkQueue;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
  }

  start(): void {
    this.ctx.store.watch('services', {}, (ev) => {
      if (ev.type === 'DELETED') return;
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/');
    const svc = this.ctx.store.get('services', ns, name);
    if (!svc) return;
    const s = svc as unknown as ServiceLike;
    const want =
      s.spec?.type === 'LoadBalancer' && s.spec.clusterIP
        ? [{ ip: s.spec.clusterIP, ipMode: 'VIP' }]
        : undefined;
    const have = s.status?.loadBalancer?.ingress;
    if (JSON.stringify(want ?? []) === JSON.stringify(have ?? [])) return;
    const rt = this.ctx.registry.byResource('', 'v1', 'services')!;
    const next = structuredClone(svc);
    next.status = { loadBalancer: want ? { ingress: want } : {} };
    this.ctx.client.update(rt, next, 'status');
  }
}
