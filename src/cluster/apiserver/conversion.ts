/**
 * Kinds served by two group-versions over one storage, converted on the way in and out as
 * upstream's conversion functions do. Events are stored in the core/v1 shape; events.k8s.io/v1
 * reads and writes the same objects under its own field names
 * (pkg/apis/events/v1/conversion.go). HorizontalPodAutoscalers are stored as autoscaling/v2 and
 * served as v1 through upstream's v1 conversion.
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

const HPA_KEY = 'horizontalpodautoscalers.autoscaling';
const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';

type Metric = {
  type?: string;
  resource?: { name?: string; target?: Obj; current?: Obj };
};

const isCpuUtilization = (m: Metric): boolean =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization';

/**
 * autoscaling/v2 → v1 (pkg/apis/autoscaling/v1/conversion.go): the CPU Utilization metric
 * becomes targetCPUUtilizationPercentage, conditions and behavior ride in annotations. Metrics v1
 * cannot express are left out of its view.
 */
function hpaV2ToV1(h: KubeObject): KubeObject {
  const spec = (h.spec ?? {}) as Obj;
  const status = h.status as Obj | undefined;
  const cpu = ((spec.metrics ?? []) as Metric[]).find(isCpuUtilization);
  const v1Spec = pick(spec, [
    ['scaleTargetRef', 'scaleTargetRef'],
    ['minReplicas', 'minReplicas'],
    ['maxReplicas', 'maxReplicas'],
  ]);
  if (cpu) v1Spec.targetCPUUtilizationPercentage = cpu.resource?.target?.averageUtilization;
  const annotations: Record<string, string> = { ...(h.metadata.annotations ?? {}) };
  if (spec.behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify(spec.behavior);
  const conditions = status?.conditions as unknown[] | undefined;
  if (conditions?.length) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(conditions);
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const out: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: v1Spec,
  };
  if (status) {
    const v1Status = pick(status, [
      ['observedGeneration', 'observedGeneration'],
      ['lastScaleTime', 'lastScaleTime'],
      ['currentReplicas', 'currentReplicas'],
      ['desiredReplicas', 'desiredReplicas'],
    ]);
    const current = ((status.currentMetrics ?? []) as Metric[]).find(
      (m) => m.type === 'Resource' && m.resource?.name === 'cpu',
    )?.resource?.current?.averageUtilization;
    if (current !== undefined) v1Status.currentCPUUtilizationPercentage = current;
    out.status = v1Status;
  }
  return out;
}

/** autoscaling/v1 → v2: the inverse of hpaV2ToV1. */
function hpaV1ToV2(h: KubeObject): KubeObject {
  const spec = (h.spec ?? {}) as Obj;
  const status = h.status as Obj | undefined;
  const annotations: Record<string, string> = { ...(h.metadata.annotations ?? {}) };
  const v2Spec = pick(spec, [
    ['scaleTargetRef', 'scaleTargetRef'],
    ['minReplicas', 'minReplicas'],
    ['maxReplicas', 'maxReplicas'],
  ]);
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    v2Spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
        },
      },
    ];
  }
  const parse = (k: string): unknown => {
    const v = annotations[k];
    delete annotations[k];
    if (v === undefined) return undefined;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  };
  const behavior = parse(BEHAVIOR_ANNOTATION);
  if (behavior && typeof behavior === 'object') v2Spec.behavior = behavior;
  const conditions = parse(CONDITIONS_ANNOTATION);
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: v2Spec,
  };
  if (status) {
    const v2Status = pick(status, [
      ['observedGeneration', 'observedGeneration'],
      ['lastScaleTime', 'lastScaleTime'],
      ['currentReplicas', 'currentReplicas'],
      ['desiredReplicas', 'desiredReplicas'],
    ]);
    const cpu = status.currentCPUUtilizationPercentage;
    if (cpu !== undefined) {
      v2Status.currentMetrics = [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } },
      ];
    }
    if (Array.isArray(conditions) && conditions.length) v2Status.conditions = conditions;
    out.status = v2Status;
  }
  return out;
}

/** The stored object as `rt` serves it. */
export function toServed(rt: ResourceType, obj: KubeObject): KubeObject {
  if (rt.key === HPA_KEY) {
    if (rt.version === 'v1' && obj.apiVersion === 'autoscaling/v2') return hpaV2ToV1(obj);
    if (rt.version === 'v2' && obj.apiVersion === 'autoscaling/v1') return hpaV1ToV2(obj);
    return obj;
  }
  if (rt.key === EVENTS_KEY && rt.kind === 'Event') {
    if (isEventsV1(rt) && obj.apiVersion === 'v1') return coreEventToEvents(obj);
    if (!isEventsV1(rt) && obj.apiVersion === 'events.k8s.io/v1') return eventsEventToCore(obj);
  }
  return obj;
}

/** An object written through `rt`, in the shape storage keeps. */
export function toStorage(rt: ResourceType, obj: KubeObject): KubeObject {
  // HorizontalPodAutoscalers are stored as autoscaling/v2, as upstream's storage version.
  if (rt.key === HPA_KEY && obj.apiVersion === 'autoscaling/v1') return hpaV1ToV2(obj);
  return isEventsV1(rt) && obj.apiVersion === 'events.k8s.io/v1' ? eventsEventToCore(obj) : obj;
}
