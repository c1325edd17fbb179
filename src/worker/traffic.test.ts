import { describe, expect, it } from 'vitest';
import type { ContainerProcess } from '../cluster/runtime/types';
import type { WallTime } from './ClockDriver';
import { PlaygroundSession } from './PlaygroundSession';
import { MAX_TRAFFIC_PER_FRAME } from './protocol';
import type { TrafficPulse, WorkerMessage } from './protocol';

/** Wall time that moves only when the test runs its timers. */
class FakeWall implements WallTime {
  private timers: { fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return 0;
  }
  schedule(fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ fn, id });
    return () => (this.timers = this.timers.filter((x) => x.id !== id));
  }
  /** Runs the timers due now (the session's deferred frame flush among them). */
  flush(): void {
    const due = this.timers;
    this.timers = [];
    for (const t of due) t.fn();
  }
}

const server: ContainerProcess = {
  signal() {},
  exec(_argv, _stdin, done) {
    done({ stdout: '', stderr: '', exitCode: 0 });
  },
  listens: (p) => p === 8080,
  http: () => ({ status: 200, body: 'ok' }),
  usage: () => ({ cpuMillis: 0, memoryBytes: 0 }),
};

/** A session whose cluster has a Service `web` in front of one fake pod, its frames collected. */
function setup() {
  const wall = new FakeWall();
  const frames: Extract<WorkerMessage, { type: 'frame' }>[] = [];
  const ref: { s?: PlaygroundSession } = {};
  const session = new PlaygroundSession({
    wall,
    paused: true,
    cluster: { seed: 3, systemPods: false },
    post: (m) => {
      if (m.type !== 'frame') return;
      frames.push(m);
      queueMicrotask(() => ref.s!.receive({ type: 'frame.ack' }));
    },
  });
  ref.s = session;
  const c = session.cluster;
  const ip = c.network.allocatePodIP('minikube');
  c.network.registerPod({
    namespace: 'default',
    name: 'web-a',
    ip,
    node: 'minikube',
    containers: [{ name: 'app', process: server }],
  });
  c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/services',
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    },
  });
  c.handle({
    method: 'POST',
    path: '/api/v1/namespaces/default/endpoints',
    body: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web' },
      subsets: [{ addresses: [{ ip }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    },
  });
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      wall.flush();
      await Promise.resolve();
    }
  };
  const get = () =>
    c.network.clientFor('default', 'client').http({ method: 'GET', url: 'http://web/' });
  return { frames, settle, get, session };
}

const traffic = (frames: { traffic?: TrafficPulse[] }[]) => frames.flatMap((f) => f.traffic ?? []);

describe('traffic in frames', () => {
  it('a request through a Service reaches the page in the next frame, once', async () => {
    const { frames, settle, get } = setup();
    await settle();
    const before = frames.length;
    expect(get()).toMatchObject({ status: 200 });
    await settle();
    expect(traffic(frames.slice(before))).toEqual([
      { service: 'default/web', pod: 'default/web-a' },
    ]);
    await settle();
    expect(traffic(frames.slice(before))).toHaveLength(1);
  });

  it('keeps only the latest requests when many come between two frames', async () => {
    const { frames, settle, get } = setup();
    await settle();
    const before = frames.length;
    for (let i = 0; i < MAX_TRAFFIC_PER_FRAME + 20; i++) get();
    await settle();
    expect(traffic(frames.slice(before))).toHaveLength(MAX_TRAFFIC_PER_FRAME);
  });
});
