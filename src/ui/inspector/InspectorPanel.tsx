/** The inspector: what is selected, as YAML, describe, events, logs, with actions. */
export function InspectorPanel() {
  return <div className="inspector-panel" data-testid="inspector" />;
}
