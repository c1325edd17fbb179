/**
 * Kinds served by two group-versions over one storage, converted on the way in and out as
 * upstream's conversion functions do. Events are stored in the core/v1 shape; events.k8s.io/v1
 * reads and writes the same objects under its own field names
 * (pkg/apis/events/v1/conversion.go).
 */
import type { ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';

type Obj = Record<string, unknown>;

function pick(o: Obj, map: [string, string][]): Obj {
  const out: Obj = {};
  for (const [from, to] of map) if (o[from] !== undefined) out[to] = o[from];
  return out;
}

/** core/v1 field ↔ events.k8s.io/v1 field. */
const EVENT_FIELDS: [string, string][] = [
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['involvedObject', 'regarding'],
  ['related', 'related'],
  ['message', 'note'],
  ['type', 'type'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

function coreEventToEvents(e: KubeObject): KubeObject {
  const body = pick(e as Obj, EVENT_FIELDS);
  if (body.eventTime === undefined) body.eventTime = null;
  return { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: e.metadata, ...body };
}

function eventsEventToCore(e: KubeObject): KubeObject {
  const reversed = EVENT_FIELDS.map(([a, b]) => [b, a] as [string, string]);
  return { apiVersion: 'v1', kind: 'Event', metadata: e.metadata, ...pick(e as Obj, reversed) };
}

const EVENTS_KEY = 'events';

/** True when this kind's objects are stored in another version's shape. */
function isEventsV1(rt: ResourceType): boolean {
  return rt.group === 'events.k8s.io' && rt.kind === 'Event';
}

/** The stored object as `rt` serves it. */
export function toServed(rt: ResourceType, obj: KubeObject): KubeObject {
  if (rt.key === EVENTS_KEY && rt.kind === 'Event') {
    if (isEventsV1(rt) && obj.apiVersion === 'v1') return coreEventToEvents(obj);
    if (!isEventsV1(rt) && obj.apiVersion === 'events.k8s.io/v1') return eventsEventToCore(obj);
  }
  return obj;
}

/** An object written through `rt`, in the shape storage keeps. */
export function toStorage(rt: ResourceType, obj: KubeObject): KubeObject {
  return isEventsV1(rt) && obj.apiVersion === 'events.k8s.io/v1' ? eventsEventToCore(obj) : obj;
}
