import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster';
import type { KubeObject } from '../../api/types';
import { parseCronSchedule } from '../../api/validation/cron';
import {
  create,
  events,
  newCluster,
  pods,
  runAgents,
  setPodStatus,
  status,
} from '../podutil/testkit';
import { getJobName, nextScheduleTime } from './utils';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

function newCronJob(schedule: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              schedulerName: 'test-scheduler',
              restartPolicy: 'OnFailure',
              containers: [{ name: 'c', image: 'busybox' }],
            },
          },
        },
      },
      ...spec,
    },
  };
}

const jobs = (c: Cluster) =>
  c.store
    .list('jobs.batch', { namespace: 'default' })
    .items.map((j) => j.metadata.name!)
    .sort();

/** Runs every job's pods to `phase`. */
function finishPods(c: Cluster, phase: 'Succeeded' | 'Failed'): void {
  runAgents(c);
  for (const p of pods(c)) {
    const ph = (p.status as { phase: string }).phase;
    if (ph === 'Running') setPodStatus(c, p, phase, { ready: false });
  }
  c.settle();
}

describe('cron schedules', () => {
  it.each([
    { spec: '*/5 * * * *', after: '2025-01-01T00:03:00Z', next: '2025-01-01T00:05:00Z' },
    { spec: '0 9 * * 1-5', after: '2025-01-03T10:00:00Z', next: '2025-01-06T09:00:00Z' },
    { spec: '30 2 1,15 * *', after: '2025-01-02T00:00:00Z', next: '2025-01-15T02:30:00Z' },
    { spec: '0 0 * JAN,FEB SUN', after: '2025-01-01T00:00:00Z', next: '2025-01-05T00:00:00Z' },
    { spec: '@hourly', after: '2025-01-01T00:00:00Z', next: '2025-01-01T01:00:00Z' },
    { spec: '@daily', after: '2025-01-01T00:00:00Z', next: '2025-01-02T00:00:00Z' },
    { spec: '@weekly', after: '2025-01-01T00:00:00Z', next: '2025-01-05T00:00:00Z' },
    { spec: '@monthly', after: '2025-01-01T00:00:00Z', next: '2025-02-01T00:00:00Z' },
    {
      spec: '0 12 * * *',
      tz: 'Europe/Paris',
      after: '2025-01-01T00:00:00Z',
      next: '2025-01-01T11:00:00Z',
    },
    {
      spec: 'CRON_TZ=America/New_York 0 12 * * *',
      after: '2025-01-01T00:00:00Z',
      next: '2025-01-01T17:00:00Z',
    },
  ])('$spec after $after is $next', ({ spec, tz, after, next }) => {
    const t = nextScheduleTime(parseCronSchedule(spec), Date.parse(after), tz);
    expect(new Date(t!).toISOString().replace('.000', '')).toBe(next);
  });

  it('names jobs by the scheduled time in minutes since the epoch', () => {
    expect(getJobName('hello', Date.parse('2025-01-01T00:01:00Z'))).toBe('hello-28928161');
  });
});

