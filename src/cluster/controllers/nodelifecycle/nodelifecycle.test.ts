import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function node(c: Cluster, name: string) {
  return c.handle({ method: 'GET', path: `/api/v1/nodes/${name}` }).body as KubeObject & {
    spec: { taints?: { key: string; effect: string; timeAdded?: string }[] };
    status: { conditions: Cond[] };
  };
}

function pods(c: Cluster) {
  return c.store.list('pods', { namespace: 'default' }).items as (KubeObject & {
    spec: { nodeName?: string };
  })[];
}

function deploy(c: Cluster, replicas: number) {
  c.handle({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    },
  });
}

describe('node lifecycle and taint eviction', () => {
  it('marks a silent node Unknown after 40 s, taints it, evicts its pods after 300 s, and heals', () => {
    const c = createCluster({ systemPods: false, nodes: 2 });
    deploy(c, 4);
    c.advance(30_000);
    const onM02 = pods(c).filter((p) => p.spec.nodeName === 'minikube-m02');
    expect(onM02.length).toBeGreaterThan(0);

    c.kubelets.stop('minikube-m02');
    c.advance(35_000);
    expect(node(c, 'minikube-m02').status.conditions.find((x) => x.type === 'Ready')!.status).toBe(
      'True',
    );
    c.advance(15_000);
    const n = node(c, 'minikube-m02');
    expect(n.status.conditions.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(n.spec.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    const events = c.store
      .list('events', { namespace: 'default' })
      .items.map((e) => (e as { reason?: string }).reason);
    expect(events).toContain('NodeNotReady');
    expect(node(c, 'minikube').status.conditions.find((x) => x.type === 'Ready')!.status).toBe(
      'True',
    );

    // Not yet: the pods tolerate unreachable for 300 s.
    c.advance(200_000);
    for (const p of onM02)
      expect(c.store.get('pods', 'default', p.metadata.name!)?.metadata.deletionTimestamp).toBe(
        undefined,
      );
    c.advance(120_000);
    for (const p of onM02) {
      const now = c.store.get('pods', 'default', p.metadata.name!)!;
      expect(now.metadata.deletionTimestamp).toBeDefined();
      expect(
        (now.status as { conditions: Cond[] }).conditions.find(
          (x) => x.type === 'DisruptionTarget',
        ),
      ).toMatchObject({ reason: 'DeletionByTaintManager' });
    }
    // Their replacements run on the healthy node.
    c.advance(30_000);
    const live = pods(c).filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(4);
    expect(live.every((p) => p.spec.nodeName === 'minikube')).toBe(true);

    // The kubelet comes back: Ready again, taints gone, the evicted pods finish terminating.
    c.kubelets.start('minikube-m02');
    c.advance(60_000);
    const back = node(c, 'minikube-m02');
    expect(back.status.conditions.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
    expect(back.spec.taints).toBeUndefined();
    expect(pods(c)).toHaveLength(4);
  });

  it('taints a cordoned node node.kubernetes.io/unschedulable:NoSchedule and untaints it', () => {
    const c = createCluster({ systemPods: false, nodes: 2 });
    const cordon = (on: boolean) =>
      c.handle({
        method: 'PATCH',
        path: '/api/v1/nodes/minikube-m02',
        headers: { 'content-type': 'application/strategic-merge-patch+json' },
        body: { spec: { unschedulable: on ? true : null } },
      });
    cordon(true);
    c.advance(1_000);
    expect(node(c, 'minikube-m02').spec.taints).toEqual([
      {
        key: 'node.kubernetes.io/unschedulable',
        effect: 'NoSchedule',
        timeAdded: expect.any(String),
      },
    ]);
    cordon(false);
    c.advance(1_000);
    expect(node(c, 'minikube-m02').spec.taints).toBeUndefined();
  });

  it('counts tolerationSeconds from when the taint is seen, whatever its timeAdded says', () => {
    const c = createCluster({ systemPods: false, nodes: 1 });
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'patient' },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx' }],
          tolerations: [
            { key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
          ],
        },
      },
    });
    c.advance(10_000);
    // kubectl stamps timeAdded with its own clock, here long before the cluster's now.
    c.handle({
      method: 'PATCH',
      path: '/api/v1/nodes/minikube',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: {
        spec: {
          taints: [{ key: 'maintenance', effect: 'NoExecute', timeAdded: '2000-01-01T00:00:00Z' }],
        },
      },
    });
    c.advance(59_000);
    expect(pods(c).map((p) => p.metadata.deletionTimestamp)).toEqual([undefined]);
    c.advance(2_000);
    expect(pods(c).every((p) => p.metadata.deletionTimestamp)).toBe(true);
  });
});
