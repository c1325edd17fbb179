/**
 * The playground page: the time bar on top; the terminal (with the editor above it once opened)
 * on the left; the cluster in the middle (diagram, or the tables); the inspector and the timeline
 * on the right. Panels are resizable.
 */
import { useEffect } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { DiagramPanel } from './diagram/DiagramPanel';
import { EditorPanel } from './editor/EditorPanel';
import { InspectorPanel } from './inspector/InspectorPanel';
import { Tabs } from './layout/Tabs';
import { NodeList } from './resources/NodeList';
import { PodList } from './resources/PodList';
import { SettingsMenu } from './settings/SettingsMenu';
import { useClockStore } from './stores/clockStore';
import { useWorkspaceStore } from './stores/workspaceStore';
import type { CenterTab, SideTab } from './stores/workspaceStore';
import { TerminalPanel } from './terminal/TerminalPanel';
import { TimeControls } from './time/TimeControls';
import { TimelinePanel } from './timeline/TimelinePanel';

const CENTER_TABS = [
  { id: 'diagram', title: 'Diagram' },
  { id: 'table', title: 'Tables' },
] as const satisfies readonly { id: CenterTab; title: string }[];

const SIDE_TABS = [
  { id: 'inspector', title: 'Inspector' },
  { id: 'timeline', title: 'Timeline' },
] as const satisfies readonly { id: SideTab; title: string }[];

export function App() {
  const fault = useClockStore((s) => s.fault);
  const theme = useWorkspaceStore((s) => s.theme);
  const editorOpen = useWorkspaceStore((s) => s.editorOpen);
  const setEditorOpen = useWorkspaceStore((s) => s.setEditorOpen);
  const centerTab = useWorkspaceStore((s) => s.centerTab);
  const setCenterTab = useWorkspaceStore((s) => s.setCenterTab);
  const sideTab = useWorkspaceStore((s) => s.sideTab);
  const setSideTab = useWorkspaceStore((s) => s.setSideTab);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>Kubernetes playground</h1>
        <TimeControls />
        <div className="topbar-end">
          <button
            type="button"
            className="toggle"
            aria-pressed={editorOpen}
            onClick={() => setEditorOpen(!editorOpen)}
          >
            Editor
          </button>
          <SettingsMenu />
        </div>
      </header>
      {fault && (
        <div className="fault" role="alert">
          The cluster stopped: {fault}. Its clock is paused; reload the page to start a new one.
        </div>
      )}
      <Group orientation="horizontal" className="workspace">
        <Panel id="left-panel" defaultSize="36%" minSize="20%">
          <Group orientation="vertical">
            {editorOpen && (
              <>
                <Panel id="editor-panel" defaultSize="55%" minSize="15%">
                  <EditorPanel />
                </Panel>
                <Separator className="separator horizontal" />
              </>
            )}
            <Panel id="terminal-panel" minSize="15%">
              <TerminalPanel />
            </Panel>
          </Group>
        </Panel>
        <Separator className="separator vertical" />
        <Panel id="center-panel" minSize="20%">
          <section className="panel center-panel" aria-label="Cluster">
            <Tabs
              label="Cluster view"
              tabs={CENTER_TABS}
              current={centerTab}
              onChange={setCenterTab}
            />
            {centerTab === 'diagram' ? (
              <DiagramPanel />
            ) : (
              <div className="tables">
                <NodeList />
                <PodList />
              </div>
            )}
          </section>
        </Panel>
        <Separator className="separator vertical" />
        <Panel id="side-panel" defaultSize="24%" minSize="15%">
          <section className="panel side-panel" aria-label="Details">
            <Tabs label="Details" tabs={SIDE_TABS} current={sideTab} onChange={setSideTab} />
            {sideTab === 'inspector' ? <InspectorPanel /> : <TimelinePanel />}
          </section>
        </Panel>
      </Group>
    </div>
  );
}
