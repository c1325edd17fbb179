/**
 * Field selectors as the API server applies them. Two upstream steps, kept apart as upstream does:
 * the version's field label conversion (which labels a kind accepts, and the 400 message for the
 * rest: pkg/apis/<group>/<version>/conversion.go, runtime.DefaultMetaV1FieldSelectorConversion),
 * and the storage's selectable fields (<kind>ToSelectableFields in pkg/registry/...).
 */
import { badRequest } from './errors';
import type { ResourceType } from './registry';
import type { FieldRequirement } from './selectors';
import { matchesFields } from './selectors';
import type { KubeObject } from './types';
import { evalJsonPath, parseJsonPath } from './printers/jsonpath';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects are schemaless JSON here
type Any = any;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const intStr = (v: unknown): string => String(typeof v === 'number' ? Math.trunc(v) : 0);

/** generic.ObjectMetaFieldsSet. */
function objectMetaFields(obj: KubeObject, namespaced: boolean): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
  if (namespaced) f['metadata.namespace'] = obj.metadata?.namespace ?? '';
  return f;
}

function podFields(pod: Any): Record<string, string> {
  const ips: Any[] = pod.status?.podIPs ?? [];
  const podIP = ips.length > 0 ? str(ips[0]?.ip) : str(pod.status?.podIP);
  return {
    'spec.nodeName': str(pod.spec?.nodeName),
    'spec.restartPolicy': str(pod.spec?.restartPolicy),
    'spec.schedulerName': str(pod.spec?.schedulerName),
    'spec.serviceAccountName': str(pod.spec?.serviceAccountName),
    'spec.hostNetwork': String(pod.spec?.hostNetwork === true),
    'status.phase': str(pod.status?.phase),
    'status.podIP': podIP,
    'status.nominatedNodeName': str(pod.status?.nominatedNodeName),
  };
}

function eventFields(e: Any, eventsAPI: boolean): Record<string, string> {
  const io = (eventsAPI ? e.regarding : e.involvedObject) ?? {};
  const reportingController = str(eventsAPI ? e.reportingController : e.reportingComponent);
  const source = eventsAPI ? e.deprecatedSource : e.source;
  return {
    'involvedObject.kind': str(io.kind),
    'involvedObject.namespace': str(io.namespace),
    'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid),
    'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion),
    'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(e.reason),
    reportingComponent: reportingController,
    source: str(source?.component) || reportingController,
    type: str(e.type),
  };
}

/** The CRD version's selectableFields: label (the JSONPath without its dot) to value. */
function customFields(obj: KubeObject, rt: ResourceType, crd?: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const jsonPath of customSelectable(rt, crd)) {
    let value: unknown;
    try {
      value = evalJsonPath(parseJsonPath(jsonPath), obj)[0];
    } catch {
      continue;
    }
    const label = jsonPath.replace(/^\./, '');
    if (typeof value === 'string') out[label] = value;
    else if (typeof value === 'boolean') out[label] = String(value);
    else if (typeof value === 'number' && Number.isInteger(value)) out[label] = String(value);
  }
  return out;
}

function customSelectable(rt: ResourceType, crd?: KubeObject): string[] {
  const versions: Any[] = (crd as Any)?.spec?.versions ?? [];
  const v = versions.find((x) => x?.name === rt.version);
  return ((v?.selectableFields ?? []) as Any[]).map((f) => str(f?.jsonPath)).filter(Boolean);
}

/** The selectable fields of an object of this kind and their values, as upstream's <kind>ToSelectableFields. */
export function selectableFields(
  rt: ResourceType,
  obj: KubeObject,
  crd?: KubeObject,
): Record<string, string> {
  const o = obj as Any;
  const meta = objectMetaFields(obj, rt.namespaced);
  if (rt.custom) return { ...meta, ...customFields(obj, rt, crd) };
  switch (`${rt.group}/${rt.kind}`) {
    case '/Pod':
      return { ...podFields(o), ...meta };
    case '/Node':
      return { ...meta, 'spec.unschedulable': String(o.spec?.unschedulable === true) };
    case '/ReplicationController':
    case 'apps/ReplicaSet':
      return { ...meta, 'status.replicas': intStr(o.status?.replicas) };
    case '/Event':
      return { ...eventFields(o, false), ...meta };
    case 'events.k8s.io/Event':
      return { ...eventFields(o, true), ...meta };
    case '/Namespace':
      // "name" is a historical mistake upstream keeps; no conversion lets a request reach it.
      return { ...meta, 'status.phase': str(o.status?.phase), name: obj.metadata?.name ?? '' };
    case '/Secret':
      return { ...meta, type: str(o.type) };
    case '/Service':
      return { ...meta, 'spec.clusterIP': str(o.spec?.clusterIP), 'spec.type': str(o.spec?.type) };
    case 'batch/Job':
      return { ...meta, 'status.successful': intStr(o.status?.succeeded) };
    case '/PersistentVolume':
    case '/PersistentVolumeClaim':
      return { ...meta, name: obj.metadata?.name ?? '' };
  }
  return meta;
}

