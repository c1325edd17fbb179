/**
 * The HorizontalPodAutoscaler walkthrough with minikube's metrics-server add-on: php-apache
 * (200m requested), an HPA at 50% CPU, then the busybox load generator. The figure is the virtual
 * time from the load generator's creation to the HPA's first scale-up: image pull, metrics
 * windows and the 15-second sync period together; then the replicas the HPA settles at under
 * that load three minutes on (the walkthrough shows 6 or 7; maxReplicas is 10). Also the wall
 * time of the run up to the first scale-up.
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
  const wall = performance.now() - start;
  c.advance(180_000);
  const settled = replicas();
  return [
    {
      name: 'hpa: load start to first scale-up (virtual)',
      value: seconds,
      unit: 's',
      goal: 60,
      better: 'lower',
    },
    {
      name: 'hpa: replicas under the walkthrough load after 3 min (virtual)',
      value: settled,
      unit: 'pods',
      goal: 8,
      better: 'lower',
    },
    {
      name: 'hpa: walkthrough to first scale-up (wall)',
      value: wall,
      unit: 'ms',
      goal: 3_000,
      better: 'lower',
    },
  ];
}
