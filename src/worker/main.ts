/**
 * The Worker entry: owns one PlaygroundSession, restored from the autosave when there is one
 * (src/worker/persist), and connects it to the page's messages. The page creates this module
 * with `new Worker(new URL('../worker/main.ts', import.meta.url), { type: 'module' })`.
 */
import { PersistentPlayground } from './persist/PersistentPlayground';
import { idbSaveStore } from './persist/SaveStore';
import type { PageMessage, WorkerMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const playground = PersistentPlayground.start({
  store: idbSaveStore(),
  post: (msg: WorkerMessage) => scope.postMessage(msg),
  wall: {
    now: () => performance.now(),
    schedule(fn, ms) {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    },
  },
  dateNow: () => Date.now(),
  // Timestamps follow the learner's own clock, to the second.
  epochMs: Math.floor(Date.now() / 1000) * 1000,
});

scope.onmessage = (ev: MessageEvent<PageMessage>) => playground.receive(ev.data);
