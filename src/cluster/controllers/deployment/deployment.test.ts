import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import type { Cluster } from '../../cluster';
import {
  condition,
  create,
  events,
  get,
  list,
  livePods,
  newDeployment,
  newWorld,
  patch,
  rsReplicas,
  statusOf,
} from '../testing/fixtures';
import { computeHash, resolveFenceposts } from './util';

type DStatus = {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
};

const HASH = /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/;

function replicaSets(c: Cluster): KubeObject[] {
  return list(c, 'ReplicaSet').filter((rs) => !rs.metadata.deletionTimestamp);
}

function rsFor(c: Cluster, image: string): KubeObject | undefined {
  return replicaSets(c).find(
    (rs) =>
      (rs.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0].image === image,
  );
}

function setImage(c: Cluster, name: string, image: string): void {
  patch(
    c,
    'Deployment',
    name,
    { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } },
    'strategic',
  );
}

const revisionOf = (o: KubeObject | undefined) =>
  o?.metadata.annotations?.['deployment.kubernetes.io/revision'];

/** What `kubectl rollout undo [--to-revision=N]` sends in v1.32: a JSON patch of the template. */
function undo(c: Cluster, name: string, toRevision = 0): void {
  const rss = replicaSets(c);
  const revs = rss.map((rs) => Number(revisionOf(rs))).sort((a, b) => b - a);
  const want = toRevision || revs[1];
  const rs = rss.find((r) => Number(revisionOf(r)) === want)!;
  const template = structuredClone(rs.spec as { template: KubeObject }).template;
  delete (template.metadata.labels as Record<string, string>)['pod-template-hash'];
  const d = get(c, 'Deployment', name);
  const annotations = { ...(d.metadata.annotations ?? {}) };
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) {
    if (!k.startsWith('deployment.kubernetes.io/')) annotations[k] = v;
  }
  patch(
    c,
    'Deployment',
    name,
    [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    'json',
  );
}

/** Runs until the Deployment is complete, checking an invariant at every step. */
function rollOut(c: Cluster, name: string, check: () => void = () => {}, limitMs = 120_000): void {
  for (let t = 0; t < limitMs; t += 250) {
    check();
    const d = get(c, 'Deployment', name);
    const st = statusOf<DStatus>(d);
    const want = (d.spec as { replicas: number }).replicas;
    if (
      condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' &&
      st.updatedReplicas === want &&
      (st.replicas ?? 0) === want &&
      livePods(c, `app=${name}`).length === list(c, 'Pod', `app=${name}`).length
    )
      return;
    c.advance(250);
  }
  throw new Error(`rollout of ${name} did not finish`);
}

