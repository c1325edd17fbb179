/**
 * Rollback by the deprecated annotation `deprecated.deployment.rollback.to`
 * (pkg/controller/deployment/rollback.go). `kubectl rollout undo` in v1.32 does not use it: it
 * patches the Deployment's template to the old ReplicaSet's itself, and the controller then
 * finds that ReplicaSet as the new one and gives it the next revision (sync.ts).
 */
import type { KubeObject } from '../../api/types';
import { rsView } from '../replicaset/replicaSetUtils';
import type { DeploymentController } from './controller';
import { DEPLOYMENT_SOURCE } from './controller';
import { getAllReplicaSetsAndSyncRevision } from './sync';
import type { Deployment } from './util';
import {
  DEPRECATED_ROLLBACK_TO,
  equalIgnoreHash,
  lastRevision,
  revision,
  ROLLBACK_DONE,
  ROLLBACK_REVISION_NOT_FOUND,
  ROLLBACK_TEMPLATE_UNCHANGED,
  setDeploymentAnnotationsTo,
  setFromReplicaSetTemplate,
} from './util';

/** getRollbackTo: the revision asked for by the annotation, if any. */
export function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[DEPRECATED_ROLLBACK_TO];
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

export function rollback(dc: DeploymentController, d: Deployment, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  let to = getRollbackTo(d)!;
  if (to === 0) {
    to = lastRevision(allRSs);
    if (to === 0) {
      warn(dc, d, ROLLBACK_REVISION_NOT_FOUND, 'Unable to find last revision.');
      return updateDeploymentAndClearRollbackTo(dc, d);
    }
  }
  for (const rs of allRSs) {
    if (revision(rs) !== to) continue;
    if (rollbackToTemplate(dc, d, rs)) {
      dc.ctx.recorder.event(
        DEPLOYMENT_SOURCE,
        d,
        'Normal',
        ROLLBACK_DONE,
        `Rolled back deployment "${d.metadata.name}" to revision ${to}`,
      );
    }
    return;
  }
  warn(dc, d, ROLLBACK_REVISION_NOT_FOUND, 'Unable to find the revision to rollback to.');
  updateDeploymentAndClearRollbackTo(dc, d);
}

/** rollbackToTemplate: copies the ReplicaSet's template when it differs. */
function rollbackToTemplate(dc: DeploymentController, d: Deployment, rs: KubeObject): boolean {
  let performed = false;
  if (!equalIgnoreHash(d.spec.template, rsView(rs).spec?.template)) {
    setFromReplicaSetTemplate(d, rsView(rs).spec?.template ?? {});
    setDeploymentAnnotationsTo(d, rs);
    performed = true;
  } else {
    warn(
      dc,
      d,
      ROLLBACK_TEMPLATE_UNCHANGED,
      `The rollback revision contains the same template as current deployment "${d.metadata.name}"`,
    );
  }
  updateDeploymentAndClearRollbackTo(dc, d);
  return performed;
}

function warn(dc: DeploymentController, d: Deployment, reason: string, message: string): void {
  dc.ctx.recorder.event(DEPLOYMENT_SOURCE, d, 'Warning', reason, message);
}

function updateDeploymentAndClearRollbackTo(dc: DeploymentController, d: Deployment): void {
  const next = structuredClone(d) as KubeObject;
  delete next.metadata.annotations?.[DEPRECATED_ROLLBACK_TO];
  dc.ctx.client.update(dc.dType, next);
}
