import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';

const NS = '/api/v1/namespaces/default';

function pod(name: string, cpu: string, memory: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'nginx',
          resources: { requests: { cpu, memory }, limits: { cpu, memory } },
        },
      ],
    },
  };
}

function quotaStatus(c: Cluster) {
  return (
    c.handle({ method: 'GET', path: `${NS}/resourcequotas/compute` }).body as {
      status?: unknown;
    }
  ).status;
}

describe('resource quota controller', () => {
  it('keeps status.hard and status.used current as objects come and go', () => {
    const c = createCluster({ systemPods: false });
    c.handle({
      method: 'POST',
      path: `${NS}/resourcequotas`,
      body: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'compute' },
        spec: {
          hard: { pods: '3', 'requests.cpu': '1', 'limits.memory': '1Gi', configmaps: '5' },
        },
      },
    });
    // kube-root-ca.crt is a ConfigMap of the namespace.
    expect(quotaStatus(c)).toEqual({
      hard: { configmaps: '5', 'limits.memory': '1Gi', pods: '3', 'requests.cpu': '1' },
      used: { configmaps: '1', 'limits.memory': '0', pods: '0', 'requests.cpu': '0' },
    });
    for (const n of ['a', 'b'])
      expect(
        c.handle({ method: 'POST', path: `${NS}/pods`, body: pod(n, '250m', '256Mi') }).status,
      ).toBe(201);
    expect(quotaStatus(c)).toMatchObject({
      used: { 'limits.memory': '512Mi', pods: '2', 'requests.cpu': '500m' },
    });
    const refused = c.handle({ method: 'POST', path: `${NS}/pods`, body: pod('c', '600m', '1Mi') });
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toBe(
      'pods "c" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1',
    );
    c.handle({ method: 'DELETE', path: `${NS}/pods/a`, body: { gracePeriodSeconds: 0 } });
    c.advance(1000);
    expect(quotaStatus(c)).toMatchObject({
      used: { 'limits.memory': '256Mi', pods: '1', 'requests.cpu': '250m' },
    });
  });
});
