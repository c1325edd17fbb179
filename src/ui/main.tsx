/**
 * The page's entry: start the cluster's Worker first, before loading anything else, so it loads
 * and boots while the rest of the page (stores, React, xterm) is still loading; then wire it to
 * the stores and render the app around it.
 */
import { startWorker } from './bridge/startWorker';

const worker = startWorker();
const [{ connectWorker }, { renderApp }, { superviseWorker }, { initAppearance }, offline] =
  await Promise.all([
    import('./bridge/connect'),
    import('./renderApp'),
    import('./persist/WorkerSupervisor'),
    import('./settings/appearance'),
    import('./persist/offline'),
  ]);
// The remembered theme and text size, before the first render (no flash of the other theme).
initAppearance();
const client = connectWorker(worker);
// A Worker that dies is replaced by one restored from the autosave.
const supervisor = superviseWorker({ client, worker, start: startWorker });
renderApp(document.getElementById('root')!, client);
// A scenario link (#scenario=…) rebuilds the shared objects and files on an empty cluster.
if (location.hash.startsWith('#scenario=')) {
  void import('./persist/shareScenario').then((m) => m.openScenarioLink(client, supervisor));
}
// Offline use: the service worker registers (and caches the build) once the cluster is up.
offline.registerServiceWorkerAfterStart();
