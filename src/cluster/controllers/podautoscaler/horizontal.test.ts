import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import {
  LOAD_GENERATOR,
  PHP_APACHE_DEPLOYMENT,
  PHP_APACHE_SERVICE,
  phpApacheHPA,
} from './testFixtures';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function rt(c: Cluster, apiVersion: string, kind: string) {
  return c.registry.byKind(apiVersion, kind)!;
}

function create(c: Cluster, obj: KubeObject): void {
  c.client.create(rt(c, obj.apiVersion!, obj.kind!), obj);
  c.settle();
}

function hpa(c: Cluster, version = 'v2'): Any {
  return c.handle({
    method: 'GET',
    path: `/apis/autoscaling/${version}/namespaces/default/horizontalpodautoscalers/php-apache`,
  }).body as Any;
}

function replicas(c: Cluster): number {
  const d = c.store.get('deployments.apps', 'default', 'php-apache')!;
  return (d.spec as { replicas: number }).replicas;
}

function events(c: Cluster): string[] {
  return c.store
    .list('events', { namespace: 'default' })
    .items.filter((e) => (e as Any).source?.component === 'horizontal-pod-autoscaler')
    .map((e) => `${(e as Any).type} ${(e as Any).reason} ${(e as Any).message}`);
}

function walkthrough(): Cluster {
  const c = createCluster({ metricsServer: true });
  create(c, PHP_APACHE_DEPLOYMENT);
  create(c, PHP_APACHE_SERVICE);
  c.advance(60_000);
  return c;
}

