/**
 * Node maintenance with the real kubectl, beyond what storage-nodes.test.ts covers (drain past a
 * budget, a kubelet that stops): cordon and uncordon, drain refusing DaemonSet and emptyDir pods
 * until told, and NoExecute taints evicting the pods that do not tolerate them, at once or after
 * their tolerationSeconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { ok, rows } from './util';

const enabled = kubectlAvailable();

const deployment = (name: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${extra}      containers:
      - name: nginx
        image: nginx
`;

/** Pod name -> node, from `get pods -o wide`. */
async function placement(c: TestCluster, selector: string): Promise<Map<string, string>> {
  const out = await ok(c, ['get', 'pods', '-l', selector, '-o', 'wide', '--no-headers']);
  return new Map(
    out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/\s+/))
      .map((f) => [f[0], `${f[2]} ${f[6]}`]),
  );
}

describe.skipIf(!enabled)('node maintenance with the real kubectl', () => {
  let c: TestCluster;
  afterEach(async () => {
    await c?.close();
  });

  it('cordon keeps new pods off a node and leaves its pods running; uncordon undoes it', async () => {
    c = await startCluster({ nodes: 2 });
    expect(await ok(c, ['cordon', 'minikube-m02'])).toBe('node/minikube-m02 cordoned\n');
    expect(await ok(c, ['cordon', 'minikube-m02'])).toBe('node/minikube-m02 already cordoned\n');
    expect(await rows(c, ['nodes'])).toEqual([
      'NAME | STATUS | ROLES | AGE | VERSION',
      'minikube | Ready | control-plane | <age> | v1.32.0',
      'minikube-m02 | Ready,SchedulingDisabled | <none> | <age> | v1.32.0',
    ]);
    const described = await ok(c, ['describe', 'node', 'minikube-m02']);
    expect(described).toContain(
      'Taints:             node.kubernetes.io/unschedulable:NoSchedule\n',
    );
    expect(described).toContain('Unschedulable:      true\n');
    await ok(c, ['apply', '-f', '-'], deployment('web', 4));
    c.advance(30);
    const placed = [...(await placement(c, 'app=web')).values()];
    expect(placed).toEqual(Array(4).fill('Running minikube'));
    // kube-proxy (a DaemonSet pod) keeps running on the cordoned node.
    expect(
      await ok(c, [
        'get',
        'pods',
        '-n',
        'kube-system',
        '-l',
        'k8s-app=kube-proxy',
        '--field-selector=spec.nodeName=minikube-m02',
        '-o',
        'jsonpath={.items[*].status.phase}',
      ]),
    ).toBe('Running');
    expect(await ok(c, ['uncordon', 'minikube-m02'])).toBe('node/minikube-m02 uncordoned\n');
    expect(await rows(c, ['nodes'])).toContain('minikube-m02 | Ready | <none> | <age> | v1.32.0');
    // Existing pods stay where they are; a scale-up spreads onto the node again.
    await ok(c, ['scale', 'deployment', 'web', '--replicas=8']);
    c.advance(30);
    const after = [...(await placement(c, 'app=web')).values()];
    expect(after.filter((p) => p === 'Running minikube-m02').length).toBeGreaterThan(0);
  });

  it('drain refuses DaemonSet and emptyDir pods until told to ignore or delete them', async () => {
    c = await startCluster({ nodes: 2 });
    await ok(
      c,
      ['apply', '-f', '-'],
      deployment(
        'cache',
        2,
        `      volumes:
      - name: scratch
        emptyDir: {}
`,
      ),
    );
    c.advance(30);
    const onM02 = [...(await placement(c, 'app=cache'))].filter(([, n]) =>
      n.endsWith('minikube-m02'),
    );
    expect(onM02.length).toBeGreaterThan(0);
    const refused = await c.kubectl(['drain', 'minikube-m02', '--timeout=5s']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('node/minikube-m02 cordoned\n');
    const cache = onM02
      .map(([n]) => `default/${n}`)
      .sort()
      .join(', ');
    // kubectl gathers the refusals from a Go map: they come in either order.
    const daemon =
      /^cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\S+$/;
    const local = `cannot delete Pods with local storage (use --delete-emptydir-data to override): ${cache}`;
    const lines = refused.stderr.split('\n');
    expect(lines[0]).toMatch(
      /^error: unable to drain node "minikube-m02" due to error: \[.*\], continuing command\.\.\.$/,
    );
    expect(lines[0]).toContain(local);
    expect(lines.slice(1, 3)).toEqual(['There are pending nodes to be drained:', ' minikube-m02']);
    expect(lines.slice(3).sort()).toEqual(['', local, expect.stringMatching(daemon)].sort());
    // Nothing was evicted.
    c.advance(5);
    expect(
      [...(await placement(c, 'app=cache'))].filter(([, n]) => n.endsWith('minikube-m02')),
    ).toEqual(onM02);
    const half = await c.kubectl(['drain', 'minikube-m02', '--ignore-daemonsets', '--timeout=5s']);
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(
      /cannot delete Pods with local storage \(use --delete-emptydir-data to override\): default\/cache-/,
    );
  });

  it('a NoExecute taint evicts pods at once, or after their tolerationSeconds', async () => {
    c = await startCluster({ nodes: 2 });
    await ok(c, ['apply', '-f', '-'], deployment('web', 4));
    await ok(
      c,
      ['apply', '-f', '-'],
      deployment(
        'patient',
        2,
        `      tolerations:
      - key: maintenance
        operator: Exists
        effect: NoExecute
        tolerationSeconds: 60
`,
      ),
    );
    c.advance(30);
    const web = [...(await placement(c, 'app=web'))].filter(([, n]) => n.endsWith('minikube-m02'));
    const patient = [...(await placement(c, 'app=patient'))].filter(([, n]) =>
      n.endsWith('minikube-m02'),
    );
    expect(web.length).toBeGreaterThan(0);
    expect(patient.length).toBeGreaterThan(0);
    expect(await ok(c, ['taint', 'nodes', 'minikube-m02', 'maintenance=now:NoExecute'])).toBe(
      'node/minikube-m02 tainted\n',
    );
    c.advance(1);
    const [evicted] = web[0];
    const ev = await rows(c, ['events', `--field-selector=involvedObject.name=${evicted}`]);
    expect(ev).toContainEqual(
      `<age> | Normal | TaintManagerEviction | pod/${evicted} | Marking for deletion Pod default/${evicted}`,
    );
    c.advance(40);
    // The intolerant pods are gone from the node and replaced on minikube; the patient ones stay.
    const webNow = await placement(c, 'app=web');
    expect([...webNow.values()]).toEqual(Array(4).fill('Running minikube'));
    const patientNow = await placement(c, 'app=patient');
    for (const [name] of patient) expect(patientNow.get(name)).toBe('Running minikube-m02');
    // After their 60 s they go too (their replacements tolerate the taint as well, so they
    // may land on minikube-m02 again, for another 60 s).
    c.advance(60);
    const patientLater = await placement(c, 'app=patient');

    for (const [name] of patient) expect(patientLater.has(name)).toBe(false);
    expect(patientLater.size).toBe(2);
    expect(await ok(c, ['taint', 'nodes', 'minikube-m02', 'maintenance=now:NoExecute-'])).toBe(
      'node/minikube-m02 untainted\n',
    );
  });
});
