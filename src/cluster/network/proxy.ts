/**
 * kube-proxy's view of Services: which Service owns a ClusterIP, a NodePort or a LoadBalancer IP,
 * and which ready endpoint a connection goes to (a seeded random pick, as iptables mode's
 * probabilities; `sessionAffinity: ClientIP` keeps a client on one endpoint for its timeout).
 */
import type { KubeObject } from '../api/types';
import type { Random } from '../clock/Random';
import type { VirtualClock } from '../clock/VirtualClock';
import type { Store } from '../store/types';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
  targetPort?: number | string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  ports?: ServicePort[];
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
}

interface EndpointsSubset {
  addresses?: { ip: string; targetRef?: { name?: string; namespace?: string } }[];
  ports?: { name?: string; port: number; protocol?: string }[];
}

export interface Route {
  service: KubeObject;
  ip: string;
  port: number;
}

export type RouteResult = Route | { error: 'no-service' | 'no-endpoints' };

function key(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

export class ServiceProxy {
  private byClusterIP = new Map<string, string>();
  private byNodePort = new Map<number, string>();
  private byExternalIP = new Map<string, string>();
  private affinity = new Map<string, { ip: string; port: number; until: number }>();

  constructor(
    private store: Store,
    private clock: VirtualClock,
    private random: Random,
  ) {
    for (const svc of store.list('services').items) this.index(svc);
    store.watch('services', {}, (ev) => {
      if (ev.prev) this.unindex(ev.prev);
      if (ev.type !== 'DELETED') this.index(ev.object);
    });
  }

  private index(svc: KubeObject): void {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const k = key(svc);
    if (spec.clusterIP && spec.clusterIP !== 'None') this.byClusterIP.set(spec.clusterIP, k);
    for (const p of spec.ports ?? []) if (p.nodePort) this.byNodePort.set(p.nodePort, k);
    const ingress = (svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)
      ?.loadBalancer?.ingress;
    for (const i of ingress ?? []) if (i.ip) this.byExternalIP.set(i.ip, k);
  }

  private unindex(svc: KubeObject): void {
    const k = key(svc);
    for (const m of [this.byClusterIP, this.byExternalIP] as Map<string, string>[]) {
      for (const [ip, v] of m) if (v === k) m.delete(ip);
    }
    for (const [port, v] of this.byNodePort) if (v === k) this.byNodePort.delete(port);
  }

  /** The Service behind a ClusterIP or LoadBalancer IP, if any. */
  serviceAt(ip: string): KubeObject | undefined {
    const k = this.byClusterIP.get(ip) ?? this.byExternalIP.get(ip);
    return k ? this.get(k) : undefined;
  }

  serviceAtNodePort(port: number): KubeObject | undefined {
    const k = this.byNodePort.get(port);
    return k ? this.get(k) : undefined;
  }

  private get(k: string): KubeObject | undefined {
    const [ns, name] = k.split('/');
    return this.store.get('services', ns, name);
  }

  /** Picks the endpoint for a connection from `client` to the Service port `match`. */
  route(svc: KubeObject, match: (p: ServicePort) => boolean, client: string): RouteResult {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const port = (spec.ports ?? []).find(match);
    if (!port) return { error: 'no-service' };
    const ep = this.store.get('endpoints', svc.metadata.namespace!, svc.metadata.name!);
    const candidates: { ip: string; port: number }[] = [];
    for (const s of (ep?.subsets ?? []) as EndpointsSubset[]) {
      const p = (s.ports ?? []).find((x) =>
        port.name ? x.name === port.name : (s.ports ?? []).length === 1 || x.name === undefined,
      );
      if (!p) continue;
      for (const a of s.addresses ?? []) candidates.push({ ip: a.ip, port: p.port });
    }
    if (!candidates.length) return { error: 'no-endpoints' };
    const affinityKey = `${key(svc)}|${port.port}|${client}`;
    if (spec.sessionAffinity === 'ClientIP') {
      const sticky = this.affinity.get(affinityKey);
      if (sticky && sticky.until > this.clock.now() && candidates.some((c) => c.ip === sticky.ip)) {
        return { service: svc, ip: sticky.ip, port: sticky.port };
      }
    }
    const pick = candidates[this.random.int(candidates.length)];
    if (spec.sessionAffinity === 'ClientIP') {
      const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
      this.affinity.set(affinityKey, { ...pick, until: this.clock.now() + timeout * 1000 });
    }
    return { service: svc, ip: pick.ip, port: pick.port };
  }
}
