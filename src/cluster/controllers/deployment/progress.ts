/**
 * Rollout progress (pkg/controller/deployment/progress.go): the Progressing condition
 * (ReplicaSetUpdated while pods move, NewReplicaSetAvailable when done, ProgressDeadlineExceeded
 * when nothing moved for progressDeadlineSeconds), ReplicaSet failures copied up, and the
 * requeue that catches a stuck rollout at its deadline.
 */
import type { KubeObject } from '../../api/types';
import { timeOf } from '../replicaset/controllerUtils';
import { REPLICA_FAILURE } from '../replicaset/replicaSetUtils';
import type { DeploymentController } from './controller';
import { calculateStatus } from './sync';
import type { Deployment, DeploymentCondition, DeploymentStatus } from './util';
import {
  canonicalText,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  NEW_RS_AVAILABLE_REASON,
  newDeploymentCondition,
  removeDeploymentCondition,
  REPLICA_SET_UPDATED_REASON,
  replicaSetToDeploymentCondition,
  rsStatus,
  setDeploymentCondition,
  TIMED_OUT_REASON,
} from './util';

/** syncRolloutStatus: status with progress estimated; returns a requeue-after in ms. */
export function syncRolloutStatus(
  dc: DeploymentController,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
  d: Deployment,
): number | void {
  const newStatus = calculateStatus(dc, allRSs, newRS, d);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, 'Progressing');
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment =
    (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) &&
    currentCond?.reason === NEW_RS_AVAILABLE_REASON;
  const ts = dc.ctx.clock.timestamp();
  const now = dc.ctx.clock.now();
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, newStatus)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setDeploymentCondition(
        newStatus,
        newDeploymentCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, msg, ts),
      );
    } else if (deploymentProgressing(d, newStatus)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" is progressing.`
        : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newDeploymentCondition(
        'Progressing',
        'True',
        REPLICA_SET_UPDATED_REASON,
        msg,
        ts,
      );
      // Progress moves lastUpdateTime even when the reason stays the same.
      if (currentCond) {
        if (currentCond.status === 'True') cond.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, 'Progressing');
      }
      setDeploymentCondition(newStatus, cond);
    } else if (deploymentTimedOut(d, newStatus, now)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has timed out progressing.`
        : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setDeploymentCondition(
        newStatus,
        newDeploymentCondition('Progressing', 'False', TIMED_OUT_REASON, msg, ts),
      );
    }
  }
  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length) setDeploymentCondition(newStatus, failures[0]);
  else removeDeploymentCondition(newStatus, REPLICA_FAILURE);

  if (canonicalText(d.status) === canonicalText(newStatus)) {
    return requeueStuckDeployment(dc, d, newStatus);
  }
  d.status = newStatus;
  dc.writeStatus(d);
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure, else any old one's. */
export function getReplicaFailures(
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
): DeploymentCondition[] {
  const of = (rs: KubeObject | undefined) =>
    (rsStatus(rs).conditions ?? [])
      .filter((c) => c.type === REPLICA_FAILURE)
      .map(replicaSetToDeploymentCondition);
  const fromNew = of(newRS);
  if (fromNew.length) return fromNew;
  return allRSs.flatMap(of);
}

/**
 * requeueStuckDeployment: with no progress, look again just after the deadline
 * (Progressing lastUpdateTime + progressDeadlineSeconds + 1 s) to report the time-out.
 */
export function requeueStuckDeployment(
  dc: DeploymentController,
  d: Deployment,
  newStatus: DeploymentStatus,
): number | void {
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, newStatus) || cond.reason === TIMED_OUT_REASON) return;
  const after =
    timeOf(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds! * 1000 - dc.ctx.clock.now();
  if (after < 1000) return 1000;
  return after + 1000;
}
