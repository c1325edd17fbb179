import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../cluster';
import type { KubeObject } from '../../api/types';
import {
  api,
  create,
  events,
  newCluster,
  pods,
  settleAgents,
  status,
  TEST_SCHEDULER,
} from '../podutil/testkit';
import { targetNodeName } from './util';

function newDaemonSet(
  name: string,
  spec: Record<string, unknown> = {},
  image = 'fluentd:1',
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          schedulerName: TEST_SCHEDULER,
          containers: [{ name: 'c', image }],
          ...(spec.podSpec as object),
        },
      },
      ...Object.fromEntries(Object.entries(spec).filter(([k]) => k !== 'podSpec')),
    },
  };
}

function patchNode(c: Cluster, name: string, patch: unknown): void {
  c.handle({
    method: 'PATCH',
    path: `/api/v1/nodes/${name}`,
    headers: { 'content-type': 'application/merge-patch+json' },
    body: patch,
  });
}

describe('DaemonSet controller', () => {
  it('runs one pod per node of three, aimed at its node, with the daemon tolerations', () => {
    const c = newCluster({ nodes: 3 });
    create(c, newDaemonSet('agent'));
    const ps = pods(c);
    expect(ps).toHaveLength(3);
    expect(ps.map(targetNodeName).sort()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    const p = ps[0];
    expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
    expect(p.metadata.labels!['controller-revision-hash']).toBeTruthy();
    const spec = p.spec as { tolerations: unknown[]; affinity: unknown };
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [{ key: 'metadata.name', operator: 'In', values: [targetNodeName(p)] }],
            },
          ],
        },
      },
    });
    expect(status(c, 'daemonsets.apps', 'agent')).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 0,
      numberUnavailable: 3,
      updatedNumberScheduled: 3,
      observedGeneration: 1,
    });
    settleAgents(c);
    expect(status(c, 'daemonsets.apps', 'agent')).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      observedGeneration: 1,
    });
    const revs = c.store.list('controllerrevisions.apps', { namespace: 'default' }).items;
    expect(revs).toHaveLength(1);
    expect(revs[0].metadata.name).toBe(`agent-${p.metadata.labels!['controller-revision-hash']}`);
    expect(revs[0].revision).toBe(1);
    expect(events(c, 'agent').filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    expect(events(c, 'agent')[0].message).toMatch(/^Created pod: agent-/);
  });

  it.each([
    {
      name: 'nodeSelector',
      podSpec: { nodeSelector: { disk: 'ssd' } },
      nodes: ['minikube-m02'],
    },
    {
      name: 'node affinity NotIn',
      podSpec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] },
              ],
            },
          },
        },
      },
      nodes: ['minikube', 'minikube-m03'],
    },
    { name: 'taint not tolerated', podSpec: {}, taint: true, nodes: ['minikube', 'minikube-m02'] },
    {
      name: 'taint tolerated',
      podSpec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] },
      taint: true,
      nodes: ['minikube', 'minikube-m02', 'minikube-m03'],
    },
  ])('places pods by $name', ({ podSpec, nodes, taint }) => {
    const c = newCluster({ nodes: 3 });
    patchNode(c, 'minikube-m02', { metadata: { labels: { disk: 'ssd' } } });
    if (taint)
      patchNode(c, 'minikube-m03', {
        spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] },
      });
    create(c, newDaemonSet('agent', { podSpec }));
    expect(pods(c).map(targetNodeName).sort()).toEqual(nodes);
    expect(status(c, 'daemonsets.apps', 'agent').desiredNumberScheduled).toBe(nodes.length);
  });

  it('follows node labels: a node that stops matching loses its pod', () => {
    const c = newCluster({ nodes: 2 });
    patchNode(c, 'minikube', { metadata: { labels: { role: 'log' } } });
    patchNode(c, 'minikube-m02', { metadata: { labels: { role: 'log' } } });
    create(c, newDaemonSet('agent', { podSpec: { nodeSelector: { role: 'log' } } }));
    settleAgents(c);
    expect(pods(c)).toHaveLength(2);
    patchNode(c, 'minikube-m02', { metadata: { labels: { role: null } } });
    settleAgents(c);
    expect(pods(c).map(targetNodeName)).toEqual(['minikube']);
    expect(events(c, 'agent').some((e) => e.reason === 'SuccessfulDelete')).toBe(true);
    expect(status(c, 'daemonsets.apps', 'agent')).toMatchObject({
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
    });
  });

  it('rolls out a new template one node at a time (maxUnavailable 1)', () => {
    const c = newCluster({ nodes: 3 });
    create(c, newDaemonSet('agent'));
    settleAgents(c);
    const oldHash = pods(c)[0].metadata.labels!['controller-revision-hash'];
    const ds = c.store.get('daemonsets.apps', 'default', 'agent')!;
    const next = structuredClone(ds) as KubeObject;
    (
      next.spec as { template: { spec: { containers: { image: string }[] } } }
    ).template.spec.containers[0].image = 'fluentd:2';
    api(c, 'PUT', '/apis/apps/v1/namespaces/default/daemonsets/agent', next);
    // One old pod is terminating, the others still run.
    const live = pods(c).filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(2);
    expect(pods(c).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    settleAgents(c);
    const after = pods(c);
    expect(after).toHaveLength(3);
    expect(after.every((p) => p.metadata.labels!['controller-revision-hash'] !== oldHash)).toBe(
      true,
    );
    expect(status(c, 'daemonsets.apps', 'agent')).toMatchObject({
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      observedGeneration: 2,
    });
    const revs = c.store.list('controllerrevisions.apps', { namespace: 'default' }).items;
    expect(revs.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('leaves pods alone with OnDelete until they are deleted', () => {
    const c = newCluster({ nodes: 2 });
    create(c, newDaemonSet('agent', { updateStrategy: { type: 'OnDelete' } }));
    settleAgents(c);
    const ds = structuredClone(c.store.get('daemonsets.apps', 'default', 'agent')!) as KubeObject;
    (
      ds.spec as { template: { spec: { containers: { image: string }[] } } }
    ).template.spec.containers[0].image = 'fluentd:2';
    api(c, 'PUT', '/apis/apps/v1/namespaces/default/daemonsets/agent', ds);
    settleAgents(c);
    expect(status(c, 'daemonsets.apps', 'agent').updatedNumberScheduled).toBeUndefined();
    api(c, 'DELETE', `/api/v1/namespaces/default/pods/${pods(c)[0].metadata.name}`);
    settleAgents(c);
    expect(status(c, 'daemonsets.apps', 'agent').updatedNumberScheduled).toBe(1);
  });
});
