/**
 * Deployment helpers, as upstream's pkg/controller/deployment/util/deployment_util.go (plus
 * ComputeHash from controller_utils.go): revisions and the annotations that carry them, surge
 * and unavailability from int-or-percent, conditions, which ReplicaSet is new, replica counts
 * over sets of ReplicaSets, and proportional scaling.
 */
import type { KubeObject } from '../../api/types';
import { byCreationTimestamp, timeOf } from '../replicaset/controllerUtils';
import type { ReplicaSetStatus } from '../replicaset/replicaSetUtils';
import { rsView } from '../replicaset/replicaSetUtils';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_CONFIG = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';
/** Length limit of the revision-history annotation (the controller's default). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

// Condition reasons (deployment_util.go).
export const NEW_RS_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';
// Rollback event reasons.
export const ROLLBACK_REVISION_NOT_FOUND = 'DeploymentRollbackRevisionNotFound';
export const ROLLBACK_TEMPLATE_UNCHANGED = 'DeploymentRollbackTemplateUnchanged';
export const ROLLBACK_DONE = 'DeploymentRollback';

export interface PodTemplateSpec {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  spec?: unknown;
}

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export type IntOrString = number | string;

export interface DeploymentSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  template?: PodTemplateSpec;
  strategy?: {
    type?: string;
    rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

/** A Deployment as the controller reads it; `status` is rewritten in place as upstream does. */
export interface Deployment extends KubeObject {
  spec: DeploymentSpec;
  status: DeploymentStatus;
}

export function asDeployment(obj: KubeObject): Deployment {
  const d = structuredClone(obj) as Deployment;
  d.spec ??= {};
  d.status ??= {};
  return d;
}

