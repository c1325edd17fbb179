/**
 * The RollingUpdate strategy (pkg/controller/deployment/rolling.go): grow the new ReplicaSet as
 * far as maxSurge allows, shrink the old ones as far as maxUnavailable allows (unhealthy pods
 * first), and clean up old revisions once the rollout is complete.
 */
import type { KubeObject } from '../../api/types';
import { byCreationTimestamp } from '../replicaset/controllerUtils';
import type { DeploymentController } from './controller';
import { syncRolloutStatus } from './progress';
import {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
} from './sync';
import type { Deployment } from './util';
import {
  deploymentComplete,
  filterActiveReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  rsReplicas,
  rsStatus,
} from './util';

/** rolloutRolling: one step of a rolling update; returns a requeue-after in ms. */
export function rolloutRolling(
  dc: DeploymentController,
  d: Deployment,
  rsList: KubeObject[],
): void | number {
  const got = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const newRS = got.newRS!;
  const oldRSs = got.oldRSs;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(dc, allRSs, newRS, d)) {
    return syncRolloutStatus(dc, allRSs, newRS, d);
  }
  if (reconcileOldReplicaSets(dc, allRSs, filterActiveReplicaSets(oldRSs), newRS, d)) {
    return syncRolloutStatus(dc, allRSs, newRS, d);
  }
  if (deploymentComplete(d, d.status)) cleanupDeployment(dc, oldRSs, d);
  return syncRolloutStatus(dc, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: scales the new ReplicaSet towards spec.replicas within maxSurge. */
export function reconcileNewReplicaSet(
  dc: DeploymentController,
  allRSs: KubeObject[],
  newRS: KubeObject,
  d: Deployment,
): boolean {
  const want = replicasOf(d);
  if (rsReplicas(newRS) === want) return false;
  if (rsReplicas(newRS) > want) return scaleReplicaSetAndRecordEvent(dc, newRS, want, d).scaled;
  const count = newRSNewReplicas(d, allRSs, newRS);
  return scaleReplicaSetAndRecordEvent(dc, newRS, count, d).scaled;
}

/** reconcileOldReplicaSets: scales old ReplicaSets down while keeping minimum availability. */
export function reconcileOldReplicaSets(
  dc: DeploymentController,
  allRSs: KubeObject[],
  oldRSs: KubeObject[],
  newRS: KubeObject,
  d: Deployment,
): boolean {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = rsReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;
  // Unhealthy replicas go first, so they never block the rollout.
  const cleaned = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(
    dc,
    [...cleaned.oldRSs, newRS],
    cleaned.oldRSs,
    d,
  );
  return cleaned.count + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: removes old replicas that are not available, up to a limit. */
export function cleanupUnhealthyReplicas(
  dc: DeploymentController,
  oldRSs: KubeObject[],
  d: Deployment,
  maxCleanupCount: number,
): { oldRSs: KubeObject[]; count: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rs = sorted[i];
    if (total >= maxCleanupCount) break;
    const replicas = rsReplicas(rs);
    const available = rsStatus(rs).availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanupCount - total, replicas - available);
    sorted[i] = scaleReplicaSetAndRecordEvent(dc, rs, replicas - count, d).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: scales old sets down by what is available beyond the minimum. */
export function scaleDownOldReplicaSetsForRollingUpdate(
  dc: DeploymentController,
  allRSs: KubeObject[],
  oldRSs: KubeObject[],
  d: Deployment,
): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  const target = availablePodCount - minAvailable;
  for (const rs of sorted) {
    if (total >= target) break;
    if (rsReplicas(rs) === 0) continue;
    const count = Math.min(rsReplicas(rs), target - total);
    scaleReplicaSetAndRecordEvent(dc, rs, rsReplicas(rs) - count, d);
    total += count;
  }
  return total;
}
