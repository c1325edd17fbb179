/**
 * Storage, quotas and node failure, as a learner meets them with the real kubectl: dynamic
 * provisioning on minikube's `standard` class, StatefulSet claims, data that outlives its pod,
 * ResourceQuota usage and refusals, draining a node past a PodDisruptionBudget, and a node
 * whose kubelet stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { events, ok, rows, section } from './util';

const enabled = kubectlAvailable();

const claim = (name: string, size: string, cls?: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
${cls !== undefined ? `  storageClassName: "${cls}"\n` : ''}  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: ${size}
`;

const counter = `apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: counter
    image: busybox
    command: ["sh", "-c", "n=$(wc -l < /data/log 2>/dev/null || echo 0); while true; do n=$((n+1)); echo $n >> /data/log; sleep 1; done"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

const web = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
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
        volumeMounts:
        - name: data
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
      - name: nginx
        image: nginx
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            cpu: 200m
            memory: 128Mi
`;

/** Runs kubectl while virtual time moves on in small steps, as it would on a live cluster. */
async function whileTimeRuns(c: TestCluster, args: string[], stepSeconds = 2) {
  let done = false;
  const run = c.kubectl(args).then((r) => {
    done = true;
    return r;
  });
  while (!done) {
    await new Promise((r) => setTimeout(r, 50));
    if (!done) c.advance(stepSeconds);
  }
  return run;
}

