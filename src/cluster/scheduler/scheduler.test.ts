import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { createCluster } from '../cluster';
import type { Cluster } from '../cluster';

function podBody(name: string, spec: Record<string, unknown> = {}, labels?: object): object {
  const { cpu, ...rest } = spec as { cpu?: string };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      containers: [
        { name: 'app', image: 'nginx', resources: cpu ? { requests: { cpu } } : undefined },
      ],
      ...rest,
    },
  };
}

function create(c: Cluster, name: string, spec?: Record<string, unknown>, labels?: object) {
  const r = c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: podBody(name, spec, labels),
  });
  expect(r.status).toBe(201);
}

function getPod(c: Cluster, name: string): KubeObject {
  return c.store.get('pods', 'default', name)!;
}

const nodeOf = (c: Cluster, name: string) =>
  (getPod(c, name).spec as { nodeName?: string }).nodeName;

function events(c: Cluster, name: string, reason: string): string[] {
  return c.store
    .list('events', { namespace: 'default' })
    .items.filter(
      (e) => (e.involvedObject as { name: string }).name === name && e.reason === reason,
    )
    .map((e) => e.message as string);
}

function patchNode(c: Cluster, name: string, body: object) {
  const r = c.handle({
    method: 'PATCH',
    path: `/api/v1/nodes/${name}`,
    headers: { 'content-type': 'application/merge-patch+json' },
    body,
  });
  expect(r.status).toBe(200);
}

describe('scheduler end to end', () => {
  it('binds pods and records Scheduled', () => {
    const c = createCluster({ nodes: 3 });
    for (let i = 0; i < 6; i++) create(c, `web-${i}`);
    for (let i = 0; i < 6; i++) {
      const node = nodeOf(c, `web-${i}`);
      expect(node).toMatch(/^minikube/);
      expect(events(c, `web-${i}`, 'Scheduled')).toEqual([
        `Successfully assigned default/web-${i} to ${node}`,
      ]);
      const cond = (
        (getPod(c, `web-${i}`).status as { conditions: { type: string; status: string }[] })
          .conditions ?? []
      ).find((x) => x.type === 'PodScheduled');
      expect(cond?.status).toBe('True');
    }
  });

  it('keeps a nodeSelector pod Pending until a node label makes one fit', () => {
    const c = createCluster({ nodes: 3 });
    create(c, 'ssd', { nodeSelector: { disk: 'ssd' } });
    const msg =
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(nodeOf(c, 'ssd')).toBeUndefined();
    expect(events(c, 'ssd', 'FailedScheduling')).toEqual([msg]);
    const cond = (
      getPod(c, 'ssd').status as { conditions: Record<string, unknown>[] }
    ).conditions.find((x) => x.type === 'PodScheduled');
    expect(cond).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: msg,
      lastProbeTime: null,
    });
    c.advance(60_000);
    expect(nodeOf(c, 'ssd')).toBeUndefined();
    patchNode(c, 'minikube-m02', { metadata: { labels: { disk: 'ssd' } } });
    c.advance(1_000);
    expect(nodeOf(c, 'ssd')).toBe('minikube-m02');
    expect(events(c, 'ssd', 'Scheduled')).toEqual([
      'Successfully assigned default/ssd to minikube-m02',
    ]);
  });

  it('reports insufficient cpu and binds once a pod is deleted', () => {
    const c = createCluster({ nodes: 1 });
    create(c, 'big', { cpu: '1500m' });
    create(c, 'second', { cpu: '1' });
    expect(nodeOf(c, 'big')).toBe('minikube');
    expect(events(c, 'second', 'FailedScheduling')).toEqual([
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    ]);
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/big' });
    c.advance(2_000);
    expect(nodeOf(c, 'second')).toBe('minikube');
  });

  it('respects taints and cordoned nodes, and mixes reasons in the message', () => {
    const c = createCluster({ nodes: 3 });
    patchNode(c, 'minikube', {
      spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    });
    patchNode(c, 'minikube-m02', { spec: { unschedulable: true } });
    create(c, 'p', { cpu: '3' });
    expect(events(c, 'p', 'FailedScheduling')).toEqual([
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    ]);
    for (let i = 0; i < 4; i++) create(c, `w-${i}`);
    for (let i = 0; i < 4; i++) expect(nodeOf(c, `w-${i}`)).toBe('minikube-m03');
  });

  it('spreads pods with required anti-affinity, one per node', () => {
    const c = createCluster({ nodes: 3 });
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    };
    for (let i = 0; i < 4; i++) create(c, `web-${i}`, { affinity }, { app: 'web' });
    const nodes = [0, 1, 2].map((i) => nodeOf(c, `web-${i}`));
    expect(new Set(nodes).size).toBe(3);
    expect(nodeOf(c, 'web-3')).toBeUndefined();
    expect(events(c, 'web-3', 'FailedScheduling')[0]).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
  });

  it('backs off 1 s, 2 s, 4 s … between attempts while nothing changes', () => {
    const c = createCluster({ nodes: 1 });
    create(c, 'huge', { cpu: '64' });
    // The unschedulable pool is flushed after 5 minutes; each flush is one more attempt.
    c.advance(5 * 60_000 + 30_000);
    const ev = c.store
      .list('events', { namespace: 'default' })
      .items.find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.count).toBe(2);
  });

  it('places pods the same way for the same seed', () => {
    const placements = () => {
      const c = createCluster({ nodes: 5, seed: 42 });
      for (let i = 0; i < 20; i++) create(c, `p-${i}`);
      return Array.from({ length: 20 }, (_, i) => nodeOf(c, `p-${i}`));
    };
    const a = placements();
    expect(placements()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});
