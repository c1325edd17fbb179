/**
 * The StatefulSet control loop (pkg/controller/statefulset/stateful_set_control.go):
 * getStatefulSetRevisions, then updateStatefulSet creates missing ordinals, replaces failed
 * pods, deletes condemned ordinals from the highest down, and rolls pods to the update revision
 * from the highest ordinal to the partition; OrderedReady waits for each pod to be Running and
 * Ready, Parallel does not.
 */
import type { KubeObject } from '../../api/types';
import { listRevisions, revisionMatches, revisionTemplate } from '../history/history';
import { clone, isNotFoundOrConflict } from '../podutil/podutil';
import type { StatefulSetController } from './stateful_set';
import type { StatefulSetSpecView } from './utils';
import {
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  isCreated,
  isFailed,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  newRevision,
  newStatefulSetPod,
  stsSpec,
} from './utils';

const SOURCE = { component: 'statefulset-controller' };

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas: number;
  conditions?: unknown[];
}

/** getStatefulSetRevisions: the current and update revisions, creating the update one. */
export function getStatefulSetRevisions(
  ssc: StatefulSetController,
  set: KubeObject,
  revisions: KubeObject[],
): { current: KubeObject; update: KubeObject; collisionCount: number } {
  const rt = ssc.revisionType;
  const status = (set.status ?? {}) as StatefulSetStatus;
  let collisionCount = status.collisionCount ?? 0;
  const next = revisions.length ? (revisions[revisions.length - 1].revision as number) + 1 : 1;
  const template = stsSpec(set).template;
  const equal = revisions.filter((r) => revisionMatches(r, template));
  let update: KubeObject;
  if (equal.length && equal[equal.length - 1] === revisions[revisions.length - 1]) {
    update = equal[equal.length - 1];
  } else if (equal.length) {
    // Rolled back to an earlier template: that revision becomes the newest.
    update = ssc.ctx.client.update(rt, { ...clone(equal[equal.length - 1]), revision: next });
  } else {
    for (;;) {
      const cand = newRevision(set, next, collisionCount);
      const existing = ssc.ctx.store.get(
        'controllerrevisions.apps',
        set.metadata.namespace!,
        cand.metadata.name!,
      );
      if (!existing) {
        update = ssc.ctx.client.create(rt, cand);
        break;
      }
      if (
        existing.metadata.ownerReferences?.some((r) => r.uid === set.metadata.uid) &&
        revisionMatches(existing, template)
      ) {
        update = existing;
        break;
      }
      collisionCount++;
    }
  }
  const current = revisions.find((r) => r.metadata.name === status.currentRevision) ?? update;
  return { current, update, collisionCount };
}

function templateOf(rev: KubeObject): StatefulSetSpecView['template'] {
  return revisionTemplate(rev) as StatefulSetSpecView['template'];
}

/**
 * updateStatefulSet: one pass over the set's pods. Returns the status to write and whether
 * something is waiting on time (minReadySeconds).
 */
