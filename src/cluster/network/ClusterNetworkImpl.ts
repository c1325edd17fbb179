/**
 * The cluster network: pod IPs, DNS and Service routing joined into simulated HTTP. A request
 * from a pod (wget, curl) or from outside (a NodePort on a node's IP, a LoadBalancer IP) is
 * resolved, routed by kube-proxy's rules to a ready endpoint, and answered by the container
 * listening there; listeners hear of every request, for the diagram.
 */
import type { KubeObject } from '../api/types';
import type { Random } from '../clock/Random';
import type { VirtualClock } from '../clock/VirtualClock';
import type { HttpRequest, HttpResponse, NetworkClient } from '../runtime/types';
import type { Store } from '../store/types';
import { resolve } from './dns';
import { PodIPAM } from './ipam';
import { ServiceProxy } from './proxy';
import type { ClusterNetwork, PodEndpoint, ServedRequest } from './types';

type Listener = (from: string, to: string, req: HttpRequest, res: HttpResponse) => void;
type ServedListener = (served: ServedRequest) => void;

interface ParsedUrl {
  host: string;
  port: number;
  path: string;
}

export function parseUrl(url: string): ParsedUrl | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)$/.exec(url.trim());
  if (!m) return undefined;
  const scheme = m[1] ?? 'http';
  return {
    host: m[2],
    port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80,
    path: m[4] || '/',
  };
}

function nameKey(ep: PodEndpoint): string {
  return `${ep.namespace}/${ep.name}`;
}

export class ClusterNetworkImpl implements ClusterNetwork {
  private ipam = new PodIPAM();
  private pods = new Map<string, PodEndpoint>();
  /** The endpoints by "namespace/name", each by IP in registration order. */
  private podsByName = new Map<string, Map<string, PodEndpoint>>();
  private listeners = new Set<Listener>();
  private servedListeners = new Set<ServedListener>();
  readonly proxy: ServiceProxy;

  constructor(
    private store: Store,
    clock: VirtualClock,
    random: Random,
  ) {
    this.proxy = new ServiceProxy(store, clock, random);
    for (const pod of store.list('pods').items) {
      const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
      if (ip && !(pod.spec as { hostNetwork?: boolean }).hostNetwork) this.ipam.mark(ip);
    }
  }

  allocatePodIP(node: string): string {
    const n = this.store.get('nodes', '', node);
    const cidr = (n?.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '10.244.0.0/24';
    return this.ipam.allocate(cidr);
  }

  releasePodIP(ip: string): void {
    this.ipam.release(ip);
  }

  registerPod(ep: PodEndpoint): void {
    const prior = this.pods.get(ep.ip);
    if (prior && nameKey(prior) !== nameKey(ep)) this.forgetName(prior);
    this.pods.set(ep.ip, ep);
    const key = nameKey(ep);
    let byIP = this.podsByName.get(key);
    if (!byIP) this.podsByName.set(key, (byIP = new Map()));
    byIP.set(ep.ip, ep);
  }

  unregisterPod(ip: string): void {
    const prior = this.pods.get(ip);
    if (prior) this.forgetName(prior);
    this.pods.delete(ip);
  }

  private forgetName(ep: PodEndpoint): void {
    const key = nameKey(ep);
    const byIP = this.podsByName.get(key);
    byIP?.delete(ep.ip);
    if (byIP?.size === 0) this.podsByName.delete(key);
  }

  onRequest(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onServed(listener: ServedListener): () => void {
    this.servedListeners.add(listener);
    return () => this.servedListeners.delete(listener);
  }

  clientFor(namespace: string, podName: string): NetworkClient {
    const from = `${namespace}/${podName}`;
    const self = this.podByName(namespace, podName);
    return {
      resolve: (name) => resolve(this.store, namespace, name),
      http: (req) => this.send(from, self?.ip ?? '', namespace, req),
    };
  }

  fromOutside(req: HttpRequest): HttpResponse | { error: string } {
    return this.send('outside', '', 'default', req);
  }

  private podByName(ns: string, name: string): PodEndpoint | undefined {
    const byIP = this.podsByName.get(`${ns}/${name}`);
    return byIP?.values().next().value;
  }

  private nodeIPs(): Set<string> {
    const ips = new Set<string>();
    for (const n of this.store.list('nodes').items) {
      for (const a of (n.status as { addresses?: { type: string; address: string }[] })
        ?.addresses ?? []) {
        if (a.type === 'InternalIP') ips.add(a.address);
      }
    }
    return ips;
  }

  private send(
    from: string,
    clientIP: string,
    ns: string,
    req: HttpRequest,
  ): HttpResponse | { error: string } {
    const url = parseUrl(req.url);
    if (!url) return { error: `bad address '${req.url}'` };
    const answer = resolve(this.store, ns, url.host);
    if ('error' in answer) return { error: `bad address '${url.host}'` };
    const ip = answer.ips[0];
    let target: { ip: string; port: number } | undefined;
    let svc: KubeObject | undefined = this.proxy.serviceAt(ip);
    if (svc) {
      const r = this.proxy.route(svc, (p) => p.port === url.port, clientIP || from);
      if ('error' in r)
        return { error: `can't connect to remote host (${ip}): Connection refused` };
      target = r;
    } else if (this.nodeIPs().has(ip)) {
      svc = this.proxy.serviceAtNodePort(url.port);
      if (!svc) return { error: `can't connect to remote host (${ip}): Connection refused` };
      const r = this.proxy.route(svc, (p) => p.nodePort === url.port, clientIP || from);
      if ('error' in r)
        return { error: `can't connect to remote host (${ip}): Connection refused` };
      target = r;
    } else {
      target = { ip, port: url.port };
    }
    const pod = this.pods.get(target.ip);
    const container = pod?.containers.find((c) => c.process.listens(target.port));
    if (!pod || !container) {
      return { error: `can't connect to remote host (${target.ip}): Connection refused` };
    }
    const res = container.process.http(target.port, req);
    if (!res) return { error: `can't connect to remote host (${target.ip}): Connection refused` };
    const answered: HttpResponse = { ...res, servedBy: `${pod.namespace}/${pod.name}` };
    for (const l of this.listeners) l(from, answered.servedBy!, req, answered);
    // Only requests that went through a Service (ClusterIP, NodePort, LoadBalancer IP): the
    // diagram draws those as a pulse along the Service's edge to the pod that answered.
    if (svc && this.servedListeners.size) {
      const served: ServedRequest = {
        service: { namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '' },
        pod: { namespace: pod.namespace, name: pod.name },
      };
      for (const l of this.servedListeners) l(served);
    }
    return answered;
  }
}
