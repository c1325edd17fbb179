import { describe, expect, it } from 'vitest';
import { PlaygroundSession } from './PlaygroundSession';
import type { WallTime } from './ClockDriver';
import type { ClusterDiff, ObjectEntry, PageMessage, WorkerMessage } from './protocol';

/** Wall time that moves only when the test says so. */
class FakeWall implements WallTime {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  schedule(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => (this.timers = this.timers.filter((x) => x.id !== id));
  }
  /** Moves wall time, firing timers due on the way in order. */
  run(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.timers[0];
      if (!t || t.at > end) break;
      this.timers.shift();
      this.t = t.at;
      t.fn();
    }
    this.t = end;
  }
}

/** A page that applies frames and acknowledges each, as the real one does per animation frame. */
function newPage(opts: { paused?: boolean } = {}) {
  const wall = new FakeWall();
  const messages: WorkerMessage[] = [];
  const pods = new Map<string, ObjectEntry>();
  const nodes = new Map<string, ObjectEntry>();
  let columns: ClusterDiff['columns'] = {};
  let output = '';
  let nextId = 1;
  const ref: { session?: PlaygroundSession } = {};
  const send = (msg: PageMessage) => ref.session!.receive(msg);
  const post = (msg: WorkerMessage) => {
    messages.push(msg);
    if (msg.type === 'terminal.output') output += msg.data;
    if (msg.type === 'frame') {
      const d = msg.diff;
      if (d) {
        columns = { ...columns, ...d.columns };
        for (const e of [...d.added, ...d.updated]) {
          if (e.resource === 'pods') pods.set(e.key, e);
          if (e.resource === 'nodes') nodes.set(e.key, e);
        }
        for (const r of d.removed) {
          if (r.resource === 'pods') pods.delete(r.key);
        }
      }
      queueMicrotask(() => send({ type: 'frame.ack' }));
    }
  };
  const session = new PlaygroundSession({ post, wall, paused: opts.paused });
  ref.session = session;
  const request = (msg: Omit<Extract<PageMessage, { type: 'request' }>, 'id' | 'type'>) =>
    send({ type: 'request', id: nextId++, ...msg } as PageMessage);
  /** Types a line and waits until the next prompt. */
  const type = async (line: string) => {
    const before = output.length;
    send({ type: 'terminal.input', data: line + '\r' });
    for (let i = 0; i < 100 && !output.slice(before).includes('$ '); i++) {
      await new Promise((r) => setTimeout(r, 0));
    }
    return output.slice(before);
  };
  /** Lets microtasks (acks) and zero-delay wall timers (flushes) run. */
  const settle = async (wallMs = 0) => {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 0));
      wall.run(0);
    }
    wall.run(wallMs);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 0));
      wall.run(0);
    }
  };
  const status = (key: string) => {
    const e = pods.get(key);
    const i = columns!.pods!.indexOf('Status');
    return e?.cells[i];
  };
  return {
    session,
    wall,
    messages,
    pods,
    nodes,
    request,
    type,
    settle,
    status,
    get output() {
      return output;
    },
  };
}

