import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { Cluster } from '../cluster';
import {
  LOAD_GENERATOR,
  PHP_APACHE_DEPLOYMENT,
  PHP_APACHE_SERVICE,
} from '../controllers/podautoscaler/testFixtures';
import type { KubeObject } from '../api/types';
import { cpuQuantity, memoryQuantity } from './MetricsServer';
import {
  metricsServerAddonDeleteRequests,
  metricsServerAddonRequests,
} from '../addons/metricsServer';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function create(c: Cluster, obj: KubeObject): void {
  c.client.create(c.registry.byKind(obj.apiVersion!, obj.kind!)!, obj);
  c.settle();
}

function get(
  c: Cluster,
  path: string,
  query?: Record<string, string>,
): { status: number; body: Any } {
  const r = c.handle({ method: 'GET', path, query });
  return { status: r.status, body: r.body as Any };
}

const M = '/apis/metrics.k8s.io/v1beta1';

describe('metrics-server', () => {
  it('prints quantities as metrics-server does', () => {
    expect(cpuQuantity(0)).toBe('0');
    expect(cpuQuantity(5)).toBe('5m');
    expect(cpuQuantity(1000)).toBe('1');
    expect(cpuQuantity(250.5)).toBe('250500u');
    expect(cpuQuantity(1 / 3)).toBe('333333n');
    expect(memoryQuantity(10 * 1024 * 1024)).toBe('10Mi');
    expect(memoryQuantity(12345 * 1024)).toBe('12345Ki');
    expect(memoryQuantity(1000)).toBe('1k');
  });

  it('is off unless enabled, as in a fresh minikube', () => {
    const c = createCluster();
    expect(get(c, '/apis').body.groups.map((g: Any) => g.name)).not.toContain('metrics.k8s.io');
    expect(get(c, `${M}/nodes`).status).toBe(404);
  });

  it('serves discovery, PodMetrics and NodeMetrics from the kubelets', () => {
    const c = createCluster({ metricsServer: true });
    expect(get(c, '/apis/metrics.k8s.io').body.preferredVersion).toEqual({
      groupVersion: 'metrics.k8s.io/v1beta1',
      version: 'v1beta1',
    });
    const res = get(c, M).body.resources.map((r: Any) => [r.name, r.kind, r.namespaced, r.verbs]);
    expect(res).toEqual([
      ['nodes', 'NodeMetrics', false, ['get', 'list']],
      ['pods', 'PodMetrics', true, ['get', 'list']],
    ]);
    create(c, PHP_APACHE_DEPLOYMENT);
    create(c, PHP_APACHE_SERVICE);
    c.advance(60_000);
    const pods = get(c, `${M}/namespaces/default/pods`, { labelSelector: 'run=php-apache' }).body;
    expect(pods.kind).toBe('PodMetricsList');
    expect(pods.items).toHaveLength(1);
    const pm = pods.items[0];
    expect(pm).toMatchObject({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { namespace: 'default', labels: { run: 'php-apache' } },
      window: '15s',
      containers: [{ name: 'php-apache', usage: { cpu: '1m', memory: '10Mi' } }],
    });
    expect(get(c, `${M}/namespaces/default/pods/${pm.metadata.name}`).body).toEqual(pm);
    expect(get(c, `${M}/namespaces/default/pods/nope`)).toMatchObject({
      status: 404,
      body: { reason: 'NotFound', message: 'pods.metrics.k8s.io "nope" not found' },
    });
    const sys = get(c, `${M}/namespaces/kube-system/pods`).body.items;
    expect(sys.length).toBeGreaterThan(3);

    // Load: php-apache is throttled at its 500m limit, 250% of its request.
    create(c, LOAD_GENERATOR);
    c.advance(30_000);
    const hot = get(c, `${M}/namespaces/default/pods/${pm.metadata.name}`).body;
    expect(hot.containers[0].usage.cpu).toBe('500m');
    const node = get(c, `${M}/nodes/minikube`).body;
    expect(node).toMatchObject({
      kind: 'NodeMetrics',
      metadata: { name: 'minikube' },
      window: '15s',
    });
    expect(Number(node.usage.cpu.replace(/m$/, ''))).toBeGreaterThan(600);
    expect(get(c, `${M}/nodes`).body.items).toHaveLength(1);
  });

  it('leaves out a node whose kubelet is down', () => {
    const c = createCluster({ metricsServer: true, nodes: 2 });
    c.kubelets.stop('minikube-m02');
    c.advance(20_000);
    const names = get(c, `${M}/nodes`).body.items.map((n: Any) => n.metadata.name);
    expect(names).toEqual(['minikube']);
  });

  it('follows the add-on enabled at run time: served once its pod is Ready, gone when disabled', () => {
    const c = createCluster();
    const groups = () => get(c, '/apis').body.groups.map((g: Any) => g.name);
    for (const req of metricsServerAddonRequests()) expect(c.handle(req).status).toBe(201);
    const pod = () =>
      c.store
        .list('pods', { namespace: 'kube-system' })
        .items.find((p) => p.metadata.name!.startsWith('metrics-server-'));
    expect(pod()?.spec).toMatchObject({
      serviceAccountName: 'metrics-server',
      priorityClassName: 'system-cluster-critical',
      containers: [{ image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' }],
    });
    // Pulling, then running but not Ready: the aggregator has nowhere to send the request.
    c.advance(10_000);
    expect((pod()!.status as Any).phase).toBe('Running');
    expect(c.metrics.available).toBe(false);
    expect(groups()).not.toContain('metrics.k8s.io');
    expect(get(c, `${M}/nodes`).status).toBe(404);
    // Ready once a metric window is full (its /readyz); then every running pod has metrics.
    let waited = 10_000;
    while (!c.metrics.available && waited < 60_000) {
      c.advance(1_000);
      waited += 1_000;
    }
    expect(waited).toBeGreaterThanOrEqual(15_000);
    expect(waited).toBeLessThanOrEqual(30_000);
    expect(groups()).toContain('metrics.k8s.io');
    expect(get(c, `${M}/nodes`).body.items).toHaveLength(1);
    const sys = get(c, `${M}/namespaces/kube-system/pods`).body.items.map(
      (m: Any) => m.metadata.name,
    );
    expect(sys).toContain(pod()!.metadata.name);
    const events = c.store
      .list('events', { namespace: 'kube-system' })
      .items.filter((e) => (e as Any).involvedObject.name === pod()!.metadata.name)
      .map((e) => `${(e as Any).reason}: ${(e as Any).message}`);
    expect(events).toContain(
      'Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 500',
    );

    for (const req of metricsServerAddonDeleteRequests()) expect(c.handle(req).status).toBe(200);
    c.settle();
    expect(c.metrics.available).toBe(false);
    expect(groups()).not.toContain('metrics.k8s.io');
    expect(get(c, `${M}/namespaces/default/pods`).status).toBe(404);
    c.advance(60_000);
    expect(pod()).toBeUndefined();
  });

  it('boots with the add-on as createCluster({ addons: ["metrics-server"] })', () => {
    const c = createCluster({ addons: ['metrics-server'] });
    expect(c.metrics.available).toBe(true);
    expect(get(c, '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server').status).toBe(
      200,
    );
    expect(
      get(c, '/api/v1/namespaces/kube-system/services/metrics-server').body.spec,
    ).toMatchObject({ ports: [{ name: 'https', port: 443, targetPort: 'https' }] });
  });
});
