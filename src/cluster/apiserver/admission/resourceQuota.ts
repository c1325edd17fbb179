/**
 * ResourceQuota: a create that would take a namespace past a quota's hard limits is refused with
 * upstream's "exceeded quota" message; a pod that leaves out a request or limit a quota tracks
 * is refused with "must specify". Usage is counted from the store at admission time.
 */
import { forbidden } from '../../api/errors';
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/types';
import { containersOf, formatAmount, podAmount, quantityValue } from './resources';
import type { AdmissionPlugin } from './types';

const COMPUTE = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'cpu', 'memory'];

const OBJECT_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** What one object adds to each quota resource. */
export function usageOf(rt: ResourceType, obj: KubeObject): Map<string, number> {
  const u = new Map<string, number>();
  const countKey = `count/${rt.key}`;
  u.set(countKey, 1);
  const legacy = OBJECT_COUNTS[rt.key];
  if (rt.key === 'pods') {
    if (isTerminal(obj)) return new Map();
    u.set('pods', 1);
    for (const r of COMPUTE) {
      const [kind, res] = r.includes('.')
        ? (r.split('.') as ['requests' | 'limits', string])
        : ['requests' as const, r];
      u.set(r, podAmount(obj, kind, res));
    }
  } else if (legacy) {
    u.set(legacy, 1);
  }
  if (rt.key === 'services') {
    const type = (obj.spec as { type?: string; ports?: unknown[] } | undefined)?.type;
    const ports = ((obj.spec as { ports?: unknown[] } | undefined)?.ports ?? []).length;
    if (type === 'NodePort' || type === 'LoadBalancer') u.set('services.nodeports', ports);
    if (type === 'LoadBalancer') u.set('services.loadbalancers', 1);
  }
  if (rt.key === 'persistentvolumeclaims') {
    const req = (obj.spec as { resources?: { requests?: { storage?: string } } } | undefined)
      ?.resources?.requests?.storage;
    u.set('requests.storage', quantityValue(req));
  }
  return u;
}

/** The namespace's current use of the resources a quota names. */
export function namespaceUsage(
  store: Store,
  types: readonly ResourceType[],
  namespace: string,
  names: string[],
): Map<string, number> {
  const used = new Map<string, number>(names.map((n) => [n, 0]));
  const byKey = new Map(types.map((t) => [t.key, t]));
  const want = new Set<string>();
  for (const n of names) {
    if (n.startsWith('count/')) want.add(n.slice('count/'.length));
    else if (COMPUTE.includes(n) || n === 'pods') want.add('pods');
    else if (n.startsWith('services')) want.add('services');
    else if (n === 'requests.storage') want.add('persistentvolumeclaims');
    else if (OBJECT_COUNTS[n]) want.add(n);
  }
  for (const key of want) {
    const rt = byKey.get(key);
    if (!rt) continue;
    for (const obj of store.list(key, { namespace }).items) {
      if (obj.metadata.deletionTimestamp && key === 'pods') continue;
      for (const [r, v] of usageOf(rt, obj)) if (used.has(r)) used.set(r, used.get(r)! + v);
    }
  }
  return used;
}

export function createResourceQuota(types: () => readonly ResourceType[]): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    validate(attrs, { store }) {
      if (attrs.operation !== 'CREATE' || attrs.subresource || !attrs.rt.namespaced) return;
      const quotas = store.list('resourcequotas', { namespace: attrs.namespace }).items;
      if (!quotas.length) return;
      const gr = { group: attrs.rt.group, resource: attrs.rt.plural };
      const delta = usageOf(attrs.rt, attrs.object);
      for (const q of quotas) {
        const hard = ((q.spec as { hard?: Record<string, string> } | undefined)?.hard ??
          {}) as Record<string, string>;
        const name = q.metadata.name!;
        if (attrs.rt.key === 'pods') {
          const missing: string[] = [];
          for (const r of COMPUTE) {
            if (hard[r] === undefined) continue;
            const [kind, res] = r.includes('.') ? r.split('.') : ['requests', r];
            const lacking = containersOf(attrs.object)
              .filter((c) => c.resources?.[kind as 'requests' | 'limits']?.[res] === undefined)
              .map((c) => c.name);
            if (lacking.length) missing.push(`${r} for: ${lacking.join(',')}`);
          }
          if (missing.length) {
            throw forbidden(
              gr,
              attrs.name,
              `failed quota: ${name}: must specify ${missing.join('; ')}`,
            );
          }
        }
        const names = Object.keys(hard).filter((r) => delta.has(r));
        if (!names.length) continue;
        const used = namespaceUsage(store, types(), attrs.namespace, names);
        const over = names.filter((r) => used.get(r)! + delta.get(r)! > quantityValue(hard[r]));
        if (over.length) {
          const fmt = (m: (r: string) => string) =>
            over
              .sort()
              .map((r) => `${r}=${m(r)}`)
              .join(',');
          throw forbidden(
            gr,
            attrs.name,
            `exceeded quota: ${name}, requested: ${fmt((r) => formatAmount(r, delta.get(r)!))}, used: ${fmt((r) => formatAmount(r, used.get(r)!))}, limited: ${fmt((r) => hard[r])}`,
          );
        }
      }
    },
  };
}
