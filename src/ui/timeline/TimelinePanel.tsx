/**
 * The timeline: the cluster's Events in plain words as they happen, each with the component
 * that made the change, at the cluster clock's time. Filter by namespace and kind; the list
 * follows the newest unless the learner scrolls up. An object's name selects it.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { inspect } from '../inspector/inspect';
import { useClusterStore } from '../stores/clusterStore';
import { clockTime } from '../time/formatClock';
import { kindResource } from './kindResource';
import { useTimelineStore } from './timelineStore';
import type { TimelineItem } from './timelineStore';
import './timeline.css';

const ALL = '';

const TimelineRow = memo(function TimelineRow({ item }: { item: TimelineItem }) {
  const { event } = item;
  const resource = kindResource(event.regarding.kind);
  const ns = event.regarding.namespace;
  const key = ns ? `${ns}/${event.regarding.name}` : event.regarding.name;
  const exists = useClusterStore((s) => !!resource && !!s.objects[resource][key]);
  const label = `${event.regarding.kind.toLowerCase()}/${event.regarding.name}`;
  return (
    <li
      className={event.type === 'Warning' ? 'timeline-item warning' : 'timeline-item'}
      data-testid="timeline-item"
    >
      <time className="timeline-time" dateTime={new Date(event.timeMs).toISOString()}>
        {clockTime(event.timeMs)}
      </time>
      <span className="timeline-badge" data-component={event.component}>
        {item.component}
      </span>{' '}
      <span className="timeline-text">{item.text}</span>{' '}
      {resource && exists ? (
        <button
          type="button"
          className="timeline-object"
          onClick={() => inspect({ resource, key })}
          aria-label={`Inspect ${label}${ns ? ` in ${ns}` : ''}`}
        >
          {label}
        </button>
      ) : (
        <span className="timeline-object gone">{label}</span>
      )}
    </li>
  );
});

export function TimelinePanel() {
  const items = useTimelineStore((s) => s.items);
  const [namespace, setNamespace] = useState(ALL);
  const [kind, setKind] = useState(ALL);
  const { namespaces, kinds } = useMemo(() => {
    const n = new Set<string>();
    const k = new Set<string>();
    for (const i of items) {
      if (i.event.namespace) n.add(i.event.namespace);
      k.add(i.event.regarding.kind);
    }
    return { namespaces: [...n].sort(), kinds: [...k].sort() };
  }, [items]);
  const visible = useMemo(
    () =>
      items.filter(
        (i) =>
          (namespace === ALL || i.event.namespace === namespace) &&
          (kind === ALL || i.event.regarding.kind === kind),
      ),
    [items, namespace, kind],
  );

  const list = useRef<HTMLOListElement>(null);
  const [following, setFollowing] = useState(true);
  useLayoutEffect(() => {
    const el = list.current;
    if (el && following) el.scrollTop = el.scrollHeight;
  }, [visible, following]);

  return (
    <div className="timeline-panel" data-testid="timeline">
      <div className="timeline-filters">
        <label>
          namespace{' '}
          <select value={namespace} onChange={(e) => setNamespace(e.target.value)}>
            <option value={ALL}>all</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value={ALL}>all</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {!following && (
          <button type="button" onClick={() => setFollowing(true)}>
            Follow newest
          </button>
        )}
      </div>
      {visible.length === 0 ? (
        <p className="timeline-empty">No events yet. Changes to the cluster show up here.</p>
      ) : (
        <ol
          ref={list}
          className="timeline-list"
          aria-label="Cluster events"
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
            if (atBottom !== following) setFollowing(atBottom);
          }}
        >
          {visible.map((i) => (
            <TimelineRow key={i.id} item={i} />
          ))}
        </ol>
      )}
    </div>
  );
}
