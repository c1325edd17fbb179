/**
 * The Job controller (pkg/controller/job/job_controller.go): runs pods until `completions`
 * succeed or the Job fails (backoffLimit, activeDeadlineSeconds). Pods carry the
 * `batch.kubernetes.io/job-tracking` finalizer until they are counted, through
 * `uncountedTerminatedPods`, as upstream. As in v1.32 (JobSuccessPolicy, JobManagedBy and
 * JobPodReplacementPolicy on), a Job first gets the interim SuccessCriteriaMet / FailureTarget
 * condition and the terminal Complete / Failed one once no pod is still terminating.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { minDelay } from '../daemonset/controller';
import {
  clone,
  controllerRef,
  isNotFoundOrConflict,
  isPodReady,
  isPodTerminal,
  newControllerRef,
  ownedBy,
  podPhase,
  podStatus,
  timeOf,
} from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';
import type { BackoffRecord } from './backoff_utils';
import { getRemainingTime, updateBackoffRecord } from './backoff_utils';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const SOURCE = { component: 'job-controller' };

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  [k: string]: unknown;
}

export interface JobSpecView {
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  template: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: { restartPolicy?: string };
  };
}

export const jobSpec = (job: KubeObject) => job.spec as JobSpecView;
export const jobStatus = (job: KubeObject) => (job.status ?? {}) as JobStatus;

/** The finished condition (Complete or Failed, True) of a Job, if any. */
export function finishedCondition(job: KubeObject): JobCondition | undefined {
  return jobStatus(job).conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

export class JobController implements Controller {
  readonly name = 'job-controller';
  private queue: WorkQueue;
  private jobType: ResourceType;
  private podType: ResourceType;
  /** backoffRecordStore: failures since the last success, per Job uid. */
  private backoff = new Map<string, BackoffRecord>();

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncJob(key));
    this.jobType = ctx.registry.byResource('batch', 'v1', 'jobs')!;
    this.podType = ctx.registry.byResource('', 'v1', 'pods')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('jobs.batch', {}, (ev) => {
      if (ev.type === 'DELETED') this.backoff.delete(ev.object.metadata.uid!);
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
    store.watch('pods', {}, (ev) => {
      for (const o of [ev.object, ev.prev]) {
        const ref = o && controllerRef(o);
        if (ref?.kind === 'Job') this.queue.add(`${o!.metadata.namespace}/${ref.name}`);
      }
    });
    for (const j of store.list('jobs.batch').items)
      this.queue.add(`${j.metadata.namespace}/${j.metadata.name}`);
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  private condition(type: string, reason: string, message: string, status = 'True'): JobCondition {
    const ts = this.ctx.clock.timestamp();
    return { type, status, lastProbeTime: ts, lastTransitionTime: ts, reason, message };
  }

  /** syncJob: count finished pods, decide whether the Job is done, manage pods, write status. */
  syncJob(key: string): void | number {
    const [ns, name] = key.split('/');
    const job = this.ctx.store.get('jobs.batch', ns, name);
    if (!job) return;
    const pods = ownedBy(this.ctx.store, 'pods', job);
    if (finishedCondition(job)) {
      // A finished Job only lets go of its pods, then waits for its TTL.
      this.removeTrackingFinalizers(pods);
      return this.processTTL(job);
    }
    if (job.metadata.deletionTimestamp) return;
    const spec = jobSpec(job);
    const prev = jobStatus(job);
    const status: JobStatus = clone(prev);
    const conditions = (status.conditions ??= []);
    const suspended = !!spec.suspend;
    let requeue: void | number = undefined;

    // Suspension and resumption.
    const suspendCond = conditions.find((c) => c.type === 'Suspended');
    if (suspended && suspendCond?.status !== 'True') {
      const c = this.condition('Suspended', 'JobSuspended', 'Job suspended');
      if (suspendCond) Object.assign(suspendCond, c);
      else conditions.push(c);
      this.ctx.recorder.event(SOURCE, job, 'Normal', 'Suspended', 'Job suspended');
    } else if (!suspended && suspendCond?.status === 'True') {
      Object.assign(suspendCond, this.condition('Suspended', 'JobResumed', 'Job resumed', 'False'));
      status.startTime = this.ctx.clock.timestamp();
      this.ctx.recorder.event(SOURCE, job, 'Normal', 'Resumed', 'Job resumed');
    }
    if (!suspended && !status.startTime) status.startTime = this.ctx.clock.timestamp();

    // Newly finished pods that still carry the tracking finalizer are counted now.
    const uncounted = {
      succeeded: [...(prev.uncountedTerminatedPods?.succeeded ?? [])],
      failed: [...(prev.uncountedTerminatedPods?.failed ?? [])],
    };
    const seen = new Set([...uncounted.succeeded, ...uncounted.failed]);
    const finishedPods: KubeObject[] = [];
    for (const p of pods) {
      if (!p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) continue;
      if (!isPodTerminal(p)) continue;
      finishedPods.push(p);
      if (seen.has(p.metadata.uid!)) continue;
      (podPhase(p) === 'Succeeded' ? uncounted.succeeded : uncounted.failed).push(p.metadata.uid!);
    }
    const newSucceeded = uncounted.succeeded.length;
    const newFailed = uncounted.failed.length;
    if (newSucceeded || newFailed) {
      const rec = updateBackoffRecord(
        this.backoff.get(job.metadata.uid!),
        newSucceeded,
        newFailed,
        this.now(),
      );
      this.backoff.set(job.metadata.uid!, rec);
    }
    const succeeded = (prev.succeeded ?? 0) + newSucceeded;
    const failed = (prev.failed ?? 0) + newFailed;
    let active = pods.filter((p) => !isPodTerminal(p) && !p.metadata.deletionTimestamp);
    const terminatingCount = () =>
      ownedBy(this.ctx.store, 'pods', job).filter(
        (p) => p.metadata.deletionTimestamp && !isPodTerminal(p),
      ).length;

    // The interim condition: FailureTarget or SuccessCriteriaMet.
    let target =
      conditions.find((c) => c.type === 'FailureTarget' && c.status === 'True') ??
      conditions.find((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
    if (!target) {
      if (failed > (spec.backoffLimit ?? 6) || this.pastBackoffLimitOnFailure(job, active)) {
        target = this.condition(
          'FailureTarget',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
        );
      } else if (this.pastActiveDeadline(job, status)) {
        target = this.condition(
          'FailureTarget',
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
        );
      } else {
        if (spec.activeDeadlineSeconds !== undefined && !suspended && status.startTime) {
          const at = timeOf(status.startTime) + spec.activeDeadlineSeconds * 1000;
          requeue = minDelay(requeue, Math.max(0, at - this.now()));
        }
        const complete =
          spec.completions === undefined || spec.completions === null
            ? succeeded > 0 && active.length === 0
            : succeeded >= spec.completions && active.length === 0;
        if (complete)
          target = this.condition(
            'SuccessCriteriaMet',
            'CompletionsReached',
            'Reached expected number of succeeded pods',
          );
      }
      if (target) conditions.push(target);
    }

    if (target?.type === 'FailureTarget') {
      // deleteActivePods: a failing Job stops all its running pods.
      for (const p of active) this.deletePod(job, p);
      active = [];
    } else if (!target) {
      const r = this.manageJob(job, active, succeeded, suspended);
      active = r.active;
      requeue = minDelay(requeue, r.requeue);
    }

    // Status, in upstream's order: record the newly finished pods as uncounted, let go of their
    // finalizers, then move them into the counts.
    status.active = active.length;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminatingCount();
    if (newSucceeded || newFailed) {
      status.uncountedTerminatedPods = uncounted;
      this.writeStatus(job, status);
      this.removeTrackingFinalizers(finishedPods);
    }
    status.succeeded = succeeded;
    status.failed = failed;
    status.uncountedTerminatedPods = {};
    status.terminating = terminatingCount();

    // enactJobFinished: the terminal condition once nothing is terminating.
    let finished: JobCondition | undefined;
    if (target && status.terminating === 0) {
      const type = target.type === 'FailureTarget' ? 'Failed' : 'Complete';
      finished = this.condition(type, target.reason!, target.message!);
      conditions.push(finished);
      if (type === 'Complete') status.completionTime = this.ctx.clock.timestamp();
    }
    this.writeStatus(job, status);
    if (finished?.type === 'Complete') {
      this.ctx.recorder.event(SOURCE, job, 'Normal', 'Completed', 'Job completed');
    } else if (finished) {
      this.ctx.recorder.event(SOURCE, job, 'Warning', finished.reason!, finished.message!);
    }
    if (finished) {
      const fresh = this.ctx.store.get('jobs.batch', ns, name);
      if (fresh) requeue = minDelay(requeue, this.processTTL(fresh));
    }
    return requeue;
  }

  /** manageJob: creates or deletes pods so that the right number is active. */
  private manageJob(
    job: KubeObject,
    active: KubeObject[],
    succeeded: number,
    suspended: boolean,
  ): { active: KubeObject[]; requeue?: number } {
    const spec = jobSpec(job);
    if (suspended) {
      for (const p of active) this.deletePod(job, p);
      return { active: [] };
    }
    const parallelism = spec.parallelism ?? 1;
    let wantActive: number;
    if (spec.completions === undefined || spec.completions === null) {
      // Work-queue Jobs: once one pod succeeded, no new pods start.
      wantActive = succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(spec.completions - succeeded, parallelism));
    }
    if (active.length > wantActive) {
      // Not-ready and newest pods go first.
      const ordered = [...active].sort(
        (a, b) =>
          Number(isPodReady(a)) - Number(isPodReady(b)) ||
          timeOf(b.metadata.creationTimestamp) - timeOf(a.metadata.creationTimestamp),
      );
      const victims = ordered.slice(0, active.length - wantActive);
      for (const p of victims) this.deletePod(job, p);
      return { active: active.filter((p) => !victims.includes(p)) };
    }
    if (active.length < wantActive) {
      const wait = getRemainingTime(this.backoff.get(job.metadata.uid!), this.now());
      if (wait > 0) return { active, requeue: wait };
      const out = [...active];
      for (let i = active.length; i < wantActive; i++) out.push(this.createPod(job));
      return { active: out };
    }
    return { active };
  }

  private createPod(job: KubeObject): KubeObject {
    const t = clone(jobSpec(job).template);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${job.metadata.name}-`,
        namespace: job.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}) },
        finalizers: [JOB_TRACKING_FINALIZER],
        ownerReferences: [newControllerRef(job)],
      },
      spec: t.spec ?? {},
    };
    if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length)
      pod.metadata.annotations = t.metadata.annotations;
    const created = this.ctx.client.create(this.podType, pod);
    this.ctx.recorder.event(
      SOURCE,
      job,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${created.metadata.name}`,
    );
    return created;
  }

  private deletePod(job: KubeObject, pod: KubeObject): void {
    try {
      this.ctx.client.delete(this.podType, pod.metadata.namespace!, pod.metadata.name!, {
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (e) {
      if (isNotFoundOrConflict(e)) return;
      throw e;
    }
    this.ctx.recorder.event(
      SOURCE,
      job,
      'Normal',
      'SuccessfulDelete',
      `Deleted pod: ${pod.metadata.name}`,
    );
  }

  private removeTrackingFinalizers(pods: KubeObject[]): void {
    for (const p of pods) {
      const fin = p.metadata.finalizers ?? [];
      if (!fin.includes(JOB_TRACKING_FINALIZER)) continue;
      if (!isPodTerminal(p) && !p.metadata.deletionTimestamp) continue;
      const rest = fin.filter((f) => f !== JOB_TRACKING_FINALIZER);
      try {
        this.ctx.client.patch(this.podType, p.metadata.namespace!, p.metadata.name!, {
          metadata: { finalizers: rest.length ? rest : null },
        });
      } catch (e) {
        if (!isNotFoundOrConflict(e)) throw e;
      }
    }
  }

  /** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count as failures. */
  private pastBackoffLimitOnFailure(job: KubeObject, active: KubeObject[]): boolean {
    const spec = jobSpec(job);
    if (spec.template.spec?.restartPolicy !== 'OnFailure') return false;
    let restarts = 0;
    for (const p of active) {
      const s = podStatus(p);
      for (const c of [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])])
        restarts += c.restartCount ?? 0;
    }
    const limit = spec.backoffLimit ?? 6;
    return limit === 0 ? restarts > 0 : restarts >= limit;
  }

  private pastActiveDeadline(job: KubeObject, status: JobStatus): boolean {
    const ads = jobSpec(job).activeDeadlineSeconds;
    if (ads === undefined || ads === null || !status.startTime || jobSpec(job).suspend)
      return false;
    return this.now() - timeOf(status.startTime) >= ads * 1000;
  }

  private writeStatus(job: KubeObject, status: JobStatus): void {
    const fresh = this.ctx.store.get('jobs.batch', job.metadata.namespace!, job.metadata.name!);
    if (!fresh) return;
    const next: JobStatus = { ...status };
    // Go omits these when zero or empty.
    for (const k of ['active', 'succeeded', 'failed'] as const) if (!next[k]) delete next[k];
    if (!next.conditions?.length) delete next.conditions;
    if (JSON.stringify(sortKeys(next)) === JSON.stringify(sortKeys(fresh.status ?? {}))) return;
    this.ctx.client.update(this.jobType, { ...clone(fresh), status: next }, 'status');
  }

  /** The TTL-after-finished controller's part: a finished Job goes `ttlSecondsAfterFinished` later. */
  private processTTL(job: KubeObject): void | number {
    const ttl = jobSpec(job).ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return;
    const done = finishedCondition(job);
    if (!done) return;
    const expireAt = timeOf(done.lastTransitionTime) + ttl * 1000;
    if (expireAt > this.now()) return expireAt - this.now();
    try {
      this.ctx.client.delete(this.jobType, job.metadata.namespace!, job.metadata.name!, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }
}

function sortKeys(o: object): object {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