describe('HorizontalPodAutoscaler', () => {
  it('scales php-apache up under load and back down after the 5-minute window', () => {
    const c = walkthrough();
    create(c, phpApacheHPA());
    c.advance(30_000);
    let h = hpa(c);
    expect(h.status.currentReplicas).toBe(1);
    expect(h.status.desiredReplicas).toBe(1);
    expect(h.status.currentMetrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '1m' } },
      },
    ]);
    const conds = Object.fromEntries(
      (h.status.conditions as Any[]).map((x) => [x.type, `${x.status} ${x.reason}`]),
    );
    expect(conds).toEqual({
      AbleToScale: 'True ReadyForNewScale',
      ScalingActive: 'True ValidMetricFound',
      // 1m of 200m is 0%: the proposal is 0 pods, held at the minimum, as upstream reports it.
      ScalingLimited: 'True TooFewReplicas',
    });

    create(c, LOAD_GENERATOR);
    const start = c.clock.now();
    while (replicas(c) === 1 && c.clock.now() - start < 120_000) c.advance(5_000);
    expect(replicas(c)).toBeGreaterThan(1);
    expect(c.clock.now() - start).toBeLessThanOrEqual(60_000);
    expect(events(c)[0]).toMatch(
      /^Normal SuccessfulRescale New size: [2-5]; reason: cpu resource utilization \(percentage of request\) above target$/,
    );
    h = hpa(c);
    expect(h.status.lastScaleTime).toBeDefined();
    // Up to 250%: php-apache throttled at its 500m limit (the first window may be partly idle).
    const first = h.status.currentMetrics[0].resource.current.averageUtilization;
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThanOrEqual(250);

    // The load generator asks for ~580m: the HPA settles near its target, below maxReplicas.
    c.advance(120_000);
    const settled = replicas(c);
    expect(settled).toBeGreaterThanOrEqual(5);
    expect(settled).toBeLessThanOrEqual(7);
    h = hpa(c);
    expect(h.status.desiredReplicas).toBe(settled);
    const utilization = h.status.currentMetrics[0].resource.current.averageUtilization;
    expect(utilization).toBeGreaterThanOrEqual(40);
    expect(utilization).toBeLessThanOrEqual(60);
    expect(h.status.conditions.find((x: Any) => x.type === 'ScalingLimited')).toMatchObject({
      status: 'False',
      reason: 'DesiredWithinRange',
    });

    // Stop the load: the recommendation falls to 1 at once, but is held for 300 s.
    c.client.delete(rt(c, 'v1', 'Pod'), 'default', 'load-generator');
    const stop = c.clock.now();
    c.advance(60_000);
    expect(replicas(c)).toBe(settled);
    expect(hpa(c).status.conditions.find((x: Any) => x.type === 'AbleToScale')).toMatchObject({
      reason: 'ScaleDownStabilized',
    });
    // An earlier overshoot may leave the window first; 1 comes once the loaded ones have left.
    while (replicas(c) > 1 && c.clock.now() - stop < 600_000) c.advance(5_000);
    const waited = c.clock.now() - stop;
    expect(waited).toBeGreaterThanOrEqual(300_000);
    expect(waited).toBeLessThanOrEqual(360_000);
    expect(replicas(c)).toBe(1);
    expect(events(c).at(-1)).toBe(
      'Normal SuccessfulRescale New size: 1; reason: All metrics below target',
    );
  });

  it('follows spec.behavior: pods policy limits each step', () => {
    const c = walkthrough();
    create(
      c,
      phpApacheHPA({
        behavior: {
          scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
          scaleDown: { stabilizationWindowSeconds: 30 },
        },
      }),
    );
    create(c, LOAD_GENERATOR);
    const steps: [number, number][] = [];
    const start = c.clock.now();
    for (let t = 0; t < 200_000; t += 5_000) {
      c.advance(5_000);
      const n = replicas(c);
      if (n !== (steps.at(-1)?.[1] ?? 1)) steps.push([c.clock.now() - start, n]);
    }
    // One pod at a time, at most one step per 60 s.
    expect(steps.map(([, n]) => n)).toEqual([2, 3, 4, 5]);
    for (let i = 1; i < steps.length; i++)
      expect(steps[i][0] - steps[i - 1][0]).toBeGreaterThanOrEqual(60_000);
    expect(hpa(c).status.conditions.find((x: Any) => x.type === 'ScalingLimited')).toMatchObject({
      status: 'True',
      reason: 'ScaleUpLimit',
    });
    c.client.delete(rt(c, 'v1', 'Pod'), 'default', 'load-generator');
    c.advance(90_000);
    expect(replicas(c)).toBe(1);
  });

  it('reports the metrics API missing as upstream does', () => {
    const c = createCluster();
    create(c, PHP_APACHE_DEPLOYMENT);
    c.advance(30_000);
    create(c, phpApacheHPA());
    c.advance(20_000);
    const h = hpa(c);
    expect(h.status.currentMetrics).toEqual([{ type: '' }]);
    expect(h.status.conditions.find((x: Any) => x.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message:
        'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    });
    expect(events(c)).toContain(
      'Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    );
  });

  it('reads autoscaling/v1 objects and writes their v1 status', () => {
    const c = walkthrough();
    create(c, {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php-apache', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 50,
      },
    });
    create(c, LOAD_GENERATOR);
    c.advance(60_000);
    const h = hpa(c, 'v1');
    // Three pods share the ~580m the load generator asks for.
    expect(h.status).toMatchObject({ currentCPUUtilizationPercentage: expect.any(Number) });
    expect(h.status.currentCPUUtilizationPercentage).toBeGreaterThan(50);
    expect(
      JSON.parse(h.metadata.annotations['autoscaling.alpha.kubernetes.io/conditions']),
    ).toHaveLength(3);
    // Stored as v2: the v2 view has the metric and the conditions.
    const v2 = hpa(c);
    expect(v2.spec.metrics[0].resource.target).toEqual({
      type: 'Utilization',
      averageUtilization: 50,
    });
    expect(v2.status.conditions).toHaveLength(3);
    expect(v2.metadata.annotations).toBeUndefined();
    expect(replicas(c)).toBeGreaterThan(1);
  });
});
