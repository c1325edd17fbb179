/** The YAML editor (Monaco), loaded the first time it is shown. */
export function EditorPanel() {
  return <div className="editor-panel" data-testid="editor" />;
}
