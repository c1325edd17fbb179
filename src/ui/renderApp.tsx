/** Renders the app around a connected Worker. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { WorkerClient } from './bridge/WorkerClient';
import { WorkerContext } from './bridge/WorkerContext';
import './styles.css';

export function renderApp(root: HTMLElement, client: WorkerClient): void {
  createRoot(root).render(
    <StrictMode>
      <WorkerContext.Provider value={client}>
        <App />
      </WorkerContext.Provider>
    </StrictMode>,
  );
}
