/**
 * The replica calculator of pkg/controller/podautoscaler/replica_calculator.go: from the pods of
 * the target, their metrics and requests, the replica count that brings the metric to its
 * target, within a tolerance.
 *
 * Pods are grouped as upstream groups them: pods being deleted or finished are ignored; Pending
 * pods are unready; for CPU, a pod in its first 5 minutes (the CPU initialisation period) is
 * unready while not Ready or until a whole metric window has passed since it turned Ready, and an
 * older one while not Ready if it has never been Ready (upstream's 30-second readiness delay);
 * pods without metrics are missing. When the first estimate moves the count, missing pods are assumed at 100% of
 * their request when scaling down and 0% when scaling up, unready pods at 0% when scaling up, and
 * the estimate is dropped if that reverses its direction.
 */
import type { KubeObject } from '../../api/types';

/** Upstream's --horizontal-pod-autoscaler-tolerance. */
export const TOLERANCE = 0.1;

/** One pod of the target as the calculator sees it. */
export interface PodInfo {
  name: string;
  /** Running, Ready and not being deleted. */
  ready: boolean;
  /** Being deleted, or Failed/Succeeded. */
  ignored: boolean;
  /** Not yet running (unscheduled, pulling): counted as unready for every resource. */
  pending: boolean;
  /** Sum of the containers' requests of the resource (milli-units), undefined if one lacks it. */
  request: number | undefined;
  /** First container without a request of the resource, for the error message. */
  missingRequestIn?: string;
}

/** upstream's --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** upstream's --horizontal-pod-autoscaler-initial-readiness-delay. */
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;

/** When a pod's metric was taken and the window it covers (PodMetrics timestamp and window). */
export interface MetricSample {
  at: number;
  windowMs: number;
}

/**
 * What the calculator needs to know about a pod; `container` limits requests to one container.
 * With the pod's metric sample and the time, CPU readiness follows upstream's groupPods.
 */
export function podInfo(
  pod: KubeObject,
  resource: string,
  container?: string,
  sample?: MetricSample,
  now?: number,
): PodInfo {
  const status = pod.status as
    | {
        phase?: string;
        startTime?: string;
        conditions?: { type: string; status: string; lastTransitionTime?: string }[];
      }
    | undefined;
  const phase = status?.phase;
  const condition = (status?.conditions ?? []).find((c) => c.type === 'Ready');
  let ready = phase === 'Running' && condition?.status === 'True';
  if (resource === 'cpu' && phase === 'Running' && sample && now !== undefined) {
    const start = Date.parse(status?.startTime ?? '');
    const transition = Date.parse(condition?.lastTransitionTime ?? '');
    if (!condition || !Number.isFinite(start)) ready = false;
    else if (start + CPU_INITIALIZATION_PERIOD_MS > now)
      ready = condition.status === 'True' && !(sample.at < transition + sample.windowMs);
    else
      ready = !(
        condition.status === 'False' && start + DELAY_OF_INITIAL_READINESS_STATUS_MS > transition
      );
  }
  const containers =
    (
      pod.spec as
        | { containers?: { name: string; resources?: { requests?: Record<string, string> } }[] }
        | undefined
    )?.containers ?? [];
  let request: number | undefined = 0;
  let missingRequestIn: string | undefined;
  for (const c of containers) {
    if (container !== undefined && c.name !== container) continue;
    const r = c.resources?.requests?.[resource];
    if (r === undefined) {
      request = undefined;
      missingRequestIn = c.name;
      break;
    }
    request += milliOf(r);
  }
  return {
    name: pod.metadata.name!,
    ready,
    ignored: !!pod.metadata.deletionTimestamp || phase === 'Failed' || phase === 'Succeeded',
    pending: phase === 'Pending' || phase === undefined,
    request,
    missingRequestIn,
  };
}

