/**
 * Finding the pod a command means (polymorphichelpers): a pod by name, or the first pod of a
 * workload's selector in podutils.ByLogging order, and podcmd's container names.
 */
import { labelSelectorFromObject, labelSelectorString } from '../../cluster/api/selectors';
import { cmdError, KubectlError, statusError } from '../errors';
import { resolveArgs } from '../resource/mapper';
import { Api, metaOf } from '../resource/objects';
import type { Obj } from '../resource/objects';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';

export interface Container {
  name: string;
  image?: string;
  stdin?: boolean;
  tty?: boolean;
}

export interface Pod extends Obj {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec: {
    nodeName?: string;
    containers: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
    volumes?: { name: string; emptyDir?: unknown }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: {
    running?: unknown;
    waiting?: { reason?: string };
    terminated?: { exitCode?: number; reason?: string };
  };
}

export function podPath(ns: string, name: string, sub?: string): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`;
  return sub ? `${base}/${sub}` : base;
}

export async function getPod(c: CommandContext, ns: string, name: string): Promise<Pod> {
  const res = await c.transport.request({
    method: 'GET',
    path: podPath(ns, name),
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  return res.body as Pod;
}

export async function listPods(
  c: CommandContext,
  ns: string | undefined,
  query: Record<string, string>,
): Promise<Pod[]> {
  const path = ns ? `/api/v1/namespaces/${encodeURIComponent(ns)}/pods` : '/api/v1/pods';
  const res = await c.transport.request({
    method: 'GET',
    path,
    query,
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  return ((res.body as { items?: Pod[] }).items ?? []) as Pod[];
}

/** podcmd.AllContainerNames: "a, b, init (init)". */
export function allContainerNames(pod: Pod): string {
  return [
    ...pod.spec.containers.map((x) => x.name),
    ...(pod.spec.initContainers ?? []).map((x) => `${x.name} (init)`),
    ...(pod.spec.ephemeralContainers ?? []).map((x) => `${x.name} (ephem)`),
  ].join(', ');
}

export function findContainer(pod: Pod, name: string): Container | undefined {
  return [
    ...pod.spec.containers,
    ...(pod.spec.initContainers ?? []),
    ...(pod.spec.ephemeralContainers ?? []),
  ].find((x) => x.name === name);
}

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/**
 * The container a command means without -c: the default-container annotation, else the first
 * container, with "Defaulted container" on stderr when the pod has more than one.
 */
export function defaultContainer(c: CommandContext, pod: Pod, quiet = false): string {
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated) {
    if (findContainer(pod, annotated)) return annotated;
    c.err(`Default container name "${annotated}" not found in pod ${pod.metadata.name}\n`);
  }
  const first = pod.spec.containers[0].name;
  const many =
    pod.spec.containers.length > 1 ||
    (pod.spec.initContainers ?? []).length > 0 ||
    (pod.spec.ephemeralContainers ?? []).length > 0;
  if (many && !quiet) c.err(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`);
  return first;
}

function isReady(p: Pod): boolean {
  return !!p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
}

function maxRestarts(p: Pod): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging: the pod whose logs are most worth reading first. */
export function byLogging(a: Pod, b: Pod): number {
  const na = a.spec.nodeName ? 0 : 1;
  const nb = b.spec.nodeName ? 0 : 1;
  if (na !== nb) return na - nb;
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 3;
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 3;
  if (pa !== pb) return pa - pb;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return 0;
}

/** The label selector of a workload or service, as a selector string. */
export function selectorOf(obj: Obj, kind: string): string {
  const spec = (obj.spec ?? {}) as { selector?: unknown };
  if (kind === 'Service' || kind === 'ReplicationController') {
    const sel = (spec.selector ?? {}) as Record<string, string>;
    const keys = Object.keys(sel).sort();
    if (!keys.length) throw cmdError(`cannot attach to ${kind}: selector is empty`);
    return keys.map((k) => `${k}=${sel[k]}`).join(',');
  }
  if (!spec.selector) throw cmdError(`selector for ${kind} not implemented`);
  return labelSelectorString(labelSelectorFromObject(spec.selector as never));
}

/**
 * The pod `logs`, `exec`, `attach` and `port-forward` act on: `NAME` is a pod, `TYPE/NAME` a
 * pod or the first pod of the object's selector ("Found N pods, using pod/x" on stderr).
 */
export async function podForArg(c: CommandContext, arg: string, found = true): Promise<Pod> {
  if (!arg.includes('/')) return getPod(c, c.namespace, arg);
  const d = await c.discovery.get();
  const [req] = resolveArgs(d, [arg]);
  const r = req.resource;
  const name = req.names[0];
  const api = new Api(c.transport);
  const res = await api.get(r, c.namespace, name);
  if (res.status >= 400) throw statusError(res.body, res.status);
  const obj = res.body as Obj;
  if (r.kind === 'Pod') return obj as Pod;
  const selector = selectorOf(obj, r.kind);
  const ns = metaOf(obj).namespace ?? c.namespace;
  const pods = (await listPods(c, ns, { labelSelector: selector })).sort(byLogging);
  if (!pods.length) throw new KubectlError('error: timed out waiting for the condition');
  if (pods.length > 1 && found)
    c.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0];
}
