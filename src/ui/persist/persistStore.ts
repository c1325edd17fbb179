/**
 * What the page knows of the autosave and of restarts: when the cluster was last saved, and the
 * notice to show (restored from a save, a save discarded, the cluster stopped and restarting).
 */
import { create } from 'zustand';

export interface Notice {
  /** `alert`: something went wrong (role="alert"); `info`: for the learner's knowledge. */
  tone: 'info' | 'alert';
  text: string;
  /** Tells notices with the same text apart, so a repeated one shows again. */
  seq: number;
}

export interface PersistState {
  /** Wall time (ms) of the last save, or null before the first. */
  savedAtMs: number | null;
  /** Why the last save failed, until one succeeds. */
  saveError: string | null;
  notice: Notice | null;
  /** A new Worker is starting in place of one that stopped (or was reset). */
  restarting: boolean;
  setSaved(savedAtMs: number): void;
  setSaveError(message: string): void;
  notify(tone: Notice['tone'], text: string): void;
  dismiss(): void;
  setRestarting(restarting: boolean): void;
}

export const usePersistStore = create<PersistState>()((set) => ({
  savedAtMs: null,
  saveError: null,
  notice: null,
  restarting: false,
  setSaved: (savedAtMs) => set({ savedAtMs, saveError: null }),
  setSaveError: (saveError) => set({ saveError }),
  notify: (tone, text) => set((s) => ({ notice: { tone, text, seq: (s.notice?.seq ?? 0) + 1 } })),
  dismiss: () => set({ notice: null }),
  setRestarting: (restarting) => set({ restarting }),
}));

/** A wall time as the learner reads it: "14:03:07", with the date when it is not today. */
export function formatSavedAt(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return new Date(now).toDateString() === d.toDateString()
    ? time
    : `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}