describe('PlaygroundSession', () => {
  it('greets with a prompt and runs kubectl get nodes', async () => {
    const page = newPage({ paused: true });
    // The prompt goes out before the cluster is up, then the cluster reports ready.
    const types = page.messages.map((m) => m.type);
    expect(types[0]).toBe('terminal.output');
    expect(types.indexOf('ready')).toBeGreaterThan(0);
    expect(page.output).toContain('$ ');
    const out = await page.type('kubectl get nodes');
    expect(out).toMatch(
      /NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\r\nminikube\s+Ready\s+control-plane/,
    );
  });

  it('sends the cluster as diffs: every object once, then only what changed', async () => {
    const page = newPage({ paused: true });
    await page.settle();
    const frames = page.messages.filter((m) => m.type === 'frame');
    expect(frames).toHaveLength(1);
    expect(page.nodes.has('minikube')).toBe(true);
    expect(page.pods.has('kube-system/etcd-minikube')).toBe(true);
    expect(page.status('kube-system/etcd-minikube')).toBe('Running');
    // Paused and idle: nothing changes, so no frame carries a diff.
    await page.settle(5_000);
    const later = page.messages.filter((m) => m.type === 'frame').slice(1);
    expect(later.every((m) => m.type === 'frame' && m.diff === undefined)).toBe(true);
  });

  it('moves virtual time only while playing, at the chosen speed', async () => {
    const page = newPage({ paused: true });
    const t0 = page.session.cluster.clock.now();
    await page.settle(1_000);
    expect(page.session.cluster.clock.now()).toBe(t0);
    page.request({ method: 'setSpeed', params: { speed: 10 } });
    page.request({ method: 'setPaused', params: { paused: false } });
    await page.settle(1_000);
    const moved = page.session.cluster.clock.now() - t0;
    expect(moved).toBeGreaterThanOrEqual(9_000);
    expect(moved).toBeLessThanOrEqual(10_000);
    page.request({ method: 'setPaused', params: { paused: true } });
    const t1 = page.session.cluster.clock.now();
    await page.settle(1_000);
    expect(page.session.cluster.clock.now()).toBe(t1);
  });

  it('runs a paused sleep at once, and a playing one as the clock passes', async () => {
    const page = newPage({ paused: true });
    const { clock } = page.session.cluster;
    const t0 = clock.now();
    await page.type('sleep 5');
    expect(clock.now() - t0).toBe(5_000);

    page.request({ method: 'setSpeed', params: { speed: 10 } });
    page.request({ method: 'setPaused', params: { paused: false } });
    const t1 = clock.now();
    const before = page.output.length;
    page.session.receive({ type: 'terminal.input', data: 'sleep 3 && echo done\r' });
    await page.settle(100);
    expect(page.output.slice(before)).not.toContain('\ndone');
    for (let i = 0; i < 200 && !page.output.slice(before).includes('\ndone'); i++) {
      await page.settle(16);
    }
    expect(page.output.slice(before)).toContain('\ndone');
    // Virtual time passed at the clock's speed; the sleep did not add its own on top.
    expect(clock.now() - t1).toBeGreaterThanOrEqual(3_000);
    expect(clock.now() - t1).toBeLessThan(4_000);
  });

  it('steps to the next scheduled event', async () => {
    const page = newPage({ paused: true });
    const { clock } = page.session.cluster;
    const next = clock.nextAt()!;
    page.request({ method: 'step', params: {} });
    expect(clock.now()).toBe(next);
    await Promise.resolve();
    const response = page.messages.at(-1);
    expect(response).toMatchObject({ type: 'response', ok: true, result: { nowMs: next } });
  });

  it('answers a bad request with an error and leaves the clock alone', async () => {
    const page = newPage({ paused: true });
    const before = page.session.driver.state();
    page.request({ method: 'setSpeed', params: { speed: 3 as never } });
    await page.settle();
    expect(page.messages.findLast((m) => m.type === 'response')).toMatchObject({
      type: 'response',
      ok: false,
    });
    expect(page.session.driver.state()).toEqual(before);
  });

  it('runs a command in the terminal as if typed, and answers with its exit status', async () => {
    const page = newPage({ paused: true });
    // A half-typed line is cleared, not run.
    page.session.receive({ type: 'terminal.input', data: 'echo draft' });
    const before = page.output.length;
    page.request({ method: 'terminal.run', params: { command: 'kubectl get ns nope' } });
    await page.settle();
    const response = page.messages.findLast((m) => m.type === 'response');
    expect(response).toMatchObject({ ok: true, result: { exitCode: 1 } });
    const shown = page.output.slice(before);
    expect(shown).toContain('kubectl get ns nope');
    expect(shown).toContain('Error from server (NotFound): namespaces "nope" not found');
    expect(page.output).not.toMatch(/\r\ndraft\r\n/);
  });

  it("runs exec in a shell of its own that shares the terminal's files", async () => {
    const page = newPage({ paused: true });
    await page.type('echo hello > note.txt');
    page.request({ method: 'exec', params: { command: 'cat note.txt; kubectl get ns nope' } });
    await page.settle();
    const response = page.messages.findLast((m) => m.type === 'response');
    expect(response).toMatchObject({
      ok: true,
      result: {
        stdout: 'hello\n',
        stderr: 'Error from server (NotFound): namespaces "nope" not found\n',
        exitCode: 1,
      },
    });
  });

  it('reads, writes, lists and removes files, and tells the page of each change', async () => {
    const page = newPage({ paused: true });
    page.request({ method: 'fs.write', params: { path: 'app/web.yaml', content: 'kind: Pod\n' } });
    await page.settle();
    expect(page.messages).toContainEqual({
      type: 'fs.changed',
      path: '/home/learner/app/web.yaml',
      content: 'kind: Pod\n',
    });
    const out = await page.type('cat ~/app/web.yaml');
    expect(out).toContain('kind: Pod');
    page.request({ method: 'fs.list', params: {} });
    await page.settle();
    expect(page.messages.findLast((m) => m.type === 'response')).toMatchObject({
      ok: true,
      result: { files: { '/home/learner/app/web.yaml': 'kind: Pod\n' } },
    });
    page.request({ method: 'fs.remove', params: { path: '/home/learner/app/web.yaml' } });
    await page.settle();
    expect(page.messages).toContainEqual({
      type: 'fs.changed',
      path: '/home/learner/app/web.yaml',
      content: null,
    });
    page.request({ method: 'fs.read', params: { path: 'app/web.yaml' } });
    await page.settle();
    expect(page.messages.findLast((m) => m.type === 'response')).toMatchObject({ ok: false });
  });
});
