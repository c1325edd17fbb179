/**
 * The page's entry: start the cluster's Worker first, before loading anything else, so it loads
 * and boots while the rest of the page (stores, React, xterm) is still loading; then wire it to
 * the stores and render the app around it.
 */
import { startWorker } from './bridge/startWorker';

const worker = startWorker();
const [{ connectWorker }, { renderApp }] = await Promise.all([
  import('./bridge/connect'),
  import('./renderApp'),
]);
renderApp(document.getElementById('root')!, connectWorker(worker));