describe('Deployment controller', () => {
  it('creates a ReplicaSet named by the template hash and reports a complete rollout', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 3, { annotations: { 'kubernetes.io/change-cause': 'v1' } }));
    c.advance(5000);
    const [rs] = replicaSets(c);
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(HASH);
    expect(hash.length).toBeGreaterThanOrEqual(8);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'kubernetes.io/change-cause': 'v1',
    });
    expect((rs.spec as { selector: unknown }).selector).toEqual({
      matchLabels: { app: 'web', 'pod-template-hash': hash },
    });
    for (const p of livePods(c, 'app=web')) {
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    }
    const d = get(c, 'Deployment', 'web');
    expect(revisionOf(d)).toBe('1');
    expect(statusOf<DStatus>(d)).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(statusOf<DStatus>(d).unavailableReplicas).toBeUndefined();
    expect(condition(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    });
    expect(events(c, 'web')).toEqual([
      `ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`,
    ]);
  });

  it('hashes the same template alike and a changed template differently', () => {
    const a = newWorld().c;
    const b = newWorld().c;
    create(a, newDeployment('web', 1));
    create(b, newDeployment('web', 1));
    a.settle();
    b.settle();
    expect(replicaSets(a)[0].metadata.name).toBe(replicaSets(b)[0].metadata.name);
    setImage(b, 'web', 'nginx:1.28');
    b.advance(1000);
    const names = replicaSets(b).map((r) => r.metadata.name);
    expect(new Set(names).size).toBe(2);
    const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a' }] } };
    expect(computeHash(t)).toBe(computeHash(structuredClone(t)));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    expect(computeHash(t)).toMatch(HASH);
  });

  it('scales the ReplicaSet when spec.replicas changes', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 3));
    c.advance(5000);
    patch(c, 'Deployment', 'web', { spec: { replicas: 5 } });
    c.advance(5000);
    const [rs] = replicaSets(c);
    expect(rsReplicas(rs)).toBe(5);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('5');
    expect(events(c, 'web')).toContain(
      `ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} from 3 to 5`,
    );
    patch(c, 'Deployment', 'web', { spec: { replicas: 2 } });
    c.advance(5000);
    expect(livePods(c, 'app=web')).toHaveLength(2);
    expect(events(c, 'web')).toContain(
      `ScalingReplicaSet: Scaled down replica set ${rs.metadata.name} from 5 to 2`,
    );
  });

  it.each([
    { name: 'maxSurge 1, maxUnavailable 0', replicas: 4, maxSurge: 1, maxUnavailable: 0 },
    { name: 'maxSurge 0, maxUnavailable 1', replicas: 4, maxSurge: 0, maxUnavailable: 1 },
    { name: 'defaults 25% / 25%', replicas: 4, maxSurge: '25%', maxUnavailable: '25%' },
    {
      name: '50% of 3 (surge rounds up, unavailable down)',
      replicas: 3,
      maxSurge: '50%',
      maxUnavailable: '50%',
    },
    {
      name: '10% of 3 (both round to 0 surge: 1, unavailable: 0)',
      replicas: 3,
      maxSurge: '10%',
      maxUnavailable: '10%',
    },
  ])(
    'rolling update with $name keeps within the fenceposts',
    ({ replicas, maxSurge, maxUnavailable }) => {
      const { c } = newWorld({ startDelayMs: 1000, terminateDelayMs: 2000 });
      create(
        c,
        newDeployment('web', replicas, {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
        }),
      );
      rollOut(c, 'web');
      const oldRS = replicaSets(c)[0];
      setImage(c, 'web', 'nginx:1.28');
      const fence = resolveFenceposts(maxSurge, maxUnavailable, replicas);
      let maxTotal = 0;
      let minAvailable = Infinity;
      rollOut(c, 'web', () => {
        const total = replicaSets(c).reduce((n, rs) => n + rsReplicas(rs), 0);
        const ready = livePods(c, 'app=web').filter((p) =>
          ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
            (x) => x.type === 'Ready' && x.status === 'True',
          ),
        ).length;
        maxTotal = Math.max(maxTotal, total);
        minAvailable = Math.min(minAvailable, ready);
      });
      expect(maxTotal).toBe(replicas + fence.surge);
      expect(minAvailable).toBe(replicas - fence.unavailable);
      const newRS = rsFor(c, 'nginx:1.28')!;
      expect(rsReplicas(newRS)).toBe(replicas);
      expect(rsReplicas(get(c, 'ReplicaSet', oldRS.metadata.name!))).toBe(0);
      expect(revisionOf(newRS)).toBe('2');
      expect(revisionOf(get(c, 'Deployment', 'web'))).toBe('2');
      const ev = events(c, 'web');
      expect(ev[1]).toMatch(
        new RegExp(`^ScalingReplicaSet: Scaled (up|down) replica set web-\\w+ from \\d+ to \\d+$`),
      );
      const downToZero = `Scaled down replica set ${oldRS.metadata.name} from `;
      expect(ev.filter((e) => e.includes(downToZero) && e.endsWith(' to 0'))).toHaveLength(1);
    },
  );

  it('Recreate: old pods are all gone before the new ReplicaSet gets any', () => {
    const { c } = newWorld({ startDelayMs: 1000, terminateDelayMs: 3000 });
    create(c, newDeployment('web', 3, { strategy: { type: 'Recreate' } }));
    rollOut(c, 'web');
    const oldRS = replicaSets(c)[0];
    setImage(c, 'web', 'nginx:1.28');
    let overlap = false;
    rollOut(c, 'web', () => {
      const pods = list(c, 'Pod', 'app=web');
      const hashes = new Set(pods.map((p) => p.metadata.labels!['pod-template-hash']));
      if (hashes.size > 1) overlap = true;
    });
    expect(overlap).toBe(false);
    const newRS = rsFor(c, 'nginx:1.28')!;
    expect(events(c, 'web')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${oldRS.metadata.name} from 0 to 3`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS.metadata.name} from 3 to 0`,
      `ScalingReplicaSet: Scaled up replica set ${newRS.metadata.name} from 0 to 3`,
    ]);
  });

  it('rollout undo (as kubectl patches it) reuses the old ReplicaSet with the next revision', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 2, { annotations: { 'kubernetes.io/change-cause': 'v1' } }));
    rollOut(c, 'web');
    const rs1 = replicaSets(c)[0].metadata.name!;
    // Annotation and image in one change, so the change-cause lands on the new ReplicaSet only.
    patch(
      c,
      'Deployment',
      'web',
      {
        metadata: { annotations: { 'kubernetes.io/change-cause': 'v2' } },
        spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } },
      },
      'strategic',
    );
    rollOut(c, 'web');
    const rs2 = rsFor(c, 'nginx:1.28')!.metadata.name!;
    expect(get(c, 'ReplicaSet', rs2).metadata.annotations?.['kubernetes.io/change-cause']).toBe(
      'v2',
    );

    undo(c, 'web');
    rollOut(c, 'web');
    expect(replicaSets(c)).toHaveLength(2);
    const back = get(c, 'ReplicaSet', rs1);
    expect(revisionOf(back)).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.metadata.annotations?.['kubernetes.io/change-cause']).toBe('v1');
    expect(rsReplicas(back)).toBe(2);
    expect(rsReplicas(get(c, 'ReplicaSet', rs2))).toBe(0);
    expect(revisionOf(get(c, 'Deployment', 'web'))).toBe('3');
    expect(livePods(c, 'app=web').every((p) => p.metadata.name!.startsWith(rs1))).toBe(true);
  });

  it('rollout undo --to-revision picks that revision', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 1));
    rollOut(c, 'web');
    setImage(c, 'web', 'nginx:1.28');
    rollOut(c, 'web');
    setImage(c, 'web', 'nginx:1.29');
    rollOut(c, 'web');
    undo(c, 'web', 1);
    rollOut(c, 'web');
    const rs = rsFor(c, 'nginx:1.27')!;
    expect(revisionOf(rs)).toBe('4');
    expect(rsReplicas(rs)).toBe(1);
    expect(replicaSets(c)).toHaveLength(3);
  });

  it('rollout restart (a restartedAt template annotation) makes a new ReplicaSet', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 2));
    rollOut(c, 'web');
    patch(
      c,
      'Deployment',
      'web',
      {
        spec: {
          template: {
            metadata: {
              annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:01:00Z' },
            },
          },
        },
      },
      'strategic',
    );
    rollOut(c, 'web');
    expect(replicaSets(c)).toHaveLength(2);
    expect(revisionOf(get(c, 'Deployment', 'web'))).toBe('2');
  });

  it('pause holds the rollout; resume continues it', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 2));
    rollOut(c, 'web');
    patch(c, 'Deployment', 'web', { spec: { paused: true } });
    c.settle();
    expect(condition(get(c, 'Deployment', 'web'), 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    setImage(c, 'web', 'nginx:1.28');
    c.advance(10_000);
    expect(replicaSets(c)).toHaveLength(1);
    expect(statusOf<DStatus>(get(c, 'Deployment', 'web')).observedGeneration).toBe(3);
    patch(c, 'Deployment', 'web', { spec: { paused: false } });
    c.settle();
    expect(replicaSets(c)).toHaveLength(2);
    rollOut(c, 'web');
    expect(rsReplicas(rsFor(c, 'nginx:1.28')!)).toBe(2);
  });

  it('a bad image keeps the old pods serving and exceeds the progress deadline', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 4, { spec: { progressDeadlineSeconds: 30 } }));
    rollOut(c, 'web');
    const oldRS = replicaSets(c)[0].metadata.name!;
    setImage(c, 'web', 'nginx:bad');
    c.advance(20_000);
    let d = get(c, 'Deployment', 'web');
    expect(condition(d, 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    c.advance(15_000);
    d = get(c, 'Deployment', 'web');
    const newRS = rsFor(c, 'nginx:bad')!.metadata.name!;
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS}" has timed out progressing.`,
    });
    expect(condition(d, 'Available')?.status).toBe('True');
    // maxUnavailable 25% of 4 = 1: three old pods keep serving, two new ones never get ready.
    expect(rsReplicas(get(c, 'ReplicaSet', oldRS))).toBe(3);
    expect(statusOf<DStatus>(d)).toMatchObject({
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 2,
    });
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const { c } = newWorld();
    create(c, newDeployment('web', 1, { spec: { revisionHistoryLimit: 2 } }));
    rollOut(c, 'web');
    for (const v of ['1.28', '1.29', '1.30', '1.31']) {
      setImage(c, 'web', `nginx:${v}`);
      rollOut(c, 'web');
      c.advance(1000);
    }
    const revs = replicaSets(c)
      .map((rs) => revisionOf(rs))
      .sort();
    expect(revs).toEqual(['3', '4', '5']);
  });

  it('copies a ReplicaSet quota failure into its conditions', () => {
    const { c } = newWorld();
    create(c, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pods', namespace: 'default' },
      spec: { hard: { pods: '2' } },
    });
    create(c, newDeployment('web', 3));
    c.advance(5000);
    const d = get(c, 'Deployment', 'web');
    expect(condition(d, 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
    });
    expect(condition(d, 'ReplicaFailure')?.message).toMatch(/exceeded quota: pods/);
    expect(livePods(c, 'app=web')).toHaveLength(2);
  });
});
