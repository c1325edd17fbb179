/** The live cluster diagram (React Flow). */
export function DiagramPanel() {
  return <div className="diagram-panel" data-testid="diagram" />;
}
