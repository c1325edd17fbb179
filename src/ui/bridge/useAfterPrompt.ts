/**
 * True once the page is past its start: the cluster's Worker said `ready` (after the terminal's
 * first prompt) and two animation frames have gone by since, so xterm has painted that prompt.
 * Heavy panels (React Flow) wait for it, so their chunks load after the prompt, not against it.
 */
import { useEffect, useState } from 'react';
import { useClockStore } from '../stores/clockStore';

/** Once past, for the rest of the page's life (a restarted Worker does not hide panels again). */
let past = false;

export function useAfterPrompt(): boolean {
  const ready = useClockStore((s) => s.clock !== null);
  const [after, setAfter] = useState(past);
  useEffect(() => {
    if (after || !ready) return;
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => {
        past = true;
        setAfter(true);
      });
    });
    return () => cancelAnimationFrame(id);
  }, [after, ready]);
  return after;
}
