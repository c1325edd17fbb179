/** The playground page: time bar on top, the terminal, and the live cluster beside it. */
import { NodeList } from './resources/NodeList';
import { PodList } from './resources/PodList';
import { useClockStore } from './stores/clockStore';
import { TerminalPanel } from './terminal/TerminalPanel';
import { TimeControls } from './time/TimeControls';

export function App() {
  const fault = useClockStore((s) => s.fault);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Kubernetes playground</h1>
        <TimeControls />
      </header>
      {fault && (
        <div className="fault" role="alert">
          The cluster stopped: {fault}. Its clock is paused; reload the page to start a new one.
        </div>
      )}
      <main className="workspace">
        <TerminalPanel />
        <aside className="panel cluster-panel" aria-label="Cluster">
          <NodeList />
          <PodList />
        </aside>
      </main>
    </div>
  );
}
