/**
 * What the learner has selected (in the diagram, a list, or named in the terminal): the
 * inspector shows it, the diagram highlights it.
 */
import { create } from 'zustand';
import type { ObjectRef } from '../../worker/protocol';

export interface SelectionState {
  selected: ObjectRef | null;
  select(ref: ObjectRef | null): void;
}

export const useSelectionStore = create<SelectionState>()((set) => ({
  selected: null,
  select: (selected) => set({ selected }),
}));
