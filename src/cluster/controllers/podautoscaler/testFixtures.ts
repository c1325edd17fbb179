/**
 * The HorizontalPodAutoscaler walkthrough's objects (kubernetes.io "HorizontalPodAutoscaler
 * Walkthrough"): php-apache with 200m of CPU requested, its Service, a load generator.
 */
import type { KubeObject } from '../../api/types';

export const PHP_APACHE_DEPLOYMENT: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'php-apache', namespace: 'default' },
  spec: {
    selector: { matchLabels: { run: 'php-apache' } },
    template: {
      metadata: { labels: { run: 'php-apache' } },
      spec: {
        containers: [
          {
            name: 'php-apache',
            image: 'registry.k8s.io/hpa-example',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } },
          },
        ],
      },
    },
  },
};

export const PHP_APACHE_SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'php-apache', namespace: 'default', labels: { run: 'php-apache' } },
  spec: { ports: [{ port: 80 }], selector: { run: 'php-apache' } },
};

export const LOAD_GENERATOR_SCRIPT = 'while sleep 0.01; do wget -q -O- http://php-apache; done';

export const LOAD_GENERATOR: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'load-generator', namespace: 'default' },
  spec: {
    restartPolicy: 'Never',
    containers: [
      {
        name: 'load-generator',
        image: 'busybox:1.37',
        command: ['/bin/sh', '-c', LOAD_GENERATOR_SCRIPT],
      },
    ],
  },
};

/** `kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10`, as v2. */
export function phpApacheHPA(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      ...extra,
    },
  };
}
