/** The page's one WorkerClient, handed to panels through React context. */
import { createContext, useContext } from 'react';
import type { WorkerClient } from './WorkerClient';

export const WorkerContext = createContext<WorkerClient | null>(null);

export function useWorker(): WorkerClient {
  const client = useContext(WorkerContext);
  if (!client) throw new Error('useWorker needs a <WorkerContext.Provider> above it');
  return client;
}
