/**
 * Pods as `kubectl get pods` shows them (NAME, READY, STATUS, RESTARTS, AGE, NODE), live from
 * the Worker's diffs, for one namespace or all of them.
 */
import { memo, useMemo, useState } from 'react';
import { inspect } from '../inspector/inspect';
import { cell, useClusterStore } from '../stores/clusterStore';
import { useSelectionStore } from '../stores/selectionStore';
import { AgeCell } from './AgeCell';
import { statusTone } from './statusTone';
import './selectable.css';

const ALL = '';
/** Rows drawn at most; the rest are counted (the diagram will show them all). */
export const MAX_ROWS = 300;

const PodRow = memo(function PodRow({
  podKey,
  showNamespace,
}: {
  podKey: string;
  showNamespace: boolean;
}) {
  const entry = useClusterStore((s) => s.objects.pods[podKey]);
  const columns = useClusterStore((s) => s.columns.pods);
  const selected = useSelectionStore(
    (s) => s.selected?.resource === 'pods' && s.selected.key === podKey,
  );
  if (!entry) return null;
  const status = cell(columns, entry, 'Status');
  const { metadata } = entry.object;
  const open = () => inspect({ resource: 'pods', key: podKey });
  return (
    <tr
      data-testid="pod-row"
      data-key={podKey}
      className={selected ? 'selectable selected' : 'selectable'}
      aria-current={selected || undefined}
      tabIndex={0}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
    >
      {showNamespace && <td className="namespace">{metadata.namespace}</td>}
      <td className="name">{metadata.name}</td>
      <td>{cell(columns, entry, 'Ready')}</td>
      <td className={`status ${statusTone(status)}`} data-testid="pod-status">
        {status}
      </td>
      <td>{cell(columns, entry, 'Restarts')}</td>
      <AgeCell since={metadata.creationTimestamp} />
      <td className="node">{cell(columns, entry, 'Node')}</td>
    </tr>
  );
});

export function PodList() {
  const keys = useClusterStore((s) => s.keys.pods);
  const namespaces = useClusterStore((s) => s.keys.namespaces);
  const [namespace, setNamespace] = useState(ALL);
  const visible = useMemo(
    () => (namespace === ALL ? keys : keys.filter((k) => k.startsWith(`${namespace}/`))),
    [keys, namespace],
  );
  const showNamespace = namespace === ALL;
  return (
    <section className="resource-list" aria-labelledby="pods-title">
      <header>
        <h2 id="pods-title">
          Pods <span className="count">{visible.length}</span>
        </h2>
        <label>
          namespace{' '}
          <select
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            data-testid="pod-namespace"
          >
            <option value={ALL}>all namespaces</option>
            {namespaces.map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
          </select>
        </label>
      </header>
      <table data-testid="pod-list">
        <thead>
          <tr>
            {showNamespace && <th>NAMESPACE</th>}
            <th>NAME</th>
            <th>READY</th>
            <th>STATUS</th>
            <th>RESTARTS</th>
            <th>AGE</th>
            <th>NODE</th>
          </tr>
        </thead>
        <tbody>
          {visible.slice(0, MAX_ROWS).map((k) => (
            <PodRow key={k} podKey={k} showNamespace={showNamespace} />
          ))}
        </tbody>
      </table>
      {visible.length === 0 && (
        <p className="empty">
          No resources found{namespace === ALL ? '' : ` in ${namespace} namespace`}.
        </p>
      )}
      {visible.length > MAX_ROWS && (
        <p className="more">
          {MAX_ROWS} of {visible.length} pods shown; choose a namespace or use kubectl get pods.
        </p>
      )}
    </section>
  );
}
