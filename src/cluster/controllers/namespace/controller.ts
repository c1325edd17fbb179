/**
 * The namespace controller (pkg/controller/namespace): a namespace marked for deletion has every
 * object in it deleted; when none remain, its "kubernetes" finalizer is removed and it goes.
 */
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';

/** How soon to look again while content is still going away (upstream estimates similarly). */
const RECHECK_MS = 1000;

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  private queue: WorkQueue;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncNamespace(key));
  }

  start(): void {
    this.ctx.store.watch('namespaces', {}, (ev) => {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) {
        this.queue.add(ev.object.metadata.name!);
      }
    });
    for (const ns of this.ctx.store.list('namespaces').items) {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    }
  }

  private syncNamespace(name: string): void | number {
    const ns = this.ctx.store.get('namespaces', '', name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    const seen = new Set<string>();
    for (const rt of this.ctx.registry.all()) {
      if (!rt.namespaced || seen.has(rt.key) || !rt.verbs.includes('delete')) continue;
      seen.add(rt.key);
      for (const o of this.ctx.store.list(rt.key, { namespace: name }).items) {
        remaining++;
        if (o.metadata.deletionTimestamp) continue;
        try {
          this.ctx.client.delete(rt, name, o.metadata.name!, { propagationPolicy: 'Background' });
        } catch {
          // Gone already, or refused for now: the next pass looks again.
        }
      }
    }
    if (remaining > 0) {
      // Deletions that took effect at once leave nothing to wait for.
      if (this.countRemaining(name) > 0) return RECHECK_MS;
    }
    this.finalize(ns);
  }

  private countRemaining(name: string): number {
    let n = 0;
    const seen = new Set<string>();
    for (const rt of this.ctx.registry.all()) {
      if (!rt.namespaced || seen.has(rt.key)) continue;
      seen.add(rt.key);
      n += this.ctx.store.count(rt.key, name);
    }
    return n;
  }

  private finalize(ns: KubeObject): void {
    const rt = this.ctx.registry.byResource('', 'v1', 'namespaces')!;
    const finalizers = ((ns.spec as { finalizers?: string[] })?.finalizers ?? []).filter(
      (f) => f !== 'kubernetes',
    );
    this.ctx.client.update(
      rt,
      { ...ns, spec: { ...(ns.spec as object), finalizers } } as KubeObject,
      'finalize',
    );
  }
}
