import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster, table } from '../compat/harness';
import { ok } from './util';

const enabled = kubectlAvailable();

/** busybox `date`: "%a %b %e %H:%M:%S %Z %Y". */
const DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/;

describe.runIf(enabled)('scenario: a counter pod and its logs', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
  });
  afterAll(() => c?.close());

  it('kubectl run starts the classic counter loop', async () => {
    expect(
      await ok(c, [
        'run',
        'counter',
        '--image=busybox',
        '--',
        'sh',
        '-c',
        'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done',
      ]),
    ).toBe('pod/counter created\n');
    expect(table(await ok(c, ['get', 'pods']))).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'counter | 0/1 | ContainerCreating | 0 | <age>',
    ]);
  });

  it('logs before the container starts are refused as the API server refuses them', async () => {
    const r = await c.kubectl(['logs', 'counter']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error from server (BadRequest): container "counter" in pod "counter" is waiting to start: ContainerCreating\n',
    );
    expect(r.code).toBe(1);
  });

  it('after N virtual seconds the log has about N numbered lines, one second apart', async () => {
    c.advance(2);
    expect(table(await ok(c, ['get', 'pods']))[1]).toBe('counter | 1/1 | Running | 0 | <age>');
    c.advance(20);
    const lines = (await ok(c, ['logs', 'counter'])).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(lines.length).toBeLessThanOrEqual(22);
    const times = lines.map((l, i) => {
      const m = /^(\d+): (.*)$/.exec(l);
      expect(m?.[1]).toBe(String(i));
      expect(m![2]).toMatch(DATE);
      return Date.parse(m![2].replace(/ UTC (\d{4})$/, ' $1 UTC'));
    });
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(1000);
  });

  it('--tail, --since and --timestamps', async () => {
    const all = (await ok(c, ['logs', 'counter'])).split('\n').slice(0, -1);
    expect(await ok(c, ['logs', 'counter', '--tail=2'])).toBe(all.slice(-2).join('\n') + '\n');
    expect(await ok(c, ['logs', 'counter', '--since=5s'])).toBe(all.slice(-5).join('\n') + '\n');
    const ts = (await ok(c, ['logs', 'counter', '--timestamps', '--tail=1'])).trimEnd();
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d+: /);
    expect(ts.slice(ts.indexOf(' ') + 1)).toBe(all.at(-1));
  });

  it('the log keeps growing with time and the pod never restarts', async () => {
    const before = (await ok(c, ['logs', 'counter'])).split('\n').length;
    c.advance(30);
    const after = (await ok(c, ['logs', 'counter'])).split('\n').length;
    expect(after - before).toBe(30);
    expect(table(await ok(c, ['get', 'pod', 'counter']))[1]).toBe(
      'counter | 1/1 | Running | 0 | <age>',
    );
  });
});

describe.runIf(enabled)('scenario: a pod with two containers', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    await ok(
      c,
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata:
  name: mc
spec:
  containers:
  - name: a
    image: busybox
    command: ["sh", "-c", "echo from a; sleep 3600"]
  - name: b
    image: busybox
    command: ["sh", "-c", "echo from b; echo b again; sleep 3600"]
`,
    );
    c.advance(10);
  });
  afterAll(() => c?.close());

  it('is 2/2 Running', async () => {
    expect(table(await ok(c, ['get', 'pod', 'mc']))).toEqual([
      'NAME | READY | STATUS | RESTARTS | AGE',
      'mc | 2/2 | Running | 0 | <age>',
    ]);
  });

  it('logs without -c default to the first container and say so on stderr (kubectl ≥ 1.21)', async () => {
    const r = await c.kubectl(['logs', 'mc']);
    expect(r).toEqual({
      stdout: 'from a\n',
      stderr: 'Defaulted container "a" out of: a, b\n',
      code: 0,
    });
  });

  it('logs -c picks a container; an unknown one is refused by kubectl', async () => {
    expect(await ok(c, ['logs', 'mc', '-c', 'b'])).toBe('from b\nb again\n');
    const r = await c.kubectl(['logs', 'mc', '-c', 'zz']);
    expect(r).toEqual({
      stdout: '',
      stderr: 'error: container zz is not valid for pod mc\n',
      code: 1,
    });
  });

  // kubectl ranges over a Go map of per-container requests: containers come in either order.
  it('--all-containers, with and without --prefix', async () => {
    expect(await ok(c, ['logs', 'mc', '--all-containers'])).toBeOneOf([
      'from a\nfrom b\nb again\n',
      'from b\nb again\nfrom a\n',
    ]);
    expect(await ok(c, ['logs', 'mc', '--all-containers', '--prefix'])).toBeOneOf([
      '[pod/mc/a] from a\n[pod/mc/b] from b\n[pod/mc/b] b again\n',
      '[pod/mc/b] from b\n[pod/mc/b] b again\n[pod/mc/a] from a\n',
    ]);
  });
});
