/** Nodes as `kubectl get nodes` shows them (NAME, STATUS, ROLES, AGE, VERSION), live. */
import { memo } from 'react';
import { inspect } from '../inspector/inspect';
import { cell, useClusterStore } from '../stores/clusterStore';
import { useSelectionStore } from '../stores/selectionStore';
import { AgeCell } from './AgeCell';
import { statusTone } from './statusTone';
import './selectable.css';

const NodeRow = memo(function NodeRow({ nodeKey }: { nodeKey: string }) {
  const entry = useClusterStore((s) => s.objects.nodes[nodeKey]);
  const columns = useClusterStore((s) => s.columns.nodes);
  const selected = useSelectionStore(
    (s) => s.selected?.resource === 'nodes' && s.selected.key === nodeKey,
  );
  if (!entry) return null;
  const status = cell(columns, entry, 'Status');
  const open = () => inspect({ resource: 'nodes', key: nodeKey });
  return (
    <tr
      data-testid="node-row"
      data-key={nodeKey}
      className={selected ? 'selectable selected' : 'selectable'}
      aria-current={selected || undefined}
      tabIndex={0}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
    >
      <td className="name">{entry.object.metadata.name}</td>
      <td className={`status ${statusTone(status)}`}>{status}</td>
      <td>{cell(columns, entry, 'Roles')}</td>
      <AgeCell since={entry.object.metadata.creationTimestamp} />
      <td>{cell(columns, entry, 'Version')}</td>
    </tr>
  );
});

export function NodeList() {
  const keys = useClusterStore((s) => s.keys.nodes);
  return (
    <section className="resource-list" aria-labelledby="nodes-title">
      <header>
        <h2 id="nodes-title">
          Nodes <span className="count">{keys.length}</span>
        </h2>
      </header>
      <table data-testid="node-list">
        <thead>
          <tr>
            <th>NAME</th>
            <th>STATUS</th>
            <th>ROLES</th>
            <th>AGE</th>
            <th>VERSION</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <NodeRow key={k} nodeKey={k} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
