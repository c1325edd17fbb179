/**
 * Starts the cluster's Worker. It is the page's first act (src/ui/main.tsx imports nothing
 * else before it), so the Worker's script loads and the cluster boots while the page's own
 * chunks (stores, React, xterm) are still loading. What it says before anyone listens (the
 * greeting, the prompt, `ready`) is kept and handed to the first listener of each type, since a
 * Worker's message with no listener is lost.
 */
import type { WorkerLike } from './WorkerClient';

/** A started Worker: what the client uses, and `terminate` for the supervisor's restarts. */
export type StartedWorker = WorkerLike & { terminate(): void };

export function startWorker(): StartedWorker {
  const worker = new Worker(new URL('../../worker/main.ts', import.meta.url), {
    type: 'module',
    name: 'cluster',
  });
  const early = new Map<string, Event[]>([
    ['message', []],
    ['error', []],
  ]);
  const keep = (ev: Event) => early.get(ev.type)?.push(ev);
  worker.addEventListener('message', keep);
  worker.addEventListener('error', keep);
  return {
    postMessage: (msg) => worker.postMessage(msg),
    terminate: () => worker.terminate(),
    addEventListener(type: 'message' | 'error', fn: (ev: never) => void) {
      worker.addEventListener(type, fn as EventListener);
      const kept = early.get(type);
      if (!kept) return;
      early.delete(type);
      worker.removeEventListener(type, keep);
      // After the caller's constructor has finished; no new event can come in between, as
      // events are tasks and this runs before the next one.
      queueMicrotask(() => kept.forEach((ev) => (fn as EventListener)(ev)));
    },
  };
}
