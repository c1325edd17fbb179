/**
 * The live cluster diagram (React Flow), loaded on first show: React Flow and the diagram's code
 * stay off the page's critical path, before the terminal's first prompt. A failure inside the
 * diagram stays inside its panel: the terminal and the tables keep working.
 */
import { Component, lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { useAfterPrompt } from '../bridge/useAfterPrompt';

const DiagramView = lazy(() => import('./DiagramView').then((m) => ({ default: m.DiagramView })));

class DiagramBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null };

  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <p className="diagram-loading" role="alert">
          The diagram stopped: {this.state.error}. The Tables tab still shows the cluster.
        </p>
      );
    }
    return this.props.children;
  }
}

export function DiagramPanel() {
  // Not before the terminal shows its first prompt: React Flow loads after it, not against it
  // (and there is nothing to draw before the cluster is up).
  const ready = useAfterPrompt();
  const loading = <p className="diagram-loading">Loading the diagram…</p>;
  return (
    <div className="diagram-panel" data-testid="diagram">
      <DiagramBoundary>
        <Suspense fallback={loading}>{ready ? <DiagramView /> : loading}</Suspense>
      </DiagramBoundary>
    </div>
  );
}
