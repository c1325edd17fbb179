import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { ok, rows, SUFFIX } from './util';

const enabled = kubectlAvailable();

const manifests = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox
        command: ["sh", "-c", "while true; do sleep 3600; done"]
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: sts
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: sts
  template:
    metadata:
      labels:
        app: sts
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

describe.runIf(enabled)('scenario: DaemonSet, StatefulSet, Job and CronJob', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  });
  afterAll(() => c?.close());

  it('the StatefulSet starts web-0 alone, and web-1 only once web-0 is Running and Ready', async () => {
    expect(await ok(c, ['apply', '-f', '-'], manifests)).toBe(
      'daemonset.apps/agent created\nservice/nginx created\nstatefulset.apps/web created\n',
    );
    expect(await rows(c, ['pods', '-l', 'app=sts'])).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'web-0 | 0/1 | ContainerCreating | 0 | <age>',
    ]);
    const seen: string[][] = [];
    for (let i = 0; i < 30; i++) {
      c.advance(1);
      const r = (await rows(c, ['pods', '-l', 'app=sts', '--no-headers'])).map((l) =>
        l.split(' | ').slice(0, 3).join(' '),
      );
      seen.push(r);
      if (r.length === 3 && r.every((l) => l.includes('1/1 Running'))) break;
    }
    // Each pod appears only after every lower ordinal is Running and Ready.
    for (const snap of seen) {
      for (let i = 1; i < snap.length; i++)
        expect(snap[i - 1], JSON.stringify(snap)).toBe(`web-${i - 1} 1/1 Running`);
    }
    expect(seen.at(-1)).toEqual(['web-0 1/1 Running', 'web-1 1/1 Running', 'web-2 1/1 Running']);
    expect(await rows(c, ['sts'])).toEqual(['NAME | READY | AGE', 'web | 3/3 | <age>']);
  });

  it('the DaemonSet runs one pod on each of the three nodes', async () => {
    c.advance(10);
    expect(await rows(c, ['ds'])).toEqual([
      'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE',
      'agent | 3 | 3 | 3 | 3 | 3 | <none> | <age>',
    ]);
    const r = await rows(c, ['pods', '-l', 'app=agent', '-o', 'wide', '--no-headers']);
    expect(r).toHaveLength(3);
    for (const l of r)
      expect(l).toMatch(new RegExp(`^agent-${SUFFIX}{5} \\| 1/1 \\| Running \\| 0 \\| <age> \\| `));
    expect(r.map((l) => l.split(' | ')[6]).sort()).toEqual([
      'minikube',
      'minikube-m02',
      'minikube-m03',
    ]);
  });

  it('a Job runs its pod to completion', async () => {
    expect(
      await ok(c, [
        'create',
        'job',
        'hello',
        '--image=busybox',
        '--',
        'echo',
        'Hello from the job',
      ]),
    ).toBe('job.batch/hello created\n');
    expect(await rows(c, ['jobs'])).toEqual([
      'NAME | STATUS | COMPLETIONS | DURATION | AGE',
      'hello | Running | 0/1 | <age> | <age>',
    ]);
    c.advance(10);
    expect(await rows(c, ['jobs'])).toEqual([
      'NAME | STATUS | COMPLETIONS | DURATION | AGE',
      'hello | Complete | 1/1 | <age> | <age>',
    ]);
    const pods = await rows(c, ['pods', '-l', 'job-name=hello']);
    expect(pods[1]).toMatch(
      new RegExp(`^hello-${SUFFIX}{5} \\| 0/1 \\| Completed \\| 0 \\| <age>$`),
    );
    expect(await ok(c, ['logs', 'job/hello'])).toBe('Hello from the job\n');
  });

  it('a CronJob creates a Job each minute', async () => {
    expect(
      await ok(c, [
        'create',
        'cronjob',
        'tick',
        '--image=busybox',
        '--schedule=*/1 * * * *',
        '--',
        'date',
      ]),
    ).toBe('cronjob.batch/tick created\n');
    expect(await rows(c, ['cronjob'])).toEqual([
      'NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE',
      'tick | */1 * * * * | <none> | False | 0 | <none> | <age>',
    ]);
    c.advance(190);
    expect((await rows(c, ['cronjob']))[1]).toBe(
      'tick | */1 * * * * | <none> | False | 0 | <age> | <age>',
    );
    const jobs = (await rows(c, ['jobs', '--no-headers'])).filter((j) => j.startsWith('tick-'));
    expect(jobs).toHaveLength(3);
    const minutes = jobs.map((j) => Number(/^tick-(\d+) /.exec(j)![1]));
    // Job names carry the scheduled time in minutes since the Unix epoch.
    expect(minutes[1] - minutes[0]).toBe(1);
    expect(minutes[2] - minutes[1]).toBe(1);
    for (const j of jobs) expect(j).toMatch(/^tick-\d+ \| Complete \| 1\/1 \| <age> \| <age>$/);
    const out = await ok(c, ['logs', `job/tick-${minutes[2]}`]);
    expect(out).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d (\d\d):(\d\d):\d\d UTC \d{4}\n$/);
    const [, , mm] = /(\d\d):(\d\d):\d\d/.exec(out)!;
    expect(Number(mm)).toBe(minutes[2] % 60);
  });
});

/** The same commands against two fresh clusters with the same seed and epoch. */
async function session(): Promise<string> {
  const c = await startCluster({ nodes: 3, seed: 7, epochMs: Date.UTC(2025, 5, 1, 12) });
  try {
    await ok(c, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3']);
    c.advance(20);
    await ok(c, ['expose', 'deployment', 'web', '--port=80', '--type=NodePort']);
    await ok(c, [
      'run',
      'counter',
      '--image=busybox',
      '--',
      'sh',
      '-c',
      'i=0; while true; do echo $i; i=$((i+1)); sleep 1; done',
    ]);
    await ok(c, ['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
    c.advance(45);
    await ok(c, ['scale', 'deployment/web', '--replicas=5']);
    await ok(c, [
      'run',
      'client',
      '--image=busybox',
      '--restart=Never',
      '--',
      'wget',
      '-qO-',
      'http://web',
    ]);
    c.advance(30);
    await ok(c, ['delete', 'svc', 'web']);
    c.advance(5);
    return JSON.stringify(c.cluster.snapshot());
  } finally {
    await c.close();
  }
}

describe.runIf(enabled)('scenario: determinism', () => {
  it('the same commands on two clusters with the same seed give byte-identical snapshots', async () => {
    const [a, b] = await Promise.all([session(), session()]);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a === b).toBe(true);
  });
});
