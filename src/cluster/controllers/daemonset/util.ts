/**
 * Which nodes a DaemonSet's pod belongs on, as upstream's pkg/controller/daemon/util and the
 * scheduler predicates the DaemonSet controller runs itself: node name, node affinity /
 * nodeSelector, and taints against tolerations.
 */
import type { KubeObject } from '../../api/types';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodSpecView {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
      [k: string]: unknown;
    };
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** The tolerations every DaemonSet pod gets (util.AddOrUpdateDaemonPodTolerations), in order. */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork)
    t.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  return t;
}

/** v1helper.AddOrUpdateTolerationInPodSpec for each of `add`: a toleration with the same key,
 * operator and effect is replaced, others are appended. */
export function addOrUpdateTolerations(
  existing: Toleration[] | undefined,
  add: Toleration[],
): Toleration[] {
  const out = [...(existing ?? [])];
  for (const t of add) {
    const i = out.findIndex(
      (o) =>
        (o.key ?? '') === (t.key ?? '') &&
        (o.operator ?? 'Equal') === t.operator &&
        (o.effect ?? '') === (t.effect ?? ''),
    );
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only go to `nodeName`. */
export function replaceNodeNameAffinity(
  affinity: PodSpecView['affinity'],
  nodeName: string,
): NonNullable<PodSpecView['affinity']> {
  const term: NodeSelectorTerm = {
    matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }],
  };
  const a = { ...(affinity ?? {}) };
  const na = { ...(a.nodeAffinity ?? {}) };
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req?.nodeSelectorTerms?.length) {
    na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [term] };
  } else {
    // Each term keeps its label expressions and gets the node-name field instead of its own.
    na.requiredDuringSchedulingIgnoredDuringExecution = {
      nodeSelectorTerms: req.nodeSelectorTerms.map((t) => ({
        ...t,
        matchFields: term.matchFields,
      })),
    };
  }
  a.nodeAffinity = na;
  return a;
}

/** util.GetTargetNodeName: the node a pod is bound to, or the one its affinity names. */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as PodSpecView;
  if (spec.nodeName) return spec.nodeName;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const t of terms)
    for (const f of t.matchFields ?? [])
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
  return undefined;
}

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?\d+$/.test(value) || !r.values?.[0]) return false;
      const n = Number(value);
      const want = Number(r.values[0]);
      return r.operator === 'Gt' ? n > want : n < want;
    }
    default:
      return false;
  }
}

function matchTerm(term: NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) {
    const v = Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
    if (!matchRequirement(r, v)) return false;
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name' || !matchRequirement(r, node.metadata.name)) return false;
  }
  return true;
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required terms. */
export function fitsNodeAffinity(spec: PodSpecView, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return terms.some((t) => matchTerm(t, node));
}

/** v1helper.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.key ?? '') !== '' && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** The first taint with an effect `filter` accepts that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: Taint[],
  tolerations: Toleration[],
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return taints.filter(filter).find((taint) => !tolerations.some((t) => toleratesTaint(t, taint)));
}

/**
 * NodeShouldRunDaemonPod: whether a new daemon pod should run on the node, and whether one
 * already there may stay (a NoSchedule taint keeps new pods off but lets old ones run).
 */
export function nodeShouldRunDaemonPod(
  node: KubeObject,
  template: { spec?: PodSpecView },
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec: PodSpecView = { ...(template.spec ?? {}) };
  spec.tolerations = addOrUpdateTolerations(
    spec.tolerations,
    daemonPodTolerations(!!spec.hostNetwork),
  );
  if (spec.nodeName && spec.nodeName !== node.metadata.name)
    return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
  const untolerated = findUntoleratedTaint(
    taints,
    spec.tolerations,
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (untolerated) {
    const noExecute = findUntoleratedTaint(
      taints,
      spec.tolerations,
      (t) => t.effect === 'NoExecute',
    );
    return { shouldRun: false, shouldContinueRunning: !noExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
