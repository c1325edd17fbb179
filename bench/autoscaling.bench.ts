/**
 * The HorizontalPodAutoscaler walkthrough with minikube's metrics-server add-on: php-apache
 * (200m requested), an HPA at 50% CPU, then the busybox load generator. The figure is the virtual
 * time from the load generator's creation to the HPA's first scale-up: image pull, metrics
 * windows and the 15-second sync period together. Also the wall time of that whole run.
 */
import { createCluster } from '../src/cluster/cluster';
import type { KubeObject } from '../src/cluster/api/types';
import {
  LOAD_GENERATOR,
  PHP_APACHE_DEPLOYMENT,
  PHP_APACHE_SERVICE,
  phpApacheHPA,
} from '../src/cluster/controllers/podautoscaler/testFixtures';
import type { BenchResult } from './types';

export async function run(): Promise<BenchResult[]> {
  const start = performance.now();
  const c = createCluster({ metricsServer: true });
  const create = (o: KubeObject) => {
    c.client.create(c.registry.byKind(o.apiVersion!, o.kind!)!, o);
    c.settle();
  };
  create(PHP_APACHE_DEPLOYMENT);
  create(PHP_APACHE_SERVICE);
  c.advance(60_000);
  create(phpApacheHPA());
  c.advance(30_000);
  const replicas = () =>
    (c.store.get('deployments.apps', 'default', 'php-apache')!.spec as { replicas: number })
      .replicas;
  create(LOAD_GENERATOR);
  const loadAt = c.clock.now();
  while (replicas() === 1 && c.clock.now() - loadAt < 300_000) c.advance(1_000);
  const seconds = (c.clock.now() - loadAt) / 1000;
  return [
    {
      name: 'hpa: load start to first scale-up (virtual)',
      value: seconds,
      unit: 's',
      goal: 60,
      better: 'lower',
    },
    {
      name: 'hpa: walkthrough to first scale-up (wall)',
      value: performance.now() - start,
      unit: 'ms',
      goal: 3_000,
      better: 'lower',
    },
  ];
}
