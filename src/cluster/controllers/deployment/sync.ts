/**
 * The shared steps of the Deployment controller (pkg/controller/deployment/sync.go): find or
 * create the new ReplicaSet and keep revisions in step, scale (proportionally while a rollout is
 * under way), clean up old revisions, and compute the status.
 */
import { isApiError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { byCreationTimestamp } from '../replicaset/controllerUtils';
import { rsView } from '../replicaset/replicaSetUtils';
import type { DeploymentController } from './controller';
import { DEPLOYMENT_SOURCE } from './controller';
import { getRollbackTo } from './rollback';
import type { Deployment, DeploymentStatus } from './util';
import {
  bySizeNewer,
  bySizeOlder,
  byRevision,
  canonicalText,
  computeHash,
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  equalIgnoreHash,
  FAILED_RS_CREATE_REASON,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  FOUND_NEW_RS_REASON,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getDesiredReplicasAnnotation,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getReplicaSetProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_RS_REASON,
  newDeploymentCondition,
  newRSNewReplicas,
  PAUSED_DEPLOY_REASON,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  RESUMED_DEPLOY_REASON,
  rsReplicas,
  rsStatus,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  TIMED_OUT_REASON,
} from './util';

/** syncStatusOnly: a Deployment being deleted gets its status, nothing else. */
export function syncStatusOnly(dc: DeploymentController, d: Deployment, rsList: KubeObject[]) {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/** sync: scaling while paused or on a replicas change, without rolling out. */
export function sync(dc: DeploymentController, d: Deployment, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  scale(dc, d, newRS, oldRSs);
  if (d.spec.paused && getRollbackTo(d) === undefined) cleanupDeployment(dc, oldRSs, d);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: Progressing Unknown "DeploymentPaused" while paused, then
 * "DeploymentResumed", so time spent paused never counts against the progress deadline.
 */
export function checkPausedConditions(dc: DeploymentController, d: Deployment): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const ts = dc.ctx.clock.timestamp();
  if (d.spec.paused && !pausedCondExists) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        'Progressing',
        'Unknown',
        PAUSED_DEPLOY_REASON,
        'Deployment is paused',
        ts,
      ),
    );
  } else if (!d.spec.paused && pausedCondExists) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        'Progressing',
        'Unknown',
        RESUMED_DEPLOY_REASON,
        'Deployment is resumed',
        ts,
      ),
    );
  } else {
    return;
  }
  dc.writeStatus(d);
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) with its
 * revision set above every old one, and the old ReplicaSets.
 */
