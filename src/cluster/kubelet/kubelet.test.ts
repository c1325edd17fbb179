import { describe, expect, it } from 'vitest';
import {
  apply,
  events,
  getPod,
  logs,
  newCluster,
  newPod,
  row,
  status,
  timeline,
} from './testFixtures';
import type { PodOptions } from './testFixtures';

type Obj = Record<string, unknown>;

describe('pod STATUS as kubectl get pods prints it', () => {
  const cases: {
    name: string;
    pod: PodOptions;
    after: number;
    want: { status: string; ready: string; restarts?: string };
  }[] = [
    {
      name: 'nginx runs',
      pod: {},
      after: 10_000,
      want: { status: 'Running', ready: '1/1', restarts: '0' },
    },
    {
      name: 'busybox echo completes',
      pod: { image: 'busybox', command: ['sh', '-c', 'echo hi'], restartPolicy: 'Never' },
      after: 10_000,
      want: { status: 'Completed', ready: '0/1', restarts: '0' },
    },
    {
      name: 'exit 1 with restartPolicy Never is Error',
      pod: { image: 'busybox', command: ['sh', '-c', 'exit 1'], restartPolicy: 'Never' },
      after: 10_000,
      want: { status: 'Error', ready: '0/1', restarts: '0' },
    },
    {
      name: 'a bare busybox crash-loops',
      pod: { image: 'busybox' },
      after: 30_000,
      want: { status: 'CrashLoopBackOff', ready: '0/1' },
    },
    {
      name: 'missing tag: ImagePullBackOff',
      pod: { image: 'nginx:nope' },
      after: 5_000,
      want: { status: 'ImagePullBackOff', ready: '0/1' },
    },
    {
      name: 'capital letters: InvalidImageName',
      pod: { image: 'Nginx' },
      after: 2_000,
      want: { status: 'InvalidImageName', ready: '0/1' },
    },
    {
      name: 'missing ConfigMap key ref: CreateContainerConfigError',
      pod: {
        container: {
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'x' } } }],
        },
      },
      after: 10_000,
      want: { status: 'CreateContainerConfigError', ready: '0/1' },
    },
    {
      name: 'missing ConfigMap volume: ContainerCreating',
      pod: {
        container: { volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] },
        spec: { volumes: [{ name: 'cfg', configMap: { name: 'app-config' } }] },
      },
      after: 30_000,
      want: { status: 'ContainerCreating', ready: '0/1' },
    },
    {
      name: 'mysql without a password crash-loops',
      pod: { image: 'mysql:8.0' },
      after: 30_000,
      want: { status: 'CrashLoopBackOff', ready: '0/1' },
    },
    {
      name: 'stress over its memory limit is OOMKilled',
      pod: {
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
        restartPolicy: 'Never',
        container: { resources: { limits: { memory: '100Mi' } } },
      },
      after: 10_000,
      want: { status: 'OOMKilled', ready: '0/1', restarts: '0' },
    },
  ];
  it.each(cases)('$name', ({ pod, after, want }) => {
    const c = newCluster();
    apply(c, newPod(pod));
    c.advance(after);
    const r = row(c, 'web');
    expect({ status: r.status, ready: r.ready }).toEqual({
      status: want.status,
      ready: want.ready,
    });
    if (want.restarts) expect(r.restarts).toBe(want.restarts);
  });
});

