import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, normalise, startCluster } from '../compat/harness';
import { events, ok, rows, section, SUFFIX, whenThen } from './util';

const enabled = kubectlAvailable();

const frontend = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: nginx:1.27
`;

/** `rollout status` against a clock that does not move: the line it prints, then its time-out. */
async function statusNow(c: TestCluster, target = 'deployment/web') {
  const r = await c.kubectl(['rollout', 'status', target, '--timeout=2s']);
  return { out: r.stdout, err: r.stderr, code: r.code };
}

const waiting = (msg: string) => ({
  out: `Waiting for deployment "web" rollout to finish: ${msg}...\n`,
  err: 'error: timed out waiting for the condition\n',
  code: 1,
});
const done = { out: 'deployment "web" successfully rolled out\n', err: '', code: 0 };

describe.runIf(enabled)('scenario: a ReplicaSet heals itself', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
  });
  afterAll(() => c?.close());

  it('creates three pods named <rs>-<5 chars>', async () => {
    expect(await ok(c, ['apply', '-f', '-'], frontend)).toBe('replicaset.apps/frontend created\n');
    c.advance(30);
    expect(await rows(c, ['rs'])).toEqual([
      'NAME | DESIRED | CURRENT | READY | AGE',
      'frontend | 3 | 3 | 3 | <age>',
    ]);
    const pods = await rows(c, ['pods']);
    expect(pods).toHaveLength(4);
    for (const p of pods.slice(1))
      expect(p).toMatch(new RegExp(`^frontend-${SUFFIX}{5} \\| 1/1 \\| Running \\| 0 \\| <age>$`));
  });

  it('a deleted pod is replaced by a new one at once', async () => {
    const before = (await ok(c, ['get', 'pods', '-o', 'name'])).trim().split('\n');
    const victim = before[0].slice('pod/'.length);
    // kubectl delete waits for the pod to be gone: let the kubelet's termination run meanwhile.
    const del = c.kubectl(['delete', 'pod', victim]);
    await whenThen(
      () => !!c.cluster.store.get('pods', 'default', victim)?.metadata.deletionTimestamp,
      () => c.advance(5),
    );
    expect(await del).toEqual({ stdout: `pod "${victim}" deleted\n`, stderr: '', code: 0 });
    const after = (await ok(c, ['get', 'pods', '-o', 'name'])).trim().split('\n');
    expect(after).toHaveLength(3);
    expect(after).not.toContain(`pod/${victim}`);
    const fresh = after.filter((p) => !before.includes(p));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatch(new RegExp(`^pod/frontend-${SUFFIX}{5}$`));
    expect(await rows(c, ['rs', 'frontend'])).toEqual([
      'NAME | DESIRED | CURRENT | READY | AGE',
      'frontend | 3 | 3 | 3 | <age>',
    ]);
    const d = await ok(c, ['describe', 'rs', 'frontend']);
    const ev = events(d).map((e) => e.replace(new RegExp(`frontend-${SUFFIX}{5}`), 'frontend-<x>'));
    expect(ev).toEqual([
      'Normal | SuccessfulCreate | <age> | replicaset-controller | Created pod: frontend-<x>',
      'Normal | SuccessfulCreate | <age> | replicaset-controller | Created pod: frontend-<x>',
      'Normal | SuccessfulCreate | <age> | replicaset-controller | Created pod: frontend-<x>',
      'Normal | SuccessfulCreate | <age> | replicaset-controller | Created pod: frontend-<x>',
    ]);
    expect(d).toContain('Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
  });

  it('a pod whose label no longer matches is let go and replaced', async () => {
    const [first] = (await ok(c, ['get', 'pods', '-o', 'name'])).trim().split('\n');
    expect(await ok(c, ['label', first, 'tier-'])).toBe(`${first} unlabeled\n`);
    expect(await ok(c, ['get', 'pods', '-l', 'tier=frontend', '-o', 'name'])).toMatch(
      /^(pod\/\S+\n){3}$/,
    );
    expect(await ok(c, ['get', first, '-o', 'jsonpath={.metadata.ownerReferences}'])).toBe('');
  });
});

describe.runIf(enabled)('scenario: a Deployment rolls out, scales, updates and rolls back', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
  });
  afterAll(() => c?.close());

  it('create deployment and rollout status', async () => {
    expect(await ok(c, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3'])).toBe(
      'deployment.apps/web created\n',
    );
    expect(await statusNow(c)).toEqual(waiting('0 of 3 updated replicas are available'));
    c.advance(30);
    expect(await statusNow(c)).toEqual(done);
    expect(await rows(c, ['deploy'])).toEqual([
      'NAME | READY | UP-TO-DATE | AVAILABLE | AGE',
      'web | 3/3 | 3 | 3 | <age>',
    ]);
    const rs = await rows(c, ['rs']);
    expect(rs[1]).toMatch(/^web-[a-z0-9]{8,10} \| 3 \| 3 \| 3 \| <age>$/);
    const hash = rs[1].split(' ')[0].slice('web-'.length);
    const pods = await rows(c, ['pods']);
    for (const p of pods.slice(1))
      expect(p).toMatch(
        new RegExp(`^web-${hash}-${SUFFIX}{5} \\| 1/1 \\| Running \\| 0 \\| <age>$`),
      );
  });

  it('scale up and down', async () => {
    expect(await ok(c, ['scale', 'deployment', 'web', '--replicas=5'])).toBe(
      'deployment.apps/web scaled\n',
    );
    expect((await rows(c, ['deploy', 'web']))[1]).toBe('web | 3/5 | 5 | 3 | <age>');
    c.advance(10);
    expect((await rows(c, ['deploy', 'web']))[1]).toBe('web | 5/5 | 5 | 5 | <age>');
    await ok(c, ['scale', 'deployment/web', '--replicas=3']);
    c.advance(40);
    expect((await rows(c, ['deploy', 'web']))[1]).toBe('web | 3/3 | 3 | 3 | <age>');
    expect(await rows(c, ['pods', '--no-headers'])).toHaveLength(3);
  });

  it('annotate the change cause, then set image and watch the rollout', async () => {
    expect(
      await ok(c, [
        'annotate',
        'deployment/web',
        'kubernetes.io/change-cause=create web with nginx 1.27',
      ]),
    ).toBe('deployment.apps/web annotated\n');
    expect(await ok(c, ['set', 'image', 'deployment/web', 'nginx=nginx:1.26'])).toBe(
      'deployment.apps/web image updated\n',
    );
    await ok(c, [
      'annotate',
      'deployment/web',
      'kubernetes.io/change-cause=update to nginx 1.26',
      '--overwrite',
    ]);
    // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: one new pod at a time.
    expect(await statusNow(c)).toEqual(waiting('1 out of 3 new replicas have been updated'));
    expect((await rows(c, ['deploy', 'web']))[1]).toBe('web | 3/3 | 1 | 3 | <age>');
    c.advance(5);
    expect(await statusNow(c)).toEqual(waiting('2 out of 3 new replicas have been updated'));
    c.advance(60);
    expect(await statusNow(c)).toEqual(done);
    expect(
      await ok(c, [
        'get',
        'deploy',
        'web',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ]),
    ).toBe('nginx:1.26');
    const rs = await rows(c, ['rs']);
    expect(
      rs
        .slice(1)
        .map((r) => r.split(' | ').slice(1).join(' | '))
        .sort(),
    ).toEqual(['0 | 0 | 0 | <age>', '3 | 3 | 3 | <age>']);
  });

  it('rollout history lists revisions with their change cause', async () => {
    expect(await ok(c, ['rollout', 'history', 'deployment/web'])).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         create web with nginx 1.27\n2         update to nginx 1.26\n\n',
    );
    const r2 = await ok(c, ['rollout', 'history', 'deployment/web', '--revision=2']);
    expect(r2).toMatch(
      /^deployment.apps\/web with revision #2\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=[a-z0-9]+\n {2}Annotations:\tkubernetes.io\/change-cause: update to nginx 1.26\n {2}Containers:\n {3}nginx:\n {4}Image:\tnginx:1.26\n/,
    );
    const bad = await c.kubectl(['rollout', 'history', 'deployment/web', '--revision=9']);
    expect(bad.stderr).toBe('error: unable to find the specified revision\n');
  });

  it('rollout undo --to-revision=1, then undo back to the previous one', async () => {
    expect(await ok(c, ['rollout', 'undo', 'deployment/web', '--to-revision=1'])).toBe(
      'deployment.apps/web rolled back\n',
    );
    c.advance(60);
    expect(await statusNow(c)).toEqual(done);
    expect(
      await ok(c, [
        'get',
        'deploy',
        'web',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ]),
    ).toBe('nginx:1.27');
    // Revision 1 became revision 3; its change cause came back with it.
    expect(await ok(c, ['rollout', 'history', 'deployment/web'])).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         update to nginx 1.26\n3         create web with nginx 1.27\n\n',
    );
    const gone = await c.kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=1']);
    expect(gone).toEqual({
      stdout: '',
      stderr: 'error: unable to find specified revision 1 in history\n',
      code: 1,
    });
    expect(await ok(c, ['rollout', 'undo', 'deployment/web'])).toBe(
      'deployment.apps/web rolled back\n',
    );
    c.advance(60);
    expect(
      await ok(c, [
        'get',
        'deploy',
        'web',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ]),
    ).toBe('nginx:1.26');
    expect(await ok(c, ['rollout', 'history', 'deployment/web'])).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n3         create web with nginx 1.27\n4         update to nginx 1.26\n\n',
    );
  });

  it('describe deployment after it all', async () => {
    const d = await ok(c, ['describe', 'deployment', 'web']);
    expect(d).toContain('Annotations:            deployment.kubernetes.io/revision: 4\n');
    expect(d).toContain(
      'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n',
    );
    expect(d).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\n');
    expect(section(d, 'Conditions:')).toEqual([
      'Conditions:',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      True    MinimumReplicasAvailable',
      '  Progressing    True    NewReplicaSetAvailable',
    ]);
    expect(normalise(d)).toMatch(/\nNewReplicaSet: {3}web-[a-z0-9]+ \(3\/3 replicas created\)\n/);
    const ev = events(d);
    expect(ev[0]).toMatch(
      /^Normal \| ScalingReplicaSet \| <age> \| deployment-controller \| Scaled up replica set web-[a-z0-9]+ from 0 to 3$/,
    );
    expect(ev.every((e) => e.startsWith('Normal | ScalingReplicaSet | <age>'))).toBe(true);
  });
});
