/** Printers for batch/v1: Job (STATUS, COMPLETIONS, DURATION as in v1.32) and CronJob. */
import type { KubeObject } from '../types';
import { humanDuration } from './duration';
import type { Any } from './helpers';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  age,
  boolPtr,
  col,
  formatLabelSelector,
  int,
  layoutContainerCells,
  since,
  str,
  timeOf,
} from './helpers';
import type { TablePrinter } from './types';

const name = (obj: KubeObject): string => obj.metadata.name ?? '';

/** hasJobCondition: the first condition of the type decides. */
function hasJobCondition(job: Any, type: string): boolean {
  for (const c of job.status?.conditions ?? []) {
    if (c?.type === type) return c.status === 'True';
  }
  return false;
}

/** The Job STATUS cell. */
export function jobStatus(job: Any): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (timeOf(job.metadata?.deletionTimestamp) !== undefined) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'batch/v1.JobStatus.succeeded'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    col('Selector', 'string', 'batch/v1.JobSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const job = obj as Any;
    const succeeded = int(job.status?.succeeded);
    let completions: string;
    if (typeof job.spec?.completions === 'number') {
      completions = `${succeeded}/${int(job.spec.completions)}`;
    } else {
      const parallelism = int(job.spec?.parallelism);
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = timeOf(job.status?.startTime);
    const completion = timeOf(job.status?.completionTime);
    let duration = '';
    if (start !== undefined) {
      duration = humanDuration((completion ?? ctx.now) - start);
    }
    const [names, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return [
      name(obj),
      jobStatus(job),
      completions,
      duration,
      age(obj, ctx),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

export const cronJobPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Schedule', 'string', 'batch/v1beta1.CronJobSpec.schedule'),
    col('Timezone', 'string', 'batch/v1beta1.CronJobSpec.timeZone'),
    col('Suspend', 'boolean', 'batch/v1beta1.CronJobSpec.suspend'),
    col('Active', 'integer', 'batch/v1beta1.CronJobStatus.active'),
    col('Last Schedule', 'string', 'batch/v1beta1.CronJobStatus.lastScheduleTime'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    col('Selector', 'string', 'batch/v1.JobSpec.selector', { priority: 1 }),
  ],
  row(obj, ctx) {
    const cj = obj as Any;
    const last = cj.status?.lastScheduleTime;
    const lastSchedule = last ? since(last, ctx) : '<none>';
    const timeZone = typeof cj.spec?.timeZone === 'string' ? cj.spec.timeZone : '<none>';
    const active = Array.isArray(cj.status?.active) ? cj.status.active.length : 0;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = layoutContainerCells(jobSpec?.template?.spec?.containers);
    return [
      name(obj),
      str(cj.spec?.schedule),
      timeZone,
      boolPtr(cj.spec?.suspend),
      active,
      lastSchedule,
      age(obj, ctx),
      names,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
