/**
 * Where saves and settings live: IndexedDB through idb-keyval (it works in a Worker), or memory
 * in tests. One database shared with the page, which clears the save and writes settings when
 * the learner resets the cluster.
 */
import { createStore, del, get, set } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { PERSIST_DB } from '../protocol';

export interface SaveStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export function idbSaveStore(): SaveStore {
  let store: UseStore | undefined;
  const db = () => (store ??= createStore(PERSIST_DB.name, PERSIST_DB.store));
  return {
    get: (key) => get(key, db()),
    set: (key, value) => set(key, value, db()),
    del: (key) => del(key, db()),
  };
}

/** A store in memory: values are structured-cloned as IndexedDB would. */
export function memorySaveStore(initial: Record<string, unknown> = {}): SaveStore & {
  data: Map<string, unknown>;
} {
  const data = new Map<string, unknown>(Object.entries(initial));
  return {
    data,
    get: async (key) => (data.has(key) ? structuredClone(data.get(key)) : undefined),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    del: async (key) => void data.delete(key),
  };
}
