/**
 * The page's entry: start the cluster's Worker first, so it loads and boots while the rest of
 * the page (React, xterm) is still loading, then render the app around it.
 */
import { connectWorker } from './bridge/connect';

const client = connectWorker();
const { renderApp } = await import('./renderApp');
renderApp(document.getElementById('root')!, client);
