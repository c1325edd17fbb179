import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './harness';
import { kubectlAvailable, normalise, startCluster, table } from './harness';

const enabled = kubectlAvailable();

const deployment = (replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${replicas}
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
        image: ${image}
        ports:
        - containerPort: 80
`;

describe.runIf(enabled)('real kubectl: create, apply, get, patch, replace, delete', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(() => c?.close());

  it('apply creates, then configures on change, then is unchanged', async () => {
    const f = c.file('web.yaml', deployment(2));
    expect((await c.kubectl(['apply', '-f', f])).stdout).toBe('deployment.apps/web created\n');
    expect((await c.kubectl(['apply', '-f', f])).stdout).toBe('deployment.apps/web unchanged\n');
    c.file('web.yaml', deployment(3));
    const r = await c.kubectl(['apply', '-f', f]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('deployment.apps/web configured\n');
    const y = await c.kubectl([
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.replicas} {.metadata.generation} {.spec.strategy.rollingUpdate.maxSurge}',
    ]);
    expect(y.stdout).toBe('3 2 25%');
  });

  it('get -o yaml shows defaults and the last-applied annotation', async () => {
    const r = await c.kubectl(['get', 'deployment', 'web', '-o', 'yaml']);
    const y = normalise(r.stdout);
    expect(y).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(y).toContain('  progressDeadlineSeconds: 600\n');
    expect(y).toContain('  revisionHistoryLimit: 10\n');
    expect(y).toContain('        imagePullPolicy: IfNotPresent\n');
    expect(y).toContain('      restartPolicy: Always\n');
    expect(y).toContain('      terminationGracePeriodSeconds: 30\n');
    expect(y).toContain('      dnsPolicy: ClusterFirst\n');
    expect(y).toContain('      schedulerName: default-scheduler\n');
  });

  it('get -o name, -o custom-columns, --show-labels and -l', async () => {
    expect((await c.kubectl(['get', 'deploy', '-o', 'name'])).stdout).toBe('deployment.apps/web\n');
    const cc = await c.kubectl([
      'get',
      'deploy',
      '-o',
      'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas',
    ]);
    expect(table(cc.stdout)).toEqual(['NAME | REPLICAS', 'web | 3']);
    const sl = await c.kubectl(['get', 'deploy', '--show-labels']);
    expect(table(sl.stdout)[0]).toBe('NAME | READY | UP-TO-DATE | AVAILABLE | AGE | LABELS');
    expect(table(sl.stdout)[1]).toMatch(/^web \| 0\/3 \| 3 \| 0 \| <age> \| app=web$/);
    expect((await c.kubectl(['get', 'deploy', '-l', 'app=nope'])).stderr).toBe(
      'No resources found in default namespace.\n',
    );
    expect((await c.kubectl(['get', 'deploy', '-l', 'app=web', '-o', 'name'])).stdout).toBe(
      'deployment.apps/web\n',
    );
  });

  it('create -f of an existing object is AlreadyExists', async () => {
    const f = c.file('web2.yaml', deployment(1));
    const r = await c.kubectl(['create', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error from server (AlreadyExists): error when creating "${f}": deployments.apps "web" already exists\n`,
    );
  });

  it('scale, label, annotate', async () => {
    expect((await c.kubectl(['scale', 'deploy/web', '--replicas=5'])).stdout).toBe(
      'deployment.apps/web scaled\n',
    );
    expect((await c.kubectl(['label', 'deploy', 'web', 'tier=frontend'])).stdout).toBe(
      'deployment.apps/web labeled\n',
    );
    expect((await c.kubectl(['annotate', 'deploy', 'web', 'owner=team-a'])).stdout).toBe(
      'deployment.apps/web annotated\n',
    );
    const r = await c.kubectl([
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.replicas} {.metadata.labels.tier} {.metadata.annotations.owner}',
    ]);
    expect(r.stdout).toBe('5 frontend team-a');
    const again = await c.kubectl(['label', 'deploy', 'web', 'tier=backend']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      "error: 'tier' already has a value (frontend), and --overwrite is false\n",
    );
  });

  it('patch with strategic, merge and json types', async () => {
    const s = await c.kubectl([
      'patch',
      'deploy',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}',
    ]);
    expect(s.stdout).toBe('deployment.apps/web patched\n');
    const m = await c.kubectl([
      'patch',
      'deploy',
      'web',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"tier":null}}}',
    ]);
    expect(m.stdout).toBe('deployment.apps/web patched\n');
    const j = await c.kubectl([
      'patch',
      'deploy',
      'web',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":2}]',
    ]);
    expect(j.stdout).toBe('deployment.apps/web patched\n');
    const r = await c.kubectl([
      'get',
      'deploy',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.replicas} {.metadata.labels}',
    ]);
    expect(r.stdout).toBe('nginx:1.28 80 2 {"app":"web"}');
    const none = await c.kubectl([
      'patch',
      'deploy',
      'web',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":2}}',
    ]);
    expect(none.stdout).toBe('deployment.apps/web patched (no change)\n');
  });

  it('replace with a stale resourceVersion is a Conflict', async () => {
    const cur = await c.kubectl(['get', 'deploy', 'web', '-o', 'json']);
    const obj = JSON.parse(cur.stdout);
    obj.metadata.resourceVersion = '1';
    const r = await c.kubectl(['replace', '-f', '-'], { stdin: JSON.stringify(obj) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    delete obj.metadata.resourceVersion;
    obj.spec.replicas = 4;
    const ok = await c.kubectl(['replace', '-f', '-'], { stdin: JSON.stringify(obj) });
    expect(ok.stdout).toBe('deployment.apps/web replaced\n');
  });

  it('delete by name, then NotFound', async () => {
    expect((await c.kubectl(['delete', 'deploy', 'web'])).stdout).toBe(
      'deployment.apps "web" deleted\n',
    );
    const r = await c.kubectl(['get', 'deploy', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });

  it('configmaps: create, get, delete -l and --all', async () => {
    for (const n of ['a', 'b', 'c']) {
      const r = await c.kubectl(['create', 'configmap', n, `--from-literal=key=${n}`]);
      expect(r.stdout).toBe(`configmap/${n} created\n`);
    }
    await c.kubectl(['label', 'cm', 'a', 'b', 'group=x']);
    const list = await c.kubectl(['get', 'cm']);
    expect(table(list.stdout)).toEqual([
      'NAME | DATA | AGE',
      'a | 1 | <age>',
      'b | 1 | <age>',
      'c | 1 | <age>',
      'kube-root-ca.crt | 1 | <age>',
    ]);
    expect((await c.kubectl(['delete', 'cm', '-l', 'group=x'])).stdout).toBe(
      'configmap "a" deleted\nconfigmap "b" deleted\n',
    );
    expect((await c.kubectl(['delete', 'cm', 'c'])).stdout).toBe('configmap "c" deleted\n');
  });
});

describe.runIf(enabled)(
  'real kubectl: bad input gets Kubernetes errors and changes nothing',
  () => {
    let c: TestCluster;
    beforeAll(async () => {
      c = await startCluster();
    });
    afterAll(() => c?.close());

    it('an unknown field under strict validation', async () => {
      const f = c.file('typo.yaml', deployment(1).replace('  replicas: 1', '  replica: 1'));
      const r = await c.kubectl(['apply', '-f', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `Error from server (BadRequest): error when creating "${f}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n`,
      );
      expect((await c.kubectl(['get', 'deploy'])).stderr).toBe(
        'No resources found in default namespace.\n',
      );
    });

    it('a selector that does not match the template labels', async () => {
      const f = c.file(
        'mismatch.yaml',
        deployment(1).replace('      app: web\n  template', '      app: other\n  template'),
      );
      const r = await c.kubectl(['create', '-f', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: \`selector\` does not match template \`labels\`\n`,
      );
    });

    it('an invalid name', async () => {
      const r = await c.kubectl(['create', 'configmap', 'Bad_Name']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
      );
    });

    it('a missing required field', async () => {
      const f = c.file('noimage.yaml', deployment(1).replace('        image: nginx:1.27\n', ''));
      const r = await c.kubectl(['create', '-f', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value\n',
      );
    });

    it('malformed YAML', async () => {
      const f = c.file(
        'broken.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n',
      );
      const r = await c.kubectl(['apply', '-f', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: error parsing .*broken\.yaml: error converting YAML to JSON: yaml: line \d+: /,
      );
    });

    it('an unknown kind', async () => {
      const f = c.file('widget.yaml', 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: x\n');
      const r = await c.kubectl(['apply', '-f', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no matches for kind "Widget" in version "v1"');
    });

    it('a NodePort out of range, and one already taken', async () => {
      const svc = (name: string, port: number) =>
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n    nodePort: ${port}\n`;
      const out = await c.kubectl(['create', '-f', c.file('s1.yaml', svc('s1', 40000))]);
      expect(out.stderr).toBe(
        'The Service "s1" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
      );
      expect((await c.kubectl(['create', '-f', c.file('s2.yaml', svc('s2', 30080))])).stdout).toBe(
        'service/s2 created\n',
      );
      const taken = await c.kubectl(['create', '-f', c.file('s3.yaml', svc('s3', 30080))]);
      expect(taken.stderr).toBe(
        'The Service "s3" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
      );
      expect(table((await c.kubectl(['get', 'svc'])).stdout).map((r) => r.split(' | ')[0])).toEqual(
        ['NAME', 'kubernetes', 's2'],
      );
    });

    it('a namespace that does not exist', async () => {
      const r = await c.kubectl(['create', 'configmap', 'x', '-n', 'nowhere']);
      expect(r.stderr).toBe('error: failed to create configmap: namespaces "nowhere" not found\n');
    });
  },
);
