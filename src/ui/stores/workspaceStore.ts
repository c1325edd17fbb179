/**
 * The page's arrangement: the theme, which side panel tab shows, and requests from one panel to
 * another (the inspector's Edit opening a file in the editor).
 */
import { create } from 'zustand';

export type Theme = 'dark' | 'light';
export type SideTab = 'inspector' | 'timeline';
export type CenterTab = 'diagram' | 'table';

export interface WorkspaceState {
  theme: Theme;
  setTheme(theme: Theme): void;
  sideTab: SideTab;
  setSideTab(tab: SideTab): void;
  centerTab: CenterTab;
  setCenterTab(tab: CenterTab): void;
  /** Whether the editor panel is shown (it loads Monaco the first time it is). */
  editorOpen: boolean;
  setEditorOpen(open: boolean): void;
  /** The latest request to show a file in the editor; `seq` tells repeated requests apart. */
  openRequest: { path: string; seq: number } | null;
  openInEditor(path: string): void;
}

export const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  theme: 'dark',
  setTheme: (theme) => set({ theme }),
  sideTab: 'inspector',
  setSideTab: (sideTab) => set({ sideTab }),
  centerTab: 'diagram',
  setCenterTab: (centerTab) => set({ centerTab }),
  editorOpen: false,
  setEditorOpen: (editorOpen) => set({ editorOpen }),
  openRequest: null,
  openInEditor: (path) =>
    set((s) => ({
      editorOpen: true,
      openRequest: { path, seq: (s.openRequest?.seq ?? 0) + 1 },
    })),
}));
