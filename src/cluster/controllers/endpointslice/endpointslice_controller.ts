/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for each Service with a selector,
 * EndpointSlices `<service>-<5 chars>` (generateName) list the selected pods with ready / serving
 * / terminating conditions, one slice per port set and at most 100 endpoints per slice. The
 * reconciler keeps existing slices where it can, creates what is missing and deletes the rest;
 * a Service that selects nothing keeps one empty placeholder slice, as upstream.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import {
  LAST_CHANGE_TRIGGER_TIME,
  endpointLabels,
  findPort,
  podsForService,
  servicesForPod,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  svcSpec,
} from '../endpoints/util';
import { clone, isNotFoundOrConflict, isPodReady, podIP } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** maxEndpointsPerSlice, the kube-controller-manager default. */
const MAX_ENDPOINTS_PER_SLICE = 100;

interface Endpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
  nodeName?: string;
  zone?: string;
}

interface EndpointPort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  private queue: WorkQueue;
  private sliceType: ResourceType;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncService(key));
    this.sliceType = ctx.registry.byResource('discovery.k8s.io', 'v1', 'endpointslices')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('services', {}, (ev) =>
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`),
    );
    store.watch('pods', {}, (ev) => {
      for (const k of servicesForPod(store, [ev.object, ev.prev])) this.queue.add(k);
    });
    store.watch('endpointslices.discovery.k8s.io', {}, (ev) => {
      const l = ev.object.metadata.labels ?? {};
      if (l[MANAGED_BY_LABEL] === CONTROLLER_NAME && l[SERVICE_NAME_LABEL])
        this.queue.add(`${ev.object.metadata.namespace}/${l[SERVICE_NAME_LABEL]}`);
    });
    for (const s of store.list('services').items)
      this.queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  private existingSlices(ns: string, name: string): KubeObject[] {
    return this.ctx.store
      .list('endpointslices.discovery.k8s.io', { namespace: ns })
      .items.filter(
        (s) =>
          s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
          s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME,
      );
  }

  /** syncService: desired endpoints per port set, reconciled onto the existing slices. */
  syncService(key: string): void {
    const [ns, name] = key.split('/');
    const svc = this.ctx.store.get('services', ns, name);
    const existing = this.existingSlices(ns, name);
    if (!svc) {
      // Slices of a deleted Service go with it (the garbage collector follows the owner too).
      for (const s of existing) this.deleteSlice(s);
      return;
    }
    const spec = svcSpec(svc);
    if (!spec.selector || spec.type === 'ExternalName') return;

    const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
    for (const pod of podsForService(this.ctx.store, svc)) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports: EndpointPort[] = [];
      for (const sp of spec.ports ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const p: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
        if (sp.appProtocol) p.appProtocol = sp.appProtocol;
        ports.push(p);
      }
      const k = JSON.stringify(ports);
      const g = groups.get(k) ?? { ports, endpoints: [] };
      g.endpoints.push(this.podToEndpoint(pod, svc));
      groups.set(k, g);
    }

    // Desired slices: each port set cut into pieces of at most 100 endpoints.
    const desired: { ports: EndpointPort[] | null; endpoints: Endpoint[] | null }[] = [];
    for (const g of groups.values())
      for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE)
        desired.push({
          ports: g.ports,
          endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE),
        });
    if (!desired.length) desired.push({ ports: null, endpoints: null });

    const labels = {
      ...endpointLabels(svc),
      [SERVICE_NAME_LABEL]: name,
      [MANAGED_BY_LABEL]: CONTROLLER_NAME,
    };
    const unused = [...existing].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const same = (a: unknown, b: unknown) =>
      JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    for (const d of desired) {
      // Prefer a slice that already holds exactly this, then one with the same ports.
      let i = unused.findIndex((s) => same(s.ports, d.ports) && same(s.endpoints, d.endpoints));
      if (i < 0) i = unused.findIndex((s) => same(s.ports, d.ports));
      // Otherwise a leftover slice (the placeholder, say) is rewritten rather than replaced.
      if (i < 0 && unused.length) i = 0;
      const slice = i >= 0 ? unused.splice(i, 1)[0] : undefined;
      if (
        slice &&
        same(slice.ports, d.ports) &&
        same(slice.endpoints, d.endpoints) &&
        same(slice.metadata.labels, labels)
      )
        continue;
      const next: KubeObject = slice
        ? clone(slice)
        : {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: {
              generateName: `${name}-`,
              namespace: ns,
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name,
                  uid: svc.metadata.uid!,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
            addressType: 'IPv4',
          };
      next.metadata.labels = labels;
      next.metadata.annotations = {
        ...(next.metadata.annotations ?? {}),
        [LAST_CHANGE_TRIGGER_TIME]: this.ctx.clock.timestamp(),
      };
      next.endpoints = d.endpoints;
      next.ports = d.ports;
      if (slice) this.ctx.client.update(this.sliceType, next);
      else this.ctx.client.create(this.sliceType, next);
    }
    for (const s of unused) this.deleteSlice(s);
  }

  /** podToEndpoint: conditions as upstream: ready only when serving and not terminating. */
  private podToEndpoint(pod: KubeObject, svc: KubeObject): Endpoint {
    const publish = !!svcSpec(svc).publishNotReadyAddresses;
    const serving = publish || isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = publish || (serving && !terminating);
    const ep: Endpoint = {
      addresses: [podIP(pod)!],
      conditions: { ready, serving, terminating },
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace!,
        name: pod.metadata.name!,
        uid: pod.metadata.uid!,
      },
    };
    if (shouldSetHostname(pod, svc)) ep.hostname = (pod.spec as { hostname: string }).hostname;
    const nodeName = (pod.spec as { nodeName?: string }).nodeName;
    if (nodeName) {
      ep.nodeName = nodeName;
      const zone = this.ctx.store.get('nodes', '', nodeName)?.metadata.labels?.[
        'topology.kubernetes.io/zone'
      ];
      if (zone) ep.zone = zone;
    }
    return ep;
  }

  private deleteSlice(s: KubeObject): void {
    try {
      this.ctx.client.delete(this.sliceType, s.metadata.namespace!, s.metadata.name!);
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }
}
