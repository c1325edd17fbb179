/** The inspector's Worker requests (`node.stopKubelet`, `node.startKubelet`) and frame events. */
import { describe, expect, it } from 'vitest';
import type { WallTime } from './ClockDriver';
import { PlaygroundSession } from './PlaygroundSession';
import type { ClusterEvent, PageMessage, WorkerMessage } from './protocol';

/** Wall time that never moves on its own: zero-delay timers run when `flush()` says. */
function fakeWall() {
  let timers: (() => void)[] = [];
  const wall: WallTime = {
    now: () => 0,
    schedule(fn) {
      timers.push(fn);
      return () => (timers = timers.filter((t) => t !== fn));
    },
  };
  const flush = () => {
    const due = timers;
    timers = [];
    for (const t of due) t();
  };
  return { wall, flush };
}

function start() {
  const { wall, flush } = fakeWall();
  const responses = new Map<number, WorkerMessage>();
  const events: ClusterEvent[] = [];
  const ref: { s?: PlaygroundSession } = {};
  const post = (msg: WorkerMessage) => {
    if (msg.type === 'response') responses.set(msg.id, msg);
    if (msg.type === 'frame') {
      events.push(...(msg.events ?? []));
      queueMicrotask(() => ref.s!.receive({ type: 'frame.ack' }));
    }
  };
  const session = new PlaygroundSession({ post, wall, paused: true });
  ref.s = session;
  let id = 1;
  const request = async (method: string, params: unknown) => {
    const n = id++;
    session.receive({ type: 'request', id: n, method, params } as PageMessage);
    for (let i = 0; i < 20 && !responses.has(n); i++) await Promise.resolve();
    return responses.get(n);
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      flush();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { session, request, settle, events };
}

function readyStatus(session: PlaygroundSession): string | undefined {
  const node = session.cluster.handle({
    method: 'GET',
    path: '/api/v1/nodes/minikube',
    query: {},
    headers: {},
  });
  const obj = node.body as { status: { conditions: { type: string; status: string }[] } };
  return obj.status.conditions.find((c) => c.type === 'Ready')?.status;
}

describe('inspector requests', () => {
  it('stops a kubelet so its node turns NotReady, and starts it again', async () => {
    const { session, request } = start();
    expect(readyStatus(session)).toBe('True');
    const stopped = await request('node.stopKubelet', { node: 'minikube' });
    expect(stopped).toMatchObject({ ok: true, result: { node: 'minikube', running: false } });
    session.driver.advance(60_000);
    expect(readyStatus(session)).toBe('Unknown');
    const started = await request('node.startKubelet', { node: 'minikube' });
    expect(started).toMatchObject({ ok: true, result: { node: 'minikube', running: true } });
    session.driver.advance(15_000);
    expect(readyStatus(session)).toBe('True');
    session.dispose();
  });

  it('refuses a node that does not exist', async () => {
    const { session, request } = start();
    expect(await request('node.stopKubelet', { node: 'nope' })).toMatchObject({
      ok: false,
      error: 'nodes "nope" not found',
    });
    session.dispose();
  });

  it("sends the cluster's Events in frames", async () => {
    const { session, settle, events } = start();
    await settle();
    // The boot's events (system pods started) come in the first frames.
    expect(events.some((e) => e.component === 'kubelet' && e.reason === 'Started')).toBe(true);
    session.dispose();
  });
});
