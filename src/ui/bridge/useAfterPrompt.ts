/**
 * True once the page is past its start: the cluster's Worker said `ready` (after the terminal's
 * first prompt), two animation frames have gone by since, so xterm has painted that prompt, and
 * the main thread has had a moment idle (at most IDLE_WAIT_MS), so the learner's first keys go
 * first. Heavy panels (React Flow) wait for it, so their chunks load after the prompt, not
 * against it.
 */
import { useEffect, useState } from 'react';
import { useClockStore } from '../stores/clockStore';
import { whenIdle } from './whenIdle';

/** The longest the page waits for an idle moment after the prompt. */
const IDLE_WAIT_MS = 300;

/** Once past, for the rest of the page's life (a restarted Worker does not hide panels again). */
let past = false;

export function useAfterPrompt(): boolean {
  const ready = useClockStore((s) => s.clock !== null);
  const [after, setAfter] = useState(past);
  useEffect(() => {
    if (after || !ready) return;
    let cancel = () => {};
    const done = () => {
      past = true;
      setAfter(true);
    };
    const frame = requestAnimationFrame(() => {
      const second = requestAnimationFrame(() => {
        cancel = whenIdle(done, IDLE_WAIT_MS);
      });
      cancel = () => cancelAnimationFrame(second);
    });
    cancel = () => cancelAnimationFrame(frame);
    return () => cancel();
  }, [after, ready]);
  return after;
}
