/**
 * The watch cache's filtering rule: an event passes a filtered watch when the object matches
 * before or after the change, and its type says what the change means to that watcher.
 */
import type { KubeObject } from '../api/types';
import { matchesLabels } from '../api/selectors';
import type { ListOptions, StoreEvent } from './types';
import { namespaceOf } from './keys';

export type ObjectMatcher = (obj: KubeObject) => boolean;

/** The list/watch filters of `opts` as one predicate; undefined when nothing is filtered. */
export function objectMatcher(opts: ListOptions): ObjectMatcher | undefined {
  const { namespace, labelSelector, ownerUid, filter } = opts;
  const sel = labelSelector && labelSelector.length > 0 ? labelSelector : undefined;
  if (namespace === undefined && !sel && ownerUid === undefined && !filter) return undefined;
  return (obj) =>
    (namespace === undefined || namespaceOf(obj) === namespace) &&
    (!sel || matchesLabels(sel, obj.metadata.labels)) &&
    (ownerUid === undefined ||
      (obj.metadata.ownerReferences ?? []).some((r) => r.uid === ownerUid)) &&
    (!filter || filter(obj));
}

/**
 * The event a watcher with `match` receives for `ev`, or undefined when it receives none:
 * matches now but not before -> ADDED; matched before but not now -> DELETED carrying the new
 * object; both -> the event's own type.
 */
export function filterEvent(
  ev: StoreEvent,
  match: ObjectMatcher | undefined,
): StoreEvent | undefined {
  if (!match) return ev;
  switch (ev.type) {
    case 'ADDED':
      return match(ev.object) ? ev : undefined;
    case 'DELETED':
      return match(ev.prev ?? ev.object) ? ev : undefined;
    case 'MODIFIED': {
      const before = ev.prev !== undefined && match(ev.prev);
      const after = match(ev.object);
      if (before && after) return ev;
      if (after)
        return Object.freeze({
          type: 'ADDED',
          resource: ev.resource,
          object: ev.object,
          revision: ev.revision,
        });
      if (before) return Object.freeze({ ...ev, type: 'DELETED' });
      return undefined;
    }
  }
}
