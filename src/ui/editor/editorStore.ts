/**
 * The editor's tabs, kept outside the component so they survive hiding the editor (the Monaco
 * models holding the text live on in Monaco itself). A tab is a file of the shared filesystem,
 * or a `kubectl edit` waiting in the terminal (`editId`).
 */
import { create } from 'zustand';

export interface EditorTab {
  path: string;
  /** Set for a `kubectl edit`: saving answers the terminal instead of writing a file. */
  editId?: number;
}

export interface EditorState {
  tabs: EditorTab[];
  active: string | null;
  /** Paths whose text differs from what was last loaded or saved. */
  dirty: ReadonlySet<string>;
  /** Every file under the home folder, sorted. */
  files: string[];
  open(tab: EditorTab): void;
  close(path: string): void;
  setActive(path: string): void;
  setDirty(path: string, dirty: boolean): void;
  setFiles(files: string[]): void;
}

export const useEditorStore = create<EditorState>()((set) => ({
  tabs: [],
  active: null,
  dirty: new Set(),
  files: [],
  open: (tab) =>
    set((s) => ({
      tabs: s.tabs.some((t) => t.path === tab.path) ? s.tabs : [...s.tabs, tab],
      active: tab.path,
    })),
  close: (path) =>
    set((s) => {
      const i = s.tabs.findIndex((t) => t.path === path);
      if (i < 0) return s;
      const tabs = s.tabs.filter((t) => t.path !== path);
      const dirty = new Set(s.dirty);
      dirty.delete(path);
      const active =
        s.active === path ? (tabs[Math.min(i, tabs.length - 1)]?.path ?? null) : s.active;
      return { tabs, active, dirty };
    }),
  setActive: (active) => set({ active }),
  setDirty: (path, isDirty) =>
    set((s) => {
      if (s.dirty.has(path) === isDirty) return s;
      const dirty = new Set(s.dirty);
      if (isDirty) dirty.add(path);
      else dirty.delete(path);
      return { dirty };
    }),
  setFiles: (files) => set({ files }),
}));

/** The home folder the terminal starts in; files there are shown as `~/name`. */
export const HOME = '/home/learner';

/** How a path is written in a command line and a tab: `~/web.yaml` for files at home. */
export function shortPath(path: string): string {
  return path.startsWith(`${HOME}/`) ? `~/${path.slice(HOME.length + 1)}` : path;
}

/** A file name not yet taken in the home folder: `deployment.yaml`, `deployment-2.yaml`, … */
export function freeName(files: readonly string[], name: string): string {
  const taken = new Set(files);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const path = `${HOME}/${n === 1 ? stem : `${stem}-${n}`}${ext}`;
    if (!taken.has(path)) return path;
  }
}

/** "deployment/web" from the text kubectl edit shows, for the tab's title. */
export function describeManifest(text: string): string | undefined {
  const kind = /^kind: *(\S+)/m.exec(text)?.[1];
  const name = /^metadata:\n(?: {2}.*\n)*? {2}name: *(\S+)/m.exec(text)?.[1];
  return kind && name ? `${kind.toLowerCase()}/${name}` : undefined;
}
