/**
 * Registers the service worker of the production build (`sw.js`, see serviceWorkerPlugin.ts), so
 * the playground loads with no network after its first visit. The dev server has none.
 */
import { whenIdle } from '../bridge/whenIdle';
import { useClockStore } from '../stores/clockStore';

/** The longest registration waits for an idle moment once the cluster is up. */
const IDLE_WAIT_MS = 3000;

/**
 * Registers it once the page is past its start: the cluster's Worker said `ready` (its first
 * prompt is out), two animation frames have gone by (xterm has painted that prompt), and the
 * main thread has been idle a moment. On install the service worker fetches every file of the
 * build (Monaco included, several MB), which must not compete with the Worker's boot and the
 * first prompt.
 */
export function registerServiceWorkerAfterStart(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const go = () =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() => void whenIdle(registerServiceWorker, IDLE_WAIT_MS)),
    );
  if (useClockStore.getState().clock !== null) {
    go();
    return;
  }
  const stop = useClockStore.subscribe((s) => {
    if (s.clock === null) return;
    stop();
    go();
  });
}

function registerServiceWorker(): void {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    // Offline use is a bonus: without it (a private window, blocked storage) the page still works.
    console.warn('offline use is not available:', e);
  });
}
