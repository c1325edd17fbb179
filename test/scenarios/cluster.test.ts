import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { events, ok, rows, SUFFIX } from './util';

const enabled = kubectlAvailable();

describe.runIf(enabled)('scenario: Services of each type', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
    await ok(c, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
    c.advance(30);
  });
  afterAll(() => c?.close());

  it('expose and create service give ClusterIP, NodePort, LoadBalancer, ExternalName, headless', async () => {
    expect(await ok(c, ['expose', 'deployment', 'web', '--port=80'])).toBe('service/web exposed\n');
    await ok(c, ['expose', 'deployment', 'web', '--name=web-np', '--type=NodePort', '--port=80']);
    await ok(c, [
      'expose',
      'deployment',
      'web',
      '--name=web-lb',
      '--type=LoadBalancer',
      '--port=80',
    ]);
    await ok(c, ['expose', 'deployment', 'web', '--name=web-hl', '--cluster-ip=None', '--port=80']);
    expect(
      await ok(c, ['create', 'service', 'externalname', 'ext', '--external-name=example.com']),
    ).toBe('service/ext created\n');
    c.advance(1);
    const svc = (await rows(c, ['svc'])).map((r) => r.replace(/:3\d{4}\//, ':<node-port>/'));
    const lbIP = await ok(c, ['get', 'svc', 'web-lb', '-o', 'jsonpath={.spec.clusterIP}']);
    expect(svc).toEqual([
      'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE',
      'ext | ExternalName | <none> | example.com | <none> | <age>',
      'kubernetes | ClusterIP | 10.96.0.1 | <none> | 443/TCP | <age>',
      'web | ClusterIP | <cluster-ip> | <none> | 80/TCP | <age>',
      'web-hl | ClusterIP | None | <none> | 80/TCP | <age>',
      // minikube tunnel gives a LoadBalancer its ClusterIP as the ingress IP.
      'web-lb | LoadBalancer | <cluster-ip> | <cluster-ip> | 80:<node-port>/TCP | <age>',
      'web-np | NodePort | <cluster-ip> | <none> | 80:<node-port>/TCP | <age>',
    ]);
    expect(
      await ok(c, ['get', 'svc', 'web-lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']),
    ).toBe(lbIP);
    const np = Number(
      await ok(c, ['get', 'svc', 'web-np', '-o', 'jsonpath={.spec.ports[0].nodePort}']),
    );
    expect(np).toBeGreaterThanOrEqual(30000);
    expect(np).toBeLessThanOrEqual(32767);
  });

  it('endpoints list the ready pods; ExternalName has none', async () => {
    const ips = (
      await ok(c, ['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.podIP}'])
    )
      .split(' ')
      .sort();
    const want = ips.map((ip) => `${ip}:80`).join(',');
    expect(await rows(c, ['endpoints'])).toEqual([
      'NAME | ENDPOINTS | AGE',
      'kubernetes | 192.168.49.2:8443 | <age>',
      `web | ${want} | <age>`,
      `web-hl | ${want} | <age>`,
      `web-lb | ${want} | <age>`,
      `web-np | ${want} | <age>`,
    ]);
  });

  it('a pod whose label is removed leaves the endpoints; its replacement joins them', async () => {
    const [pod] = (await ok(c, ['get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n');
    const oldIP = await ok(c, ['get', pod, '-o', 'jsonpath={.status.podIP}']);
    expect(await ok(c, ['label', pod, 'app-'])).toBe(`${pod} unlabeled\n`);
    const ep = (await rows(c, ['endpoints', 'web']))[1];
    expect(ep).not.toContain(`${oldIP}:80`);
    c.advance(10);
    const ips = (
      await ok(c, ['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.podIP}'])
    )
      .split(' ')
      .sort();
    expect(ips).toHaveLength(2);
    expect((await rows(c, ['endpoints', 'web']))[1]).toBe(
      `web | ${ips.map((ip) => `${ip}:80`).join(',')} | <age>`,
    );
    expect(await rows(c, ['pods', '-l', '!app', '--no-headers'])).toEqual([
      `${pod.slice(4)} | 1/1 | Running | 0 | <age>`,
    ]);
  });

  it('wget by DNS name from a busybox pod reaches nginx', async () => {
    expect(
      await ok(c, [
        'run',
        'client',
        '--image=busybox',
        '--restart=Never',
        '--',
        'wget',
        '-qO-',
        'http://web',
      ]),
    ).toBe('pod/client created\n');
    c.advance(10);
    expect(await rows(c, ['pod', 'client'])).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'client | 0/1 | Completed | 0 | <age>',
    ]);
    const page = await ok(c, ['logs', 'client']);
    expect(page).toContain('<title>Welcome to nginx!</title>');
    expect(page.startsWith('<!DOCTYPE html>\n')).toBe(true);
  });

  it('nslookup of the headless name gives the pod addresses', async () => {
    await ok(c, ['run', 'dns', '--image=busybox', '--restart=Never', '--', 'nslookup', 'web-hl']);
    c.advance(10);
    const out = await ok(c, ['logs', 'dns']);
    const ips = (
      await ok(c, ['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.podIP}'])
    ).split(' ');
    for (const ip of ips) expect(out).toContain(`Address: ${ip}\n`);
    expect(out).toContain('Name:\tweb-hl.default.svc.cluster.local\n');
  });
});

