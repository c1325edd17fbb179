import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, WatchEvent } from '../cluster/apiserver/types';
import { createCluster } from '../cluster/cluster';
import { EventFeed, INITIAL_EVENTS } from './EventFeed';
import { MAX_EVENTS_PER_FRAME } from './protocol';

function coreEvent(i: number, count = 1, reason = 'Pulling') {
  const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace('.000', '');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web-${i}.1`, namespace: 'default', uid: `uid-${i}` },
    involvedObject: {
      kind: 'Pod',
      namespace: 'default',
      name: `web-${i}`,
      fieldPath: 'spec.containers{nginx}',
    },
    source: { component: 'kubelet', host: 'minikube' },
    reason,
    message: 'Pulling image "nginx"',
    type: 'Normal',
    count,
    lastTimestamp: ts,
  };
}

/** A fake API server: lists `existing` when a watch starts, then sends what `emit` is given. */
function fakeApi(existing: unknown[]) {
  let send: ((ev: WatchEvent) => void) | undefined;
  let end: (() => void) | undefined;
  let watches = 0;
  const api = {
    handle(req: ApiRequest): ApiResponse {
      expect(req.path).toBe('/api/v1/events');
      watches++;
      return {
        status: 200,
        headers: {},
        watch: {
          start(s, e) {
            send = s;
            end = e;
            for (const o of existing) s({ type: 'ADDED', object: o });
            return () => (send = undefined);
          },
        },
      } as ApiResponse;
    },
  };
  return {
    api,
    emit: (type: WatchEvent['type'], object: unknown) => send?.({ type, object }),
    end: () => end?.(),
    watches: () => watches,
  };
}

describe('EventFeed', () => {
  it('sends only the newest events that existed at start, oldest first', () => {
    const existing = Array.from({ length: INITIAL_EVENTS + 50 }, (_, i) => coreEvent(i));
    const fake = fakeApi(existing.reverse());
    const feed = new EventFeed(fake.api, () => {});
    const first = feed.take()!;
    expect(first).toHaveLength(INITIAL_EVENTS);
    expect(first[0].regarding.name).toBe('web-50');
    expect(first.at(-1)!.regarding.name).toBe(`web-${INITIAL_EVENTS + 49}`);
    expect(feed.take()).toBeUndefined();
  });

  it('turns a core/v1 Event into the page form, and sends repeats once per count', () => {
    const fake = fakeApi([]);
    let changes = 0;
    const feed = new EventFeed(fake.api, () => changes++);
    expect(feed.take()).toBeUndefined();
    fake.emit('ADDED', coreEvent(1));
    fake.emit('MODIFIED', coreEvent(1, 2));
    fake.emit('MODIFIED', coreEvent(1, 2)); // same count: not new
    fake.emit('DELETED', coreEvent(1, 2));
    const got = feed.take()!;
    expect(changes).toBe(2);
    expect(got.map((e) => e.count)).toEqual([1, 2]);
    expect(got[0]).toEqual({
      uid: 'uid-1',
      namespace: 'default',
      component: 'kubelet',
      host: 'minikube',
      type: 'Normal',
      reason: 'Pulling',
      message: 'Pulling image "nginx"',
      regarding: {
        kind: 'Pod',
        namespace: 'default',
        name: 'web-1',
        fieldPath: 'spec.containers{nginx}',
      },
      count: 1,
      timeMs: Date.UTC(2026, 0, 1, 0, 0, 1),
    });
  });

  it('keeps at most MAX_EVENTS_PER_FRAME between takes: the latest', () => {
    const fake = fakeApi([]);
    const feed = new EventFeed(fake.api, () => {});
    for (let i = 0; i < MAX_EVENTS_PER_FRAME + 30; i++) fake.emit('ADDED', coreEvent(i));
    const got = feed.take()!;
    expect(got).toHaveLength(MAX_EVENTS_PER_FRAME);
    expect(got.at(-1)!.regarding.name).toBe(`web-${MAX_EVENTS_PER_FRAME + 29}`);
  });

  it('watches again when the server ends the stream, without resending what it sent', async () => {
    const existing = [coreEvent(1)];
    const fake = fakeApi(existing);
    const feed = new EventFeed(fake.api, () => {});
    expect(feed.take()).toHaveLength(1);
    existing.push(coreEvent(2));
    fake.end();
    await Promise.resolve();
    expect(fake.watches()).toBe(2);
    expect(feed.take()!.map((e) => e.regarding.name)).toEqual(['web-2']);
    feed.dispose();
  });

  it('feeds the events of a real cluster: a new pod is scheduled (and why) and started', () => {
    const cluster = createCluster();
    const feed = new EventFeed(
      cluster,
      () => {},
      (uid) => cluster.scheduler.explain(uid),
    );
    feed.take();
    cluster.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      query: {},
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      }),
    });
    cluster.clock.tick(60_000);
    const got = feed.take() ?? [];
    const seen = got.map((e) => `${e.component} ${e.reason} ${e.regarding.name}`);
    expect(seen).toContain('default-scheduler Scheduled web');
    expect(seen).toContain('kubelet Started web');
    // Why the scheduler chose the node travels beside the Event, not in it.
    expect(got.find((e) => e.reason === 'Scheduled')?.why).toBe('the only node');
    feed.dispose();
  });
});
