/**
 * The Quotas and limits chapter with the real kubectl: a LimitRange filling in defaults and
 * refusing containers outside its min/max, a ResourceQuota counting objects and compute, and a
 * Deployment whose ReplicaSet runs into the quota (FailedCreate events, ReplicaFailure).
 * (`test/scenarios/storage-nodes.test.ts` covers a pod refused for exceeding requests.cpu.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { events, ok, rows, section } from './util';

const enabled = kubectlAvailable();

const limits = `apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits:
  - type: Container
    default:
      cpu: 200m
      memory: 128Mi
    defaultRequest:
      cpu: 100m
      memory: 64Mi
    min:
      cpu: 50m
      memory: 32Mi
    max:
      cpu: "1"
      memory: 512Mi
`;

const pod = (name: string, resources: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx
${resources}`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
`;

describe.skipIf(!enabled)('quotas and limits with the real kubectl', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
    await ok(c, ['create', 'namespace', 'team']);
  });
  afterAll(async () => {
    await c?.close();
  });

  it('a LimitRange is described with its defaults, min and max', async () => {
    expect(await ok(c, ['apply', '-n', 'team', '-f', '-'], limits)).toBe(
      'limitrange/limits created\n',
    );
    expect(await rows(c, ['limitrange', '-n', 'team'])).toEqual([
      'NAME | CREATED AT',
      'limits | <time>',
    ]);
    const described = await ok(c, ['describe', 'limitrange', 'limits', '-n', 'team']);
    // kubectl ranges over Go maps here: the resources come in either order.
    expect(described.split('\n').slice(0, 4)).toEqual([
      'Name:       limits',
      'Namespace:  team',
      'Type        Resource  Min   Max    Default Request  Default Limit  Max Limit/Request Ratio',
      '----        --------  ---   ---    ---------------  -------------  -----------------------',
    ]);
    expect(described.split('\n').slice(4).sort()).toEqual([
      '',
      'Container   cpu       50m   1      100m             200m           -',
      'Container   memory    32Mi  512Mi  64Mi             128Mi          -',
    ]);
  });

  it('fills in a container’s missing requests and limits from the defaults', async () => {
    await ok(c, ['run', 'plain', '-n', 'team', '--image=nginx']);
    expect(
      await ok(c, [
        'get',
        'pod',
        'plain',
        '-n',
        'team',
        '-o',
        'jsonpath={.spec.containers[0].resources}',
      ]),
    ).toBe('{"limits":{"cpu":"200m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"64Mi"}}');
    const described = await ok(c, ['describe', 'pod', 'plain', '-n', 'team']);
    expect(described).toContain(
      [
        '    Limits:',
        '      cpu:     200m',
        '      memory:  128Mi',
        '    Requests:',
        '      cpu:        100m',
        '      memory:     64Mi',
      ].join('\n'),
    );
    expect(described).toMatch(
      /Annotations: +kubernetes\.io\/limit-ranger: LimitRanger plugin set: cpu, memory request for container plain; cpu, memory limit for container plain\n/,
    );
    await ok(c, ['delete', 'pod', 'plain', '-n', 'team', '--wait=false']);
    c.advance(40);
  });

  it('refuses containers above the max or below the min, with upstream’s message', async () => {
    const big = await c.kubectl(['apply', '-n', 'team', '-f', '-'], {
      stdin: pod('big', '    resources:\n      limits:\n        cpu: "2"\n'),
    });
    expect(big.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n',
    );
    const small = await c.kubectl(['apply', '-n', 'team', '-f', '-'], {
      stdin: pod('small', '    resources:\n      requests:\n        memory: 16Mi\n'),
    });
    expect(small.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "small" is forbidden: minimum memory usage per Container is 32Mi, but request is 16Mi\n',
    );
    expect((await c.kubectl(['get', 'pods', '-n', 'team'])).stderr).toBe(
      'No resources found in team namespace.\n',
    );
  });

  it('a ResourceQuota counts objects and compute; describe shows Used and Hard', async () => {
    await ok(c, [
      'create',
      'quota',
      'team',
      '-n',
      'team',
      '--hard=pods=3,requests.cpu=1,limits.memory=1Gi,configmaps=2,services=1',
    ]);
    c.advance(1);
    await ok(c, ['create', 'configmap', 'one', '-n', 'team', '--from-literal=a=b']);
    await ok(c, ['create', 'service', 'clusterip', 'web', '-n', 'team', '--tcp=80:80']);
    c.advance(1);
    expect(await ok(c, ['describe', 'quota', 'team', '-n', 'team'])).toBe(
      [
        'Name:          team',
        'Namespace:     team',
        'Resource       Used  Hard',
        '--------       ----  ----',
        'configmaps     2     2',
        'limits.memory  0     1Gi',
        'pods           0     3',
        'requests.cpu   0     1',
        'services       1     1',
        '',
      ].join('\n'),
    );
    // kube-root-ca.crt is the first ConfigMap of the namespace: a third one is over.
    const r = await c.kubectl(['create', 'configmap', 'two', '-n', 'team', '--from-literal=a=b']);
    expect(r.stderr).toBe(
      'error: failed to create configmap: configmaps "two" is forbidden: exceeded quota: team, requested: configmaps=1, used: configmaps=2, limited: configmaps=2\n',
    );
    const s = await c.kubectl([
      'create',
      'service',
      'clusterip',
      'db',
      '-n',
      'team',
      '--tcp=5432:5432',
    ]);
    expect(s.stderr).toBe(
      'error: failed to create ClusterIP service: services "db" is forbidden: exceeded quota: team, requested: services=1, used: services=1, limited: services=1\n',
    );
    expect(await rows(c, ['configmaps,services', '-n', 'team'])).toEqual([
      'NAME | DATA | AGE',
      'configmap/kube-root-ca.crt | 1 | <age>',
      'configmap/one | 1 | <age>',
      'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE',
      'service/web | ClusterIP | <cluster-ip> | <none> | 80/TCP | <age>',
    ]);
  });

  it('a Deployment over the quota: FailedCreate events and ReplicaFailure on the ReplicaSet', async () => {
    await ok(c, ['apply', '-n', 'team', '-f', '-'], deployment);
    c.advance(30);
    expect(await rows(c, ['deploy', 'web', '-n', 'team'])).toEqual([
      'NAME | READY | UP-TO-DATE | AVAILABLE | AGE',
      'web | 3/4 | 3 | 3 | <age>',
    ]);
    const [rs] = (await ok(c, ['get', 'rs', '-n', 'team', '-o', 'name'])).trim().split('\n');
    const described = await ok(c, ['describe', '-n', 'team', rs]);
    expect(section(described, 'Conditions:')).toEqual([
      'Conditions:',
      '  Type             Status  Reason',
      '  ----             ------  ------',
      '  ReplicaFailure   True    FailedCreate',
    ]);
    const failed = events(described).filter((e) => e.includes('FailedCreate'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatch(
      new RegExp(
        `^Warning \\| FailedCreate \\| <age>.* \\| replicaset-controller \\| Error creating: pods "${rs.slice('replicaset.apps/'.length)}-[a-z0-9]{5}" is forbidden: exceeded quota: team, requested: pods=1, used: pods=3, limited: pods=3$`,
      ),
    );
    const deploy = await ok(c, ['describe', 'deploy', 'web', '-n', 'team']);
    expect(section(deploy, 'Conditions:')).toEqual([
      'Conditions:',
      '  Type             Status  Reason',
      '  ----             ------  ------',
      '  ReplicaFailure   True    FailedCreate',
      '  Available        True    MinimumReplicasAvailable',
      '  Progressing      True    ReplicaSetUpdated',
    ]);
    // Raising the quota lets the fourth pod in at the ReplicaSet's next retry (client-go's
    // back-off: 5 ms doubling, so about 82 s after the first failure, then 164 s), and the
    // failure condition goes.
    await ok(c, ['patch', 'quota', 'team', '-n', 'team', '-p', '{"spec":{"hard":{"pods":"5"}}}']);
    c.advance(1);
    const hard = await ok(c, [
      'get',
      'quota',
      'team',
      '-n',
      'team',
      '-o',
      'jsonpath={.status.hard.pods}',
    ]);
    expect(hard).toBe('5');
    c.advance(180);
    expect(await rows(c, ['deploy', 'web', '-n', 'team'])).toEqual([
      'NAME | READY | UP-TO-DATE | AVAILABLE | AGE',
      'web | 4/4 | 4 | 4 | <age>',
    ]);
    expect(section(await ok(c, ['describe', '-n', 'team', rs]), 'Conditions:')).toEqual([]);
  });
});
