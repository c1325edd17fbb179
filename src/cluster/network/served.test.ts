import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { ContainerProcess } from '../runtime/types';
import type { ServedRequest } from './types';

function server(port: number): ContainerProcess {
  return {
    signal() {},
    exec(_argv, _stdin, done) {
      done({ stdout: '', stderr: '', exitCode: 0 });
    },
    listens: (p) => p === port,
    http: (p) => (p === port ? { status: 200, body: 'ok' } : undefined),
    usage: () => ({ cpuMillis: 0, memoryBytes: 0 }),
  };
}

/** A Service `web` in front of one fake running pod, with Endpoints written by hand. */
function setup() {
  const c = createCluster({ seed: 3, systemPods: false });
  const ip = c.network.allocatePodIP('minikube');
  c.network.registerPod({
    namespace: 'default',
    name: 'web-a',
    ip,
    node: 'minikube',
    containers: [{ name: 'app', process: server(8080) }],
  });
  c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/services',
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    },
  });
  c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/endpoints',
    body: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web' },
      subsets: [{ addresses: [{ ip }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    },
  });
  return { c, ip };
}

describe('network.onServed', () => {
  it('reports the Service and the pod that answered a request through it', () => {
    const { c } = setup();
    const seen: ServedRequest[] = [];
    c.network.onServed((s) => seen.push(s));
    const r = c.network.clientFor('default', 'client').http({ method: 'GET', url: 'http://web/' });
    expect(r).toMatchObject({ status: 200 });
    expect(seen).toEqual([
      {
        service: { namespace: 'default', name: 'web' },
        pod: { namespace: 'default', name: 'web-a' },
      },
    ]);
  });

  it('stays quiet for a request straight to a pod IP, and after unsubscribing', () => {
    const { c, ip } = setup();
    const seen: ServedRequest[] = [];
    const stop = c.network.onServed((s) => seen.push(s));
    const client = c.network.clientFor('default', 'client');
    expect(client.http({ method: 'GET', url: `http://${ip}:8080/` })).toMatchObject({
      status: 200,
    });
    expect(seen).toEqual([]);
    stop();
    client.http({ method: 'GET', url: 'http://web/' });
    expect(seen).toEqual([]);
  });

  it('stays quiet when the Service has no pod to answer', () => {
    const { c, ip } = setup();
    c.network.unregisterPod(ip);
    const seen: ServedRequest[] = [];
    c.network.onServed((s) => seen.push(s));
    const r = c.network.clientFor('default', 'client').http({ method: 'GET', url: 'http://web/' });
    expect(r).toHaveProperty('error');
    expect(seen).toEqual([]);
  });
});
