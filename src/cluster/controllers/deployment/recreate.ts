/**
 * The Recreate strategy (pkg/controller/deployment/recreate.go): scale every old ReplicaSet to
 * zero, wait until none of their pods is left running, then create and scale up the new one.
 */
import type { KubeObject } from '../../api/types';
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
  getActualReplicaCountForReplicaSets,
  replicasOf,
  rsReplicas,
} from './util';

/** rolloutRecreate: one step of a Recreate rollout; returns a requeue-after in ms. */
export function rolloutRecreate(
  dc: DeploymentController,
  d: Deployment,
  rsList: KubeObject[],
  podMap: Map<string, KubeObject[]>,
): void | number {
  // The new ReplicaSet is not created yet, so nothing scales up before the old pods are gone.
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  let allRSs: (KubeObject | undefined)[] = [...oldRSs, newRS];
  const activeOldRSs = filterActiveReplicaSets(oldRSs);
  if (scaleDownOldReplicaSetsForRecreate(dc, activeOldRSs, d)) {
    return syncRolloutStatus(dc, allRSs, newRS, d);
  }
  if (oldPodsRunning(newRS, oldRSs, podMap)) {
    return syncRolloutStatus(dc, allRSs, newRS, d);
  }
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  scaleUpNewReplicaSetForRecreate(dc, newRS!, d);
  if (deploymentComplete(d, d.status)) cleanupDeployment(dc, oldRSs, d);
  return syncRolloutStatus(dc, allRSs, newRS, d);
}

/** scaleDownOldReplicaSetsForRecreate: every active old ReplicaSet to zero. */
export function scaleDownOldReplicaSetsForRecreate(
  dc: DeploymentController,
  oldRSs: KubeObject[],
  d: Deployment,
): boolean {
  let scaled = false;
  for (const rs of oldRSs) {
    if (rsReplicas(rs) === 0) continue;
    if (scaleReplicaSetAndRecordEvent(dc, rs, 0, d).scaled) scaled = true;
  }
  return scaled;
}

/** oldPodsRunning: any old pod not yet finished (a terminating pod still counts). */
export function oldPodsRunning(
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
  podMap: Map<string, KubeObject[]>,
): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}

/** scaleUpNewReplicaSetForRecreate: the new ReplicaSet to the full count at once. */
export function scaleUpNewReplicaSetForRecreate(
  dc: DeploymentController,
  newRS: KubeObject,
  d: Deployment,
): boolean {
  return scaleReplicaSetAndRecordEvent(dc, newRS, replicasOf(d), d).scaled;
}
