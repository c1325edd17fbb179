/**
 * The inspector: the selected object (from the diagram, the tables, the timeline or a name
 * clicked in the terminal) as YAML, `kubectl describe`, its events and, for pods, its logs,
 * with actions. Everything is read through `exec`, so it is exactly what kubectl prints.
 */
import { useState } from 'react';
import type { ObjectEntry } from '../../worker/protocol';
import { Tabs } from '../layout/Tabs';
import { useClusterStore } from '../stores/clusterStore';
import { useSelectionStore } from '../stores/selectionStore';
import { useTimelineStore } from '../timeline/timelineStore';
import { InspectorActions } from './InspectorActions';
import { kubectlTarget } from './kubectlNames';
import type { KubectlTarget } from './kubectlNames';
import { LogsView } from './LogsView';
import { OutputText } from './OutputText';
import { useExec } from './useExec';
import './inspector.css';

type View = 'yaml' | 'describe' | 'events' | 'logs';

const VIEWS = [
  { id: 'yaml', title: 'YAML' },
  { id: 'describe', title: 'Describe' },
  { id: 'events', title: 'Events' },
  { id: 'logs', title: 'Logs' },
] as const satisfies readonly { id: View; title: string }[];

function commandFor(view: View, t: KubectlTarget): string | null {
  switch (view) {
    case 'yaml':
      return `kubectl get ${t.kind} ${t.name}${t.nsFlag} -o yaml`;
    case 'describe':
      return `kubectl describe ${t.kind} ${t.name}${t.nsFlag}`;
    case 'events':
      return `kubectl events --for ${t.ref}${t.nsFlag}`;
    case 'logs':
      return null;
  }
}

function Details({ entry, target }: { entry: ObjectEntry; target: KubectlTarget }) {
  const [view, setView] = useState<View>('yaml');
  const isPod = entry.resource === 'pods';
  const views: readonly { id: View; title: string }[] = isPod
    ? VIEWS
    : VIEWS.filter((v) => v.id !== 'logs');
  const current = !isPod && view === 'logs' ? 'yaml' : view;
  // Events do not change the object: count the timeline's events about it as well.
  const eventCount = useTimelineStore(
    (s) =>
      s.items.filter(
        (i) =>
          i.event.regarding.name === target.name &&
          i.event.regarding.kind.toLowerCase() === target.kind,
      ).length,
  );
  const version =
    current === 'yaml'
      ? entry.object.metadata.resourceVersion
      : `${entry.object.metadata.resourceVersion} ${eventCount}`;
  const output = useExec(commandFor(current, target), version);
  return (
    <>
      <InspectorActions key={`${entry.resource} ${entry.key}`} entry={entry} target={target} />
      <Tabs<View> label="Inspector view" tabs={views} current={current} onChange={setView} />
      <div className="inspector-body" role="tabpanel">
        {current === 'logs' ? (
          <LogsView target={target} pod={entry.object} />
        ) : (
          <OutputText output={output} label={VIEWS.find((v) => v.id === current)!.title} />
        )}
      </div>
    </>
  );
}

export function InspectorPanel() {
  const selected = useSelectionStore((s) => s.selected);
  const entry = useClusterStore((s) =>
    selected ? s.objects[selected.resource][selected.key] : undefined,
  );
  if (!selected) {
    return (
      <div className="inspector-panel" data-testid="inspector">
        <p className="inspector-empty">
          Select something in the diagram or the tables, or click a name in the terminal, to see it
          here.
        </p>
      </div>
    );
  }
  const target = kubectlTarget(selected);
  return (
    <div className="inspector-panel" data-testid="inspector">
      <header className="inspector-title">
        <h2>
          {target.ref}
          {target.namespace && <span className="inspector-ns"> in {target.namespace}</span>}
        </h2>
      </header>
      {entry ? (
        <Details key={`${selected.resource} ${selected.key}`} entry={entry} target={target} />
      ) : (
        <p className="inspector-empty">{target.ref} no longer exists.</p>
      )}
    </div>
  );
}
