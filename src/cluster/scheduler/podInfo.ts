/**
 * PodInfo and NodeInfo from API objects: the pod's requests as component-helpers' PodRequests
 * sums them (containers, restartable init containers, the largest init container, overhead),
 * and a node's allocatable, taints and bound pods, kept up to date by add / remove.
 */
import { parseQuantity } from '../api/quantity';
import { labelSelectorFromObject, matchesLabels } from '../api/selectors';
import type { LabelSelectorObject } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { AffinityTerm, HostPort, Matcher, NodeInfo, PodInfo, Resource, Taint } from './types';
import { emptyResource } from './types';

/** Requests upstream assumes for a container that states none, when scoring (schedutil). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const quantityCache = new Map<string, { milli: number; value: number }>();

/** Milli-units and whole units (rounded up) of a quantity; a bad one counts as zero. */
function quantity(q: unknown): { milli: number; value: number } {
  const key = String(q);
  let r = quantityCache.get(key);
  if (!r) {
    try {
      const p = parseQuantity(key);
      r = { milli: p.milli, value: Math.ceil(p.value) };
    } catch {
      r = { milli: 0, value: 0 };
    }
    if (quantityCache.size < 10_000) quantityCache.set(key, r);
  }
  return r;
}

/** A ResourceList (requests, allocatable) in the scheduler's units. */
export function toResource(list: Record<string, unknown> | undefined): Resource {
  const r = emptyResource();
  if (!list) return r;
  for (const name in list) {
    const q = quantity(list[name]);
    if (name === 'cpu') r.milliCPU = q.milli;
    else if (name === 'memory') r.memory = q.value;
    else if (name === 'ephemeral-storage') r.ephemeralStorage = q.value;
    else if (name !== 'pods' && isScalarResourceName(name)) r.scalar.set(name, q.value);
  }
  return r;
}

/** Extended resources (domain/name, not kubernetes.io/), hugepages and attachable volumes. */
function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (!name.includes('/')) return false;
  return !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/');
}

function add(into: Resource, r: Resource, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [k, v] of r.scalar) into.scalar.set(k, (into.scalar.get(k) ?? 0) + sign * v);
}

