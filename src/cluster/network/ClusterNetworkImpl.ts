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
import { isNginxIngress, nginxErrorPage, routeIngress } from './ingress';
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
  /** Pods' hostPorts: "node|hostPort" → the pod IP and container port behind it. */
  private hostPorts = new Map<string, { ip: string; port: number }>();
  /** IPs of the ingress-nginx controller pods: their ports 80 and 443 route by Ingress rules. */
  private ingressControllers = new Set<string>();
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
    this.indexPodSpec(ep);
  }

  unregisterPod(ip: string): void {
    const prior = this.pods.get(ip);
    if (prior) this.forgetName(prior);
    this.pods.delete(ip);
    this.unindexPodSpec(ip);
  }

  /** Indexes what the pod's spec says of the network: hostPorts, an ingress controller. */
  private indexPodSpec(ep: PodEndpoint): void {
    this.unindexPodSpec(ep.ip);
    const pod = this.store.get('pods', ep.namespace, ep.name);
    if (!pod) return;
    const spec = pod.spec as {
      containers?: { ports?: { containerPort: number; hostPort?: number }[] }[];
    };
    for (const c of spec.containers ?? [])
      for (const p of c.ports ?? [])
        if (p.hostPort)
          this.hostPorts.set(`${ep.node}|${p.hostPort}`, { ip: ep.ip, port: p.containerPort });
    const labels = pod.metadata.labels ?? {};
    if (
      labels['app.kubernetes.io/name'] === 'ingress-nginx' &&
      labels['app.kubernetes.io/component'] === 'controller'
    )
      this.ingressControllers.add(ep.ip);
  }

  private unindexPodSpec(ip: string): void {
    for (const [k, v] of this.hostPorts) if (v.ip === ip) this.hostPorts.delete(k);
    this.ingressControllers.delete(ip);
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

  /** Node InternalIPs, each with its node's name. */
  private nodeIPs(): Map<string, string> {
    const ips = new Map<string, string>();
    for (const n of this.store.list('nodes').items) {
      for (const a of (n.status as { addresses?: { type: string; address: string }[] })
        ?.addresses ?? []) {
        if (a.type === 'InternalIP') ips.set(a.address, n.metadata.name!);
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
      // A pod's hostPort on this node takes the port before kube-proxy's NodePorts.
      const hp = this.hostPorts.get(`${this.nodeIPs().get(ip)}|${url.port}`);
      if (hp) target = hp;
      else {
        svc = this.proxy.serviceAtNodePort(url.port);
        if (!svc) return { error: `can't connect to remote host (${ip}): Connection refused` };
        const r = this.proxy.route(svc, (p) => p.nodePort === url.port, clientIP || from);
        if ('error' in r)
          return { error: `can't connect to remote host (${ip}): Connection refused` };
        target = r;
      }
    } else {
      target = { ip, port: url.port };
    }
    const pod = this.pods.get(target.ip);
    const container = pod?.containers.find((c) => c.process.listens(target.port));
    if (!pod || !container) {
      return { error: `can't connect to remote host (${target.ip}): Connection refused` };
    }
    if (this.ingressControllers.has(target.ip) && (target.port === 80 || target.port === 443)) {
      const routed = this.throughIngress(from, clientIP, pod, url.host, req);
      if (routed) {
        if (svc) this.served(svc, pod);
        return routed;
      }
    }
    return this.deliver(from, pod, container, target.port, req, svc);
  }

  /** The request reaches a container; listeners hear who answered. */
  private deliver(
    from: string,
    pod: PodEndpoint,
    container: PodEndpoint['containers'][number],
    port: number,
    req: HttpRequest,
    svc: KubeObject | undefined,
  ): HttpResponse | { error: string } {
    const res = container.process.http(port, req);
    if (!res) return { error: `can't connect to remote host (${pod.ip}): Connection refused` };
    const answered: HttpResponse = { ...res, servedBy: `${pod.namespace}/${pod.name}` };
    for (const l of this.listeners) l(from, answered.servedBy!, req, answered);
    // Only requests that went through a Service (ClusterIP, NodePort, LoadBalancer IP): the
    // diagram draws those as a pulse along the Service's edge to the pod that answered.
    if (svc) this.served(svc, pod);
    return answered;
  }

  private served(svc: KubeObject, pod: PodEndpoint): void {
    if (!this.servedListeners.size) return;
    const served: ServedRequest = {
      service: { namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '' },
      pod: { namespace: pod.namespace, name: pod.name },
    };
    for (const l of this.servedListeners) l(served);
  }

  /**
   * ingress-nginx's proxying: the Ingress rule for Host and path picks a Service, whose ready
   * endpoint answers (nginx proxies to endpoints, not to the ClusterIP). Undefined when no rule
   * matches: the controller's own default server answers then (its 404 page).
   */
  private throughIngress(
    from: string,
    clientIP: string,
    controller: PodEndpoint,
    urlHost: string,
    req: HttpRequest,
  ): HttpResponse | undefined {
    const classes = this.store.list('ingressclasses.networking.k8s.io').items;
    const ingresses = this.store
      .list('ingresses.networking.k8s.io')
      .items.filter((i) => isNginxIngress(i, classes));
    const host = req.headers?.host ?? urlHost;
    const path = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(req.url)?.[1] ?? '/';
    const backend = routeIngress(ingresses, host, path);
    if (!backend) return undefined;
    const unavailable: HttpResponse = {
      status: 503,
      headers: { 'content-type': 'text/html', server: 'nginx' },
      body: nginxErrorPage(503, 'Service Temporarily Unavailable'),
      servedBy: `${controller.namespace}/${controller.name}`,
    };
    const svc = this.store.get('services', backend.namespace, backend.service);
    if (!svc) return unavailable;
    const { number, name } = backend.port;
    const r = this.proxy.route(
      svc,
      (p) => (number ? p.port === number : p.name === name),
      controller.ip,
    );
    if ('error' in r) return unavailable;
    const pod = this.pods.get(r.ip);
    const container = pod?.containers.find((c) => c.process.listens(r.port));
    if (!pod || !container) {
      return { ...unavailable, status: 502, body: nginxErrorPage(502, 'Bad Gateway') };
    }
    const client = clientIP || (from === 'outside' ? '192.168.49.1' : '');
    const forwarded: HttpRequest = {
      ...req,
      url: `http://${r.ip}:${r.port}${path}`,
      headers: {
        ...req.headers,
        host: host,
        'x-request-id': this.requestId(),
        'x-real-ip': client,
        'x-forwarded-for': client,
        'x-forwarded-host': host.replace(/:\d+$/, ''),
        'x-forwarded-port': '80',
        'x-forwarded-proto': 'http',
        'x-forwarded-scheme': 'http',
        'x-scheme': 'http',
      },
    };
    for (const l of this.listeners)
      l(from, `${controller.namespace}/${controller.name}`, req, { status: 0, body: '' });
    const res = this.deliver(
      `${controller.namespace}/${controller.name}`,
      pod,
      container,
      r.port,
      forwarded,
      svc,
    );
    if ('error' in res)
      return { ...unavailable, status: 502, body: nginxErrorPage(502, 'Bad Gateway') };
    return { ...res, headers: { ...res.headers, server: 'nginx' } };
  }

  private requestIds = 0;

  /** nginx's $request_id: 32 hex digits, deterministic here. */
  private requestId(): string {
    this.requestIds++;
    let h = 0x811c9dc5 ^ this.requestIds;
    let out = '';
    for (let i = 0; i < 4; i++) {
      h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
      out += h.toString(16).padStart(8, '0');
    }
    return out;
  }
}
