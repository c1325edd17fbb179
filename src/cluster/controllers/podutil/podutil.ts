/**
 * Pod helpers the workload and endpoint controllers share, as upstream's pkg/api/v1/pod and
 * pkg/controller/controller_utils.go: readiness, availability, terminal phases, owner references
 * and the pods a controller owns.
 */
import { deepCopy } from '../../api/deepCopy';
import type { KubeObject, OwnerReference } from '../../api/types';
import type { Store } from '../../store/types';

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export interface PodStatusView {
  phase?: string;
  conditions?: PodCondition[];
  podIP?: string;
  podIPs?: { ip: string }[];
  containerStatuses?: { restartCount?: number }[];
  initContainerStatuses?: { restartCount?: number }[];
}

export function podStatus(pod: KubeObject): PodStatusView {
  return (pod.status ?? {}) as PodStatusView;
}

export function podPhase(pod: KubeObject): string | undefined {
  return podStatus(pod).phase;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return getPodReadyCondition(pod)?.status === 'True';
}

export function getPodReadyCondition(pod: KubeObject): PodCondition | undefined {
  return podStatus(pod).conditions?.find((c) => c.type === 'Ready');
}

/**
 * podutil.IsPodAvailable: ready, and ready for longer than minReadySeconds (strictly: the Ready
 * transition plus minReadySeconds is before now).
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const c = getPodReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = timeOf(c.lastTransitionTime);
  return since !== 0 && since + minReadySeconds * 1000 < nowMs;
}

/** podutil.IsPodTerminal: Succeeded or Failed. */
export function isPodTerminal(pod: KubeObject): boolean {
  const p = podPhase(pod);
  return p === 'Succeeded' || p === 'Failed';
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

export function podIP(pod: KubeObject): string | undefined {
  const s = podStatus(pod);
  return s.podIP || s.podIPs?.[0]?.ip || undefined;
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** metav1.NewControllerRef: the reference a controller stamps on what it creates. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The objects of `resource` in the owner's namespace whose controller reference is the owner. */
export function ownedBy(store: Store, resource: string, owner: KubeObject): KubeObject[] {
  return store
    .list(resource, { namespace: owner.metadata.namespace, ownerUid: owner.metadata.uid })
    .items.filter((o) => controllerRef(o)?.uid === owner.metadata.uid);
}

/** Milliseconds since 1970 of an RFC 3339 timestamp; 0 when absent. */
export function timeOf(ts: string | undefined | null): number {
  if (!ts) return 0;
  const n = Date.parse(ts);
  return isNaN(n) ? 0 : n;
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A deep copy that may be changed (stored objects are frozen). */
export function clone<T>(o: T): T {
  return deepCopy(o);
}

/** Creation order, oldest first, names breaking ties. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const d = timeOf(a.metadata.creationTimestamp) - timeOf(b.metadata.creationTimestamp);
  if (d) return d;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function isNotFoundOrConflict(e: unknown): boolean {
  const code = (e as { code?: number } | null)?.code;
  return code === 404 || code === 409;
}