describe.skipIf(!enabled)('storage, quotas and nodes with the real kubectl', () => {
  let c: TestCluster;
  afterEach(async () => {
    await c?.close();
  });

  it('provisions a volume for a claim on the default class standard', async () => {
    c = await startCluster();
    expect(await rows(c, ['storageclass'])).toEqual([
      'NAME | PROVISIONER | RECLAIMPOLICY | VOLUMEBINDINGMODE | ALLOWVOLUMEEXPANSION | AGE',
      'standard (default) | k8s.io/minikube-hostpath | Delete | Immediate | false | <age>',
    ]);
    await ok(c, ['apply', '-f', '-'], claim('data', '1Gi'));
    c.advance(1);
    const got = await rows(c, ['pvc,pv']);
    const uid = (await ok(c, ['get', 'pvc', 'data', '-o', 'jsonpath={.metadata.uid}'])).trim();
    expect(got).toEqual([
      'NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS | VOLUMEATTRIBUTESCLASS | AGE',
      `persistentvolumeclaim/data | Bound | pvc-<uid> | 1Gi | RWO | standard | <unset> | <age>`,
      'NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS | VOLUMEATTRIBUTESCLASS | REASON | AGE',
      `persistentvolume/pvc-<uid> | 1Gi | RWO | Delete | Bound | default/data | standard | <unset> | <age>`,
    ]);
    const pv = await ok(c, ['describe', 'pv', `pvc-${uid}`]);
    expect(section(pv, 'Annotations:')).toEqual([
      expect.stringMatching(/^Annotations:\s+hostPathProvisionerIdentity: [0-9a-f-]{36}$/),
      '                 pv.kubernetes.io/provisioned-by: k8s.io/minikube-hostpath',
    ]);
    expect(pv).toContain('    Path:          /tmp/hostpath-provisioner/default/data\n');
    const pvc = await ok(c, ['describe', 'pvc', 'data']);
    expect(events(pvc).map((e) => e.split(' | ').slice(0, 2).join(' '))).toEqual([
      'Normal ExternalProvisioning',
      'Normal Provisioning',
      'Normal ProvisioningSucceeded',
    ]);
    // The volume goes with its claim (reclaim policy Delete).
    await ok(c, ['delete', 'pvc', 'data']);
    c.advance(1);
    expect((await c.kubectl(['get', 'pv'])).stderr).toBe('No resources found\n');
  });

  it('keeps a claim larger than any volume and without a class Pending, and its pod too', async () => {
    c = await startCluster();
    await ok(
      c,
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-small
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/small
`,
    );
    await ok(c, ['apply', '-f', '-'], claim('data', '100Gi', ''));
    await ok(c, ['apply', '-f', '-'], counter);
    c.advance(10);
    expect(await rows(c, ['pvc'])).toEqual([
      'NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS | VOLUMEATTRIBUTESCLASS | AGE',
      // VOLUME, CAPACITY, ACCESS MODES and STORAGECLASS are empty.
      'data | Pending | <unset> | <age>',
    ]);
    expect(events(await ok(c, ['describe', 'pvc', 'data']))).toEqual([
      'Normal | FailedBinding | <age> | persistentvolume-controller | no persistent volumes available for this claim and no storage class is set',
    ]);
    expect(await rows(c, ['pod', 'counter'])).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'counter | 0/1 | Pending | 0 | <age>',
    ]);
    expect(events(await ok(c, ['describe', 'pod', 'counter']))).toEqual([
      'Warning | FailedScheduling | <age> | default-scheduler | 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    ]);
  });

  it('gives a StatefulSet a claim per pod that survives the set', async () => {
    c = await startCluster();
    await ok(c, ['apply', '-f', '-'], web);
    c.advance(60);
    expect((await rows(c, ['pvc'])).map((r) => r.split(' | ').slice(0, 2).join(' '))).toEqual([
      'NAME STATUS',
      'data-web-0 Bound',
      'data-web-1 Bound',
    ]);
    await ok(c, ['delete', 'statefulset', 'web']);
    c.advance(60);
    expect((await c.kubectl(['get', 'pods'])).stderr).toBe(
      'No resources found in default namespace.\n',
    );
    expect((await rows(c, ['pvc'])).map((r) => r.split(' | ').slice(0, 2).join(' '))).toEqual([
      'NAME STATUS',
      'data-web-0 Bound',
      'data-web-1 Bound',
    ]);
  });

  it('keeps the counter going on its volume across pod deletion and re-creation', async () => {
    c = await startCluster();
    await ok(c, ['apply', '-f', '-'], claim('data', '1Gi'));
    await ok(c, ['apply', '-f', '-'], counter);
    c.advance(20);
    const before = (await ok(c, ['exec', 'counter', '--', 'cat', '/data/log'])).trim().split('\n');
    expect(before.length).toBeGreaterThan(5);
    await ok(c, ['delete', 'pod', 'counter', '--wait=false']);
    c.advance(40);
    await ok(c, ['apply', '-f', '-'], counter);
    c.advance(10);
    const after = (await ok(c, ['exec', 'counter', '--', 'cat', '/data/log'])).trim().split('\n');
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map(Number)).toEqual(after.map((_, i) => i + 1));
  });

  it('shows quota usage and refuses what would exceed it', async () => {
    c = await startCluster();
    await ok(c, [
      'create',
      'quota',
      'compute',
      '--hard=pods=3,requests.cpu=250m,requests.memory=1Gi,limits.cpu=1,limits.memory=2Gi',
    ]);
    await ok(c, ['apply', '-f', '-'], deployment(2));
    c.advance(30);
    const described = await ok(c, ['describe', 'quota', 'compute']);
    expect(described).toContain(
      [
        'Resource         Used   Hard',
        '--------         ----   ----',
        'limits.cpu       400m   1',
        'limits.memory    256Mi  2Gi',
        'pods             2      3',
        'requests.cpu     200m   250m',
        'requests.memory  128Mi  1Gi',
      ].join('\n'),
    );
    expect(await rows(c, ['quota'])).toEqual([
      'NAME | REQUEST | LIMIT | AGE',
      'compute | pods: 2/3, requests.cpu: 200m/250m, requests.memory: 128Mi/1Gi | limits.cpu: 400m/1, limits.memory: 256Mi/2Gi | <age>',
    ]);
    const r = await c.kubectl([
      'run',
      'extra',
      '--image=nginx',
      '--overrides={"spec":{"containers":[{"name":"extra","image":"nginx","resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"100m","memory":"64Mi"}}}]}}',
    ]);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): pods "extra" is forbidden: exceeded quota: compute, requested: requests.cpu=100m, used: requests.cpu=200m, limited: requests.cpu=250m\n',
    );
  });

  it('drains a node: evicts its pods, which come back elsewhere, unless a budget forbids', async () => {
    c = await startCluster({ nodes: 2 });
    await ok(c, ['apply', '-f', '-'], deployment(4));
    c.advance(30);
    await ok(c, ['create', 'pdb', 'app', '--selector=app=app', '--min-available=4']);
    c.advance(1);
    expect(await rows(c, ['pdb'])).toEqual([
      'NAME | MIN AVAILABLE | MAX UNAVAILABLE | ALLOWED DISRUPTIONS | AGE',
      'app | 4 | N/A | 0 | <age>',
    ]);
    const refused = await c.kubectl([
      'drain',
      'minikube-m02',
      '--ignore-daemonsets',
      '--delete-emptydir-data',
      '--timeout=7s',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /error when evicting pods\/"app-[a-z0-9]+-[a-z0-9]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./,
    );
    expect(await rows(c, ['nodes'])).toContain(
      'minikube-m02 | Ready,SchedulingDisabled | <none> | <age> | v1.32.0',
    );
    await ok(c, ['delete', 'pdb', 'app']);
    await ok(c, ['create', 'pdb', 'app', '--selector=app=app', '--max-unavailable=2']);
    c.advance(1);
    const drained = await whileTimeRuns(c, [
      'drain',
      'minikube-m02',
      '--ignore-daemonsets',
      '--delete-emptydir-data',
    ]);
    expect(drained.stderr).toMatch(
      /Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-/,
    );
    expect(drained.stdout).toMatch(/evicting pod default\/app-/);
    expect(drained.stdout).toContain('node/minikube-m02 drained\n');
    c.advance(30);
    const pods = await ok(c, ['get', 'pods', '-o', 'wide', '--no-headers']);
    const lines = pods.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => /\sRunning\s/.test(l) && /\sminikube\s/.test(l))).toBe(true);
    await ok(c, ['uncordon', 'minikube-m02']);
  });

  it('turns a node whose kubelet stops NotReady and evicts its pods after 300 s', async () => {
    c = await startCluster({ nodes: 2 });
    await ok(c, ['apply', '-f', '-'], deployment(4));
    c.advance(30);
    const onM02 = (await ok(c, ['get', 'pods', '-o', 'wide', '--no-headers']))
      .trim()
      .split('\n')
      .filter((l) => l.includes('minikube-m02'))
      .map((l) => l.split(/\s+/)[0]);
    expect(onM02.length).toBeGreaterThan(0);
    c.cluster.kubelets.stop('minikube-m02');
    c.advance(45);
    expect(await rows(c, ['nodes'])).toEqual([
      'NAME | STATUS | ROLES | AGE | VERSION',
      'minikube | Ready | control-plane | <age> | v1.32.0',
      'minikube-m02 | NotReady | <none> | <age> | v1.32.0',
    ]);
    const node = await ok(c, ['describe', 'node', 'minikube-m02']);
    expect(section(node, 'Taints:')).toEqual([
      'Taints:             node.kubernetes.io/unreachable:NoExecute',
      '                    node.kubernetes.io/unreachable:NoSchedule',
    ]);
    expect(node).toMatch(
      /Ready\s+Unknown\s.*NodeStatusUnknown\s+Kubelet stopped posting node status\./,
    );
    c.advance(300);
    const pods = await ok(c, ['get', 'pods', '-o', 'wide', '--no-headers']);
    for (const name of onM02) expect(pods).toMatch(new RegExp(`${name}\\s+1/1\\s+Terminating`));
    c.advance(30);
    const running = (await ok(c, ['get', 'pods', '-o', 'wide', '--no-headers']))
      .trim()
      .split('\n')
      .filter((l) => /\sRunning\s/.test(l));
    expect(running).toHaveLength(4);
    expect(running.every((l) => /\sminikube\s/.test(l))).toBe(true);
    // The kubelet is back: the node is Ready, untainted, and the evicted pods are gone.
    c.cluster.kubelets.start('minikube-m02');
    c.advance(60);
    expect(await rows(c, ['nodes'])).toContain('minikube-m02 | Ready | <none> | <age> | v1.32.0');
    expect((await ok(c, ['get', 'pods', '--no-headers'])).trim().split('\n')).toHaveLength(4);
  });
});
