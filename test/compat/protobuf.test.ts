/**
 * kubectl's typed clients (`create <generator>`, `run`, `expose`, `autoscale`) send their
 * objects as Kubernetes protobuf. The API server decodes them into the objects the JSON path
 * would receive, so the real kubectl's generators work and their errors are the server's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './harness';
import { kubectlAvailable, startCluster } from './harness';

const enabled = kubectlAvailable();

describe.runIf(enabled)('real kubectl: generators send protobuf bodies', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c?.close());

  async function ok(args: string[]): Promise<string> {
    const r = await c.kubectl(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  }

  it('create configmap', async () => {
    expect(await ok(['create', 'configmap', 'a', '--from-literal=k=v'])).toBe(
      'configmap/a created\n',
    );
    expect(await ok(['get', 'configmap', 'a', '-o', 'jsonpath={.data.k}'])).toBe('v');
  });

  it('create secret generic keeps the bytes', async () => {
    expect(await ok(['create', 'secret', 'generic', 's', '--from-literal=p=x'])).toBe(
      'secret/s created\n',
    );
    expect(await ok(['get', 'secret', 's', '-o', 'jsonpath={.data.p}'])).toBe('eA==');
  });

  it('create deployment with replicas and a port', async () => {
    expect(
      await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80']),
    ).toBe('deployment.apps/web created\n');
    const spec = await ok([
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.strategy.rollingUpdate.maxSurge}',
    ]);
    expect(spec).toBe('2 web nginx nginx 80 25%');
  });

  it.each([
    [['create', 'namespace', 'team'], 'namespace/team created'],
    [
      ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', 'team'],
      'service/web created',
    ],
    [['create', 'job', 'j', '--image=busybox'], 'job.batch/j created'],
    [
      ['create', 'cronjob', 'c', '--image=busybox', '--schedule=*/1 * * * *'],
      'cronjob.batch/c created',
    ],
    // In its own namespace, so that it does not limit the pods the other cases make.
    [['create', 'quota', 'q', '--hard=pods=2', '-n', 'team'], 'resourcequota/q created'],
    [['create', 'serviceaccount', 'sa'], 'serviceaccount/sa created'],
    [
      ['create', 'ingress', 'ing', '--rule=foo.com/bar=svc1:8080'],
      'ingress.networking.k8s.io/ing created',
    ],
    [
      ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'],
      'poddisruptionbudget.policy/pdb created',
    ],
    [['run', 'nginx', '--image=nginx'], 'pod/nginx created'],
    [['expose', 'deployment', 'web', '--port=80'], 'service/web exposed'],
  ])('kubectl %j', async (args, out) => {
    expect(await ok(args)).toBe(`${out}\n`);
  });

  it('objects decoded from protobuf have the fields kubectl set', async () => {
    expect(
      await ok([
        'get',
        'service',
        'web',
        '-n',
        'team',
        '-o',
        'jsonpath={.spec.type} {.spec.ports[0].name} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}',
      ]),
    ).toBe('ClusterIP 80-8080 80 8080 web');
    expect(await ok(['get', 'cronjob', 'c', '-o', 'jsonpath={.spec.schedule}'])).toBe(
      '*/1 * * * *',
    );
    expect(await ok(['get', 'quota', 'q', '-n', 'team', '-o', 'jsonpath={.spec.hard.pods}'])).toBe(
      '2',
    );
    expect(
      await ok(['get', 'pdb', 'pdb', '-o', 'jsonpath={.spec.minAvailable} {.spec.selector}']),
    ).toBe('1 {"matchLabels":{"app":"web"}}');
    expect(
      await ok([
        'get',
        'ingress',
        'ing',
        '-o',
        'jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.port.number}',
      ]),
    ).toBe('foo.com /bar Exact 8080');
    expect(
      await ok([
        'get',
        'service',
        'web',
        '-o',
        'jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}',
      ]),
    ).toBe('80 80 web');
  });

  it.each([
    [['create', 'deployment', 'd2', '--image=nginx', '--replicas=3', '--port=8080']],
    [['create', 'cronjob', 'c2', '--image=busybox', '--schedule=0 * * * *', '--', 'date']],
    [['create', 'quota', 'q2', '--hard=pods=2,requests.cpu=500m,limits.memory=1Gi', '-n', 'team']],
    [['create', 'ingress', 'i2', '--rule=bar.com/*=svc2:http,tls=cert']],
    [['create', 'poddisruptionbudget', 'p2', '--selector=app=web', '--max-unavailable=50%']],
    [['create', 'secret', 'docker-registry', 'reg', '--docker-username=u', '--docker-password=p']],
    [['create', 'service', 'externalname', 'ext', '--external-name=example.com']],
  ])('%j: the server sees what the JSON form of the object says', async (args) => {
    const viaJson = await c.kubectl(withFlags(args, '--dry-run=client', '-o', 'json'));
    const file = c.file('object.json', viaJson.stdout);
    const fromJson = await ok(['create', '-f', file, '--dry-run=server', '-o', 'json']);
    const fromProtobuf = await ok(withFlags(args, '--dry-run=server', '-o', 'json'));
    expect(comparable(fromProtobuf)).toEqual(comparable(fromJson));
  });

  it('invalid names are rejected by the server', async () => {
    const r = await c.kubectl(['create', 'configmap', 'Bad_Name']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    );
  });

  it('a missing namespace is reported by the server', async () => {
    const r = await c.kubectl(['create', 'configmap', 'x', '-n', 'nowhere']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: failed to create configmap: namespaces "nowhere" not found\n');
  });
});

/** Adds flags before a `--` that starts the container's command. */
function withFlags(args: string[], ...flags: string[]): string[] {
  const end = args.indexOf('--');
  return end < 0 ? [...args, ...flags] : [...args.slice(0, end), ...flags, ...args.slice(end)];
}

/** An object without the fields the server sets afresh on every create. */
function comparable(json: string): unknown {
  const obj = JSON.parse(json) as { metadata: Record<string, unknown> };
  for (const k of ['uid', 'creationTimestamp', 'resourceVersion']) delete obj.metadata[k];
  return obj;
}
