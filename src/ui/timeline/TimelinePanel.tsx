/**
 * The timeline: the cluster's Events in plain words as they happen, each with the component
 * that made the change, at the cluster clock's time. Filter by namespace and kind; the list
 * follows the newest unless the learner scrolls up. An object's name selects it. Of up to 1,000
 * rows only those in view (and a few around) are in the DOM: rows have one height (useVirtualRows).
 */
import { memo, useMemo, useState } from 'react';
import type { CSSProperties } from 'react';
import { inspect } from '../inspector/inspect';
import { useClusterStore } from '../stores/clusterStore';
import { clockTime } from '../time/formatClock';
import { kindResource } from './kindResource';
import { useTimelineStore } from './timelineStore';
import type { TimelineItem } from './timelineStore';
import { useVirtualRows } from './useVirtualRows';
import './timeline.css';

const ALL = '';

/** Rows rendered above and below the ones in view, so a quick scroll shows no gap. */
const OVERSCAN = 8;
/** A row's height before one was measured (three lines at the default text size). */
const ESTIMATED_ROW_PX = 60;

interface RowProps {
  item: TimelineItem;
  index: number;
  count: number;
  top: number;
  measure?: (el: HTMLElement | null) => void;
}

const TimelineRow = memo(function TimelineRow({ item, index, count, top, measure }: RowProps) {
  const { event } = item;
  const resource = kindResource(event.regarding.kind);
  const ns = event.regarding.namespace;
  const key = ns ? `${ns}/${event.regarding.name}` : event.regarding.name;
  const exists = useClusterStore((s) => !!resource && !!s.objects[resource][key]);
  const label = `${event.regarding.kind.toLowerCase()}/${event.regarding.name}`;
  return (
    <li
      ref={measure}
      className={event.type === 'Warning' ? 'timeline-item warning' : 'timeline-item'}
      data-testid="timeline-item"
      data-id={item.id}
      // Only some rows are in the DOM: the position in the whole list is told, not counted.
      aria-posinset={index + 1}
      aria-setsize={count}
      style={{ top }}
    >
      <span className="timeline-head">
        <time className="timeline-time" dateTime={new Date(event.timeMs).toISOString()}>
          {clockTime(event.timeMs)}
        </time>{' '}
        <span className="timeline-badge" data-component={event.component}>
          {item.component}
        </span>{' '}
        {resource && exists ? (
          <button
            type="button"
            className="timeline-object"
            onClick={() => inspect({ resource, key })}
            aria-label={`Inspect ${label}${ns ? ` in ${ns}` : ''}`}
            title={label}
          >
            {label}
          </button>
        ) : (
          <span className="timeline-object gone" title={label}>
            {label}
          </span>
        )}
      </span>{' '}
      {/* At most two lines show; the whole sentence is in the title and read out in full. */}
      <span className="timeline-text" title={item.text}>
        {item.text}
      </span>
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

  const [following, setFollowing] = useState(true);
  const rows = useVirtualRows(visible.length, {
    estimatedRowHeight: ESTIMATED_ROW_PX,
    overscan: OVERSCAN,
    followBottom: following,
  });
  // A row whose button has the focus stays rendered when it scrolls out of the range, so the
  // focus is not lost to the page as new events push it up.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const shown: number[] = [];
  const focused = focusedId === null ? -1 : visible.findIndex((i) => i.id === focusedId);
  if (focused >= 0 && focused < rows.start) shown.push(focused);
  for (let i = rows.start; i < rows.end; i++) shown.push(i);
  if (focused >= rows.end) shown.push(focused);

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
          ref={rows.scrollerRef}
          className="timeline-list"
          aria-label="Cluster events"
          tabIndex={0}
          style={{ '--timeline-rows-height': `${rows.totalHeight}px` } as CSSProperties}
          onScroll={(e) => {
            rows.onScroll();
            const el = e.currentTarget;
            const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
            if (atBottom !== following) setFollowing(atBottom);
          }}
          onFocus={(e) => {
            const row = (e.target as HTMLElement).closest<HTMLElement>('.timeline-item');
            setFocusedId(row?.dataset.id ?? null);
          }}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) setFocusedId(null);
          }}
        >
          {shown.map((i) => (
            <TimelineRow
              key={visible[i].id}
              item={visible[i]}
              index={i}
              count={visible.length}
              top={i * rows.rowHeight}
              measure={i === rows.start ? rows.measureRow : undefined}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
