/**
 * The parts of upstream's pkg/controller/controller_utils.go and pkg/api/v1/pod the ReplicaSet,
 * ReplicationController and Deployment controllers share: pod readiness and availability, active
 * pods, the ranking that picks which pods go first on scale-down, slow-start batches, controller
 * references, and the pods created from a template.
 */
import { deepCopy } from '../../api/deepCopy';
import type { KubeObject, OwnerReference } from '../../api/types';
import {
  byCreation,
  controllerRef,
  getPodReadyCondition,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  timeOf,
} from '../podutil/podutil';

// The pod helpers every controller shares, under the names this package's callers use.
export {
  byCreation as byCreationTimestamp,
  controllerRef as getControllerOf,
  getPodReadyCondition as podReadyCondition,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  timeOf,
};

/** Pods created per sync at most (upstream's BurstReplicas). */
export const BURST_REPLICAS = 500;
/** The first slow-start batch (upstream's SlowStartInitialBatchSize). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

interface PodView {
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: { restartCount?: number }[];
  };
}

function view(pod: KubeObject): PodView {
  return pod as unknown as PodView;
}

/** controller.FilterActivePods */
export function filterActivePods(pods: KubeObject[]): KubeObject[] {
  return pods.filter(isPodActive);
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrdinal(pod: KubeObject): number {
  return PHASE_ORDINAL[view(pod).status?.phase ?? ''] ?? 0;
}

function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  return Number(v);
}

function maxContainerRestarts(pod: KubeObject): number {
  let n = 0;
  for (const c of view(pod).status?.containerStatuses ?? []) n = Math.max(n, c.restartCount ?? 0);
  return n;
}

/** afterOrZero: a zero time sorts first, otherwise the later time first. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** floor(log2(now - t)) in nanoseconds, -1 when t is not in the past. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1_000_000;
  return d <= 0 ? -1 : Math.floor(Math.log2(d));
}

/**
 * Compares two times as upstream's LogarithmicScaleDown does: times within the same power of two
 * of age rank alike (then by UID), so scale-down does not always take the very newest pods.
 */
function compareLogarithmic(
  t1: number,
  t2: number,
  now: number,
  uid1: string,
  uid2: string,
): boolean {
  if (now === 0 || t1 === 0 || t2 === 0) return afterOrZero(t1, t2);
  const diff = logRank(t1, now) - logRank(t2, now);
  if (diff === 0) return uid1 < uid2;
  return diff < 0;
}

/**
 * controller.ActivePodsWithRanks.Less: true when pod i should be deleted before pod j.
 * `rank` counts the related pods on the same node (doubled-up pods go first).
 */
function lessForDeletion(
  a: KubeObject,
  b: KubeObject,
  rankA: number,
  rankB: number,
  now: number,
): boolean {
  const na = view(a).spec?.nodeName ?? '';
  const nb = view(b).spec?.nodeName ?? '';
  // 1. Unassigned < assigned
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending < Unknown < Running
  const pa = phaseOrdinal(a);
  const pb = phaseOrdinal(b);
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  // 4. Lower pod-deletion-cost < higher
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up on a node < not doubled up
  if (rankA !== rankB) return rankA > rankB;
  const uidA = a.metadata.uid ?? '';
  const uidB = b.metadata.uid ?? '';
  // 6. Ready for less time < ready for more time
  if (ra && rb) {
    const ta = timeOf(getPodReadyCondition(a)?.lastTransitionTime);
    const tb = timeOf(getPodReadyCondition(b)?.lastTransitionTime);
    if (ta !== tb) return compareLogarithmic(ta, tb, now, uidA, uidB);
  }
  // 7. More container restarts < fewer
  const xa = maxContainerRestarts(a);
  const xb = maxContainerRestarts(b);
  if (xa !== xb) return xa > xb;
  // 8. Newer < older
  const ta = timeOf(a.metadata.creationTimestamp);
  const tb = timeOf(b.metadata.creationTimestamp);
  if (ta !== tb) return compareLogarithmic(ta, tb, now, uidA, uidB);
  return false;
}

/**
 * getPodsToDelete (replica_set.go): the `diff` pods to delete first, ranked as upstream ranks
 * them. `related` are the active pods of this controller's siblings (same owner), used to spot
 * pods doubled up on a node.
 */
export function getPodsToDelete(
  filteredPods: KubeObject[],
  related: KubeObject[],
  diff: number,
  nowMs: number,
): KubeObject[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = view(p).spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked = filteredPods.map((pod) => ({
    pod,
    rank: onNode.get(view(pod).spec?.nodeName ?? '') ?? 0,
  }));
  ranked.sort((x, y) => {
    if (lessForDeletion(x.pod, y.pod, x.rank, y.rank, nowMs)) return -1;
    if (lessForDeletion(y.pod, x.pod, y.rank, x.rank, nowMs)) return 1;
    return 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}

/**
 * slowStartBatch: calls fn `count` times in batches of 1, 2, 4, … and stops at the first batch
 * with a failure, so a refused create (quota, admission) is not retried hundreds of times.
 * Returns the successes and the first error.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => void,
): { successes: number; error?: unknown } {
  let remaining = count;
  let successes = 0;
  for (
    let batch = Math.min(remaining, initialBatchSize);
    batch > 0;
    batch = Math.min(2 * batch, remaining)
  ) {
    let firstError: unknown;
    let failed = false;
    for (let i = 0; i < batch; i++) {
      try {
        fn();
        successes++;
      } catch (e) {
        if (!failed) firstError = e;
        failed = true;
      }
    }
    if (failed) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes };
}

interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: unknown;
}

/** The pod name prefix of a controller: "<name>-" (getPodsPrefix). */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  // A prefix the generated name could not satisfy falls back to the bare name, as upstream.
  return prefix.length > 253 ? controllerName : prefix;
}

/** controller.GetPodFromTemplate: the pod a controller creates from its template. */
export function getPodFromTemplate(
  template: PodTemplate,
  parent: KubeObject,
  controllerRef: OwnerReference,
): KubeObject {
  const meta = template.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podsPrefix(parent.metadata.name!),
      namespace: parent.metadata.namespace,
    },
    spec: deepCopy(template.spec ?? {}),
  };
  if (meta.labels && Object.keys(meta.labels).length) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length)
    pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  pod.metadata.ownerReferences = [controllerRef];
  return pod;
}
