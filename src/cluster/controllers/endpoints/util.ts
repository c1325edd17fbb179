/**
 * What the Endpoints and EndpointSlice controllers share (pkg/controller/util/endpoint and
 * pkg/api/v1/pod): the pods a Service selects, which of them belong in its endpoints, target
 * port resolution against container ports, and the hostname rule for headless Services.
 */
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/types';
import { isPodTerminal, podIP } from '../podutil/podutil';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export interface ServiceSpecView {
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  type?: string;
  publishNotReadyAddresses?: boolean;
}

export const svcSpec = (svc: KubeObject) => (svc.spec ?? {}) as ServiceSpecView;

/** A Service whose cluster IP is None. */
export const isHeadless = (svc: KubeObject) => svcSpec(svc).clusterIP === 'None';

/** The pods of the Service's namespace its selector matches (labels.Set(selector).AsSelector()). */
export function podsForService(store: Store, svc: KubeObject): KubeObject[] {
  const sel = svcSpec(svc).selector ?? {};
  return store
    .list('pods', { namespace: svc.metadata.namespace })
    .items.filter((p) => {
      const l = p.metadata.labels ?? {};
      return Object.entries(sel).every(([k, v]) => l[k] === v);
    })
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** Whether a pod's labels are selected by the Service (for watch handlers). */
export function serviceSelects(svc: KubeObject, pod: KubeObject): boolean {
  const sel = svcSpec(svc).selector;
  if (!sel) return false;
  const l = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => l[k] === v);
}

/** endpointutil.ShouldPodBeInEndpoints. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!podIP(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** endpointutil.ShouldSetHostname: the pod's hostname, when its subdomain is this Service. */
export function shouldSetHostname(pod: KubeObject, svc: KubeObject): boolean {
  const spec = (pod.spec ?? {}) as { hostname?: string; subdomain?: string };
  return (
    !!spec.hostname &&
    spec.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
  );
}

/** podutil.FindPort: a numeric target port as is; a named one from the pod's container ports. */
export function findPort(pod: KubeObject, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const containers = ((pod.spec as { containers?: unknown[] } | undefined)?.containers ?? []) as {
    ports?: { name?: string; containerPort: number; protocol?: string }[];
  }[];
  for (const c of containers)
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'))
        return p.containerPort;
  return undefined;
}

/** The labels an endpoints object carries: the Service's, plus `service.kubernetes.io/headless`. */
export function endpointLabels(svc: KubeObject): Record<string, string> {
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) labels['service.kubernetes.io/headless'] = '';
  else delete labels['service.kubernetes.io/headless'];
  return labels;
}

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** Keys of the Services in the pod's namespace that select it (now or before the change). */
export function servicesForPod(store: Store, pods: (KubeObject | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const pod of pods) {
    if (!pod) continue;
    for (const svc of store.list('services', { namespace: pod.metadata.namespace }).items)
      if (serviceSelects(svc, pod)) keys.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
  }
  return [...keys];
}
