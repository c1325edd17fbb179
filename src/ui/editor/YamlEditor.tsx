/**
 * The YAML editor itself (Monaco), loaded lazily by `EditorPanel`: tabs over the shared files,
 * starter templates, Save / Dry run / Diff / Apply through the terminal, the cluster's schema
 * for validation, completion and hover, and `kubectl edit`s waiting in the terminal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useWorker } from '../bridge/WorkerContext';
import type { EditRequest } from '../bridge/WorkerClient';
import { useWorkspaceStore } from '../stores/workspaceStore';
import { describeManifest, freeName, HOME, shortPath, useEditorStore } from './editorStore';
import type { EditorTab } from './editorStore';
import { monaco, setSchema, startYaml } from './monaco';
import { TEMPLATES } from './templates';
import './editor.css';

/** The last `openInEditor` request handled. */
const handled = { openSeq: 0 };

/** The text last loaded from or saved to each path, to tell unsaved edits. */
const saved = new Map<string, string>();

function uriOf(path: string): monaco.Uri {
  return monaco.Uri.file(path);
}

function modelOf(path: string): monaco.editor.ITextModel | null {
  return monaco.editor.getModel(uriOf(path));
}

/** The model of `path` holding `text`, made if needed; its edits mark the tab unsaved. */
function ensureModel(path: string, text: string): monaco.editor.ITextModel {
  const existing = modelOf(path);
  if (existing) return existing;
  saved.set(path, text);
  const model = monaco.editor.createModel(text, 'yaml', uriOf(path));
  model.onDidChangeContent(() => {
    useEditorStore.getState().setDirty(path, model.getValue() !== saved.get(path));
  });
  return model;
}

function dropModel(path: string): void {
  modelOf(path)?.dispose();
  saved.delete(path);
}

function currentTab(): EditorTab | undefined {
  const s = useEditorStore.getState();
  return s.tabs.find((t) => t.path === s.active);
}

interface Problem {
  line: number;
  message: string;
}

