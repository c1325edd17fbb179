/** The page's entry: start the cluster's Worker, then render the app around it. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectWorker } from './bridge/connect';
import { WorkerContext } from './bridge/WorkerContext';
import './styles.css';

const client = connectWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkerContext.Provider value={client}>
      <App />
    </WorkerContext.Provider>
  </StrictMode>,
);
