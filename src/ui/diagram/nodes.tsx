/**
 * The diagram's node components: node boxes (and the unscheduled lane), pods, counted groups of
 * pods, and the other objects (workloads, Services, Ingresses, claims, volumes). Memoised: React
 * Flow hands each the same props until its item changes, so a frame re-renders changed items
 * only. Every string from the cluster is rendered as text.
 */
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { KeyboardEvent } from 'react';
import type { WatchedResource } from '../../worker/protocol';
import { useSelectionStore } from '../stores/selectionStore';
import type { BoxItem, DiagramItem, GroupItem, ObjectItem, PodItem } from './buildGraph';
import { HANDLES, handleMarkProps } from './handles';

export type PodNodeType = Node<PodItem & Record<string, unknown>, 'pod'>;
export type BoxNodeType = Node<BoxItem & Record<string, unknown>, 'box'>;
export type GroupNodeType = Node<GroupItem & Record<string, unknown>, 'group'>;
export type ObjectNodeType = Node<ObjectItem & Record<string, unknown>, 'object'>;

/** Where edges attach (see handles.ts): empty elements, hidden, that React Flow measures. */
function HandleMarks({ kind }: { kind: DiagramItem['kind'] }) {
  return (
    <>
      {HANDLES[kind].map((id) => (
        <span key={id} {...handleMarkProps(id)} />
      ))}
    </>
  );
}

function useSelected(resource: WatchedResource | undefined, key: string | undefined): boolean {
  return useSelectionStore(
    (s) => !!resource && s.selected?.resource === resource && s.selected.key === key,
  );
}

/** Click or Enter (or Space) selects the object, for the inspector. */
function selectProps(resource: WatchedResource | undefined, key: string | undefined) {
  if (!resource || !key) return {};
  const select = () => useSelectionStore.getState().select({ resource, key });
  return {
    tabIndex: 0,
    onClick: select,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select();
      }
    },
  };
}

export const PodNode = memo(function PodNode({ data }: NodeProps<PodNodeType>) {
  const selected = useSelected('pods', data.key);
  return (
    <div
      className={`diagram-pod look-${data.look}${selected ? ' selected' : ''}`}
      data-testid="diagram-pod"
      data-name={data.name}
      data-namespace={data.namespace}
      data-status={data.status}
      data-ready={data.ready}
      role="button"
      aria-label={`Pod ${data.name}, ${data.status}, ${data.ready} ready`}
      aria-pressed={selected}
      title={`${data.namespace}/${data.name}`}
      {...selectProps('pods', data.key)}
    >
      <HandleMarks kind="pod" />
      <span className="diagram-pod-name">{data.name}</span>
      <span className="diagram-pod-status">
        {data.status} <span className="diagram-pod-ready">{data.ready}</span>
        {data.restarts && data.restarts !== '0' ? (
          <span className="diagram-pod-restarts"> ↻{data.restarts.split(' ')[0]}</span>
        ) : null}
      </span>
    </div>
  );
});

export const BoxNode = memo(function BoxNode({ data }: NodeProps<BoxNodeType>) {
  const lane = data.box === 'unscheduled';
  const key = lane ? undefined : data.name;
  const selected = useSelected(lane ? undefined : 'nodes', key);
  return (
    <div
      className={`diagram-box ${lane ? 'lane' : 'node'}${selected ? ' selected' : ''}`}
      data-testid={lane ? 'diagram-unscheduled' : 'diagram-node'}
      data-name={lane ? undefined : data.name}
      data-count={data.count}
      aria-label={
        lane
          ? `${data.count} pods not scheduled on a node`
          : `Node ${data.name}, ${data.status}, ${data.count} pods`
      }
      role="group"
    >
      <div
        className="diagram-box-header"
        {...(lane ? {} : { ...selectProps('nodes', key), role: 'button' })}
      >
        <span className="diagram-box-kind">{lane ? 'Pending' : 'Node'}</span>{' '}
        <span className="diagram-box-name">{data.name}</span>
        {data.status && <span className="diagram-box-status"> {data.status}</span>}
        <span className="diagram-box-count"> · {data.count}</span>
      </div>
    </div>
  );
});

export const GroupNode = memo(function GroupNode({ data }: NodeProps<GroupNodeType>) {
  const selected = useSelected(data.ownerResource, data.ownerKey);
  const look = data.bad ? 'bad' : data.progress ? 'progress' : 'running';
  return (
    <div
      className={`diagram-pod diagram-group look-${look}${selected ? ' selected' : ''}`}
      data-testid="diagram-group"
      data-count={data.count}
      data-owner={data.owner}
      role="button"
      aria-label={`${data.count} pods of ${data.owner}: ${data.running} running, ${data.progress} on their way, ${data.bad} failing`}
      title={data.namespace ? `${data.namespace}: ${data.owner}` : data.owner}
      {...selectProps(data.ownerResource, data.ownerKey)}
    >
      <HandleMarks kind="group" />
      <span className="diagram-pod-name">
        {data.count} × {data.owner}
      </span>
      <span className="diagram-pod-status">
        <span className="ok">{data.running}</span> ·{' '}
        <span className="progress">{data.progress}</span> · <span className="bad">{data.bad}</span>
      </span>
    </div>
  );
});

const SHORT: Record<ObjectItem['objectKind'], string> = {
  Deployment: 'deploy',
  ReplicaSet: 'rs',
  DaemonSet: 'ds',
  StatefulSet: 'sts',
  Job: 'job',
  CronJob: 'cronjob',
  Service: 'svc',
  Ingress: 'ing',
  PersistentVolumeClaim: 'pvc',
  PersistentVolume: 'pv',
};

export const ObjectNode = memo(function ObjectNode({ data }: NodeProps<ObjectNodeType>) {
  const selected = useSelected(data.resource, data.key);
  return (
    <div
      className={`diagram-object kind-${SHORT[data.objectKind]}${selected ? ' selected' : ''}`}
      data-testid="diagram-object"
      data-kind={data.objectKind}
      data-name={data.name}
      role="button"
      aria-label={`${data.objectKind} ${data.name}${data.detail ? `, ${data.detail}` : ''}`}
      title={data.namespace ? `${data.namespace}/${data.name}` : data.name}
      {...selectProps(data.resource, data.key)}
    >
      <HandleMarks kind="object" />
      <span className="diagram-object-kind">{data.objectKind}</span>
      <span className="diagram-object-name">{data.name}</span>
      {data.detail && <span className="diagram-object-detail">{data.detail}</span>}
    </div>
  );
});

export const nodeTypes = { pod: PodNode, box: BoxNode, group: GroupNode, object: ObjectNode };