export default function YamlEditor() {
  const client = useWorker();
  const theme = useWorkspaceStore((s) => s.theme);
  const openRequest = useWorkspaceStore((s) => s.openRequest);
  const { tabs, active, dirty, files } = useEditorStore();
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const activeTab = tabs.find((t) => t.path === active);

  /** Opens a file of the shared filesystem in a tab (reading it unless it is open already). */
  const openFile = useCallback(
    async (path: string) => {
      if (!modelOf(path)) {
        const { content } = await client.request('fs.read', { path });
        ensureModel(path, content);
      }
      useEditorStore.getState().open({ path });
    },
    [client],
  );

  /** Writes the tab's text; for a kubectl edit, hands it to the terminal and closes the tab. */
  const save = useCallback(
    async (tab: EditorTab | undefined = currentTab()): Promise<boolean> => {
      const model = tab && modelOf(tab.path);
      if (!tab || !model) return false;
      const text = model.getValue();
      if (tab.editId !== undefined) {
        client.finishEdit(tab.editId, text);
        useEditorStore.getState().close(tab.path);
        dropModel(tab.path);
        return true;
      }
      await client.request('fs.write', { path: tab.path, content: text });
      saved.set(tab.path, text);
      useEditorStore.getState().setDirty(tab.path, false);
      setStatus(`Saved ${shortPath(tab.path)}`);
      return true;
    },
    [client],
  );

  /** Saves, then runs `command` in the terminal, where it and its output show as if typed. */
  const runWithFile = useCallback(
    async (command: (file: string) => string) => {
      const tab = currentTab();
      if (!tab || tab.editId !== undefined) return;
      setBusy(true);
      try {
        if (!(await save(tab))) return;
        await client.request('terminal.run', { command: command(shortPath(tab.path)) });
      } catch (e) {
        setStatus(e instanceof Error ? e.message : String(e));
      } finally {
        setBusy(false);
      }
    },
    [client, save],
  );

  const cancelEdit = useCallback(
    (tab: EditorTab) => {
      if (tab.editId === undefined) return;
      client.finishEdit(tab.editId, null);
      useEditorStore.getState().close(tab.path);
      dropModel(tab.path);
    },
    [client],
  );

  const closeTab = useCallback(
    (tab: EditorTab) => {
      if (tab.editId !== undefined) return cancelEdit(tab);
      const { dirty: d } = useEditorStore.getState();
      if (d.has(tab.path) && !window.confirm(`Close ${shortPath(tab.path)} without saving?`)) {
        return;
      }
      useEditorStore.getState().close(tab.path);
      dropModel(tab.path);
    },
    [cancelEdit],
  );

  // The Monaco editor, once per mount; the models (and so the text) outlive it.
  useEffect(() => {
    startYaml();
    const editor = monaco.editor.create(hostRef.current!, {
      automaticLayout: true,
      minimap: { enabled: false },
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      fontSize: 13,
      quickSuggestions: { other: true, comments: false, strings: true },
      ariaLabel: 'YAML editor. Tab indents; press Ctrl+M to make Tab move the focus instead.',
      model: null,
    });
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void save());
    const markers = monaco.editor.onDidChangeMarkers(() => showProblems());
    return () => {
      markers.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    function showProblems() {
      const model = editor.getModel();
      if (!model) return setProblems([]);
      setProblems(
        monaco.editor
          .getModelMarkers({ resource: model.uri })
          .filter((m) => m.severity >= monaco.MarkerSeverity.Warning)
          .sort((a, b) => a.startLineNumber - b.startLineNumber)
          .map((m) => ({ line: m.startLineNumber, message: m.message })),
      );
    }
  }, [save]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'light' ? 'vs' : 'vs-dark');
  }, [theme]);

  // The schema of every kind the cluster serves, asked for each time the editor shows (a CRD
  // created since then joins it).
  useEffect(() => {
    let live = true;
    client
      .request('editor.schema', {})
      .then(({ schema }) => live && setSchema(schema))
      .catch((e: unknown) => setStatus(`No schema: ${e instanceof Error ? e.message : e}`));
    return () => {
      live = false;
    };
  }, [client]);

  // The files at home, and changes made by the terminal: an open tab without unsaved edits
  // follows its file; a removed one closes.
  useEffect(() => {
    let live = true;
    void client.request('fs.list', {}).then(({ files }) => {
      if (live) useEditorStore.getState().setFiles(Object.keys(files).sort());
    });
    const stop = client.onFileChange((path, content) => {
      const store = useEditorStore.getState();
      if (path.startsWith(`${HOME}/`)) {
        const others = store.files.filter((f) => f !== path);
        store.setFiles(content === null ? others : [...others, path].sort());
      }
      const model = modelOf(path);
      if (!model) return;
      if (store.dirty.has(path)) {
        setStatus(`${shortPath(path)} changed in the terminal; your unsaved edits are kept`);
        return;
      }
      if (content === null) {
        store.close(path);
        dropModel(path);
      } else if (content !== model.getValue()) {
        saved.set(path, content);
        model.setValue(content);
      }
    });
    return () => {
      live = false;
      stop();
    };
  }, [client]);

  // kubectl edits waiting in the terminal: each opens in a tab; one ended there (Ctrl-C) closes.
  useEffect(
    () =>
      client.onEdits((edits: EditRequest[]) => {
        const store = useEditorStore.getState();
        for (const e of edits) {
          if (store.tabs.some((t) => t.editId === e.id)) continue;
          ensureModel(e.path, e.content);
          store.open({ path: e.path, editId: e.id });
        }
        const waiting = new Set(edits.map((e) => e.id));
        for (const t of useEditorStore.getState().tabs) {
          if (t.editId !== undefined && !waiting.has(t.editId)) {
            useEditorStore.getState().close(t.path);
            dropModel(t.path);
          }
        }
      }),
    [client],
  );

  // "Open this file in the editor" from other panels (each request once, not again when the
  // editor is shown anew).
  useEffect(() => {
    if (!openRequest || openRequest.seq <= handled.openSeq) return;
    handled.openSeq = openRequest.seq;
    void openFile(openRequest.path).catch((e: unknown) => setStatus(String(e)));
  }, [openRequest, openFile]);

  // The active tab's model in the editor.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const model = active ? modelOf(active) : null;
    if (editor.getModel() !== model) editor.setModel(model);
    setProblems(
      model
        ? monaco.editor
            .getModelMarkers({ resource: model.uri })
            .filter((m) => m.severity >= monaco.MarkerSeverity.Warning)
            .map((m) => ({ line: m.startLineNumber, message: m.message }))
        : [],
    );
  }, [active, tabs]);

  const newFromTemplate = async (kind: string) => {
    const t = TEMPLATES.find((x) => x.kind === kind);
    if (!t) return;
    const path = freeName(useEditorStore.getState().files, t.file);
    await client.request('fs.write', { path, content: t.text });
    ensureModel(path, t.text);
    useEditorStore.getState().open({ path });
    editorRef.current?.focus();
  };

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.path === active);
    if (i < 0) return;
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    useEditorStore.getState().setActive(next.path);
    e.preventDefault();
  };

  const isEdit = activeTab?.editId !== undefined;
  const noFile = !activeTab || busy;
  return (
    <div className="yaml-editor">
      <div className="editor-toolbar" role="toolbar" aria-label="Editor actions">
        <select aria-label="Open a file" value="" onChange={(e) => void openFile(e.target.value)}>
          <option value="">Open…</option>
          {files.map((f) => (
            <option key={f} value={f}>
              {shortPath(f)}
            </option>
          ))}
        </select>
        <select
          aria-label="New file from a template"
          value=""
          onChange={(e) => void newFromTemplate(e.target.value)}
        >
          <option value="">New…</option>
          {TEMPLATES.map((t) => (
            <option key={t.kind} value={t.kind}>
              {t.kind}
            </option>
          ))}
        </select>
        <span className="editor-toolbar-gap" />
        {isEdit ? (
          <>
            <button type="button" onClick={() => void save()} disabled={busy}>
              Save and close
            </button>
            <button type="button" onClick={() => activeTab && cancelEdit(activeTab)}>
              Cancel edit
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              onClick={() => void save()}
              disabled={noFile}
              title="Save (Ctrl+S)"
            >
              Save
            </button>
            <button
              type="button"
              onClick={() => void runWithFile((f) => `kubectl apply --dry-run=server -f ${f}`)}
              disabled={noFile}
              title="kubectl apply --dry-run=server -f FILE"
            >
              Dry run
            </button>
            <button
              type="button"
              onClick={() => void runWithFile((f) => `kubectl diff -f ${f}`)}
              disabled={noFile}
              title="kubectl diff -f FILE"
            >
              Diff
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => void runWithFile((f) => `kubectl apply -f ${f}`)}
              disabled={noFile}
              title="kubectl apply -f FILE"
            >
              Apply
            </button>
          </>
        )}
      </div>
      <div className="editor-tabs" role="tablist" aria-label="Open files" onKeyDown={onTabKey}>
        {tabs.map((t) => {
          const title =
            t.editId !== undefined
              ? `kubectl edit ${describeManifest(modelOf(t.path)?.getValue() ?? '') ?? ''}`
              : shortPath(t.path).replace(/^~\//, '');
          const selected = t.path === active;
          return (
            <div key={t.path} className={selected ? 'editor-tab active' : 'editor-tab'}>
              <button
                type="button"
                role="tab"
                aria-selected={selected}
                tabIndex={selected ? 0 : -1}
                title={t.path}
                onClick={() => useEditorStore.getState().setActive(t.path)}
              >
                {title}
                {dirty.has(t.path) && (
                  <span className="editor-dirty" aria-label="unsaved">
                    {' '}
                    ●
                  </span>
                )}
              </button>
              <button
                type="button"
                className="editor-tab-close"
                aria-label={`Close ${title}`}
                onClick={() => closeTab(t)}
              >
                ×
              </button>
            </div>
          );
        })}
      </div>
      {isEdit && (
        <div className="editor-banner" role="status">
          kubectl edit is waiting: Save and close to apply, Cancel edit to abort.
        </div>
      )}
      <div className="editor-host" ref={hostRef} data-testid="monaco-host" />
      {!activeTab && (
        <p className="editor-empty">
          Open a file from your home folder, or start a new one from a template.
        </p>
      )}
      <div className="editor-footer">
        <span
          className="editor-problems"
          data-testid="editor-problems"
          aria-live="polite"
          title={problems.map((p) => `line ${p.line}: ${p.message}`).join('\n')}
        >
          {activeTab
            ? problems.length === 0
              ? 'No problems'
              : `${problems.length} problem${problems.length === 1 ? '' : 's'}: line ${problems[0].line}: ${problems[0].message}`
            : ''}
        </span>
        <span className="editor-status" aria-live="polite">
          {status}
        </span>
        <span className="editor-hint">Ctrl+M: Tab moves focus</span>
      </div>
    </div>
  );
}
