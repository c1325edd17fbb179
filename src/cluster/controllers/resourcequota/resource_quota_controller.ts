/**
 * The resource quota controller (pkg/controller/resourcequota): keeps each ResourceQuota's
 * status current — `hard` copied from the spec, `used` counted from the namespace's objects —
 * so `kubectl describe quota` shows Used / Hard and `kubectl get quota` its REQUEST / LIMIT
 * columns. Upstream recalculates on changes to the quota and to the objects it counts (and
 * every five minutes); the admission plugin refuses creates that would exceed it.
 */
import type { KubeObject } from '../../api/types';
import { formatAmount } from '../../apiserver/admission/resources';
import { namespaceUsage } from '../../apiserver/admission/resourceQuota';
import { WorkQueue } from '../../client/WorkQueue';
import { clone, isNotFoundOrConflict } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';

/** The kinds whose objects a quota may count. */
const COUNTED = [
  'pods',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'replicationcontrollers',
  'resourcequotas',
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'cronjobs.batch',
];

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota-controller';
  private queue: WorkQueue;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncResourceQuota(key));
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('resourcequotas', {}, (ev) => {
      if (ev.type !== 'DELETED')
        this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
    for (const resource of COUNTED) {
      if (resource === 'resourcequotas') continue;
      store.watch(resource, {}, (ev) => this.enqueueNamespace(ev.object.metadata.namespace));
    }
    for (const q of store.list('resourcequotas').items)
      this.queue.add(`${q.metadata.namespace}/${q.metadata.name}`);
  }

  private enqueueNamespace(ns: string | undefined): void {
    if (!ns) return;
    for (const q of this.ctx.store.list('resourcequotas', { namespace: ns }).items)
      this.queue.add(`${ns}/${q.metadata.name}`);
  }

  /** syncResourceQuota: status.hard from the spec, status.used recounted. */
  private syncResourceQuota(key: string): void {
    const [ns, name] = key.split('/');
    const quota = this.ctx.store.get('resourcequotas', ns, name);
    if (!quota || quota.metadata.deletionTimestamp) return;
    const hard = { ...((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) };
    const counted = namespaceUsage(this.ctx.store, this.ctx.registry.all(), ns, Object.keys(hard));
    const used: Record<string, string> = {};
    for (const r of Object.keys(hard).sort()) used[r] = formatAmount(r, counted.get(r) ?? 0);
    const status = { hard: sortKeys(hard), used };
    if (JSON.stringify(status) === JSON.stringify(quota.status ?? {})) return;
    const rt = this.ctx.registry.byResource('', 'v1', 'resourcequotas')!;
    try {
      this.ctx.client.update(rt, { ...clone(quota), status } as KubeObject, 'status');
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
      this.queue.add(key);
    }
  }
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
