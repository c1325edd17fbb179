/**
 * WorkerClient across a Worker restart: requests in flight fail, the old Worker is no longer
 * heard, listeners stay, the new Worker gets the terminal's size; an uncaught error in the
 * Worker goes to the supervisor (and is marked handled) rather than becoming a fault.
 */
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../bridge/WorkerClient';
import type { WorkerLike } from '../bridge/WorkerClient';
import type { PageMessage, WorkerMessage } from '../../worker/protocol';

class FakeWorker implements WorkerLike {
  sent: PageMessage[] = [];
  private handlers: Record<string, ((ev: never) => void)[]> = { message: [], error: [] };
  postMessage(msg: PageMessage): void {
    this.sent.push(msg);
  }
  addEventListener(type: 'message' | 'error', fn: (ev: never) => void): void {
    this.handlers[type].push(fn);
  }
  say(msg: WorkerMessage): void {
    for (const fn of this.handlers.message) fn({ data: msg } as never);
  }
  fail(message: string): { prevented: boolean } {
    const ev = {
      message,
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    for (const fn of this.handlers.error) fn(ev as never);
    return ev;
  }
}

function newClient() {
  const faults: string[] = [];
  const first = new FakeWorker();
  const client = new WorkerClient(
    first,
    { ready: () => {}, frame: () => {}, fault: (m) => faults.push(m) },
    (fn) => fn(),
  );
  return { client, first, faults };
}

describe('WorkerClient.replaceWorker', () => {
  it('fails requests in flight, forgets the old Worker and keeps the terminal listeners', async () => {
    const { client, first } = newClient();
    const output: string[] = [];
    client.onOutput((d) => output.push(d));
    client.resize(100, 30);
    const pending = client.request('exec', { command: 'kubectl get pods' });
    const second = new FakeWorker();
    client.replaceWorker(second);
    await expect(pending).rejects.toThrow('the cluster restarted');
    expect(second.sent).toEqual([{ type: 'terminal.resize', cols: 100, rows: 30 }]);
    first.say({ type: 'terminal.output', data: 'old' });
    second.say({ type: 'terminal.output', data: 'new' });
    expect(output).toEqual(['new']);
    const answered = client.request('fs.list', {});
    const req = second.sent.at(-1) as { id: number };
    second.say({ type: 'response', id: req.id, ok: true, result: { files: {} } });
    await expect(answered).resolves.toEqual({ files: {} });
  });

  it('hands Worker errors to the failure listeners, marked handled, instead of a fault', () => {
    const { client, first, faults } = newClient();
    expect(first.fail('boom').prevented).toBe(false);
    expect(faults).toEqual(['boom']);
    const failures: string[] = [];
    client.onFailure((m) => failures.push(m));
    expect(first.fail('Uncaught Error: injected').prevented).toBe(true);
    expect(failures).toEqual(['Uncaught Error: injected']);
    expect(faults).toEqual(['boom']);
  });

  it('passes persistence reports and pongs to their listeners', () => {
    const { client, first } = newClient();
    const seen: WorkerMessage[] = [];
    client.onPersist((m) => seen.push(m));
    first.say({ type: 'pong', seq: 3 });
    first.say({ type: 'persist', status: { kind: 'saved', savedAtMs: 5, tookMs: 1 } });
    expect(seen.map((m) => m.type)).toEqual(['pong', 'persist']);
  });
});
