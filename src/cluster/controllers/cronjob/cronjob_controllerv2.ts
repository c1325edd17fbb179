/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): creates a Job at each
 * scheduled time of the virtual clock, honours suspend, startingDeadlineSeconds and the
 * concurrency policy, tracks active Jobs in status, and keeps the successful and failed Job
 * history to its limits.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { parseCronSchedule } from '../../api/validation/cron';
import type { CronSchedule } from '../../api/validation/cron';
import { WorkQueue } from '../../client/WorkQueue';
import { finishedCondition } from '../job/job_controller';
import {
  clone,
  controllerRef,
  formatTime,
  newControllerRef,
  ownedBy,
  timeOf,
} from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';
import {
  formatInZone,
  formatRFC1123Z,
  getJobName,
  mostRecentScheduleTime,
  nextScheduleTime,
} from './utils';

const SOURCE = { component: 'cronjob-controller' };
/** How long after a scheduled time the controller looks again (nextScheduleDelta). */
const NEXT_SCHEDULE_DELTA_MS = 100;
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

interface CronJobSpecView {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
}

interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion?: string;
}

interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  private queue: WorkQueue;
  private cronType: ResourceType;
  private jobType: ResourceType;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.cronType = ctx.registry.byResource('batch', 'v1', 'cronjobs')!;
    this.jobType = ctx.registry.byResource('batch', 'v1', 'jobs')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('cronjobs.batch', {}, (ev) =>
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`),
    );
    store.watch('jobs.batch', {}, (ev) => {
      for (const o of [ev.object, ev.prev]) {
        const ref = o && controllerRef(o);
        if (ref?.kind === 'CronJob') this.queue.add(`${o!.metadata.namespace}/${ref.name}`);
      }
    });
    for (const cj of store.list('cronjobs.batch').items)
      this.queue.add(`${cj.metadata.namespace}/${cj.metadata.name}`);
  }

  sync(key: string): void | number {
    const [ns, name] = key.split('/');
    const cj = this.ctx.store.get('cronjobs.batch', ns, name);
    if (!cj) return;
    const jobs = ownedBy(this.ctx.store, 'jobs.batch', cj);
    const status = clone((cj.status ?? {}) as CronJobStatus);
    const requeue = this.syncCronJob(cj, status, jobs);
    this.writeStatus(cj, status);
    if (!cj.metadata.deletionTimestamp)
      this.cleanupFinishedJobs(cj, ownedBy(this.ctx.store, 'jobs.batch', cj));
    return requeue;
  }

  /** syncCronJob: reconciles the active list, then starts the Job due now, if any. */
  private syncCronJob(cj: KubeObject, status: CronJobStatus, jobs: KubeObject[]): void | number {
    const spec = cj.spec as CronJobSpecView;
    const byUid = new Map(jobs.map((j) => [j.metadata.uid!, j]));
    const active = (status.active ??= []);
    for (const j of jobs) {
      const found = active.some((r) => r.uid === j.metadata.uid);
      const done = finishedCondition(j);
      if (!found && !done) {
        this.ctx.recorder.event(
          SOURCE,
          cj,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
        );
      } else if (found && done) {
        active.splice(
          active.findIndex((r) => r.uid === j.metadata.uid),
          1,
        );
        this.ctx.recorder.event(
          SOURCE,
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata.name}, condition: ${done.type}`,
        );
      }
      if (done) {
        const completion = (j.status as { completionTime?: string } | undefined)?.completionTime;
        if (completion && timeOf(completion) > timeOf(status.lastSuccessfulTime))
          status.lastSuccessfulTime = completion;
      }
    }
    for (const ref of [...active]) {
      if (byUid.has(ref.uid)) continue;
      active.splice(active.indexOf(ref), 1);
      this.ctx.recorder.event(
        SOURCE,
        cj,
        'Normal',
        'MissingJob',
        `Active job went missing: ${ref.name}`,
      );
    }
    if (cj.metadata.deletionTimestamp || spec.suspend) return;

    let sched: CronSchedule;
    try {
      sched = parseCronSchedule(spec.schedule);
    } catch (e) {
      this.ctx.recorder.event(
        SOURCE,
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(e as Error).message}`,
      );
      return;
    }
    const tz = spec.timeZone ?? sched.timeZone;
    const now = this.ctx.clock.now();
    const nextIn = (): number => {
      const next = nextScheduleTime(sched, now, tz);
      return next === undefined ? 24 * 3600_000 : next - now + NEXT_SCHEDULE_DELTA_MS;
    };

    let earliest = timeOf(status.lastScheduleTime ?? cj.metadata.creationTimestamp);
    if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) {
      earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
    }
    const { time: scheduled, missed } = mostRecentScheduleTime(sched, earliest, now, tz);
    if (missed > 100) {
      this.ctx.recorder.event(
        SOURCE,
        cj,
        'Warning',
        'TooManyMissedTimes',
        `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`,
      );
    }
    if (scheduled === undefined) return nextIn();

    if (
      spec.startingDeadlineSeconds !== undefined &&
      spec.startingDeadlineSeconds !== null &&
      scheduled + spec.startingDeadlineSeconds * 1000 < now
    ) {
      this.ctx.recorder.event(
        SOURCE,
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${formatRFC1123Z(scheduled)}`,
      );
      return nextIn();
    }
    const jobName = getJobName(cj.metadata.name!, scheduled);
    if (jobs.some((j) => j.metadata.name === jobName)) return nextIn();

    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      this.ctx.recorder.event(
        SOURCE,
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return nextIn();
    }
    if (policy === 'Replace') {
      for (const ref of [...active]) {
        const j = byUid.get(ref.uid);
        if (!j) continue;
        try {
          this.ctx.client.delete(this.jobType, j.metadata.namespace!, j.metadata.name!, {
            propagationPolicy: 'Background',
          });
          active.splice(active.indexOf(ref), 1);
          this.ctx.recorder.event(
            SOURCE,
            cj,
            'Normal',
            'SuccessfulDelete',
            `Deleted job ${j.metadata.name}`,
          );
        } catch (e) {
          this.ctx.recorder.event(
            SOURCE,
            cj,
            'Warning',
            'FailedDelete',
            `Deleted job: ${(e as Error).message}`,
          );
          return nextIn();
        }
      }
    }

    const job = this.getJobFromTemplate2(cj, scheduled, jobName, tz);
    let created: KubeObject;
    try {
      created = this.ctx.client.create(this.jobType, job);
    } catch (e) {
      if ((e as { code?: number }).code === 409) return nextIn();
      this.ctx.recorder.event(
        SOURCE,
        cj,
        'Warning',
        'FailedCreate',
        `Error creating job: ${(e as Error).message}`,
      );
      throw e;
    }
    this.ctx.recorder.event(
      SOURCE,
      cj,
      'Normal',
      'SuccessfulCreate',
      `Created job ${created.metadata.name}`,
    );
    active.push({
      kind: 'Job',
      namespace: created.metadata.namespace,
      name: created.metadata.name!,
      uid: created.metadata.uid!,
      apiVersion: 'batch/v1',
      resourceVersion: created.metadata.resourceVersion,
    });
    status.lastScheduleTime = formatTime(scheduled);
    return nextIn();
  }

  /** getJobFromTemplate2: the Job of one scheduled time. */
  private getJobFromTemplate2(
    cj: KubeObject,
    scheduled: number,
    name: string,
    tz?: string,
  ): KubeObject {
    const t = clone((cj.spec as CronJobSpecView).jobTemplate);
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}) },
        annotations: {
          ...(t.metadata?.annotations ?? {}),
          [SCHEDULED_TIMESTAMP_ANNOTATION]: formatInZone(scheduled, tz),
        },
        ownerReferences: [newControllerRef(cj)],
      },
      spec: t.spec ?? {},
    };
  }

  /** cleanupFinishedJobs: keeps the newest successfulJobsHistoryLimit / failedJobsHistoryLimit. */
  private cleanupFinishedJobs(cj: KubeObject, jobs: KubeObject[]): void {
    const spec = cj.spec as CronJobSpecView;
    const succeeded: KubeObject[] = [];
    const failed: KubeObject[] = [];
    for (const j of jobs) {
      const c = finishedCondition(j);
      if (c?.type === 'Complete') succeeded.push(j);
      else if (c?.type === 'Failed') failed.push(j);
    }
    const removeOldest = (list: KubeObject[], limit: number | undefined) => {
      if (limit === undefined || limit === null || list.length <= limit) return;
      const start = (j: KubeObject) => (j.status as { startTime?: string } | undefined)?.startTime;
      list.sort((a, b) => {
        const sa = start(a);
        const sb = start(b);
        if (!sa && sb) return 1;
        if (sa && !sb) return -1;
        return timeOf(sa) - timeOf(sb) || (a.metadata.name! < b.metadata.name! ? -1 : 1);
      });
      for (const j of list.slice(0, list.length - limit)) {
        try {
          this.ctx.client.delete(this.jobType, j.metadata.namespace!, j.metadata.name!, {
            propagationPolicy: 'Background',
          });
          this.ctx.recorder.event(
            SOURCE,
            cj,
            'Normal',
            'SuccessfulDelete',
            `Deleted job ${j.metadata.name}`,
          );
        } catch (e) {
          if ((e as { code?: number }).code !== 404) throw e;
        }
      }
    };
    removeOldest(succeeded, spec.successfulJobsHistoryLimit);
    removeOldest(failed, spec.failedJobsHistoryLimit);
  }

  private writeStatus(cj: KubeObject, status: CronJobStatus): void {
    const fresh = this.ctx.store.get('cronjobs.batch', cj.metadata.namespace!, cj.metadata.name!);
    if (!fresh) return;
    const next: CronJobStatus = { ...status };
    if (!next.active?.length) delete next.active;
    if (JSON.stringify(next) === JSON.stringify(fresh.status ?? {})) return;
    this.ctx.client.update(this.cronType, { ...clone(fresh), status: next }, 'status');
  }
}