/** A quantity in milli-units ("200m" → 200, "1" → 1000, "64Mi" → 67108864000). */
export function milliOf(q: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const mult: Record<string, number> = {
    n: 1e-6,
    u: 1e-3,
    m: 1,
    '': 1e3,
    k: 1e6,
    M: 1e9,
    G: 1e12,
    T: 1e15,
    Ki: 1024e3,
    Mi: 1024 ** 2 * 1e3,
    Gi: 1024 ** 3 * 1e3,
    Ti: 1024 ** 4 * 1e3,
  };
  return n * (mult[m[2]] ?? 1e3);
}

export class CalculatorError extends Error {}

export interface ReplicaResult {
  replicas: number;
  /** Utilisation in percent of the request (Utilization targets). */
  utilization?: number;
  /** Average use per pod, milli-units. */
  averageMilli: number;
}

/**
 * GetResourceReplicas (target utilisation in percent) and GetRawResourceReplicas (target average
 * value in milli-units) in one: `target` is read as `kind` says.
 */
export function resourceReplicas(
  currentReplicas: number,
  kind: 'Utilization' | 'AverageValue',
  target: number,
  resource: string,
  pods: PodInfo[],
  usage: Map<string, number>,
): ReplicaResult {
  if (pods.length === 0) {
    throw new CalculatorError('no pods returned by selector while calculating replica count');
  }
  const ready: string[] = [];
  const unready: string[] = [];
  const missing: string[] = [];
  const byName = new Map(pods.map((p) => [p.name, p]));
  for (const p of pods) {
    if (p.ignored) continue;
    if (p.pending) {
      unready.push(p.name);
      continue;
    }
    if (!usage.has(p.name)) {
      missing.push(p.name);
      continue;
    }
    if (resource === 'cpu' && !p.ready) unready.push(p.name);
    else ready.push(p.name);
  }
  const metrics = new Map(ready.map((n) => [n, usage.get(n)!]));
  if (metrics.size === 0 && missing.length === 0 && unready.length === 0) {
    throw new CalculatorError('did not receive metrics for targeted pods (pods might be unready)');
  }
  const requestOf = (n: string): number => {
    const p = byName.get(n)!;
    if (p.request === undefined) {
      throw new CalculatorError(
        `missing request for ${resource} in container ${p.missingRequestIn} of Pod ${n}`,
      );
    }
    return p.request;
  };
  const ratioOf = (
    m: Map<string, number>,
  ): { ratio: number; utilization?: number; avg: number } => {
    let total = 0;
    let requests = 0;
    for (const [n, v] of m) {
      total += v;
      if (kind === 'Utilization') requests += requestOf(n);
    }
    const avg = m.size ? total / m.size : 0;
    if (kind === 'AverageValue') return { ratio: avg / target, avg };
    if (requests === 0) throw new CalculatorError(`no requests for ${resource}`);
    const utilization = Math.trunc((total * 100) / requests);
    return { ratio: utilization / target, utilization, avg };
  };
  const first = ratioOf(metrics);
  const result = (replicas: number): ReplicaResult => ({
    replicas,
    utilization: first.utilization,
    averageMilli: Math.round(first.avg),
  });
  const rebalanceIgnored = unready.length > 0 && first.ratio > 1;
  if (!rebalanceIgnored && missing.length === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return result(currentReplicas);
    return result(Math.ceil(first.ratio * metrics.size));
  }
  if (missing.length > 0) {
    for (const n of missing) {
      if (first.ratio < 1) {
        metrics.set(n, kind === 'Utilization' ? requestOf(n) : target);
      } else metrics.set(n, 0);
    }
  }
  if (rebalanceIgnored) for (const n of unready) metrics.set(n, 0);
  const next = ratioOf(metrics);
  if (
    Math.abs(1 - next.ratio) <= TOLERANCE ||
    (first.ratio < 1 && next.ratio > 1) ||
    (first.ratio > 1 && next.ratio < 1)
  ) {
    return result(currentReplicas);
  }
  const replicas = Math.ceil(next.ratio * metrics.size);
  if (
    (next.ratio < 1 && replicas > currentReplicas) ||
    (next.ratio > 1 && replicas < currentReplicas)
  )
    return result(currentReplicas);
  return result(replicas);
}