export function updateStatefulSet(
  ssc: StatefulSetController,
  set: KubeObject,
  current: KubeObject,
  update: KubeObject,
  collisionCount: number,
  pods: KubeObject[],
): StatefulSetStatus {
  const spec = stsSpec(set);
  const now = ssc.ctx.clock.now();
  const minReady = spec.minReadySeconds ?? 0;
  const replicaCount = spec.replicas ?? 1;
  const start = getStartOrdinal(set);
  const end = start + replicaCount;
  const monotonic = (spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const currentHash = current.metadata.name!.slice(set.metadata.name!.length + 1);
  const updateHash = update.metadata.name!.slice(set.metadata.name!.length + 1);
  const currentRevisionLabel = current.metadata.labels?.['controller-revision-hash'] ?? currentHash;
  const updateRevisionLabel = update.metadata.labels?.['controller-revision-hash'] ?? updateHash;

  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    currentRevision: current.metadata.name,
    updateRevision: update.metadata.name,
    collisionCount,
    availableReplicas: 0,
  };
  const count = (pod: KubeObject) => {
    if (!isCreated(pod)) return;
    status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas = (status.readyReplicas ?? 0) + 1;
      if (isRunningAndAvailable(pod, minReady, now)) status.availableReplicas++;
    }
    if (!isTerminating(pod)) {
      if (getPodRevision(pod) === currentRevisionLabel)
        status.currentReplicas = (status.currentReplicas ?? 0) + 1;
      if (getPodRevision(pod) === updateRevisionLabel)
        status.updatedReplicas = (status.updatedReplicas ?? 0) + 1;
    }
  };

  // replicas holds ordinals [start, end); condemned holds the rest, sorted by ordinal.
  const replicas: (KubeObject | undefined)[] = new Array(replicaCount).fill(undefined);
  const condemned: KubeObject[] = [];
  for (const pod of pods) {
    count(pod);
    const ord = getOrdinal(set, pod);
    if (ord >= start && ord < end) replicas[ord - start] = pod;
    else if (ord >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => getOrdinal(set, a) - getOrdinal(set, b));

  const partition =
    spec.updateStrategy?.type === 'RollingUpdate'
      ? (spec.updateStrategy.rollingUpdate?.partition ?? 0)
      : 0;
  const currentReplicasNow = ((set.status ?? {}) as StatefulSetStatus).currentReplicas ?? 0;
  /** newVersionedStatefulSetPod: below the partition (or the current count) keeps the current revision. */
  const revisionFor = (ord: number): KubeObject => {
    if (spec.updateStrategy?.type === 'RollingUpdate') {
      const keep = spec.updateStrategy.rollingUpdate
        ? ord < start + partition
        : ord < start + currentReplicasNow;
      if (keep) return current;
    }
    return update;
  };

  let firstUnhealthy: KubeObject | undefined;
  for (const p of replicas) if (p && !isHealthy(p) && !firstUnhealthy) firstUnhealthy = p;
  for (let i = condemned.length - 1; i >= 0; i--)
    if (!isHealthy(condemned[i]) && !firstUnhealthy) firstUnhealthy = condemned[i];

  const done = () => completeRollingUpdate(set, status);

  // processReplica for each ordinal in order.
  for (let i = 0; i < replicaCount; i++) {
    const ord = start + i;
    let pod = replicas[i];
    if (pod && (isFailed(pod) || isSucceeded(pod)) && !isTerminating(pod)) {
      ssc.deletePod(set, pod);
      if (monotonic) return done();
      continue;
    }
    if (!pod) {
      const rev = revisionFor(ord);
      const revHash = rev.metadata.labels?.['controller-revision-hash'] ?? '';
      pod = ssc.createPod(set, newStatefulSetPod(set, templateOf(rev), ord, revHash));
      count(pod);
      if (monotonic) return done();
      continue;
    }
    if (isTerminating(pod) && monotonic) return done();
    if (!isCreated(pod) || isTerminating(pod)) continue;
    if (monotonic && !isRunningAndReady(pod)) return done();
    if (monotonic && !isRunningAndAvailable(pod, minReady, now)) return done();
  }

  // Condemned pods go from the highest ordinal down.
  for (let t = condemned.length - 1; t >= 0; t--) {
    const pod = condemned[t];
    if (isTerminating(pod)) {
      if (monotonic) return done();
      continue;
    }
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return done();
    ssc.deletePod(set, pod);
    if (monotonic) return done();
  }

  // OnDelete: pods take the new template only when someone deletes them.
  if (spec.updateStrategy?.type === 'OnDelete') return done();

  // RollingUpdate: from the highest ordinal down to the partition, one unhealthy pod at a time.
  for (let t = replicaCount - 1; t >= partition; t--) {
    const pod = replicas[t];
    if (!pod) continue;
    if (getPodRevision(pod) !== updateRevisionLabel && !isTerminating(pod)) {
      ssc.deletePod(set, pod);
      return done();
    }
    if (!isHealthy(pod)) return done();
  }
  return done();
}

/** completeRollingUpdate: once every pod runs the update revision, it becomes current. */
function completeRollingUpdate(set: KubeObject, status: StatefulSetStatus): StatefulSetStatus {
  const spec = stsSpec(set);
  if (
    spec.updateStrategy?.type === 'RollingUpdate' &&
    (status.updatedReplicas ?? 0) === status.replicas &&
    (status.readyReplicas ?? 0) === status.replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  return status;
}

/** truncateHistory: keeps revisionHistoryLimit revisions besides those live pods and the set use. */
export function truncateHistory(
  ssc: StatefulSetController,
  set: KubeObject,
  pods: KubeObject[],
  status: StatefulSetStatus,
): void {
  const revisions = listRevisions(ssc.ctx.store, set);
  const live = new Set<string | undefined>([status.currentRevision, status.updateRevision]);
  const liveHashes = new Set(pods.map(getPodRevision));
  const history = revisions.filter(
    (r) =>
      !live.has(r.metadata.name) &&
      !liveHashes.has(r.metadata.labels?.['controller-revision-hash']),
  );
  const limit = stsSpec(set).revisionHistoryLimit ?? 10;
  for (const r of history.slice(0, Math.max(0, history.length - limit))) {
    try {
      ssc.ctx.client.delete(ssc.revisionType, r.metadata.namespace!, r.metadata.name!);
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }
}

export { SOURCE };