describe('lifecycles over time', () => {
  it('nginx: ContainerCreating while the image pulls, then Running', () => {
    const c = newCluster();
    apply(c, newPod());
    expect(timeline(c, 'web', 6000)).toEqual([
      '0.0s ContainerCreating 0/1 0',
      '4.6s Running 1/1 0',
    ]);
    expect(events(c, 'web')).toEqual([
      'Scheduled: Successfully assigned default/web to minikube',
      'Pulling: Pulling image "nginx"',
      'Pulled: Successfully pulled image "nginx" in 4.109s (4.109s including waiting). Image size: 72188133 bytes.',
      'Created: Created container: web',
      'Started: Started container web',
    ]);
    const st = getPod(c, 'web')!.status as Obj;
    const cs = (st.containerStatuses as Obj[])[0];
    expect(cs.image).toBe('nginx:latest');
    expect(cs.imageID).toMatch(/^docker-pullable:\/\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(st.podIP).toMatch(/^10\.244\.0\.\d+$/);
    expect((st.conditions as Obj[]).map((x) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
  });

  it('a second pod on the node finds the image present', () => {
    const c = newCluster();
    apply(c, newPod({ name: 'a', image: 'nginx:1.27' }));
    c.advance(10_000);
    apply(c, newPod({ name: 'b', image: 'nginx:1.27' }));
    c.advance(2_000);
    expect(status(c, 'b')).toBe('Running');
    expect(events(c, 'b')).toContain(
      'Pulled: Container image "nginx:1.27" already present on machine',
    );
    const node = c.store.get('nodes', '', 'minikube')!;
    expect((node.status as Obj).images).toContainEqual({
      names: [expect.stringMatching(/^nginx@sha256:/), 'nginx:1.27'],
      sizeBytes: 72188133,
    });
  });

  it('crash loop: back-off 10 s, 20 s, 40 s between restarts', () => {
    const c = newCluster();
    apply(c, newPod({ image: 'busybox', command: ['sh', '-c', 'exit 1'] }));
    const starts: number[] = [];
    let last = -1;
    for (let t = 0; t < 120_000; t += 100) {
      const st = (getPod(c, 'web')!.status as Obj).containerStatuses as Obj[] | undefined;
      const n = (st?.[0]?.restartCount as number) ?? 0;
      if (n !== last) starts.push(Math.round(c.clock.elapsed() / 100) / 10);
      last = n;
      c.advance(100);
    }
    const gaps = starts.slice(2).map((s, i) => Math.round(s - starts[i + 1]));
    expect(gaps.slice(0, 3)).toEqual([11, 21, 41]);
    expect(events(c, 'web')).toContain(
      `BackOff: Back-off restarting failed container web in pod web_default(${getPod(c, 'web')!.metadata.uid})`,
    );
    const cs = ((getPod(c, 'web')!.status as Obj).containerStatuses as Obj[])[0];
    expect((cs.lastState as Obj).terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('ErrImagePull then ImagePullBackOff with the registry message', () => {
    const c = newCluster();
    apply(c, newPod({ image: 'nginx:nope' }));
    const seen = timeline(c, 'web', 40_000).map((s) => s.split(' ')[1]);
    expect(seen.slice(0, 4)).toEqual([
      'ContainerCreating',
      'ErrImagePull',
      'ImagePullBackOff',
      'ErrImagePull',
    ]);
    expect(events(c, 'web')).toContain(
      'Failed: Failed to pull image "nginx:nope": Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown',
    );
    expect(events(c, 'web')).toContain('BackOff: Back-off pulling image "nginx:nope"');
    expect(logs(c, 'web').text).toMatch(
      /is waiting to start: (trying and failing to pull image|image can't be pulled)/,
    );
  });

  it('InvalidImageName with upstream message', () => {
    const c = newCluster();
    apply(c, newPod({ image: 'Nginx' }));
    c.advance(2000);
    const cs = ((getPod(c, 'web')!.status as Obj).containerStatuses as Obj[])[0];
    expect((cs.state as Obj).waiting).toEqual({
      reason: 'InvalidImageName',
      message:
        'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase',
    });
  });

  it('init container: Init:0/1, then PodInitializing, then Running', () => {
    const c = newCluster();
    apply(
      c,
      newPod({
        initContainers: [{ name: 'wait', image: 'busybox', command: ['sh', '-c', 'sleep 5'] }],
      }),
    );
    const seen = timeline(c, 'web', 15_000).map((s) => s.split(' ')[1]);
    expect(seen[0]).toBe('Init:0/1');
    expect(seen[seen.length - 1]).toBe('Running');
  });

  it('CreateContainerConfigError names the missing ConfigMap, and recovers when it appears', () => {
    const c = newCluster();
    apply(c, newPod({ container: { envFrom: [{ configMapRef: { name: 'app-config' } }] } }));
    c.advance(6000);
    expect(events(c, 'web')).toContain('Failed: Error: configmap "app-config" not found');
    apply(c, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-config' },
      data: { A: '1' },
    });
    c.advance(11_000);
    expect(status(c, 'web')).toBe('Running');
  });

  it('missing ConfigMap volume: FailedMount event', () => {
    const c = newCluster();
    apply(
      c,
      newPod({
        container: { volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] },
        spec: { volumes: [{ name: 'cfg', configMap: { name: 'app-config' } }] },
      }),
    );
    c.advance(5000);
    expect(events(c, 'web')).toContain(
      'FailedMount: MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found',
    );
  });

  it('failing readiness probe keeps READY 0/1 without restarts', () => {
    const c = newCluster();
    apply(
      c,
      newPod({
        container: {
          readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
        },
      }),
    );
    c.advance(60_000);
    expect(row(c, 'web')).toEqual({ ready: '0/1', status: 'Running', restarts: '0' });
    expect(events(c, 'web')).toContain(
      'Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404',
    );
  });

  it('passing readiness probe makes the pod ready', () => {
    const c = newCluster();
    apply(
      c,
      newPod({
        container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } },
      }),
    );
    c.advance(15_000);
    expect(row(c, 'web').ready).toBe('1/1');
  });

  it('failing liveness probe restarts the container with Unhealthy and Killing events', () => {
    const c = newCluster();
    apply(
      c,
      newPod({
        image: 'busybox',
        command: ['sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
        container: {
          livenessProbe: {
            exec: { command: ['cat', '/tmp/healthy'] },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
      }),
    );
    c.advance(120_000);
    expect(Number(row(c, 'web').restarts)).toBeGreaterThanOrEqual(1);
    const ev = events(c, 'web');
    expect(ev).toContain(
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    );
    expect(ev).toContain('Killing: Container web failed liveness probe, will be restarted');
  });

  it('Terminating during the grace period, then gone', () => {
    const c = newCluster();
    // A node app as PID 1 has no SIGTERM handler: only the KILL at the end of the grace period stops it.
    apply(c, newPod({ image: 'wardviaene/k8s-demo' }));
    c.advance(20_000);
    expect(status(c, 'web')).toBe('Running');
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/web' });
    c.advance(1000);
    expect(status(c, 'web')).toBe('Terminating');
    expect(events(c, 'web')).toContain('Killing: Stopping container web');
    c.advance(28_000);
    expect(status(c, 'web')).toBe('Terminating');
    c.advance(2_000);
    expect(getPod(c, 'web')).toBeUndefined();
  });

  it('nginx stops at once on delete (SIGQUIT)', () => {
    const c = newCluster();
    apply(c, newPod());
    c.advance(10_000);
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/web' });
    c.advance(1000);
    expect(getPod(c, 'web')).toBeUndefined();
  });
});

describe('logs', () => {
  it('--previous shows the last instance after a restart', () => {
    const c = newCluster();
    apply(c, newPod({ image: 'busybox', command: ['sh', '-c', 'echo started; sleep 5; exit 1'] }));
    c.advance(4000);
    expect(logs(c, 'web', { previous: 'true' }).text).toBe(
      'previous terminated container "web" in pod "web" not found',
    );
    c.advance(8000);
    expect(row(c, 'web').restarts).toBe('1');
    expect(logs(c, 'web', { previous: 'true' }).text).toBe('started\n');
  });

  it('mysql without a password logs its real error', () => {
    const c = newCluster();
    apply(c, newPod({ image: 'mysql' }));
    c.advance(15_000);
    const text = logs(c, 'web').text;
    expect(text).toContain(
      '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
    );
    expect(text).toContain(
      '    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
    );
  });

  it('tailLines and timestamps', () => {
    const c = newCluster();
    apply(
      c,
      newPod({ image: 'busybox', command: ['sh', '-c', 'echo a; echo b; echo c; sleep 999'] }),
    );
    c.advance(5000);
    expect(logs(c, 'web', { tailLines: '2' }).text).toBe('b\nc\n');
    expect(logs(c, 'web', { tailLines: '1', timestamps: 'true' }).text).toMatch(
      /^2025-01-01T00:00:\d\d\.\d{9}Z c\n$/,
    );
  });

  it('waiting container: upstream message', () => {
    const c = newCluster();
    apply(c, newPod());
    c.advance(1000);
    expect(logs(c, 'web')).toEqual({
      status: 400,
      text: 'container "web" in pod "web" is waiting to start: ContainerCreating',
    });
  });

  it('follow streams new lines', () => {
    const c = newCluster();
    apply(
      c,
      newPod({ image: 'busybox', command: ['sh', '-c', 'echo one; sleep 2; echo two; sleep 999'] }),
    );
    c.advance(5000);
    const res = c.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/web/log',
      query: { follow: 'true' },
    });
    let got = '';
    res.stream!.start(
      (t) => (got += t),
      () => {},
    );
    expect(got).toBe('one\ntwo\n');
  });
});

describe('exec', () => {
  it('runs a command in the container', () => {
    const c = newCluster();
    apply(c, newPod({ image: 'busybox', command: ['sh', '-c', 'sleep 999'] }));
    c.advance(5000);
    const res = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods/web/exec',
      body: { command: ['hostname'] },
    });
    // The command runs on the virtual clock: its result follows through the stream.
    let got = res.body;
    res.stream?.start(
      (t) => (got = JSON.parse(t)),
      () => {},
    );
    c.advance(100);
    expect(got).toEqual({ kind: 'ExecResult', stdout: 'web\n', stderr: '', exitCode: 0 });
  });
});

describe('node agent', () => {
  it('renews the node lease every 10 s; a stopped kubelet does not', () => {
    const c = newCluster();
    const renew = () =>
      Date.parse(
        (c.store.get('leases.coordination.k8s.io', 'kube-node-lease', 'minikube')!.spec as Obj)
          .renewTime as string,
      );
    c.advance(25_000);
    expect(c.clock.now() - renew()).toBeLessThan(10_000);
    c.kubelets.stop('minikube');
    const frozen = renew();
    c.advance(30_000);
    expect(renew()).toBe(frozen);
    c.kubelets.start('minikube');
    c.advance(1);
    expect(renew()).toBe(c.clock.now() - 1);
  });
});

describe('determinism', () => {
  it('same seed, same statuses and timings', () => {
    const run = () => {
      const c = newCluster(42);
      apply(c, newPod({ name: 'a' }));
      apply(c, newPod({ name: 'b', image: 'busybox', command: ['sh', '-c', 'exit 3'] }));
      c.advance(60_000);
      return JSON.stringify([
        getPod(c, 'a')!.status,
        getPod(c, 'b')!.status,
        events(c, 'a'),
        events(c, 'b'),
      ]);
    };
    expect(run()).toBe(run());
  });
});
