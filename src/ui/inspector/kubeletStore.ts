/** Nodes whose kubelet the learner stopped from the inspector (only the page stops them). */
import { create } from 'zustand';

export interface KubeletState {
  stopped: Record<string, boolean>;
  setRunning(node: string, running: boolean): void;
}

export const useKubeletStore = create<KubeletState>()((set) => ({
  stopped: {},
  setRunning: (node, running) => set((s) => ({ stopped: { ...s.stopped, [node]: !running } })),
}));