function maxInto(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  for (const [k, v] of r.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
}

function copy(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

interface Container {
  name?: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  ports?: { hostPort?: number; hostIP?: string; protocol?: string }[];
}

/** A container's requests; limits stand in where a request is unset, as defaulting does. */
function containerRequests(c: Container, nonZero: boolean): Resource {
  const req = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
  const r = toResource(req);
  if (nonZero) {
    if (!('cpu' in req)) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!('memory' in req)) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/** resourcehelper.PodRequests: what the pod needs of a node for its whole life. */
export function podRequests(pod: KubeObject, nonZero = false): Resource {
  const spec = (pod.spec ?? {}) as {
    containers?: Container[];
    initContainers?: Container[];
    overhead?: Record<string, unknown>;
  };
  const reqs = emptyResource();
  for (const c of spec.containers ?? []) add(reqs, containerRequests(c, nonZero));
  const restartable = emptyResource();
  const initMax = emptyResource();
  for (const c of spec.initContainers ?? []) {
    let r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // A sidecar runs beside the containers and beside every init container after it.
      add(reqs, r);
      add(restartable, r);
      r = copy(restartable);
    } else {
      add(r, restartable);
    }
    maxInto(initMax, r);
  }
  maxInto(reqs, initMax);
  if (spec.overhead) add(reqs, toResource(spec.overhead));
  return reqs;
}

/** A metav1.LabelSelector as a predicate: nil matches nothing, {} everything. */
export function compileSelector(sel: LabelSelectorObject | null | undefined): Matcher {
  if (!sel) return null;
  let reqs;
  try {
    reqs = labelSelectorFromObject(sel);
  } catch {
    return null;
  }
  if (!reqs.length) return () => true;
  return (labels) => matchesLabels(reqs, labels);
}

interface RawTerm {
  labelSelector?: LabelSelectorObject | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelectorObject | null;
  topologyKey?: string;
}

function compileTerm(pod: KubeObject, t: RawTerm, weight: number): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  const term: AffinityTerm = {
    namespaces,
    selector: compileSelector(t.labelSelector),
    topologyKey: t.topologyKey ?? '',
    weight,
  };
  if (t.namespaceSelector) term.namespaceSelector = compileSelector(t.namespaceSelector);
  else if (!namespaces.size) namespaces.add(pod.metadata.namespace ?? '');
  return term;
}

interface PodAffinitySpec {
  requiredDuringSchedulingIgnoredDuringExecution?: RawTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: {
    weight?: number;
    podAffinityTerm?: RawTerm;
  }[];
}

function terms(pod: KubeObject, a: PodAffinitySpec | undefined) {
  return {
    required: (a?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      compileTerm(pod, t, 1),
    ),
    preferred: (a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
      compileTerm(pod, w.podAffinityTerm ?? {}, w.weight ?? 0),
    ),
  };
}

export function newPodInfo(pod: KubeObject): PodInfo {
  const spec = (pod.spec ?? {}) as {
    priority?: number;
    containers?: Container[];
    initContainers?: Container[];
    affinity?: { podAffinity?: PodAffinitySpec; podAntiAffinity?: PodAffinitySpec };
  };
  const aff = terms(pod, spec.affinity?.podAffinity);
  const anti = terms(pod, spec.affinity?.podAntiAffinity);
  const nonZero = podRequests(pod, true);
  const hostPorts: HostPort[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      hostPorts.push({
        protocol: p.protocol || 'TCP',
        hostIP: p.hostIP || '0.0.0.0',
        port: p.hostPort,
      });
    }
  }
  return {
    pod,
    uid: pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`,
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    labels: pod.metadata.labels ?? {},
    priority: spec.priority ?? 0,
    requests: podRequests(pod),
    nonZeroMilliCPU: nonZero.milliCPU,
    nonZeroMemory: nonZero.memory,
    requiredAffinity: aff.required,
    preferredAffinity: aff.preferred,
    requiredAntiAffinity: anti.required,
    preferredAntiAffinity: anti.preferred,
    hostPorts,
  };
}

export function hasAffinity(p: PodInfo): boolean {
  return (
    p.requiredAffinity.length > 0 ||
    p.preferredAffinity.length > 0 ||
    p.requiredAntiAffinity.length > 0 ||
    p.preferredAntiAffinity.length > 0
  );
}

export function newNodeInfo(name: string): NodeInfo {
  return {
    name,
    node: undefined,
    labels: {},
    allocatable: emptyResource(),
    allowedPodNumber: 0,
    requested: emptyResource(),
    nonZeroMilliCPU: 0,
    nonZeroMemory: 0,
    pods: new Map(),
    podsWithAffinity: new Set(),
    podsWithRequiredAntiAffinity: new Set(),
    usedPorts: new Set(),
    taints: [],
    unschedulable: false,
  };
}

/** Points a NodeInfo at a new version of its Node. */
export function setNode(ni: NodeInfo, node: KubeObject): void {
  const status = (node.status ?? {}) as { allocatable?: Record<string, unknown> };
  const spec = (node.spec ?? {}) as { taints?: Taint[]; unschedulable?: boolean };
  ni.node = node;
  ni.labels = node.metadata.labels ?? {};
  ni.allocatable = toResource(status.allocatable);
  ni.allowedPodNumber = quantity(status.allocatable?.pods ?? 0).value;
  ni.taints = spec.taints ?? [];
  ni.unschedulable = !!spec.unschedulable;
}

function portKeys(p: HostPort): string {
  return `${p.protocol}/${p.hostIP}/${p.port}`;
}

export function addPod(ni: NodeInfo, p: PodInfo): void {
  ni.pods.set(p.uid, p);
  add(ni.requested, p.requests);
  ni.nonZeroMilliCPU += p.nonZeroMilliCPU;
  ni.nonZeroMemory += p.nonZeroMemory;
  if (hasAffinity(p)) ni.podsWithAffinity.add(p);
  if (p.requiredAntiAffinity.length) ni.podsWithRequiredAntiAffinity.add(p);
  for (const hp of p.hostPorts) ni.usedPorts.add(portKeys(hp));
}

export function removePod(ni: NodeInfo, p: PodInfo): void {
  if (!ni.pods.delete(p.uid)) return;
  add(ni.requested, p.requests, -1);
  ni.nonZeroMilliCPU -= p.nonZeroMilliCPU;
  ni.nonZeroMemory -= p.nonZeroMemory;
  ni.podsWithAffinity.delete(p);
  ni.podsWithRequiredAntiAffinity.delete(p);
  if (p.hostPorts.length) {
    ni.usedPorts.clear();
    for (const other of ni.pods.values())
      for (const hp of other.hostPorts) ni.usedPorts.add(portKeys(hp));
  }
}

/** Whether a host port of the pod is taken on the node (0.0.0.0 clashes with every address). */
export function portConflict(ni: NodeInfo, hp: HostPort): boolean {
  if (!ni.usedPorts.size) return false;
  if (hp.hostIP === '0.0.0.0') {
    for (const k of ni.usedPorts) {
      const [proto, , port] = k.split('/');
      if (proto === hp.protocol && Number(port) === hp.port) return true;
    }
    return false;
  }
  return ni.usedPorts.has(portKeys(hp)) || ni.usedPorts.has(`${hp.protocol}/0.0.0.0/${hp.port}`);
}
