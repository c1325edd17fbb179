import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';

function post(c: Cluster, path: string, body: unknown) {
  const res = c.handle({
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json' },
  });
  if (res.status >= 300) throw new Error(JSON.stringify(res.body));
  return res.body;
}

function tutorial(c: Cluster): void {
  for (const [name, image] of [
    ['web', 'gcr.io/google-samples/hello-app:1.0'],
    ['web2', 'gcr.io/google-samples/hello-app:2.0'],
  ]) {
    const labels = { app: name };
    post(c, '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'hello-app', image }] } },
      },
    });
    post(c, '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { type: 'NodePort', selector: labels, ports: [{ port: 8080, targetPort: 8080 }] },
    });
  }
  post(c, '/apis/networking.k8s.io/v1/namespaces/default/ingresses', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'example-ingress' },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'hello-world.example',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 8080 } } },
              },
              {
                path: '/v2',
                pathType: 'Prefix',
                backend: { service: { name: 'web2', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    },
  });
}

const ingressStatus = (c: Cluster) =>
  (
    c.store.get('ingresses.networking.k8s.io', 'default', 'example-ingress')!.status as {
      loadBalancer?: { ingress?: { ip: string }[] };
    }
  ).loadBalancer?.ingress;

describe('ingress-nginx add-on', () => {
  it('runs the controller and completes the admission jobs at boot', () => {
    const c = createCluster({ addons: ['ingress'] });
    const pods = c.store.list('pods', { namespace: 'ingress-nginx' }).items;
    const phases = pods
      .map(
        (p) =>
          `${p.metadata.name!.replace(/-[a-z0-9]{5}$/, '')} ${(p.status as { phase: string }).phase}`,
      )
      .sort();
    expect(phases).toEqual([
      'ingress-nginx-admission-create Succeeded',
      'ingress-nginx-admission-patch Succeeded',
      expect.stringMatching(/^ingress-nginx-controller-[a-z0-9]+ Running$/),
    ]);
    expect(c.store.get('ingressclasses.networking.k8s.io', '', 'nginx')).toBeDefined();
  });

  it('is not there by default', () => {
    const c = createCluster();
    expect(c.store.get('namespaces', '', 'ingress-nginx')).toBeUndefined();
  });

  it('fills the address within the status interval, and routes by host and path', () => {
    const c = createCluster({ addons: ['ingress'] });
    tutorial(c);
    c.advance(5_000);
    expect(ingressStatus(c)).toBeUndefined();
    c.advance(60_000);
    expect(ingressStatus(c)).toEqual([{ ip: '192.168.49.2' }]);
    const get = (path: string, host?: string) =>
      c.network.fromOutside({
        method: 'GET',
        url: `http://192.168.49.2${path}`,
        headers: host ? { host } : {},
      });
    const r1 = get('/', 'hello-world.example') as { status: number; body: string };
    expect(r1.status).toBe(200);
    expect(r1.body).toMatch(
      /^Hello, world!\nVersion: 1\.0\.0\nHostname: web-[a-z0-9]+-[a-z0-9]{5}\n$/,
    );
    const r2 = get('/v2', 'hello-world.example') as { status: number; body: string };
    expect(r2.body).toMatch(/Version: 2\.0\.0/);
    const r3 = get('/', 'other.example') as { status: number; body: string };
    expect(r3.status).toBe(404);
    expect(r3.body).toBe(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    );
    const events = c.store
      .list('events')
      .items.filter(
        (e) =>
          (e as unknown as { involvedObject: { kind: string } }).involvedObject.kind === 'Ingress',
      );
    expect(
      events.map((e) => [
        (e as unknown as { reason: string }).reason,
        (e as unknown as { count: number }).count,
      ]),
    ).toEqual([['Sync', 2]]);
  });

  it('answers 503 for a backend without ready endpoints, and forgets the address without the add-on', () => {
    const c = createCluster({ addons: ['ingress'] });
    tutorial(c);
    c.advance(61_000);
    c.handle({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web2/scale',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { spec: { replicas: 0 } },
    });
    c.advance(40_000);
    const r = c.network.fromOutside({
      method: 'GET',
      url: 'http://192.168.49.2/v2/x',
      headers: { host: 'hello-world.example' },
    }) as { status: number; body: string };
    expect(r.status).toBe(503);
    expect(r.body).toContain('<title>503 Service Temporarily Unavailable</title>');
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/ingress-nginx' });
    c.advance(120_000);
    expect(ingressStatus(c)).toBeUndefined();
    expect(
      c.network.fromOutside({
        method: 'GET',
        url: 'http://192.168.49.2/',
        headers: { host: 'hello-world.example' },
      }),
    ).toHaveProperty('error');
  });

  it('gives an Ingress without a class the default class nginx', () => {
    const c = createCluster({ addons: ['ingress'] });
    const ing = post(c, '/apis/networking.k8s.io/v1/namespaces/default/ingresses', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'noclass' },
      spec: { defaultBackend: { service: { name: 'web', port: { number: 8080 } } } },
    }) as { spec: { ingressClassName?: string } };
    expect(ing.spec.ingressClassName).toBe('nginx');
  });
});
