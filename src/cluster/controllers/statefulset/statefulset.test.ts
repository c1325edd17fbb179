import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster';
import type { KubeObject } from '../../api/types';
import {
  api,
  create,
  events,
  newCluster,
  pods,
  runAgents,
  setPodStatus,
  settleAgents,
  status,
  TEST_SCHEDULER,
} from '../podutil/testkit';

function newStatefulSet(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'c', image: 'nginx:1' }] },
      },
      ...extra,
    },
  };
}

const names = (c: Cluster) =>
  pods(c)
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into spec fields of any depth
type AnySpec = Record<string, any>;

function setSpec(c: Cluster, mutate: (spec: AnySpec) => void): void {
  const sts = structuredClone(c.store.get('statefulsets.apps', 'default', 'web')!) as KubeObject;
  mutate(sts.spec as AnySpec);
  api(c, 'PUT', '/apis/apps/v1/namespaces/default/statefulsets/web', sts);
}

describe('StatefulSet controller', () => {
  it('starts pods in order, each once the previous is Running and Ready', () => {
    const c = newCluster();
    create(c, newStatefulSet(3));
    expect(names(c)).toEqual(['web-0']);
    const p0 = pods(c)[0];
    expect(p0.metadata.labels).toMatchObject({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
    });
    expect(p0.metadata.labels!['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    expect(p0.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
    // Running but not ready: web-1 waits.
    runAgents(c, { ready: () => false });
    c.settle();
    expect(names(c)).toEqual(['web-0']);
    setPodStatus(c, pods(c)[0], 'Running', { ready: true });
    expect(names(c)).toEqual(['web-0', 'web-1']);
    settleAgents(c);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
    const st = status(c, 'statefulsets.apps', 'web');
    expect(st).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      collisionCount: 0,
      observedGeneration: 1,
    });
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(st.currentRevision).toBe(`web-${p0.metadata.labels!['controller-revision-hash']}`);
    expect(events(c, 'web').map((e) => e.message)).toEqual([
      'create Pod web-0 in StatefulSet web successful',
      'create Pod web-1 in StatefulSet web successful',
      'create Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('scales down from the highest ordinal, one at a time', () => {
    const c = newCluster();
    create(c, newStatefulSet(3));
    settleAgents(c);
    setSpec(c, (s) => (s.replicas = 1));
    expect(names(c)).toEqual(['web-0', 'web-1']);
    expect(
      pods(c).find((p) => p.metadata.name === 'web-2')!.metadata.deletionTimestamp,
    ).toBeTruthy();
    runAgents(c);
    c.settle();
    expect(names(c)).toEqual(['web-0']);
    settleAgents(c);
    expect(names(c)).toEqual(['web-0']);
    expect(status(c, 'statefulsets.apps', 'web')).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(
      events(c, 'web')
        .filter((e) => e.reason === 'SuccessfulDelete')
        .map((e) => e.message),
    ).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('creates all pods at once with Parallel', () => {
    const c = newCluster();
    create(c, newStatefulSet(3, { podManagementPolicy: 'Parallel' }));
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('rolls out from the highest ordinal down to the partition', () => {
    const c = newCluster();
    create(
      c,
      newStatefulSet(3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
      }),
    );
    settleAgents(c);
    const oldHash = pods(c)[0].metadata.labels!['controller-revision-hash'];
    setSpec(c, (s) => (s.template.spec.containers[0].image = 'nginx:2'));
    // web-2 goes first.
    expect(
      pods(c).find((p) => p.metadata.name === 'web-2')!.metadata.deletionTimestamp,
    ).toBeTruthy();
    settleAgents(c);
    const hashes = Object.fromEntries(
      pods(c).map((p) => [p.metadata.name, p.metadata.labels!['controller-revision-hash']]),
    );
    expect(hashes['web-0']).toBe(oldHash);
    expect(hashes['web-1']).not.toBe(oldHash);
    expect(hashes['web-2']).toBe(hashes['web-1']);
    const st = status(c, 'statefulsets.apps', 'web');
    expect(st).toMatchObject({ currentReplicas: 1, updatedReplicas: 2, observedGeneration: 2 });
    expect(st.currentRevision).not.toBe(st.updateRevision);
    // Partition 0 finishes the rollout and the update revision becomes current.
    setSpec(c, (s) => (s.updateStrategy.rollingUpdate.partition = 0));
    settleAgents(c);
    const done = status(c, 'statefulsets.apps', 'web');
    expect(done).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(c.store.list('controllerrevisions.apps', { namespace: 'default' }).items).toHaveLength(
      2,
    );
  });

  it('leaves pods on the old revision with OnDelete until they are deleted', () => {
    const c = newCluster();
    create(c, newStatefulSet(2, { updateStrategy: { type: 'OnDelete' } }));
    settleAgents(c);
    setSpec(c, (s) => (s.template.spec.containers[0].image = 'nginx:2'));
    settleAgents(c);
    expect(status(c, 'statefulsets.apps', 'web').updatedReplicas).toBeUndefined();
    api(c, 'DELETE', '/api/v1/namespaces/default/pods/web-1');
    settleAgents(c);
    expect(names(c)).toEqual(['web-0', 'web-1']);
    expect(status(c, 'statefulsets.apps', 'web')).toMatchObject({
      updatedReplicas: 1,
      currentReplicas: 1,
    });
  });
});