export function replicasOf(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

export function rsReplicas(rs: KubeObject | undefined): number {
  return rs ? (rsView(rs).spec?.replicas ?? 0) : 0;
}

export function rsStatus(rs: KubeObject | undefined): ReplicaSetStatus {
  return (rs ? rsView(rs).status : undefined) ?? { replicas: 0 };
}

// ---- ComputeHash ----

/** Drops what Go's semantic equality treats as absent: null, empty maps and empty lists. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalize((v as Record<string, unknown>)[k]);
      if (x === null || x === undefined) continue;
      if (Array.isArray(x) && x.length === 0) continue;
      if (typeof x === 'object' && !Array.isArray(x) && Object.keys(x as object).length === 0)
        continue;
      out[k] = x;
    }
    return out;
  }
  return v;
}

/** A canonical text of a value: keys sorted, absent-equivalent values dropped. */
export function canonicalText(v: unknown): string {
  return JSON.stringify(normalize(v) ?? null);
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character mapped into the vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * controller.ComputeHash: FNV-32a over the template, then the collision count as 8 little-endian
 * bytes, printed in decimal and safe-encoded. Upstream hashes Go's spew print of the struct;
 * here the template's canonical JSON stands in for it, so the same template always gives the same
 * hash and any change gives another, in upstream's format ("7d9f8c6b5d").
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalText(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const c = structuredClone(t ?? {}) as PodTemplateSpec;
  if (c.metadata?.labels) delete c.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  return c;
}

/** EqualIgnoreHash: the templates are semantically equal, ignoring pod-template-hash. */
export function equalIgnoreHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  return canonicalText(withoutHash(a)) === canonicalText(withoutHash(b));
}

// ---- revisions and annotations ----

/** Revision of a ReplicaSet; NaN when the annotation is not a number. */
export function revision(obj: KubeObject | undefined): number {
  const v = obj?.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

export function maxRevision(rss: KubeObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revision(rs);
    if (!isNaN(v) && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second-highest revision (the one before the current). */
export function lastRevision(rss: KubeObject[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = revision(rs);
    if (isNaN(v)) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_CONFIG,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

export function skipCopyAnnotation(key: string): boolean {
  return ANNOTATIONS_TO_SKIP.has(key);
}

/** copyDeploymentAnnotationsToReplicaSet: all but the skipped ones (change-cause among them). */
function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: KubeObject): boolean {
  let changed = false;
  const ann = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  return changed;
}

/** SetNewReplicaSetAnnotations: copies annotations and moves the revision (and its history). */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: KubeObject,
  newRevision: string,
  exists: boolean,
  revHistoryLimitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const ann = (rs.metadata.annotations ??= {});
  const hadRevision = Object.prototype.hasOwnProperty.call(ann, REVISION_ANNOTATION);
  const oldRevision = ann[REVISION_ANNOTATION] ?? '';
  let oldRevisionInt = 0;
  if (oldRevision !== '') {
    if (!/^\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  const newRevisionInt = Number(newRevision);
  if (oldRevisionInt < newRevisionInt) {
    ann[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  // A ReplicaSet that had a revision and gets a newer one is being rolled back to: keep the
  // revisions it had, for `kubectl rollout history`.
  if (hadRevision && oldRevisionInt < newRevisionInt) {
    const history = ann[REVISION_HISTORY_ANNOTATION] ?? '';
    let old = history.split(',');
    if (old[0].length === 0) {
      ann[REVISION_HISTORY_ANNOTATION] = oldRevision;
    } else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < old.length) {
        totalLen = totalLen - old[start].length - 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) {
        old = [...old.slice(start), oldRevision];
        ann[REVISION_HISTORY_ANNOTATION] = old.join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) {
    changed = true;
  }
  return changed;
}

/** SetDeploymentRevision */
export function setDeploymentRevision(d: Deployment, rev: string): boolean {
  const ann = (d.metadata.annotations ??= {});
  if (ann[REVISION_ANNOTATION] === rev) return false;
  ann[REVISION_ANNOTATION] = rev;
  return true;
}

export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let updated = false;
  if (ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    ann[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (ann[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    ann[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(
  rs: KubeObject,
  desired: number,
  max: number,
): boolean {
  const ann = rs.metadata.annotations ?? {};
  return (
    ann[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
    ann[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

function intAnnotation(rs: KubeObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

export function getDesiredReplicasAnnotation(rs: KubeObject): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

// ---- surge and unavailability ----

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return /^\d+$/.test(v) ? Number(v) : 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: surge rounds up, unavailable down; both zero means one unavailable. */
export function resolveFenceposts(
  surgeV: IntOrString | undefined,
  unavailableV: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(surgeV ?? 0, desired, true);
  let unavailable = scaledValue(unavailableV ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

// ---- finding ReplicaSets ----

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rsList: KubeObject[]): KubeObject | undefined {
  const sorted = [...rsList].sort(byCreationTimestamp);
  return sorted.find((rs) => equalIgnoreHash(rsView(rs).spec?.template, d.spec.template));
}

/** FindOldReplicaSets: every ReplicaSet but the new one. */
export function findOldReplicaSets(d: Deployment, rsList: KubeObject[]): KubeObject[] {
  const newRS = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
}

export function filterActiveReplicaSets(rss: (KubeObject | undefined)[]): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => !!rs && rsReplicas(rs) > 0);
}

export function getReplicaCountForReplicaSets(rss: (KubeObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + rsReplicas(rs), 0);
}

export function getActualReplicaCountForReplicaSets(rss: (KubeObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).replicas ?? 0) : 0), 0);
}

export function getReadyReplicaCountForReplicaSets(rss: (KubeObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).readyReplicas ?? 0) : 0), 0);
}

export function getAvailableReplicaCountForReplicaSets(rss: (KubeObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).availableReplicas ?? 0) : 0), 0);
}

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: Deployment, allRSs: KubeObject[], newRS: KubeObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicasOf(d), true);
  const currentPodCount = getReplicaCountForReplicaSets(allRSs);
  const maxTotalPods = replicasOf(d) + surge;
  if (currentPodCount >= maxTotalPods) return rsReplicas(newRS);
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicasOf(d) - rsReplicas(newRS));
  return rsReplicas(newRS) + scaleUpCount;
}

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
): KubeObject | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const old = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...old, newRS]);
  if (active.length === 0) return newRS ?? old[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** IsSaturated: the new ReplicaSet has all the Deployment's replicas, all available. */
export function isSaturated(d: Deployment, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  return (
    rsReplicas(rs) === replicasOf(d) &&
    desired === replicasOf(d) &&
    (rsStatus(rs).availableReplicas ?? 0) === replicasOf(d)
  );
}

/** math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function getReplicaSetFraction(rs: KubeObject, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = replicasOf(d) + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (!before) before = d.status.replicas ?? 0;
  if (!before) return 0;
  const size = (rsReplicas(rs) * deploymentMaxReplicas) / before;
  return roundHalfAway(size) - rsReplicas(rs);
}

/** GetReplicaSetProportion: this ReplicaSet's share of a proportional scale. */
export function getReplicaSetProportion(
  rs: KubeObject,
  d: Deployment,
  toAdd: number,
  added: number,
): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** ReplicaSetsBySizeNewer: larger first; of equal size, newer first. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  if (rsReplicas(a) === rsReplicas(b)) return byCreationTimestamp(b, a);
  return rsReplicas(b) - rsReplicas(a);
}

/** ReplicaSetsBySizeOlder: larger first; of equal size, older first. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  if (rsReplicas(a) === rsReplicas(b)) return byCreationTimestamp(a, b);
  return rsReplicas(b) - rsReplicas(a);
}

/** ReplicaSetsByRevision: lowest revision first, then oldest. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  const ra = revision(a) || 0;
  const rb = revision(b) || 0;
  if (ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

// ---- conditions ----

export function newDeploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  timestamp: string,
): DeploymentCondition {
  return {
    type,
    status,
    lastUpdateTime: timestamp,
    lastTransitionTime: timestamp,
    reason,
    message,
  };
}

export function getDeploymentCondition(
  status: DeploymentStatus,
  type: string,
): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: same status and reason is a no-op; same status keeps the transition
 * time; the condition moves to the end of the list.
 */
export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getDeploymentCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  if (cur && cur.status === cond.status) cond.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
  if (!status.conditions.length) delete status.conditions;
}

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== 2147483647;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== 2147483647;
}

/** DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === n &&
    (s.replicas ?? 0) === n &&
    (s.availableReplicas ?? 0) === n &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status;
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress reported for longer than progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  const from = timeOf(c.lastUpdateTime);
  return from + d.spec.progressDeadlineSeconds! * 1000 < nowMs;
}

/** ReplicaSetToDeploymentCondition */
export function replicaSetToDeploymentCondition(c: {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    lastUpdateTime: c.lastTransitionTime,
    lastTransitionTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  };
}

/** SetFromReplicaSetTemplate: the Deployment's template becomes the ReplicaSet's, minus the hash. */
export function setFromReplicaSetTemplate(d: Deployment, template: PodTemplateSpec): void {
  d.spec.template = withoutHash(template);
  const labels = d.spec.template.metadata?.labels;
  if (labels && !Object.keys(labels).length) delete d.spec.template.metadata!.labels;
}

/** SetDeploymentAnnotationsTo: the rolled-back-to ReplicaSet's annotations (change-cause). */
export function setDeploymentAnnotationsTo(d: Deployment, rs: KubeObject): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
    if (skipCopyAnnotation(k)) kept[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
    if (!skipCopyAnnotation(k)) kept[k] = v;
  d.metadata.annotations = kept;
}
