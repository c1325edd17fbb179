/**
 * The YAML editor's slot. Monaco (about 1 MB gzipped with its workers) loads only the first time
 * the editor is shown, so none of it stands between the page and the terminal's prompt.
 */
import { lazy, Suspense } from 'react';

const YamlEditor = lazy(() => import('./YamlEditor'));

export function EditorPanel() {
  return (
    <section className="panel editor-panel" data-testid="editor" aria-label="Editor">
      <Suspense fallback={<p className="editor-loading">Loading the editor…</p>}>
        <YamlEditor />
      </Suspense>
    </section>
  );
}