describe.runIf(enabled)(
  'scenario: a nodeSelector keeps a pod Pending until a node is labelled',
  () => {
    let c: TestCluster;
    let pod = '';
    beforeAll(async () => {
      c = await startCluster({ nodes: 3 });
    });
    afterAll(() => c?.close());

    it('no node matches: Pending, with the scheduler’s FailedScheduling message', async () => {
      await ok(
        c,
        ['apply', '-f', '-'],
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ssd
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ssd
  template:
    metadata:
      labels:
        app: ssd
    spec:
      nodeSelector:
        disktype: ssd
      containers:
      - name: nginx
        image: nginx:1.27
`,
      );
      c.advance(5);
      const r = await rows(c, ['pods']);
      expect(r).toHaveLength(2);
      expect(r[1]).toMatch(
        new RegExp(`^ssd-[a-z0-9]+-${SUFFIX}{5} \\| 0/1 \\| Pending \\| 0 \\| <age>$`),
      );
      pod = r[1].split(' ')[0];
      const d = await ok(c, ['describe', 'pod', pod]);
      expect(d).toContain('Node:             <none>\n');
      expect(d).toContain('Node-Selectors:              disktype=ssd\n');
      expect(events(d)).toEqual([
        "Warning | FailedScheduling | <age> | default-scheduler | 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
      ]);
      expect((await rows(c, ['deploy', 'ssd']))[1]).toBe('ssd | 0/1 | 1 | 0 | <age>');
    });

    it('labelling minikube-m02 disktype=ssd lets it schedule there', async () => {
      expect(await ok(c, ['label', 'nodes', 'minikube-m02', 'disktype=ssd'])).toBe(
        'node/minikube-m02 labeled\n',
      );
      c.advance(30);
      const r = await rows(c, ['pods', '-o', 'wide']);
      expect(r[1]).toMatch(
        new RegExp(
          `^${pod} \\| 1/1 \\| Running \\| 0 \\| <age> \\| 10\\.244\\.1\\.\\d+ \\| minikube-m02 \\| <none> \\| <none>$`,
        ),
      );
      const ev = events(await ok(c, ['describe', 'pod', pod]));
      expect(ev[0]).toMatch(
        /^Warning \| FailedScheduling \| <age> \| default-scheduler \| 0\/3 nodes are available/,
      );
      expect(ev[1]).toBe(
        `Normal | Scheduled | <age> | default-scheduler | Successfully assigned default/${pod} to minikube-m02`,
      );
      expect(await rows(c, ['nodes', '-l', 'disktype=ssd'])).toEqual([
        'NAME | STATUS | ROLES | AGE | VERSION',
        'minikube-m02 | Ready | <none> | <age> | v1.32.0',
      ]);
    });
  },
);

describe.runIf(enabled)('scenario: kube-system as minikube shows it', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  });
  afterAll(() => c?.close());

  it('get pods -A lists the control plane, CoreDNS, a kube-proxy per node, the provisioner', async () => {
    const r = (await rows(c, ['pods', '-A'])).map((l) =>
      l
        .replace(new RegExp(`-${SUFFIX}{5} `), '-xxxxx ')
        .replace(/coredns-[a-z0-9]+-/, 'coredns-<hash>-'),
    );
    expect(r).toEqual([
      'NAMESPACE | NAME | READY | STATUS | RESTARTS | AGE',
      'kube-system | coredns-<hash>-xxxxx | 1/1 | Running | 0 | <age>',
      'kube-system | etcd-minikube | 1/1 | Running | 0 | <age>',
      'kube-system | kube-apiserver-minikube | 1/1 | Running | 0 | <age>',
      'kube-system | kube-controller-manager-minikube | 1/1 | Running | 0 | <age>',
      'kube-system | kube-proxy-xxxxx | 1/1 | Running | 0 | <age>',
      'kube-system | kube-proxy-xxxxx | 1/1 | Running | 0 | <age>',
      'kube-system | kube-proxy-xxxxx | 1/1 | Running | 0 | <age>',
      'kube-system | kube-scheduler-minikube | 1/1 | Running | 0 | <age>',
      'kube-system | storage-provisioner | 1/1 | Running | 0 | <age>',
    ]);
    const nodes = await ok(c, [
      'get',
      'pods',
      '-n',
      'kube-system',
      '-l',
      'k8s-app=kube-proxy',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    expect(nodes.split(' ').sort()).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
  });

  it('get svc -A shows kubernetes and kube-dns', async () => {
    expect(await rows(c, ['svc', '-A'])).toEqual([
      'NAMESPACE | NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE',
      'default | kubernetes | ClusterIP | 10.96.0.1 | <none> | 443/TCP | <age>',
      'kube-system | kube-dns | ClusterIP | 10.96.0.10 | <none> | 53/UDP,53/TCP,9153/TCP | <age>',
    ]);
  });

  it('get ds and deploy in kube-system', async () => {
    expect(await rows(c, ['ds', '-n', 'kube-system'])).toEqual([
      'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE',
      'kube-proxy | 3 | 3 | 3 | 3 | 3 | kubernetes.io/os=linux | <age>',
    ]);
    expect(await rows(c, ['deploy', '-n', 'kube-system'])).toEqual([
      'NAME | READY | UP-TO-DATE | AVAILABLE | AGE',
      'coredns | 1/1 | 1 | 1 | <age>',
    ]);
  });
});
