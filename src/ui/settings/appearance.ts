/**
 * The page's appearance, remembered in localStorage: the theme (by default the system's, from
 * prefers-color-scheme) and large text for projectors. Applied to <html> as data attributes the
 * style sheets and the terminal follow.
 */
import { create } from 'zustand';
import { useWorkspaceStore } from '../stores/workspaceStore';
import type { Theme } from '../stores/workspaceStore';

const THEME_KEY = 'k8s-playground.theme';
const LARGE_TEXT_KEY = 'k8s-playground.largeText';

export interface AppearanceState {
  /** Larger text everywhere, the terminal included (a projector, a talk). */
  largeText: boolean;
  setLargeText(on: boolean): void;
}

export const useAppearanceStore = create<AppearanceState>()((set) => ({
  largeText: false,
  setLargeText: (largeText) => set({ largeText }),
}));

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked: defaults, nothing remembered
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** The theme the page starts with: the remembered one, else the system's. */
export function initialTheme(): Theme {
  const saved = read(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** Applies the remembered appearance and keeps remembering changes. Call once, before render. */
export function initAppearance(): void {
  const root = document.documentElement;
  const theme = initialTheme();
  root.dataset.theme = theme;
  useWorkspaceStore.getState().setTheme(theme);
  useAppearanceStore.getState().setLargeText(read(LARGE_TEXT_KEY) === 'true');
  const applyLarge = (on: boolean) => {
    if (on) root.dataset.textSize = 'large';
    else delete root.dataset.textSize;
  };
  applyLarge(useAppearanceStore.getState().largeText);
  useWorkspaceStore.subscribe((s, prev) => {
    if (s.theme !== prev.theme) write(THEME_KEY, s.theme);
  });
  useAppearanceStore.subscribe((s, prev) => {
    if (s.largeText === prev.largeText) return;
    write(LARGE_TEXT_KEY, String(s.largeText));
    applyLarge(s.largeText);
  });
}
