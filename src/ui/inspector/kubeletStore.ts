/**
 * Nodes whose kubelet the learner stopped from the inspector (only the page stops them); a
 * session restored from the autosave says which at start (`ready`).
 */
import { create } from 'zustand';

export interface KubeletState {
  stopped: Record<string, boolean>;
  setRunning(node: string, running: boolean): void;
  /** A new session: exactly these are stopped. */
  reset(stopped: string[]): void;
}

export const useKubeletStore = create<KubeletState>()((set) => ({
  stopped: {},
  setRunning: (node, running) => set((s) => ({ stopped: { ...s.stopped, [node]: !running } })),
  reset: (stopped) => set({ stopped: Object.fromEntries(stopped.map((n) => [n, true])) }),
}));
