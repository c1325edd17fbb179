/**
 * Per-kind behaviour of the registry on create and update, as upstream's strategies
 * (pkg/registry/<group>/<kind>/strategy.go): which kinds keep a status apart from the spec,
 * which track metadata.generation, and what status a new object starts with.
 */
import { deepCopy } from '../api/deepCopy';
import type { ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';
import { establishedStatus } from './crd';

/** Kinds whose metadata.generation counts spec changes. */
const GENERATION_KEYS = new Set([
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'replicationcontrollers',
  'jobs.batch',
  'cronjobs.batch',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
  'ingressclasses.networking.k8s.io',
]);

export function tracksGeneration(rt: ResourceType): boolean {
  return GENERATION_KEYS.has(rt.key) || !!rt.custom;
}

/** Kinds whose status is written only through the status subresource. */
export function hasStatusSubresource(rt: ResourceType): boolean {
  return rt.subresources.includes('status');
}

/** The status a new object starts with (PrepareForCreate). */
function initialStatus(rt: ResourceType, obj: KubeObject, timestamp: string): unknown {
  switch (rt.key) {
    case 'pods':
      return { phase: 'Pending', qosClass: podQOSClass(obj) };
    case 'services':
      return { loadBalancer: {} };
    case 'ingresses.networking.k8s.io':
      return { loadBalancer: {} };
    case 'persistentvolumeclaims':
    case 'persistentvolumes':
      return { phase: 'Pending' };
    case 'namespaces':
      return { phase: 'Active' };
    case 'nodes':
      return obj.status; // the kubelet registers a node with its status
    case 'replicationcontrollers':
    case 'replicasets.apps':
    case 'statefulsets.apps':
      return { replicas: 0, availableReplicas: 0 };
    case 'daemonsets.apps':
      return {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
      };
    case 'poddisruptionbudgets.policy':
      return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    case 'horizontalpodautoscalers.autoscaling':
      return { currentReplicas: 0, desiredReplicas: 0 };
    case 'customresourcedefinitions.apiextensions.k8s.io':
      return establishedStatus(obj, timestamp);
    default:
      return {};
  }
}

/** Prepares a new object: status reset for kinds with a status subresource, generation 1. */
export function prepareForCreate(rt: ResourceType, obj: KubeObject, timestamp: string): void {
  if (hasStatusSubresource(rt)) {
    const status = initialStatus(rt, obj, timestamp);
    if (status === undefined) delete obj.status;
    else obj.status = status;
  }
  if (tracksGeneration(rt)) obj.metadata.generation = 1;
}

function specOf(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

/**
 * Prepares an update of the main resource: the status stays as stored (for kinds with a status
 * subresource) and generation moves when the spec changed.
 */
export function prepareForUpdate(rt: ResourceType, obj: KubeObject, old: KubeObject): void {
  if (hasStatusSubresource(rt) && rt.key !== 'nodes') {
    if (old.status === undefined) delete obj.status;
    else obj.status = deepCopy(old.status);
  }
  if (tracksGeneration(rt)) {
    const gen = old.metadata.generation ?? 1;
    obj.metadata.generation = specOf(obj) === specOf(old) ? gen : gen + 1;
  }
}

/**
 * An update through the status subresource: everything but the status stays as stored. The
 * result shares the stored object's frozen parts (all but metadata and status are the stored
 * ones), so it must be adopted or copied, never mutated below its top level and metadata.
 */
export function prepareForStatusUpdate(obj: KubeObject, old: KubeObject): KubeObject {
  const next: KubeObject = {
    ...old,
    metadata: { ...old.metadata, resourceVersion: obj.metadata.resourceVersion },
  };
  if (obj.status === undefined) delete next.status;
  else next.status = deepCopy(obj.status);
  return next;
}

interface ContainerLike {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** The pod's QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
export function podQOSClass(pod: KubeObject): string {
  const spec = (pod.spec ?? {}) as {
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
  };
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
