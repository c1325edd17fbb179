/**
 * The Worker entry: owns one PlaygroundSession and connects it to the page's messages. The
 * page creates this module with `new Worker(new URL('../worker/main.ts', import.meta.url),
 * { type: 'module' })`.
 */
import { PlaygroundSession } from './PlaygroundSession';
import type { PageMessage, WorkerMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const session = new PlaygroundSession({
  post: (msg: WorkerMessage) => scope.postMessage(msg),
  wall: {
    now: () => performance.now(),
    schedule(fn, ms) {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    },
  },
  // Timestamps follow the learner's own clock, to the second.
  cluster: { epochMs: Math.floor(Date.now() / 1000) * 1000 },
});

scope.onmessage = (ev: MessageEvent<PageMessage>) => session.receive(ev.data);