describe('CronJob controller', () => {
  it('creates a job at each scheduled minute and records it in status', () => {
    const c = newCluster();
    create(c, newCronJob('*/1 * * * *'));
    c.advance(1000); // wake-ups come 100 ms after the scheduled time
    expect(jobs(c)).toEqual([]);
    c.advance(MIN);
    const name = `hello-${(T0 + MIN) / MIN}`;
    expect(jobs(c)).toEqual([name]);
    const job = c.store.get('jobs.batch', 'default', name)!;
    expect(job.metadata.annotations).toEqual({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:01:00Z',
    });
    expect(job.metadata.ownerReferences![0]).toMatchObject({
      kind: 'CronJob',
      name: 'hello',
      controller: true,
    });
    const st = status<{ active: { name: string }[]; lastScheduleTime: string }>(
      c,
      'cronjobs.batch',
      'hello',
    );
    expect(st.lastScheduleTime).toBe('2025-01-01T00:01:00Z');
    expect(st.active.map((a) => a.name)).toEqual([name]);
    expect(events(c, 'hello')).toEqual([
      { reason: 'SuccessfulCreate', message: `Created job ${name}`, type: 'Normal' },
    ]);
    finishPods(c, 'Succeeded');
    const completedAt = c.store.get('jobs.batch', 'default', name)!.status as {
      completionTime: string;
    };
    const after = status<Record<string, unknown>>(c, 'cronjobs.batch', 'hello');
    expect(after.active).toBeUndefined();
    expect(after.lastSuccessfulTime).toBe(completedAt.completionTime);
    expect(events(c, 'hello').map((e) => e.message)).toContain(
      `Saw completed job: ${name}, condition: Complete`,
    );
  });

  it('keeps successfulJobsHistoryLimit and failedJobsHistoryLimit jobs', () => {
    const c = newCluster();
    create(
      c,
      newCronJob('* * * * *', { successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }),
    );
    c.advance(1000);
    for (let i = 0; i < 4; i++) {
      c.advance(MIN);
      finishPods(c, 'Succeeded');
    }
    const m = (T0 + MIN) / MIN;
    expect(jobs(c)).toEqual([`hello-${m + 2}`, `hello-${m + 3}`]);
    expect(
      events(c, 'hello')
        .filter((e) => e.reason === 'SuccessfulDelete')
        .map((e) => e.message),
    ).toEqual([`Deleted job hello-${m}`, `Deleted job hello-${m + 1}`]);
  });

  it('skips runs while one is active with Forbid', () => {
    const c = newCluster();
    create(c, newCronJob('* * * * *', { concurrencyPolicy: 'Forbid' }));
    c.advance(1000); // wake-ups come 100 ms after the scheduled time
    c.advance(MIN);
    c.advance(MIN);
    c.advance(MIN);
    expect(jobs(c)).toHaveLength(1);
    expect(events(c, 'hello').some((e) => e.reason === 'JobAlreadyActive')).toBe(true);
    finishPods(c, 'Succeeded');
    c.advance(MIN);
    expect(jobs(c)).toHaveLength(2);
  });

  it('replaces the running job with Replace and runs them side by side with Allow', () => {
    const replace = newCluster();
    create(replace, newCronJob('* * * * *', { concurrencyPolicy: 'Replace' }));
    replace.advance(1000); // wake-ups come 100 ms after the scheduled time
    replace.advance(MIN);
    replace.advance(MIN);
    expect(jobs(replace)).toEqual([`hello-${(T0 + 2 * MIN) / MIN}`]);
    const allow = newCluster();
    create(allow, newCronJob('* * * * *'));
    allow.advance(1000); // wake-ups come 100 ms after the scheduled time
    allow.advance(MIN);
    allow.advance(MIN);
    expect(jobs(allow)).toHaveLength(2);
  });

  it('does nothing while suspended', () => {
    const c = newCluster();
    create(c, newCronJob('* * * * *', { suspend: true }));
    c.advance(1000); // wake-ups come 100 ms after the scheduled time
    c.advance(5 * MIN);
    expect(jobs(c)).toEqual([]);
  });

  it('starts only the most recent missed run, and none past startingDeadlineSeconds', () => {
    const c = newCluster();
    create(c, newCronJob('0 * * * *', { startingDeadlineSeconds: 30, suspend: true }));
    c.advance(1000); // wake-ups come 100 ms after the scheduled time
    c.advance(60 * MIN + 45_000);
    c.handle({
      method: 'PATCH',
      path: '/apis/batch/v1/namespaces/default/cronjobs/hello',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { spec: { suspend: false } },
    });
    expect(jobs(c)).toEqual([]);
    c.advance(60 * MIN);
    expect(jobs(c)).toEqual([`hello-${(T0 + 120 * MIN) / MIN}`]);
  });
});
