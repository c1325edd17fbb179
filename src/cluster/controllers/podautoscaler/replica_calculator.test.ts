import { describe, expect, it } from 'vitest';
import type { PodInfo } from './replica_calculator';
import { CalculatorError, milliOf, podInfo, resourceReplicas } from './replica_calculator';
import type { KubeObject } from '../../api/types';

const T0 = Date.UTC(2025, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A Running pod started at T0 whose Ready condition last changed `readyAt` ms later. */
function runningPod(ready: boolean, readyAt: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: '200m' } } }] },
    status: {
      phase: 'Running',
      startTime: iso(T0),
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: iso(T0 + readyAt),
        },
      ],
    },
  };
}

function pod(name: string, request = 200, ready = true): PodInfo {
  return { name, ready, ignored: false, pending: false, request };
}

const usage = (o: Record<string, number>) => new Map(Object.entries(o));

describe('replica calculator', () => {
  it('scales by the ratio of utilisation to target, rounding up', () => {
    const r = resourceReplicas(1, 'Utilization', 50, 'cpu', [pod('a')], usage({ a: 500 }));
    expect(r).toEqual({ replicas: 5, utilization: 250, averageMilli: 500 });
  });

  it('keeps the count within the 0.1 tolerance', () => {
    const pods = [pod('a'), pod('b')];
    expect(
      resourceReplicas(2, 'Utilization', 50, 'cpu', pods, usage({ a: 105, b: 105 })).replicas,
    ).toBe(2);
    expect(
      resourceReplicas(2, 'Utilization', 50, 'cpu', pods, usage({ a: 125, b: 125 })).replicas,
    ).toBe(3);
  });

  it('counts missing pods at 100% of request when scaling down, 0% when scaling up', () => {
    const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
    // Down: 2 idle pods and 2 missing ones counted at 100% make 50%, the target: no change.
    expect(
      resourceReplicas(4, 'Utilization', 50, 'cpu', pods, usage({ a: 0, b: 0 })).replicas,
    ).toBe(4);
    // Up: 2 pods at 300%, 2 missing at 0% → 150% over 4 pods → 12.
    expect(
      resourceReplicas(4, 'Utilization', 50, 'cpu', pods, usage({ a: 600, b: 600 })).replicas,
    ).toBe(12);
  });

  it('leaves unready CPU pods out, and at 0% when scaling up', () => {
    const pods = [pod('a'), pod('b', 200, false)];
    const r = resourceReplicas(2, 'Utilization', 50, 'cpu', pods, usage({ a: 400, b: 400 }));
    expect(r.utilization).toBe(200);
    expect(r.replicas).toBe(4);
  });

  it('targets an average value', () => {
    const pods = [pod('a'), pod('b')];
    const mi = milliOf('100Mi');
    const r = resourceReplicas(2, 'AverageValue', mi, 'memory', pods, usage({ a: 3 * mi, b: mi }));
    expect(r.replicas).toBe(4);
    expect(r.utilization).toBeUndefined();
  });

  it('fails as upstream without pods or requests', () => {
    expect(() => resourceReplicas(1, 'Utilization', 50, 'cpu', [], usage({}))).toThrow(
      'no pods returned by selector while calculating replica count',
    );
    const noReq: PodInfo = { ...pod('a'), request: undefined, missingRequestIn: 'app' };
    expect(() => resourceReplicas(1, 'Utilization', 50, 'cpu', [noReq], usage({ a: 1 }))).toThrow(
      new CalculatorError('missing request for cpu in container app of Pod a'),
    );
  });

  it('reads quantities in milli-units', () => {
    expect(milliOf('200m')).toBe(200);
    expect(milliOf('1')).toBe(1000);
    expect(milliOf('1500000n')).toBe(1.5);
    expect(milliOf('10Mi')).toBe(10 * 1024 * 1024 * 1000);
  });

  it.each([
    // In the 5-minute CPU initialisation period: a metric window must have passed since Ready.
    { name: 'new, Ready, window since Ready', ready: true, readyAt: 2_000, at: 20_000, want: true },
    {
      name: 'new, Ready, window not yet passed',
      ready: true,
      readyAt: 2_000,
      at: 15_000,
      want: false,
    },
    { name: 'new, not Ready', ready: false, readyAt: 2_000, at: 60_000, want: false },
    // Afterwards: only a pod not Ready that never was Ready (within the 30-s delay) is unready.
    { name: 'old, not Ready, never was', ready: false, readyAt: 10_000, at: 400_000, want: false },
    { name: 'old, not Ready, was once', ready: false, readyAt: 200_000, at: 400_000, want: true },
  ])('groups CPU readiness as upstream: $name', ({ ready, readyAt, at, want }) => {
    const info = podInfo(
      runningPod(ready, readyAt),
      'cpu',
      undefined,
      { at: T0 + at, windowMs: 15_000 },
      T0 + at,
    );
    expect(info.ready).toBe(want);
    expect(
      podInfo(
        runningPod(ready, readyAt),
        'memory',
        undefined,
        { at: T0 + at, windowMs: 15_000 },
        T0 + at,
      ).ready,
    ).toBe(ready);
  });
});
