/**
 * Registers the service worker of the production build (`sw.js`, see serviceWorkerPlugin.ts), so
 * the playground loads with no network after its first visit. The dev server has none.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    // Offline use is a bonus: without it (a private window, blocked storage) the page still works.
    console.warn('offline use is not available:', e);
  });
}
