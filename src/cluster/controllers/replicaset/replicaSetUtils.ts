/**
 * Status of a ReplicaSet or ReplicationController, as upstream's replica_set_utils.go computes
 * and writes it: replica counts from the claimed active pods, and the ReplicaFailure condition
 * when creating or deleting pods failed.
 */
import type { KubeObject } from '../../api/types';
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors';
import { isPodAvailable, isPodReady } from './controllerUtils';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** ReplicaSetStatus / ReplicationControllerStatus; zero counts are left out as Go's omitempty. */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/** The fields of a ReplicaSet (or ReplicationController) the controllers read. */
export interface ReplicaSetView {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: unknown;
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: unknown;
    };
  };
  status?: ReplicaSetStatus;
}

export function rsView(rs: KubeObject): ReplicaSetView {
  return rs as unknown as ReplicaSetView;
}

export function specReplicas(rs: KubeObject): number {
  return rsView(rs).spec?.replicas ?? 1;
}

export function minReadySeconds(rs: KubeObject): number {
  return rsView(rs).spec?.minReadySeconds ?? 0;
}

export const REPLICA_FAILURE = 'ReplicaFailure';

export function getCondition(
  status: ReplicaSetStatus | undefined,
  type: string,
): ReplicaSetCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** calculateStatus (replica_set_utils.go). */
export function calculateStatus(
  rs: KubeObject,
  filteredPods: KubeObject[],
  manageReplicasErr: string | undefined,
  nowMs: number,
  timestamp: string,
): ReplicaSetStatus {
  const prev = rsView(rs).status ?? { replicas: 0 };
  const templateLabels = labelSelectorFromObject({
    matchLabels: rsView(rs).spec?.template?.metadata?.labels ?? {},
  });
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  const minReady = minReadySeconds(rs);
  for (const pod of filteredPods) {
    if (matchesLabels(templateLabels, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  let conditions = (prev.conditions ?? []).map((c) => ({ ...c }));
  const failure = getCondition(prev, REPLICA_FAILURE);
  if (manageReplicasErr !== undefined && !failure) {
    const diff = filteredPods.length - specReplicas(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({
      type: REPLICA_FAILURE,
      status: 'True',
      lastTransitionTime: timestamp,
      reason,
      message: manageReplicasErr,
    });
  } else if (manageReplicasErr === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = { replicas: filteredPods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (prev.observedGeneration) status.observedGeneration = prev.observedGeneration;
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** True when `status` says nothing new for `rs` (updateReplicaSetStatus's early return). */
export function statusUnchanged(rs: KubeObject, status: ReplicaSetStatus): boolean {
  const cur = rsView(rs).status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === status.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    JSON.stringify(cur.conditions ?? []) === JSON.stringify(status.conditions ?? [])
  );
}
