import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster';
import type { KubeObject } from '../../api/types';
import {
  create,
  events,
  newCluster,
  pods,
  runAgents,
  setPodStatus,
  status,
  TEST_SCHEDULER,
} from '../podutil/testkit';
import type { JobStatus } from './job_controller';

function newJob(
  name: string,
  spec: Record<string, unknown> = {},
  restartPolicy = 'Never',
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        spec: {
          schedulerName: TEST_SCHEDULER,
          restartPolicy,
          containers: [{ name: 'c', image: 'busybox' }],
        },
      },
      ...spec,
    },
  };
}

const jobStatus = (c: Cluster, name = 'pi') => status<JobStatus>(c, 'jobs.batch', name);
const live = (c: Cluster) =>
  pods(c).filter(
    (p) =>
      (p.status as { phase: string }).phase !== 'Failed' &&
      (p.status as { phase: string }).phase !== 'Succeeded',
  );

/** Starts every pending pod, then ends every running one with `phase`. */
function finishAll(c: Cluster, phase: 'Succeeded' | 'Failed'): void {
  runAgents(c);
  for (const p of live(c)) setPodStatus(c, p, phase, { ready: false });
  c.settle();
}

describe('Job controller', () => {
  it('runs a pod to completion: SuccessCriteriaMet, then Complete', () => {
    const c = newCluster();
    create(c, newJob('pi'));
    const [pod] = pods(c);
    expect(pod.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(Object.keys(pod.metadata.labels!).sort()).toEqual([
      'batch.kubernetes.io/controller-uid',
      'batch.kubernetes.io/job-name',
      'controller-uid',
      'job-name',
    ]);
    expect(jobStatus(c)).toMatchObject({
      active: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(jobStatus(c).startTime).toBeTruthy();
    runAgents(c);
    c.settle();
    expect(jobStatus(c)).toMatchObject({ active: 1, ready: 1 });
    c.advance(5000);
    finishAll(c, 'Succeeded');
    const finishedAt = c.clock.timestamp();
    const st = jobStatus(c);
    expect(st).toMatchObject({
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(st.active).toBeUndefined();
    expect(st.completionTime).toBe(finishedAt);
    expect(st.conditions!.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      [
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      ],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(pods(c)[0].metadata.finalizers).toBeUndefined();
    expect(events(c, 'pi').map((e) => e.reason)).toEqual(['SuccessfulCreate', 'Completed']);
    expect(events(c, 'pi')[1].message).toBe('Job completed');
  });

  it.each([
    { name: 'completions 3, parallelism 1', completions: 3, parallelism: 1, waves: [1, 1, 1] },
    { name: 'completions 4, parallelism 2', completions: 4, parallelism: 2, waves: [2, 2] },
    { name: 'completions 3, parallelism 5', completions: 3, parallelism: 5, waves: [3] },
  ])('runs $name', ({ completions, parallelism, waves }) => {
    const c = newCluster();
    create(c, newJob('pi', { completions, parallelism }));
    for (const w of waves) {
      expect(live(c)).toHaveLength(w);
      finishAll(c, 'Succeeded');
    }
    expect(jobStatus(c).succeeded).toBe(completions);
    expect(jobStatus(c).conditions!.map((x) => x.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });

  it('backs off 10 s, 20 s between failed pods and fails past backoffLimit', () => {
    const c = newCluster();
    create(c, newJob('pi', { backoffLimit: 2 }));
    finishAll(c, 'Failed');
    expect(jobStatus(c).failed).toBe(1);
    expect(live(c)).toHaveLength(0);
    c.advance(9_000);
    expect(live(c)).toHaveLength(0);
    c.advance(1_000);
    expect(live(c)).toHaveLength(1);
    finishAll(c, 'Failed');
    c.advance(19_000);
    expect(live(c)).toHaveLength(0);
    c.advance(1_000);
    expect(live(c)).toHaveLength(1);
    finishAll(c, 'Failed');
    const st = jobStatus(c);
    expect(st.failed).toBe(3);
    expect(st.conditions!.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(st.completionTime).toBeUndefined();
    const ev = events(c, 'pi').find((e) => e.reason === 'BackoffLimitExceeded')!;
    expect(ev).toEqual({
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      type: 'Warning',
    });
    c.advance(600_000);
    expect(pods(c)).toHaveLength(3);
  });

  it('counts container restarts against backoffLimit with restartPolicy OnFailure', () => {
    const c = newCluster();
    create(c, newJob('pi', { backoffLimit: 2 }, 'OnFailure'));
    runAgents(c);
    setPodStatus(c, pods(c)[0], 'Running', { ready: false, restartCount: 2 });
    c.settle();
    // The failing Job deletes its pod; FailureTarget comes first, Failed once it is gone.
    expect(jobStatus(c).conditions!.map((x) => x.type)).toEqual(['FailureTarget']);
    expect(jobStatus(c).terminating).toBe(1);
    runAgents(c);
    c.settle();
    expect(jobStatus(c).conditions!.map((x) => x.type)).toEqual(['FailureTarget', 'Failed']);
    expect(jobStatus(c)).toMatchObject({ failed: 1, terminating: 0 });
    expect(pods(c)).toHaveLength(0);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds', () => {
    const c = newCluster();
    create(c, newJob('pi', { activeDeadlineSeconds: 30 }));
    runAgents(c);
    c.advance(29_000);
    expect(jobStatus(c).conditions).toBeUndefined();
    c.advance(1_000);
    expect(jobStatus(c).conditions!.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    runAgents(c);
    c.settle();
    expect(jobStatus(c).conditions!.map((x) => x.type)).toEqual(['FailureTarget', 'Failed']);
    expect(
      events(c, 'pi').some((e) => e.reason === 'DeadlineExceeded' && e.type === 'Warning'),
    ).toBe(true);
  });

  it('suspends and resumes', () => {
    const c = newCluster();
    create(c, newJob('pi', { suspend: true }));
    expect(pods(c)).toHaveLength(0);
    expect(jobStatus(c).conditions!.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Suspended', 'True', 'JobSuspended', 'Job suspended'],
    ]);
    c.handle({
      method: 'PATCH',
      path: '/apis/batch/v1/namespaces/default/jobs/pi',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { spec: { suspend: false } },
    });
    expect(pods(c)).toHaveLength(1);
    expect(jobStatus(c).conditions!.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Suspended', 'False', 'JobResumed'],
    ]);
  });

  it('deletes a finished Job after ttlSecondsAfterFinished', () => {
    const c = newCluster();
    create(c, newJob('pi', { ttlSecondsAfterFinished: 60 }));
    finishAll(c, 'Succeeded');
    c.advance(59_000);
    expect(c.store.get('jobs.batch', 'default', 'pi')).toBeTruthy();
    c.advance(1_000);
    runAgents(c);
    c.advance(1_000);
    expect(c.store.get('jobs.batch', 'default', 'pi')).toBeUndefined();
  });
});