export function getAllReplicaSetsAndSyncRevision(
  dc: DeploymentController,
  d: Deployment,
  rsList: KubeObject[],
  createIfNotExisted: boolean,
): { newRS: KubeObject | undefined; oldRSs: KubeObject[] } {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(dc, d, rsList, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

/** getNewReplicaSet: finds, updates or creates the ReplicaSet of the current template. */
export function getNewReplicaSet(
  dc: DeploymentController,
  d: Deployment,
  rsList: KubeObject[],
  oldRSs: KubeObject[],
  createIfNotExisted: boolean,
): KubeObject | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const ts = dc.ctx.clock.timestamp();
  if (existing) {
    const rsCopy = structuredClone(existing) as KubeObject;
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const spec = rsView(rsCopy).spec!;
    const minReady = d.spec.minReadySeconds ?? 0;
    if (annotationsUpdated || (spec.minReadySeconds ?? 0) !== minReady) {
      if (minReady) spec.minReadySeconds = minReady;
      else delete spec.minReadySeconds;
      return dc.ctx.client.update(dc.rsType, rsCopy);
    }
    let needsUpdate = setDeploymentRevision(
      d,
      rsCopy.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '',
    );
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (hasProgressDeadline(d) && !cond) {
      setDeploymentCondition(
        d.status,
        newDeploymentCondition(
          'Progressing',
          'True',
          FOUND_NEW_RS_REASON,
          `Found new replica set "${rsCopy.metadata.name}"`,
          ts,
        ),
      );
      needsUpdate = true;
    }
    if (needsUpdate) dc.writeStatus(d);
    return rsCopy;
  }
  if (!createIfNotExisted) return undefined;

  // The new ReplicaSet does not exist: create it, named after the template's hash.
  const template = structuredClone(d.spec.template ?? {});
  const hash = computeHash(template, d.status.collisionCount);
  const labels = {
    ...(template.metadata?.labels ?? {}),
    [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
  };
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = {
    ...(selector.matchLabels ?? {}),
    [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
  };
  const name = `${d.metadata.name}-${hash}`;
  const newRS: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      labels: { ...labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: d.metadata.name!,
          uid: d.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 0,
      ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector,
      template,
    },
  };
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  (newRS.spec as { replicas: number }).replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let created: KubeObject;
  let alreadyExists = false;
  try {
    created = dc.ctx.client.create(dc.rsType, newRS);
  } catch (e) {
    if (!isApiError(e)) throw e;
    if (e.code === 409 && e.reason === 'AlreadyExists') {
      const rs = dc.ctx.store.get(dc.rsType.key, d.metadata.namespace ?? '', name);
      if (!rs) throw e;
      const ref = rs.metadata.ownerReferences?.find((r) => r.controller);
      if (
        ref?.uid === d.metadata.uid &&
        equalIgnoreHash(d.spec.template, rsView(rs).spec?.template)
      ) {
        created = rs;
        alreadyExists = true;
      } else {
        // A hash collision: count it, so the next sync hashes to another name.
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        dc.writeStatus(d);
        throw e;
      }
    } else if (e.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${name}": ${e.message}`;
      if (hasProgressDeadline(d)) {
        setDeploymentCondition(
          d.status,
          newDeploymentCondition('Progressing', 'False', FAILED_RS_CREATE_REASON, msg, ts),
        );
        try {
          dc.writeStatus(d);
        } catch {
          // The failure to create is the bigger problem to report.
        }
      }
      dc.ctx.recorder.event(DEPLOYMENT_SOURCE, d, 'Warning', FAILED_RS_CREATE_REASON, msg);
      throw e;
    }
  }
  if (!alreadyExists && newReplicasCount > 0) {
    dc.ctx.recorder.event(
      DEPLOYMENT_SOURCE,
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicasCount}`,
    );
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        'Progressing',
        'True',
        NEW_RS_REASON,
        `Created new replica set "${created.metadata.name}"`,
        ts,
      ),
    );
    needsUpdate = true;
  }
  if (needsUpdate) dc.writeStatus(d);
  return created;
}

/**
 * scale: one active ReplicaSet takes the whole count; a saturated new one leaves the old at zero;
 * otherwise (a rollout under way) the change is shared out in proportion to each set's size.
 */
export function scale(
  dc: DeploymentController,
  d: Deployment,
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) === replicasOf(d)) return;
    scaleReplicaSetAndRecordEvent(dc, activeOrLatest, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(dc, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - allRSsReplicas;
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = getReplicaSetProportion(rs, d, toAdd, added);
      nameToSize.set(rs.metadata.name!, rsReplicas(rs) + proportion);
      added += proportion;
    } else {
      nameToSize.set(rs.metadata.name!, rsReplicas(rs));
    }
  }
  allRSs.forEach((rs, i) => {
    const name = rs.metadata.name!;
    if (i === 0 && toAdd !== 0) {
      nameToSize.set(name, Math.max(0, nameToSize.get(name)! + toAdd - added));
    }
    scaleReplicaSet(dc, rs, nameToSize.get(name)!, d);
  });
}

/** scaleReplicaSetAndRecordEvent: scales only when the size differs. */
export function scaleReplicaSetAndRecordEvent(
  dc: DeploymentController,
  rs: KubeObject,
  newScale: number,
  d: Deployment,
): { scaled: boolean; rs: KubeObject } {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(dc, rs, newScale, d);
}

/** scaleReplicaSet: writes size and replica annotations; "Scaled up/down … from N to M". */
export function scaleReplicaSet(
  dc: DeploymentController,
  rs: KubeObject,
  newScale: number,
  d: Deployment,
): { scaled: boolean; rs: KubeObject } {
  const oldScale = rsReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, replicasOf(d), max);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
  const rsCopy = structuredClone(rs) as KubeObject;
  rsView(rsCopy).spec!.replicas = newScale;
  setReplicasAnnotations(rsCopy, replicasOf(d), max);
  const updated = dc.ctx.client.update(dc.rsType, rsCopy);
  if (sizeNeedsUpdate) {
    dc.ctx.recorder.event(
      DEPLOYMENT_SOURCE,
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${oldScale < newScale ? 'up' : 'down'} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
    );
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** cleanupDeployment: deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(dc: DeploymentController, oldRSs: KubeObject[], d: Deployment) {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit!;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    const status = rsStatus(rs);
    if (
      (status.replicas ?? 0) !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (status.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    ) {
      continue;
    }
    try {
      dc.ctx.client.delete(dc.rsType, rs.metadata.namespace ?? '', rs.metadata.name!);
    } catch (e) {
      if (!isApiError(e) || e.code !== 404) throw e;
    }
  }
}

/** syncDeploymentStatus: writes the status computed from the ReplicaSets when it changed. */
export function syncDeploymentStatus(
  dc: DeploymentController,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
  d: Deployment,
): void {
  const newStatus = calculateStatus(dc, allRSs, newRS, d);
  if (canonicalText(d.status) === canonicalText(newStatus)) return;
  d.status = newStatus;
  dc.writeStatus(d);
}

/** calculateStatus (sync.go): counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(
  dc: DeploymentController,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
  d: Deployment,
): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas,
    unavailableReplicas,
    collisionCount: d.status.collisionCount,
  };
  status.conditions = (d.status.conditions ?? []).map((c) => ({ ...c }));
  const ts = dc.ctx.clock.timestamp();
  if (availableReplicas >= replicasOf(d) - maxUnavailable(d)) {
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Available',
        'True',
        MINIMUM_REPLICAS_AVAILABLE,
        'Deployment has minimum availability.',
        ts,
      ),
    );
  } else {
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Available',
        'False',
        MINIMUM_REPLICAS_UNAVAILABLE,
        'Deployment does not have minimum availability.',
        ts,
      ),
    );
  }
  return compact(status);
}

function compact(s: DeploymentStatus): DeploymentStatus {
  const out = { ...s };
  for (const k of Object.keys(out) as (keyof DeploymentStatus)[]) {
    if (out[k] === undefined || (out[k] === 0 && k !== 'collisionCount')) delete out[k];
  }
  if (!out.conditions?.length) delete out.conditions;
  return out;
}

/** isScalingEvent: an active ReplicaSet was sized for a different replica count. */
export function isScalingEvent(
  dc: DeploymentController,
  d: Deployment,
  rsList: KubeObject[],
): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== replicasOf(d)) return true;
  }
  return false;
}

/** Sorts ReplicaSets oldest first (controller.ReplicaSetsByCreationTimestamp). */
export function sortByCreation(rss: KubeObject[]): KubeObject[] {
  return rss.sort(byCreationTimestamp);
}
