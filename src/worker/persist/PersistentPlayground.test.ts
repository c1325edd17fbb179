/**
 * The Worker's persistence in Node: a playground saves itself, a new one started on the same
 * store comes back with the same pods, files and history; damaged or foreign saves are
 * discarded with a message; settings shape a new cluster.
 */
import { describe, expect, it } from 'vitest';
import type { WallTime } from '../ClockDriver';
import type { PageMessage, PersistStatus, WorkerMessage } from '../protocol';
import { SAVE_KEY, SETTINGS_KEY } from '../protocol';
import { PersistentPlayground } from './PersistentPlayground';
import { memorySaveStore } from './SaveStore';
import type { StoredSave } from './saveFormat';

class FakeWall implements WallTime {
  t = 0;
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

const tick = () => new Promise((r) => setTimeout(r, 0));

function start(store: ReturnType<typeof memorySaveStore>) {
  const wall = new FakeWall();
  const messages: WorkerMessage[] = [];
  let output = '';
  const ref: { p?: PersistentPlayground } = {};
  const send = (m: PageMessage) => ref.p!.receive(m);
  const p = PersistentPlayground.start({
    store,
    wall,
    dateNow: () => Date.UTC(2026, 0, 2, 3, 4, 5) + wall.t,
    epochMs: Date.UTC(2026, 0, 1),
    session: { paused: true },
    post: (m) => {
      messages.push(m);
      if (m.type === 'terminal.output') output += m.data;
      if (m.type === 'frame') queueMicrotask(() => send({ type: 'frame.ack' }));
    },
  });
  ref.p = p;
  const statuses = () =>
    messages
      .filter((m) => m.type === 'persist')
      .map((m) => (m as { status: PersistStatus }).status);
  const type = async (line: string) => {
    const before = output.length;
    send({ type: 'terminal.input', data: line + '\r' });
    for (let i = 0; i < 200 && !output.slice(before).includes('$ '); i++) await tick();
    return output.slice(before);
  };
  let nextId = 1;
  const request = (msg: Omit<Extract<PageMessage, { type: 'request' }>, 'id' | 'type'>) =>
    send({ type: 'request', id: nextId++, ...msg } as PageMessage);
  return { p, wall, messages, statuses, type, request, send, output: () => output };
}

async function saved(s: ReturnType<typeof start>) {
  s.wall.run(2500);
  for (let i = 0; i < 20; i++) await tick();
  await s.p.ready;
  s.send({ type: 'persist.flush' });
  for (let i = 0; i < 20; i++) await tick();
}

describe('PersistentPlayground', () => {
  it('boots a new cluster from the settings when there is no save, and saves it', async () => {
    const store = memorySaveStore({ [SETTINGS_KEY]: { nodes: 3, cpu: '4', memory: '8Gi' } });
    const s = start(store);
    await s.p.ready;
    expect(s.statuses()[0]).toEqual({
      kind: 'fresh',
      settings: { nodes: 3, cpu: '4', memory: '8Gi' },
    });
    const nodes = s.p.current!.cluster.store.list('nodes').items;
    expect(nodes.map((n) => n.metadata.name)).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    expect((nodes[0].status as { capacity: Record<string, string> }).capacity.cpu).toBe('4');
    await saved(s);
    expect(s.statuses().some((x) => x.kind === 'saved')).toBe(true);
    expect((store.data.get(SAVE_KEY) as StoredSave).format).toBe('k8s-playground-save');
  });

  it('comes back after a restart with the same pods, files and history', async () => {
    const store = memorySaveStore();
    const a = start(store);
    await a.p.ready;
    await a.type('kubectl create deployment web --image=nginx --replicas=3');
    await a.type('echo hi > note.txt');
    a.request({ method: 'advance', params: { ms: 60_000 } });
    await tick();
    await saved(a);
    const pods = (p: PersistentPlayground) =>
      p
        .current!.cluster.store.list('pods', { namespace: 'default' })
        .items.map((x) => `${x.metadata.name} ${(x.status as { phase: string }).phase}`);
    const before = pods(a.p);
    expect(before).toHaveLength(3);
    expect(before.every((l) => l.endsWith('Running'))).toBe(true);
    const savedAt = (store.data.get(SAVE_KEY) as StoredSave).savedAtMs;
    a.p.dispose();

    const b = start(store);
    await b.p.ready;
    expect(b.statuses()[0]).toEqual({ kind: 'restored', savedAtMs: savedAt });
    expect(pods(b.p)).toEqual(before);
    expect(b.p.current!.vfs.readFile('/home/learner/note.txt')).toBe('hi\n');
    expect(b.p.current!.history.slice(-2)).toEqual([
      'kubectl create deployment web --image=nginx --replicas=3',
      'echo hi > note.txt',
    ]);
    const out = await b.type('kubectl get pods');
    expect(out.match(/web-\S+\s+1\/1\s+Running/g)).toHaveLength(3);
    b.p.dispose();
  });

  it('brings back a stopped kubelet stopped, and tells the page in `ready`', async () => {
    const store = memorySaveStore();
    const a = start(store);
    await a.p.ready;
    a.request({ method: 'node.stopKubelet', params: { node: 'minikube' } });
    await tick();
    expect(a.p.current!.cluster.kubelets.get('minikube')!.isRunning).toBe(false);
    await saved(a);
    a.p.dispose();

    const b = start(store);
    await b.p.ready;
    expect(b.statuses()[0].kind).toBe('restored');
    expect(b.p.current!.cluster.kubelets.get('minikube')!.isRunning).toBe(false);
    const ready = b.messages.find((m) => m.type === 'ready');
    expect(ready).toMatchObject({ stoppedKubelets: ['minikube'] });
    b.p.dispose();
  });

  it('discards a save of another version or a damaged one, with the reason, and starts anew', async () => {
    for (const [bad, reason] of [
      [{ format: 'k8s-playground-save', version: 99 }, /another version/],
      [{ format: 'k8s-playground-save', version: 1, cluster: { version: 1 } }, /damaged/],
      ['{not json', /not a playground save/],
      [
        { format: 'k8s-playground-save', version: 1, savedAtMs: 1, json: '{broken' },
        /not valid JSON/,
      ],
      [{ format: 'k8s-playground-save', version: 2, savedAtMs: 1, json: '{}' }, /another version/],
    ] as const) {
      const store = memorySaveStore({ [SAVE_KEY]: bad });
      const s = start(store);
      await s.p.ready;
      const first = s.statuses()[0];
      expect(first.kind).toBe('discarded');
      expect(first.kind === 'discarded' && first.reason).toMatch(reason);
      expect(store.data.has(SAVE_KEY)).toBe(false);
      expect(s.p.current!.cluster.store.list('nodes').items).toHaveLength(1);
      s.p.dispose();
    }
  });

  it('answers ping at once, even while loading', async () => {
    const s = start(memorySaveStore());
    s.send({ type: 'ping', seq: 7 });
    expect(s.messages.some((m) => m.type === 'pong' && m.seq === 7)).toBe(true);
    await s.p.ready;
    s.p.dispose();
  });
});
