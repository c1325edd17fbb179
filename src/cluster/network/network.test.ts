import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { ContainerProcess, HttpRequest } from '../runtime/types';

function server(name: string, port = 80): ContainerProcess {
  return {
    signal() {},
    exec(_argv, _stdin, done) {
      done({ stdout: '', stderr: '', exitCode: 0 });
    },
    listens: (p) => p === port,
    http: (p, req: HttpRequest) =>
      p === port ? { status: 200, body: `hello from ${name} ${req.url}` } : undefined,
    usage: () => ({ cpuMillis: 0, memoryBytes: 0 }),
  };
}

/** A cluster with a Service `web` whose Endpoints point at two fake running pods. */
function setup(opts: { headless?: boolean; type?: string; nodePort?: number } = {}) {
  const c = createCluster({ seed: 3, systemPods: false });
  const ips = ['a', 'b'].map((n) => {
    const ip = c.network.allocatePodIP('minikube');
    c.network.registerPod({
      namespace: 'default',
      name: `web-${n}`,
      ip,
      node: 'minikube',
      containers: [{ name: 'app', process: server(`web-${n}`, 8080) }],
    });
    return ip;
  });
  // No selector: these Endpoints are written by hand, as for a Service in front of outside pods.
  const spec: Record<string, unknown> = { ports: [{ port: 80, targetPort: 8080 }] };
  if (opts.headless) spec.clusterIP = 'None';
  if (opts.type) spec.type = opts.type;
  if (opts.nodePort) (spec.ports as Record<string, unknown>[])[0].nodePort = opts.nodePort;
  const svc = c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/services',
    body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec },
  });
  expect(svc.status).toBe(201);
  c.handle({
    method: 'PUT',
    path: '/api/v1/namespaces/default/endpoints/web',
    body: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default' },
      subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 8080, protocol: 'TCP' }] }],
    },
  });
  c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/endpoints',
    body: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web' },
      subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 8080, protocol: 'TCP' }] }],
    },
  });
  const clusterIP = (svc.body as { spec: { clusterIP: string } }).spec.clusterIP;
  return { c, ips, clusterIP };
}

describe('cluster network', () => {
  it('gives pod IPs from the node CIDR sequentially from .2', () => {
    const c = createCluster({ nodes: 2, systemPods: false });
    expect([
      c.network.allocatePodIP('minikube'),
      c.network.allocatePodIP('minikube'),
      c.network.allocatePodIP('minikube-m02'),
    ]).toEqual(['10.244.0.2', '10.244.0.3', '10.244.1.2']);
  });

  it.each([
    ['web', 'web.default.svc.cluster.local'],
    ['web.default', 'web.default.svc.cluster.local'],
    ['web.default.svc', 'web.default.svc.cluster.local'],
    ['web.default.svc.cluster.local', 'web.default.svc.cluster.local'],
  ])('resolves %s through the search path', (name, canonical) => {
    const { c, clusterIP } = setup();
    const r = c.network.clientFor('default', 'client').resolve(name);
    expect(r).toEqual({ ips: [clusterIP], canonical });
  });

  it('resolves kubernetes.default and kube-dns from any namespace', () => {
    const { c } = setup();
    const client = c.network.clientFor('kube-public', 'x');
    expect(client.resolve('kubernetes.default')).toMatchObject({ ips: ['10.96.0.1'] });
    expect(client.resolve('kube-dns.kube-system')).toMatchObject({ ips: ['10.96.0.10'] });
    expect(client.resolve('web')).toEqual({ error: 'NXDOMAIN' });
  });

  it('a headless service answers its endpoint IPs', () => {
    const { c, ips } = setup({ headless: true });
    expect(c.network.clientFor('default', 'x').resolve('web')).toEqual({
      ips,
      canonical: 'web.default.svc.cluster.local',
    });
  });

  it('routes a request through the ClusterIP to an endpoint and reports who answered', () => {
    const { c } = setup();
    const seen: string[] = [];
    c.network.onRequest((_from, to) => seen.push(to));
    const client = c.network.clientFor('default', 'client');
    for (let i = 0; i < 20; i++) {
      const r = client.http({ method: 'GET', url: 'http://web/' });
      expect(r).toMatchObject({ status: 200 });
    }
    expect(new Set(seen)).toEqual(new Set(['default/web-a', 'default/web-b']));
  });

  it('session affinity ClientIP keeps a client on one endpoint', () => {
    const { c } = setup();
    c.handle({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/services/web',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { spec: { sessionAffinity: 'ClientIP' } },
    });
    const seen = new Set<string>();
    c.network.onRequest((_f, to) => seen.add(to));
    const client = c.network.clientFor('default', 'client');
    for (let i = 0; i < 20; i++) client.http({ method: 'GET', url: 'http://web/' });
    expect(seen.size).toBe(1);
  });

  it('a NodePort answers from outside on the node IP', () => {
    const { c } = setup({ type: 'NodePort', nodePort: 30080 });
    expect(
      c.network.fromOutside({ method: 'GET', url: 'http://192.168.49.2:30080/x' }),
    ).toMatchObject({ status: 200, body: expect.stringContaining('/x') });
    expect(c.network.fromOutside({ method: 'GET', url: 'http://192.168.49.2:30081/' })).toEqual({
      error: "can't connect to remote host (192.168.49.2): Connection refused",
    });
  });

  it('a LoadBalancer gets its ClusterIP as external IP and answers there', () => {
    const { c, clusterIP } = setup({ type: 'LoadBalancer' });
    const svc = c.handle({ method: 'GET', path: '/api/v1/namespaces/default/services/web' })
      .body as { status: unknown };
    expect(svc.status).toEqual({ loadBalancer: { ingress: [{ ip: clusterIP, ipMode: 'VIP' }] } });
    expect(c.network.fromOutside({ method: 'GET', url: `http://${clusterIP}/` })).toMatchObject({
      status: 200,
    });
  });

  it('refuses a service without endpoints and an unknown host', () => {
    const c = createCluster();
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'empty' },
        spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
      },
    });
    const client = c.network.clientFor('default', 'x');
    expect(client.http({ method: 'GET', url: 'http://empty/' })).toMatchObject({
      error: expect.stringContaining('Connection refused'),
    });
    expect(client.http({ method: 'GET', url: 'http://nowhere/' })).toEqual({
      error: "bad address 'nowhere'",
    });
  });
});