const notSupported = (label: string) => new Error(`field label not supported: ${label}`);

/** Field labels per kind whose version registers a conversion function; value is the storage label. */
const CONVERSIONS: Record<string, (label: string) => string> = {
  '/Pod': (l) => {
    if (l === 'spec.host') return 'spec.nodeName'; // old v1 clients
    const ok = [
      'metadata.name',
      'metadata.namespace',
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ];
    if (ok.includes(l)) return l;
    throw notSupported(l);
  },
  '/Node': oneOf(['metadata.name', 'spec.unschedulable']),
  '/ReplicationController': oneOf(['metadata.name', 'metadata.namespace', 'status.replicas']),
  '/Event': oneOf([
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ]),
  '/Namespace': oneOf(['status.phase', 'metadata.name']),
  '/Secret': oneOf(['type', 'metadata.namespace', 'metadata.name']),
  '/Service': oneOf(['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type']),
  'batch/Job': (l) => {
    if (['metadata.name', 'metadata.namespace', 'status.successful'].includes(l)) return l;
    throw new Error(`field label "${l}" not supported for Job`);
  },
  'events.k8s.io/Event': (l) => {
    const mapping: Record<string, string> = {
      reason: 'reason',
      'regarding.kind': 'involvedObject.kind',
      'regarding.namespace': 'involvedObject.namespace',
      'regarding.name': 'involvedObject.name',
      'regarding.uid': 'involvedObject.uid',
      'regarding.apiVersion': 'involvedObject.apiVersion',
      'regarding.resourceVersion': 'involvedObject.resourceVersion',
      'regarding.fieldPath': 'involvedObject.fieldPath',
      reportingController: 'reportingComponent',
      type: 'type',
      'metadata.namespace': 'metadata.namespace',
      'metadata.name': 'metadata.name',
    };
    if (Object.prototype.hasOwnProperty.call(mapping, l)) return mapping[l];
    throw notSupported(l);
  },
};

function oneOf(labels: string[]): (label: string) => string {
  return (l) => {
    if (labels.includes(l)) return l;
    throw notSupported(l);
  };
}

/** runtime.DefaultMetaV1FieldSelectorConversion, for kinds without their own conversion. */
function defaultConversion(l: string): string {
  if (l === 'metadata.name' || l === 'metadata.namespace') return l;
  throw new Error(
    `"${l}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
  );
}

/** The conversion of one field label for this kind: the storage label, or an Error with upstream's text. */
export function convertFieldLabel(rt: ResourceType, label: string, crd?: KubeObject): string {
  if (rt.custom) {
    // crConverter.ConvertFieldLabel
    if (label === 'metadata.name') return label;
    if (rt.namespaced && label === 'metadata.namespace') return label;
    if (customSelectable(rt, crd).some((p) => p.replace(/^\./, '') === label)) return label;
    throw notSupported(label);
  }
  const convert = CONVERSIONS[`${rt.group}/${rt.kind}`] ?? defaultConversion;
  return convert(label);
}

/**
 * A filter for the requirements, or throws ApiError 400 with upstream's message for an unsupported
 * field label (kubectl itself prefixes it with `Unable to find "..." that match label selector`).
 */
export function fieldSelectorFilter(
  rt: ResourceType,
  reqs: FieldRequirement[],
  crd?: KubeObject,
): (obj: KubeObject) => boolean {
  const converted: FieldRequirement[] = reqs.map((r) => {
    try {
      return { ...r, field: convertFieldLabel(rt, r.field, crd) };
    } catch (e) {
      throw badRequest((e as Error).message);
    }
  });
  return (obj) => matchesFields(converted, selectableFields(rt, obj, crd));
}
