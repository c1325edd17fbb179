/**
 * The Configuration chapter with the real kubectl: ConfigMaps from files, literals and env files;
 * Secrets generic, TLS and docker-registry; a pod reading them as env, envFrom and volumes
 * (whole, `items`, `subPath`); an edited ConfigMap reaching the mounted files at the kubelet's
 * next periodic sync but neither the env nor a subPath mount; and bad input refused as upstream
 * refuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { events, ok, rows, section } from './util';

const enabled = kubectlAvailable();

const b64 = (s: string) => Buffer.from(s).toString('base64');

// A throwaway self-signed EC certificate and its key (kubectl checks that they pair).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBiDCCAS+gAwIBAgIUTlFD+NlmfY6Ur2eoL/md7jbzVE0wCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPd2ViLmV4YW1wbGUuY29tMB4XDTI2MTEyMjA4MTMxMFoXDTM2
MTExOTA4MTMxMFowGjEYMBYGA1UEAwwPd2ViLmV4YW1wbGUuY29tMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEGQh02+pFZlQZPTrvVsGjR5NAhBwAru0EYaFCuQcg
rndXTPB4fpdsWvobKa10l4hCNlYu0IdIoyzP7NF8AnefZqNTMFEwHQYDVR0OBBYE
FLav50g3opEijIL+uiNlre7hbqmfMB8GA1UdIwQYMBaAFLav50g3opEijIL+uiNl
re7hbqmfMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgVM6P1d1f
BNE2YppLhpMMYrwNoLqk/d/elTrn/G6XaQ0CIExIGK4t7waIYg3dHhky6wJB+u7n
Z3yeYClG1GFYl+Xo
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLLDGdJBd5G6CjBOI
0B9YFmZkApDeTgSTCOLFt04KpHOhRANCAAQZCHTb6kVmVBk9Ou9WwaNHk0CEHACu
7QRhoUK5ByCud1dM8Hh+l2xa+hsprXSXiEI2Vi7Qh0ijLM/s0XwCd59m
-----END PRIVATE KEY-----
`;

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
    env:
    - name: COLOR
      valueFrom:
        configMapKeyRef:
          name: literal
          key: color
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db
          key: password
    envFrom:
    - configMapRef:
        name: envfile
      prefix: CFG_
    volumeMounts:
    - name: config
      mountPath: /etc/config
    - name: some
      mountPath: /etc/some
    - name: config
      mountPath: /etc/color
      subPath: color
    - name: secret
      mountPath: /etc/secret
      readOnly: true
  volumes:
  - name: config
    configMap:
      name: literal
  - name: some
    configMap:
      name: files
      items:
      - key: game.properties
        path: game/props
  - name: secret
    secret:
      secretName: db
`;

describe.skipIf(!enabled)('configuration with the real kubectl', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('create configmap --from-file, --from-literal and --from-env-file', async () => {
    const game = c.file('game.properties', 'enemies=aliens\nlives=3\n');
    const ui = c.file('ui.properties', 'color.good=purple\n');
    const env = c.file('app.env', '# comment\nMODE=prod\nLEVEL=debug\n\n');
    expect(
      await ok(c, ['create', 'configmap', 'files', `--from-file=${game}`, `--from-file=${ui}`]),
    ).toBe('configmap/files created\n');
    expect(
      await ok(c, [
        'create',
        'configmap',
        'literal',
        '--from-literal=color=blue',
        '--from-literal=size=L',
      ]),
    ).toBe('configmap/literal created\n');
    expect(await ok(c, ['create', 'configmap', 'envfile', `--from-env-file=${env}`])).toBe(
      'configmap/envfile created\n',
    );
    expect(await rows(c, ['configmaps'])).toEqual([
      'NAME | DATA | AGE',
      'envfile | 2 | <age>',
      'files | 2 | <age>',
      'kube-root-ca.crt | 1 | <age>',
      'literal | 2 | <age>',
    ]);
    const described = await ok(c, ['describe', 'configmap', 'files']);
    // kubectl ranges over a Go map here, so the keys come in any order.
    expect(described).toMatch(
      /^Name: {9}files\nNamespace: {4}default\nLabels: {7}<none>\nAnnotations: {2}<none>\n\nData\n====\n/,
    );
    expect(described).toContain('game.properties:\n----\nenemies=aliens\nlives=3\n\n\n');
    expect(described).toContain('ui.properties:\n----\ncolor.good=purple\n\n\n');
    expect(described).toMatch(/\n\nBinaryData\n====\n\nEvents: {2}<none>\n$/);
    expect(await ok(c, ['get', 'configmap', 'envfile', '-o', 'jsonpath={.data}'])).toBe(
      '{"LEVEL":"debug","MODE":"prod"}',
    );
  });

  it('create secret generic, tls and docker-registry; -o yaml shows base64', async () => {
    expect(
      await ok(c, [
        'create',
        'secret',
        'generic',
        'db',
        '--from-literal=user=admin',
        '--from-literal=password=s3cr3t',
      ]),
    ).toBe('secret/db created\n');
    const cert = c.file('tls.crt', CERT);
    const key = c.file('tls.key', KEY);
    expect(
      await ok(c, ['create', 'secret', 'tls', 'web-tls', `--cert=${cert}`, `--key=${key}`]),
    ).toBe('secret/web-tls created\n');
    expect(
      await ok(c, [
        'create',
        'secret',
        'docker-registry',
        'regcred',
        '--docker-server=registry.example.com',
        '--docker-username=me',
        '--docker-password=pw',
        '--docker-email=me@example.com',
      ]),
    ).toBe('secret/regcred created\n');
    expect(await rows(c, ['secrets'])).toEqual([
      'NAME | TYPE | DATA | AGE',
      'db | Opaque | 2 | <age>',
      'regcred | kubernetes.io/dockerconfigjson | 1 | <age>',
      'web-tls | kubernetes.io/tls | 2 | <age>',
    ]);
    const yaml = await ok(c, ['get', 'secret', 'db', '-o', 'yaml']);
    expect(yaml).toMatch(
      new RegExp(
        `^apiVersion: v1\ndata:\n  password: ${b64('s3cr3t')}\n  user: ${b64('admin')}\nkind: Secret\n`,
      ),
    );
    expect(yaml).toContain('type: Opaque\n');
    const tls = await ok(c, ['get', 'secret', 'web-tls', '-o', 'jsonpath={.data.tls\\.crt}']);
    expect(tls).toBe(b64(CERT));
    const docker = await ok(c, [
      'get',
      'secret',
      'regcred',
      '-o',
      'jsonpath={.data.\\.dockerconfigjson}',
    ]);
    expect(JSON.parse(Buffer.from(docker, 'base64').toString())).toEqual({
      auths: {
        'registry.example.com': {
          username: 'me',
          password: 'pw',
          email: 'me@example.com',
          auth: b64('me:pw'),
        },
      },
    });
    const described = await ok(c, ['describe', 'secret', 'db']);
    // kubectl ranges over a Go map here, so the keys come in any order.
    expect(described).toContain('Type:  Opaque\n\nData\n====\n');
    expect(described).toContain('password:  6 bytes\n');
    expect(described).toContain('user:      5 bytes\n');
  });

  it('a pod reads them as env, envFrom and volumes', async () => {
    await ok(c, ['apply', '-f', '-'], pod);
    c.advance(30);
    expect(await rows(c, ['pod', 'app'])).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'app | 1/1 | Running | 0 | <age>',
    ]);
    const env = (await ok(c, ['exec', 'app', '--', 'env'])).split('\n');
    expect(env).toEqual(
      expect.arrayContaining([
        'COLOR=blue',
        'DB_PASSWORD=s3cr3t',
        'CFG_MODE=prod',
        'CFG_LEVEL=debug',
      ]),
    );
    expect(await ok(c, ['exec', 'app', '--', 'ls', '/etc/config'])).toBe('color\nsize\n');
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/config/color'])).toBe('blue');
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/some/game/props'])).toBe(
      'enemies=aliens\nlives=3\n',
    );
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/color'])).toBe('blue');
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/secret/password'])).toBe('s3cr3t');
    const described = await ok(c, ['describe', 'pod', 'app']);
    expect(section(described, 'Volumes:').slice(0, 4)).toEqual([
      'Volumes:',
      '  config:',
      '    Type:      ConfigMap (a volume populated by a ConfigMap)',
      '    Name:      literal',
    ]);
    expect(described).toContain(
      [
        '    Environment Variables from:',
        "      envfile  ConfigMap with prefix 'CFG_'  Optional: false",
        '    Environment:',
        "      COLOR:        <set to the key 'color' of config map 'literal'>  Optional: false",
        "      DB_PASSWORD:  <set to the key 'password' in secret 'db'>        Optional: false",
      ].join('\n'),
    );
  });

  it('an edited ConfigMap reaches the mounted files at the next sync, not env or subPath', async () => {
    await ok(c, ['patch', 'configmap', 'literal', '-p', '{"data":{"color":"green"}}']);
    // Right after the edit the kubelet has not synced the pod yet.
    c.advance(1);
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/config/color'])).toBe('blue');
    // The pod's periodic sync (syncFrequency 1m, jittered up to 1.5x) rewrites the volume.
    c.advance(90);
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/config/color'])).toBe('green');
    // Environment variables are fixed at container start; a subPath mount is a copy.
    expect(await ok(c, ['exec', 'app', '--', 'env'])).toContain('COLOR=blue\n');
    expect(await ok(c, ['exec', 'app', '--', 'cat', '/etc/color'])).toBe('blue');
    // A new key appears too; a removed one goes.
    await ok(c, [
      'patch',
      'configmap',
      'literal',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/data/size"},{"op":"add","path":"/data/shape","value":"round"}]',
    ]);
    c.advance(91);
    expect(await ok(c, ['exec', 'app', '--', 'ls', '/etc/config'])).toBe('color\nshape\n');
  });

  it('refuses a Secret whose data is not base64 and creates nothing', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], {
      stdin: `apiVersion: v1
kind: Secret
metadata:
  name: bad
data:
  password: not-base64!
`,
    });
    expect(r.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3\n',
    );
    expect(r.code).toBe(1);
    const got = await c.kubectl(['get', 'secret', 'bad']);
    expect(got.stderr).toBe('Error from server (NotFound): secrets "bad" not found\n');
  });

  it('a missing ConfigMap: CreateContainerConfigError for env, FailedMount for a volume', async () => {
    await ok(c, [
      'run',
      'needs-env',
      '--image=busybox',
      '--overrides={"spec":{"containers":[{"name":"needs-env","image":"busybox","command":["sleep","3600"],"envFrom":[{"configMapRef":{"name":"nope"}}]}]}}',
    ]);
    await ok(c, [
      'run',
      'needs-vol',
      '--image=busybox',
      '--overrides={"spec":{"containers":[{"name":"needs-vol","image":"busybox","command":["sleep","3600"],"volumeMounts":[{"name":"cfg","mountPath":"/etc/cfg"}]}],"volumes":[{"name":"cfg","configMap":{"name":"nope"}}]}}',
    ]);
    c.advance(30);
    expect(await rows(c, ['pods', 'needs-env', 'needs-vol'])).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'needs-env | 0/1 | CreateContainerConfigError | 0 | <age>',
      'needs-vol | 0/1 | ContainerCreating | 0 | <age>',
    ]);
    const env = events(await ok(c, ['describe', 'pod', 'needs-env']));
    expect(env).toContainEqual(
      expect.stringMatching(
        /^Warning \| Failed \| <age>.* \| kubelet \| Error: configmap "nope" not found$/,
      ),
    );
    const vol = events(await ok(c, ['describe', 'pod', 'needs-vol']));
    expect(vol).toContainEqual(
      expect.stringMatching(
        /^Warning \| FailedMount \| <age>.* \| kubelet \| MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found$/,
      ),
    );
    // Creating the ConfigMap lets both start.
    await ok(c, ['create', 'configmap', 'nope', '--from-literal=k=v']);
    c.advance(150);
    expect(await rows(c, ['pods', 'needs-env', 'needs-vol'])).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'needs-env | 1/1 | Running | 0 | <age>',
      'needs-vol | 1/1 | Running | 0 | <age>',
    ]);
  });
});
