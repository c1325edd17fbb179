/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for each Service
 * with a selector, an Endpoints object of the same name lists the selected pods' addresses,
 * ready pods in `addresses` and the others in `notReadyAddresses`, per resolved port set.
 * Services without a selector (such as `kubernetes`) are left to whoever manages them.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { clone, isNotFoundOrConflict, isPodReady, podIP } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';
import {
  LAST_CHANGE_TRIGGER_TIME,
  endpointLabels,
  findPort,
  podsForService,
  servicesForPod,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  svcSpec,
} from './util';

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export class EndpointController implements Controller {
  readonly name = 'endpoint-controller';
  private queue: WorkQueue;
  private epType: ResourceType;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncService(key));
    this.epType = ctx.registry.byResource('', 'v1', 'endpoints')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('services', {}, (ev) =>
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`),
    );
    store.watch('pods', {}, (ev) => {
      for (const k of servicesForPod(store, [ev.object, ev.prev])) this.queue.add(k);
    });
    for (const s of store.list('services').items)
      this.queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  /** syncService: the Endpoints the Service's selected pods call for, written when they differ. */
  syncService(key: string): void {
    const [ns, name] = key.split('/');
    const svc = this.ctx.store.get('services', ns, name);
    const current = this.ctx.store.get('endpoints', ns, name);
    if (!svc) {
      // The Service is gone: so are its endpoints.
      if (current) {
        try {
          this.ctx.client.delete(this.epType, ns, name);
        } catch (e) {
          if (!isNotFoundOrConflict(e)) throw e;
        }
      }
      return;
    }
    const spec = svcSpec(svc);
    // ExternalName Services get no endpoints from this controller (kubernetes#105986).
    if (spec.type === 'ExternalName' || !spec.selector) return;
    const tolerateUnready = !!spec.publishNotReadyAddresses;
    const entries: { addr: EndpointAddress; ports: EndpointPort[]; ready: boolean }[] = [];
    for (const pod of podsForService(this.ctx.store, svc)) {
      if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
      const addr: EndpointAddress = {
        ip: podIP(pod)!,
        targetRef: {
          kind: 'Pod',
          namespace: pod.metadata.namespace!,
          name: pod.metadata.name!,
          uid: pod.metadata.uid!,
        },
      };
      const nodeName = (pod.spec as { nodeName?: string }).nodeName;
      if (nodeName) addr.nodeName = nodeName;
      if (shouldSetHostname(pod, svc)) addr.hostname = (pod.spec as { hostname: string }).hostname;
      const ready = tolerateUnready || isPodReady(pod);
      const svcPorts = spec.ports ?? [];
      if (!svcPorts.length) {
        if (spec.clusterIP === 'None') entries.push({ addr, ports: [], ready });
        continue;
      }
      for (const sp of svcPorts) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const ep: EndpointPort = { name: sp.name, port, protocol: sp.protocol ?? 'TCP' };
        if (!ep.name) delete ep.name;
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        entries.push({ addr, ports: [ep], ready });
      }
    }
    const subsets = repackSubsets(entries);
    const labels = endpointLabels(svc);
    if (
      current &&
      JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets) &&
      JSON.stringify(current.metadata.labels ?? {}) === JSON.stringify(labels)
    ) {
      return;
    }
    const ep: KubeObject = current
      ? clone(current)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns } };
    ep.metadata.labels = labels;
    ep.metadata.annotations = {
      ...(ep.metadata.annotations ?? {}),
      [LAST_CHANGE_TRIGGER_TIME]: this.ctx.clock.timestamp(),
    };
    if (subsets.length) ep.subsets = subsets;
    else delete ep.subsets;
    if (current) this.ctx.client.update(this.epType, ep);
    else this.ctx.client.create(this.epType, ep);
  }
}

/**
 * endpoints.RepackSubsets: one subset per distinct port set, addresses merged and sorted by IP
 * (a pod's several ports end up together).
 */
function repackSubsets(
  entries: { addr: EndpointAddress; ports: EndpointPort[]; ready: boolean }[],
): EndpointSubset[] {
  // Gather each address's ports first, then group addresses by the resulting port set.
  const perAddr = new Map<
    string,
    { addr: EndpointAddress; ports: EndpointPort[]; ready: boolean }
  >();
  for (const e of entries) {
    const k = `${e.addr.targetRef.uid}|${e.ready}`;
    const cur = perAddr.get(k);
    if (cur) cur.ports.push(...e.ports);
    else perAddr.set(k, { addr: e.addr, ports: [...e.ports], ready: e.ready });
  }
  const groups = new Map<string, EndpointSubset>();
  for (const { addr, ports, ready } of perAddr.values()) {
    const k = JSON.stringify(ports);
    let g = groups.get(k);
    if (!g) {
      g = {};
      if (ports.length) g.ports = ports;
      groups.set(k, g);
    }
    const list = ready ? (g.addresses ??= []) : (g.notReadyAddresses ??= []);
    list.push(addr);
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress) =>
    compareIP(a.ip, b.ip) || (a.targetRef.uid < b.targetRef.uid ? -1 : 1);
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const s: EndpointSubset = {};
    if (g.addresses) s.addresses = g.addresses.sort(byIP);
    if (g.notReadyAddresses) s.notReadyAddresses = g.notReadyAddresses.sort(byIP);
    if (g.ports) s.ports = g.ports;
    out.push(s);
  }
  return out;
}

/** LessEndpointAddress compares IPs as strings, byte by byte: "10.244.1.10" sorts before "10.244.1.9". */
function compareIP(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
