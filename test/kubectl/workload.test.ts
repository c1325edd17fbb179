/**
 * In-process tests of exec, attach, port-forward and `run --rm -it`: our kubectl over the
 * InProcessTransport of a cluster whose clock moves only when the test advances it.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster';
import type { Cluster } from '../../src/cluster/cluster';
import { InProcessTransport, runKubectl } from '../../src/kubectl';
import type { KubectlIO, PortForwardTarget, PortPair } from '../../src/kubectl';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(cluster: Cluster, args: string[], extra: Partial<KubectlIO> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  return runKubectl(args, {
    transport: new InProcessTransport(cluster),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    sleep: async (ms) => cluster.advance(ms),
    ...extra,
  }).then((code) => ({ code, stdout, stderr }));
}

/** Runs the command while moving the clock a second at a time until it returns. */
async function withClock(cluster: Cluster, p: Promise<Run>, maxSeconds = 120): Promise<Run> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < maxSeconds && !done; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (!done) cluster.advance(1000);
  }
  return p;
}

async function clusterWith(...lines: string[][]): Promise<Cluster> {
  const cluster = createCluster({ seed: 1, epochMs: Date.UTC(2025, 5, 1) });
  for (const args of lines) {
    const r = await kubectl(cluster, args);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  cluster.advance(60_000);
  return cluster;
}

describe('kubectl exec, in-process', () => {
  it('prints the command output and exits 0', async () => {
    const cluster = await clusterWith(['run', 'box', '--image=busybox', '--', 'sleep', '3600']);
    const r = await kubectl(cluster, ['exec', 'box', '--', 'echo', 'hello']);
    expect(r).toEqual({ code: 0, stdout: 'hello\n', stderr: '' });
  });

  it("makes the command's exit code its own", async () => {
    const cluster = await clusterWith(['run', 'box', '--image=busybox', '--', 'sleep', '3600']);
    const r = await kubectl(cluster, ['exec', 'box', '--', 'sh', '-c', 'echo err >&2; exit 3']);
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: 'err\ncommand terminated with exit code 3\n',
    });
  });

  it('feeds io.stdin to -i', async () => {
    const cluster = await clusterWith(['run', 'box', '--image=busybox', '--', 'sleep', '3600']);
    const r = await kubectl(cluster, ['exec', '-i', 'box', '--', 'cat'], { stdin: 'typed\n' });
    expect(r.stdout).toBe('typed\n');
    expect(r.code).toBe(0);
  });
});

describe('kubectl attach, in-process', () => {
  it('follows the output until interrupted', async () => {
    const cluster = await clusterWith([
      'run',
      'ticker',
      '--image=busybox',
      '--',
      'sh',
      '-c',
      'while true; do echo tick; sleep 1; done',
    ]);
    const ac = new AbortController();
    const p = kubectl(cluster, ['attach', 'ticker'], { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 0));
    cluster.advance(3000);
    await new Promise((r) => setTimeout(r, 0));
    ac.abort();
    const r = await p;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^(tick\n)+$/);
  });
});

describe('kubectl port-forward, in-process', () => {
  it('registers the forward with io.portForward and removes it when interrupted', async () => {
    const cluster = await clusterWith(['run', 'web', '--image=nginx', '--port=80']);
    const forwards: { pod: PortForwardTarget; ports: PortPair[] }[] = [];
    let stopped = false;
    const ac = new AbortController();
    const p = kubectl(cluster, ['port-forward', 'pod/web', '8080:80'], {
      signal: ac.signal,
      portForward: (pod, ports) => {
        forwards.push({ pod, ports });
        return () => (stopped = true);
      },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(forwards).toHaveLength(1);
    expect(forwards[0].pod.name).toBe('web');
    expect(forwards[0].ports).toEqual([{ local: 8080, remote: 80 }]);
    ac.abort();
    const r = await p;
    expect(r.stdout).toBe(
      'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n',
    );
    expect(stopped).toBe(true);
  });
});

describe('kubectl run --rm -it, in-process', () => {
  it('prints the output, then deletes the pod', async () => {
    const cluster = await clusterWith();
    const r = await withClock(
      cluster,
      kubectl(cluster, [
        'run',
        'hi',
        '--rm',
        '-it',
        '--restart=Never',
        '--image=busybox',
        '--',
        'echo',
        'hello',
      ]),
    );
    expect(r.stdout).toContain('hello\n');
    expect(r.stdout).toMatch(/pod "hi" deleted\n$/);
    expect(r.code).toBe(0);
  });
});
