/**
 * The real kubectl's streaming commands against the headless server: exec and attach (WebSocket
 * remote-command v5), port-forward (SPDY tunnelled through a WebSocket) and logs -f (chunked
 * HTTP), with virtual time advanced from the test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './harness';
import { KUBECTL, kubectlAvailable, startCluster } from './harness';

const enabled = kubectlAvailable();

/** A kubectl that keeps running (logs -f, attach, port-forward) until it ends or is stopped. */
interface Running {
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when stopped by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

function startKubectl(c: TestCluster, args: string[]): Running {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  const child = spawn(KUBECTL, ['--server', c.url, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(home, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  // Never outlive the test, whatever happens to it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exited.then(() => clearTimeout(guard));
  return {
    stdout: () => out,
    stderr: () => err,
    exited,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls (in wall time, bounded) until `check` holds, calling `step` between tries. */
async function until(check: () => boolean, step: () => void = () => {}, tries = 50): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) {
    step();
    await sleep(100);
  }
  expect(check()).toBe(true);
}

describe.runIf(enabled)('real kubectl: exec, attach, port-forward, logs -f', () => {
  let c: TestCluster;

  const podPhase = (pod: string) =>
    (c.cluster.store.get('pods', 'default', pod)?.status as { phase?: string } | undefined)?.phase;
  const phase = async (pod: string) =>
    (await c.kubectl(['get', 'pod', pod, '-o', 'jsonpath={.status.phase}'])).stdout;

  beforeAll(async () => {
    c = await startCluster();
    for (const args of [
      ['run', 'web', '--image=nginx'],
      ['run', 'box', '--image=busybox', '--', 'sleep', '3600'],
      ['run', 'broken', '--image=nginx:no-such-tag'],
    ]) {
      expect((await c.kubectl(args)).code).toBe(0);
    }
    c.advance(30);
    expect(await phase('web')).toBe('Running');
    expect(await phase('box')).toBe('Running');
  });
  afterAll(() => c?.close());

  it.each([
    { name: 'echo', args: ['web', '--', 'echo', 'hi'], stdout: 'hi\n', stderr: '', code: 0 },
    {
      name: 'a non-zero exit code',
      args: ['web', '--', 'sh', '-c', 'exit 3'],
      stdout: '',
      stderr: 'command terminated with exit code 3\n',
      code: 3,
    },
    {
      name: "a command's own error",
      args: ['box', '--', 'ls', '/nope'],
      stdout: '',
      stderr: 'ls: /nope: No such file or directory\ncommand terminated with exit code 1\n',
      code: 1,
    },
    {
      name: 'an explicit container',
      args: ['box', '-c', 'box', '--', 'sh', '-c', 'echo out; echo err >&2'],
      stdout: 'out\n',
      stderr: 'err\n',
      code: 0,
    },
    {
      name: 'an unknown container',
      args: ['web', '-c', 'nope', '--', 'echo'],
      stdout: '',
      stderr: 'Error from server (BadRequest): container nope is not valid for pod web\n',
      code: 1,
    },
    {
      name: 'a container that is not running',
      args: ['broken', '--', 'echo'],
      stdout: '',
      stderr:
        'error: Internal error occurred: unable to upgrade connection: container not found ("broken")\n',
      code: 1,
    },
    {
      name: 'a missing pod',
      args: ['nopod', '--', 'echo'],
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nopod" not found\n',
      code: 1,
    },
  ])('exec: $name', async ({ args, stdout, stderr, code }) => {
    const r = await c.kubectl(['exec', ...args]);
    expect(r).toEqual({ stdout, stderr, code });
  });

  it('exec -i runs a shell on piped stdin', async () => {
    const r = await c.kubectl(['exec', '-i', 'box', '--', 'sh'], {
      stdin: 'echo hello; exit\n',
    });
    expect(r).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
  });

  it('exec -it with piped stdin falls back to no TTY, as kubectl does', async () => {
    const r = await c.kubectl(['exec', '-it', 'box', '--', 'sh'], {
      stdin: 'echo hello; exit 4\n',
    });
    expect(r).toEqual({
      stdout: 'hello\n',
      stderr:
        'Unable to use a TTY - input is not a terminal or the right kind of file\n' +
        'command terminated with exit code 4\n',
      code: 4,
    });
  });

  it('exec of a sleeping command comes back: the server advances the virtual clock', async () => {
    const before = c.cluster.clock.now();
    const r = await c.kubectl(['exec', 'box', '--', 'sh', '-c', 'sleep 5; echo woke']);
    expect(r).toEqual({ stdout: 'woke\n', stderr: '', code: 0 });
    expect(c.cluster.clock.now() - before).toBeGreaterThanOrEqual(5000);
  });

  it('exec of a command that outlasts the limit reports it instead of hanging', async () => {
    const r = await c.kubectl(['exec', 'box', '--', 'sleep', '3600']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Internal error occurred: command still running after 60s/);
  });

  it('exec into a pod without a node gets the API server error', async () => {
    const f = c.file(
      'unsched.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: unsched}\nspec:\n' +
        '  nodeSelector: {disk: none}\n  containers: [{name: c, image: nginx}]\n',
    );
    expect((await c.kubectl(['create', '-f', f])).code).toBe(0);
    c.advance(1);
    const r = await c.kubectl(['exec', 'unsched', '--', 'echo']);
    expect(r).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): pod unsched does not have a host assigned\n',
      code: 1,
    });
  });

  it('logs -f prints lines as virtual time passes and ends with the container', async () => {
    const script = 'for i in 1 2 3; do echo line $i; sleep 10; done';
    const run = await c.kubectl([
      'run',
      'counter',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(run.code).toBe(0);
    await until(
      () => podPhase('counter') === 'Running',
      () => c.advance(1),
    );
    const logs = startKubectl(c, ['logs', '-f', 'counter']);
    await until(() => logs.stdout() === 'line 1\n');
    c.advance(10);
    await until(() => logs.stdout() === 'line 1\nline 2\n');
    c.advance(10);
    await until(() => logs.stdout() === 'line 1\nline 2\nline 3\n');
    c.advance(10);
    expect(await logs.exited).toBe(0);
    expect(logs.stderr()).toBe('');
  });

  it('attach streams the running container output from now on', async () => {
    const script = 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 10; done';
    const run = await c.kubectl(['run', 'ticker', '--image=busybox', '--', 'sh', '-c', script]);
    expect(run.code).toBe(0);
    await until(
      () => podPhase('ticker') === 'Running',
      () => c.advance(1),
    );
    c.advance(25);
    const attach = startKubectl(c, ['attach', 'ticker']);
    // Time moves only once kubectl is attached, so the lines it prints are new ones.
    await until(() => attach.stderr().includes("If you don't see a command prompt"));
    await sleep(200);
    await until(
      () => /tick \d+\n/.test(attach.stdout()),
      () => c.advance(10),
    );
    await attach.stop();
    const lines = attach.stdout().trim().split('\n');
    expect(lines.every((l) => /^tick \d+$/.test(l))).toBe(true);
    expect(Number(lines[0].split(' ')[1])).toBeGreaterThanOrEqual(3);
  });

  it('port-forward answers on a local port with the container HTTP', async () => {
    const pf = startKubectl(c, ['port-forward', 'pod/web', ':80']);
    await until(() => /Forwarding from 127\.0\.0\.1:\d+ -> 80/.test(pf.stdout()));
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(pf.stdout())![1]);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('server')).toMatch(/^nginx/);
      expect(await res.text()).toContain('<title>Welcome to nginx!</title>');
      const missing = await fetch(`http://127.0.0.1:${port}/nope`);
      expect(missing.status).toBe(404);
      await missing.text();
      expect(pf.stdout()).toContain(`Handling connection for ${port}\n`);
    } finally {
      await pf.stop();
    }
  });

  it('port-forward to a port nothing listens on reports the refusal and ends', async () => {
    const pf = startKubectl(c, ['port-forward', 'pod/web', ':81']);
    await until(() => /Forwarding from 127\.0\.0\.1:\d+ -> 81/.test(pf.stdout()));
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(pf.stdout())![1]);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(await pf.exited).toBe(1);
    expect(pf.stderr()).toContain(`an error occurred forwarding ${port} -> 81: `);
    expect(pf.stderr()).toContain('connect: connection refused');
    expect(pf.stderr()).toContain('error: lost connection to pod\n');
  });
});
