/** The virtual clock as the Worker last reported it, and whether the Worker is up or broken. */
import { create } from 'zustand';
import type { ClockState } from '../../worker/protocol';

export interface ClockStore {
  clock: ClockState | null;
  /** What broke inside the Worker, if anything did; the clock is paused then. */
  fault: string | null;
  setClock(clock: ClockState): void;
  setFault(message: string): void;
}

export const useClockStore = create<ClockStore>()((set) => ({
  clock: null,
  fault: null,
  setClock: (clock) => set({ clock }),
  setFault: (fault) => set({ fault }),
}));
