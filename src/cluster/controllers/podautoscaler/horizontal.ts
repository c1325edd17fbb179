/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go). Every
 * 15 s (--horizontal-pod-autoscaler-sync-period) each autoscaler reads its target's scale
 * subresource, the pods behind its selector and their metrics from the resource metrics API
 * (metrics.k8s.io), computes a replica count per metric, takes the largest, stabilises and
 * rate-limits it (spec.behavior, or the pre-behavior defaults when it is unset: 5 minutes of
 * scale-down stabilisation and a scale-up limit of max(2 x current, 4)), writes the new count
 * through the scale subresource and reports status, conditions and events as upstream does.
 *
 * Resource metrics (cpu, memory; Utilization and AverageValue) and ContainerResource are
 * computed; Pods, Object and External metrics have no source here and report as upstream
 * reports a metric it cannot fetch. autoscaling/v1 objects are read as their v2 conversion
 * presents them (one CPU Utilization metric) and get v1 status fields.
 */
import { formatQuantity } from '../../api/quantity';
import { parseLabelSelector } from '../../api/selectors';
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { resourcePath } from '../../client/Client';
import type { EventSource } from '../../client/EventRecorder';
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';
import { CalculatorError, milliOf, podInfo, resourceReplicas } from './replica_calculator';
import type { MetricSample } from './replica_calculator';

/** --horizontal-pod-autoscaler-sync-period. */
export const SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-downscale-stabilization, for autoscalers without behavior. */
export const DOWNSCALE_STABILIZATION_MS = 300_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

const SOURCE: EventSource = { component: 'horizontal-pod-autoscaler' };
const HPA_KEY = 'horizontalpodautoscalers.autoscaling';

type Obj = Record<string, unknown>;

interface Policy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

interface Rules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: Policy[];
}

/** The v2 defaults (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules). */
const SCALE_UP_DEFAULT: Required<Rules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN_DEFAULT: Required<Rules> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function withDefaults(r: Rules | undefined, d: Required<Rules>): Required<Rules> {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds,
    selectPolicy: r?.selectPolicy ?? d.selectPolicy,
    policies: r?.policies ?? d.policies,
  };
}

interface MetricSpec {
  type: string;
  resource?: { name: string; target: Target };
  containerResource?: { name: string; container: string; target: Target };
}

interface Target {
  type: 'Utilization' | 'AverageValue' | 'Value';
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

interface HPASpec {
  scaleTargetRef: { apiVersion?: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: { scaleUp?: Rules; scaleDown?: Rules };
  targetCPUUtilizationPercentage?: number;
}

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

interface Recommendation {
  at: number;
  replicas: number;
}

interface ScaleEvent {
  at: number;
  change: number;
  outdated: boolean;
}

/** The v2 view of an autoscaler's spec (v1 objects as their conversion presents them). */
export function v2Spec(hpa: KubeObject): HPASpec {
  const spec = (hpa.spec ?? {}) as HPASpec;
  if (hpa.apiVersion !== 'autoscaling/v1') {
    const metrics = spec.metrics?.length ? spec.metrics : [cpuUtilization(80)];
    return { ...spec, metrics };
  }
  return {
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    metrics: [cpuUtilization(spec.targetCPUUtilizationPercentage ?? 80)],
  };
}

function cpuUtilization(p: number): MetricSpec {
  return {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: p } },
  };
}

class MetricError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export class HorizontalController implements Controller {
  readonly name = 'horizontal-pod-autoscaler-controller';
  private queue: WorkQueue;
  private recommendations = new Map<string, Recommendation[]>();
  private scaleUpEvents = new Map<string, ScaleEvent[]>();
  private scaleDownEvents = new Map<string, ScaleEvent[]>();
  private generations = new Map<string, number | undefined>();

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
  }

  start(): void {
    // Autoscalers already stored (a restored cluster) are synced as if just added; a restore
    // that ends the watch is followed by a new list and watch.
    const { items, revision } = this.ctx.store.list(HPA_KEY);
    for (const h of items) {
      const key = `${h.metadata.namespace}/${h.metadata.name}`;
      this.generations.set(key, h.metadata.generation);
      this.queue.add(key);
    }
    const opts = { fromRevision: revision, onClose: () => this.start() };
    this.ctx.store.watch(HPA_KEY, opts, (ev) => {
      const key = `${ev.object.metadata.namespace}/${ev.object.metadata.name}`;
      if (ev.type === 'DELETED') {
        this.recommendations.delete(key);
        this.scaleUpEvents.delete(key);
        this.scaleDownEvents.delete(key);
        this.generations.delete(key);
        return;
      }
      // Status writes come back as updates; only a new or changed spec is synced at once, as
      // upstream's rate-limited queue holds the rest to the sync period.
      const gen = ev.object.metadata.generation;
      if (this.generations.has(key) && this.generations.get(key) === gen) return;
      this.generations.set(key, gen);
      this.queue.add(key);
    });
  }

  private sync(key: string): number | void {
    const [ns, name] = key.split('/');
    const hpa = this.ctx.store.get(HPA_KEY, ns, name);
    if (!hpa) return;
    try {
      this.reconcileAutoscaler(key, hpa);
    } catch {
      // A conflict or a vanished target: the next period tries again.
    }
    return SYNC_PERIOD_MS;
  }

  private event(
    hpa: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    this.ctx.recorder.event(SOURCE, hpa, type, reason, message);
  }

  private reconcileAutoscaler(key: string, hpa: KubeObject): void {
    const spec = v2Spec(hpa);
    const status = (hpa.status ?? {}) as Obj;
    const conditions: Condition[] = JSON.parse(JSON.stringify(status.conditions ?? []));
    const now = this.ctx.clock.timestamp();
    const setCondition = (
      type: string,
      st: Condition['status'],
      reason: string,
      message: string,
    ) => {
      const i = conditions.findIndex((c) => c.type === type);
      const prev = i >= 0 ? conditions[i] : undefined;
      const c: Condition = {
        type,
        status: st,
        lastTransitionTime: prev && prev.status === st ? prev.lastTransitionTime : now,
        reason,
        message,
      };
      if (i >= 0) conditions[i] = c;
      else conditions.push(c);
    };
    const ref = spec.scaleTargetRef;
    const targetRT = this.targetType(ref);
    let scale: KubeObject;
    try {
      if (!targetRT)
        throw new Error(
          `no matches for kind "${ref.kind}" in group "${(ref.apiVersion ?? '').split('/').slice(-2, -1)[0] ?? ''}"`,
        );
      scale = this.ctx.client.request({
        method: 'GET',
        path: resourcePath(targetRT, ns(hpa), ref.name, 'scale'),
      }) as KubeObject;
    } catch (e) {
      const msg = (e as Error).message;
      this.event(hpa, 'Warning', 'FailedGetScale', msg);
      setCondition(
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${msg}`,
      );
      this.writeStatus(hpa, {
        currentReplicas: num(status.currentReplicas),
        desiredReplicas: num(status.desiredReplicas),
        lastScaleTime: status.lastScaleTime,
        currentMetrics: status.currentMetrics,
        conditions,
      });
      return;
    }
    setCondition(
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    const currentReplicas = num((scale.spec as Obj | undefined)?.replicas);
    const selector = String((scale.status as Obj | undefined)?.selector ?? '');
    const minReplicas = spec.minReplicas ?? 1;
    let desiredReplicas: number;
    let rescaleReason = '';
    let rescale = true;
    let metricStatuses: unknown[] | undefined = status.currentMetrics as unknown[] | undefined;
    let currentUtilization: number | undefined;

    if (currentReplicas === 0 && minReplicas !== 0) {
      desiredReplicas = 0;
      rescale = false;
      setCondition(
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      );
    } else if (currentReplicas > spec.maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = spec.maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const computed = this.computeReplicasForMetrics(hpa, spec, currentReplicas, selector);
      metricStatuses = computed.statuses;
      currentUtilization = computed.cpuUtilization;
      if (computed.error) {
        setCondition(
          'ScalingActive',
          'False',
          computed.error.reason,
          `the HPA was unable to compute the replica count: ${computed.error.message}`,
        );
        this.writeStatus(hpa, {
          currentReplicas,
          desiredReplicas: num(status.desiredReplicas),
          lastScaleTime: status.lastScaleTime,
          currentMetrics: metricStatuses,
          conditions,
          currentCPUUtilizationPercentage: currentUtilization,
        });
        return;
      }
      setCondition(
        'ScalingActive',
        'True',
        'ValidMetricFound',
        `the HPA was able to successfully calculate a replica count from ${computed.metricName}`,
      );
      const proposal = computed.replicas;
      const normalized = spec.behavior
        ? this.normalizeDesiredReplicasWithBehaviors(
            key,
            spec,
            currentReplicas,
            proposal,
            minReplicas,
            setCondition,
          )
        : this.normalizeDesiredReplicas(
            key,
            spec,
            currentReplicas,
            proposal,
            minReplicas,
            setCondition,
          );
      desiredReplicas = normalized;
      rescaleReason =
        desiredReplicas > currentReplicas
          ? `${computed.metricName} above target`
          : 'All metrics below target';
      rescale = desiredReplicas !== currentReplicas;
    }

    let lastScaleTime = status.lastScaleTime;
    if (rescale) {
      try {
        this.ctx.client.request({
          method: 'PUT',
          path: resourcePath(targetRT!, ns(hpa), ref.name, 'scale'),
          body: { ...scale, spec: { ...(scale.spec as Obj), replicas: desiredReplicas } },
        });
      } catch (e) {
        const msg = (e as Error).message;
        this.event(
          hpa,
          'Warning',
          'FailedRescale',
          `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${msg}`,
        );
        setCondition(
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${msg}`,
        );
        this.writeStatus(hpa, {
          currentReplicas,
          desiredReplicas: num(status.desiredReplicas),
          lastScaleTime,
          currentMetrics: metricStatuses,
          conditions,
          currentCPUUtilizationPercentage: currentUtilization,
        });
        return;
      }
      setCondition(
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desiredReplicas}`,
      );
      this.event(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desiredReplicas}; reason: ${rescaleReason}`,
      );
      if (spec.behavior) this.storeScaleEvent(key, currentReplicas, desiredReplicas);
      lastScaleTime = this.ctx.clock.timestamp();
    }
    this.writeStatus(hpa, {
      currentReplicas,
      desiredReplicas,
      lastScaleTime,
      currentMetrics: metricStatuses,
      conditions,
      currentCPUUtilizationPercentage: currentUtilization,
    });
  }

  private targetType(ref: HPASpec['scaleTargetRef']): ResourceType | undefined {
    const rt = this.ctx.registry.byKind(ref.apiVersion ?? '', ref.kind);
    return rt?.subresources.includes('scale') ? rt : undefined;
  }

  /** Every metric's proposal; the largest wins. An error only when no metric gave one. */
  private computeReplicasForMetrics(
    hpa: KubeObject,
    spec: HPASpec,
    currentReplicas: number,
    selector: string,
  ): {
    replicas: number;
    metricName: string;
    statuses: unknown[];
    cpuUtilization?: number;
    error?: MetricError;
  } {
    const metrics = spec.metrics ?? [];
    let replicas = 0;
    let metricName = '';
    let firstError: MetricError | undefined;
    let invalid = 0;
    let cpuUtilization: number | undefined;
    const statuses: unknown[] = [];
    if (!selector) {
      const msg = 'selector is required';
      this.event(hpa, 'Warning', 'SelectorRequired', msg);
      return {
        replicas: 0,
        metricName: '',
        statuses: [],
        error: new MetricError('InvalidSelector', "the HPA target's scale is missing a selector"),
      };
    }
    for (const m of metrics) {
      try {
        const r = this.computeStatusForMetric(hpa, m, currentReplicas, selector);
        statuses.push(r.status);
        if (r.cpuUtilization !== undefined && cpuUtilization === undefined)
          cpuUtilization = r.cpuUtilization;
        if (metricName === '' || r.replicas > replicas) {
          replicas = r.replicas;
          metricName = r.name;
        }
      } catch (e) {
        invalid++;
        const err =
          e instanceof MetricError
            ? e
            : new MetricError('FailedGetResourceMetric', (e as Error).message);
        firstError ??= err;
        statuses.push({ type: '' });
        this.event(hpa, 'Warning', err.reason, err.message);
      }
    }
    if (invalid > 0 && (invalid === metrics.length || replicas < currentReplicas)) {
      const error = firstError!;
      this.event(
        hpa,
        'Warning',
        'FailedComputeMetricsReplicas',
        `invalid metrics (${invalid} invalid out of ${metrics.length}), first error is: ${error.message}`,
      );
      // A metric that could not be read keeps an empty status ({type: ""}), as upstream's.
      return { replicas: 0, metricName: '', statuses, cpuUtilization, error };
    }
    return { replicas, metricName, statuses, cpuUtilization };
  }

  private computeStatusForMetric(
    hpa: KubeObject,
    m: MetricSpec,
    currentReplicas: number,
    selector: string,
  ): { replicas: number; name: string; status: unknown; cpuUtilization?: number } {
    const source =
      m.type === 'Resource'
        ? m.resource
        : m.type === 'ContainerResource'
          ? m.containerResource
          : undefined;
    if (!source) {
      const kind = m.type.toLowerCase();
      throw new MetricError(
        `FailedGet${m.type}Metric`,
        `unable to get ${kind} metric: no ${kind} metrics source is served`,
      );
    }
    const resource = source.name;
    const container = m.type === 'ContainerResource' ? m.containerResource!.container : undefined;
    const target = source.target;
    const reason =
      m.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
    const what = target.type === 'Utilization' ? `${resource} utilization` : `${resource} usage`;
    let usage: Map<string, number>;
    const sampled = new Map<string, MetricSample>();
    try {
      usage = this.podUsage(ns(hpa), selector, resource, container, sampled);
    } catch (e) {
      throw new MetricError(reason, `failed to get ${what}: ${(e as Error).message}`);
    }
    const now = this.ctx.clock.now();
    const pods = this.ctx.store
      .list('pods', { namespace: ns(hpa), labelSelector: parseLabelSelector(selector) })
      .items.map((p) => podInfo(p, resource, container, sampled.get(p.metadata.name!), now));
    try {
      if (target.type === 'Utilization') {
        const goal = target.averageUtilization ?? 80;
        const r = resourceReplicas(currentReplicas, 'Utilization', goal, resource, pods, usage);
        const current = {
          averageUtilization: r.utilization,
          averageValue: formatQuantity(`${r.averageMilli}m`),
        };
        const name = container
          ? `${resource} container resource utilization (percentage of request)`
          : `${resource} resource utilization (percentage of request)`;
        return {
          replicas: r.replicas,
          name,
          status: metricStatus(m.type, resource, container, current),
          cpuUtilization: resource === 'cpu' ? r.utilization : undefined,
        };
      }
      const goal = milliOf(target.averageValue ?? '0');
      const r = resourceReplicas(currentReplicas, 'AverageValue', goal, resource, pods, usage);
      return {
        replicas: r.replicas,
        name: container ? `${resource} container resource` : `${resource} resource`,
        status: metricStatus(m.type, resource, container, {
          averageValue: formatQuantity(`${r.averageMilli}m`),
        }),
      };
    } catch (e) {
      if (e instanceof CalculatorError)
        throw new MetricError(reason, `failed to get ${what}: ${e.message}`);
      throw e;
    }
  }

  /** Pod name → use of `resource` in milli-units, from the resource metrics API. */
  private podUsage(
    namespace: string,
    selector: string,
    resource: string,
    container: string | undefined,
    sampled?: Map<string, MetricSample>,
  ): Map<string, number> {
    let list: {
      items?: {
        metadata: { name: string };
        timestamp?: string;
        window?: string;
        containers?: { name: string; usage?: Record<string, string> }[];
      }[];
    };
    try {
      list = this.ctx.client.request({
        method: 'GET',
        path: `/apis/metrics.k8s.io/v1beta1/namespaces/${namespace}/pods`,
        query: { labelSelector: selector },
      }) as typeof list;
    } catch {
      throw new Error(
        `unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`,
      );
    }
    const out = new Map<string, number>();
    for (const pm of list.items ?? []) {
      let sum = 0;
      let found = false;
      for (const c of pm.containers ?? []) {
        if (container !== undefined && c.name !== container) continue;
        const q = c.usage?.[resource];
        if (q === undefined) continue;
        sum += milliOf(q);
        found = true;
      }
      if (found) out.set(pm.metadata.name, sum);
      const at = Date.parse(pm.timestamp ?? '');
      const window = /^(\d+(?:\.\d+)?)s$/.exec(pm.window ?? '');
      if (found && sampled && Number.isFinite(at))
        sampled.set(pm.metadata.name, { at, windowMs: window ? Number(window[1]) * 1000 : 0 });
    }
    if (out.size === 0) {
      throw new Error(
        `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`,
      );
    }
    return out;
  }

  // ------------------------------------------------------------------ normalisation

  /** normalizeDesiredReplicas: the controller's defaults when spec.behavior is unset. */
  private normalizeDesiredReplicas(
    key: string,
    spec: HPASpec,
    currentReplicas: number,
    prenormalized: number,
    minReplicas: number,
    setCondition: (t: string, s: Condition['status'], r: string, m: string) => void,
  ): number {
    const now = this.ctx.clock.now();
    const recs = (this.recommendations.get(key) ?? []).filter(
      (r) => r.at > now - DOWNSCALE_STABILIZATION_MS,
    );
    let stabilized = prenormalized;
    for (const r of recs) stabilized = Math.max(stabilized, r.replicas);
    recs.push({ at: now, replicas: prenormalized });
    this.recommendations.set(key, recs);
    if (stabilized !== prenormalized) {
      setCondition(
        'AbleToScale',
        'True',
        'ScaleDownStabilized',
        'recent recommendations were higher than current one, applying the highest recent recommendation',
      );
    } else {
      setCondition(
        'AbleToScale',
        'True',
        'ReadyForNewScale',
        'recommended size matches current size',
      );
    }
    const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM);
    let desired = stabilized;
    let reason = 'DesiredWithinRange';
    let message = 'the desired count is within the acceptable range';
    if (desired < minReplicas) {
      desired = minReplicas;
      reason = 'TooFewReplicas';
      message = 'the desired replica count is less than the minimum replica count';
    } else if (desired > spec.maxReplicas) {
      desired = spec.maxReplicas;
      reason = 'TooManyReplicas';
      message = 'the desired replica count is more than the maximum replica count';
    } else if (desired > scaleUpLimit) {
      desired = scaleUpLimit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    }
    setCondition('ScalingLimited', desired === stabilized ? 'False' : 'True', reason, message);
    return desired;
  }

  /** normalizeDesiredReplicasWithBehaviors. */
  private normalizeDesiredReplicasWithBehaviors(
    key: string,
    spec: HPASpec,
    currentReplicas: number,
    prenormalized: number,
    minReplicas: number,
    setCondition: (t: string, s: Condition['status'], r: string, m: string) => void,
  ): number {
    const up = withDefaults(spec.behavior?.scaleUp, SCALE_UP_DEFAULT);
    const down = withDefaults(spec.behavior?.scaleDown, SCALE_DOWN_DEFAULT);
    const now = this.ctx.clock.now();
    // stabilizeRecommendationWithBehaviors
    const upCutoff = now - up.stabilizationWindowSeconds * 1000;
    const downCutoff = now - down.stabilizationWindowSeconds * 1000;
    const keep =
      now - Math.max(up.stabilizationWindowSeconds, down.stabilizationWindowSeconds) * 1000;
    const recs = (this.recommendations.get(key) ?? []).filter((r) => r.at >= keep);
    let upRec = prenormalized;
    let downRec = prenormalized;
    for (const r of recs) {
      if (r.at > upCutoff) upRec = Math.min(upRec, r.replicas);
      if (r.at > downCutoff) downRec = Math.max(downRec, r.replicas);
    }
    let stabilized = currentReplicas;
    if (stabilized < upRec) stabilized = upRec;
    if (stabilized > downRec) stabilized = downRec;
    recs.push({ at: now, replicas: prenormalized });
    this.recommendations.set(key, recs);
    if (stabilized !== prenormalized) {
      if (stabilized < prenormalized) {
        setCondition(
          'AbleToScale',
          'True',
          'ScaleUpStabilized',
          'recent recommendations were lower than current one, applying the lowest recent recommendation',
        );
      } else {
        setCondition(
          'AbleToScale',
          'True',
          'ScaleDownStabilized',
          'recent recommendations were higher than current one, applying the highest recent recommendation',
        );
      }
    } else {
      setCondition(
        'AbleToScale',
        'True',
        'ReadyForNewScale',
        'recommended size matches current size',
      );
    }
    // convertDesiredReplicasWithBehaviorRate
    let desired = stabilized;
    let reason = 'DesiredWithinRange';
    let message = 'the desired count is within the acceptable range';
    if (stabilized > currentReplicas) {
      let limit = scaleUpLimit(
        currentReplicas,
        this.periodEvents(this.scaleUpEvents, key, now),
        up,
      );
      if (limit < currentReplicas) limit = currentReplicas;
      let maxAllowed = spec.maxReplicas;
      if (maxAllowed > limit) {
        maxAllowed = limit;
        reason = 'ScaleUpLimit';
        message = 'the desired replica count is increasing faster than the maximum scale rate';
      } else {
        reason = 'TooManyReplicas';
        message = 'the desired replica count is more than the maximum replica count';
      }
      if (stabilized > maxAllowed) desired = maxAllowed;
      else {
        reason = 'DesiredWithinRange';
        message = 'the desired count is within the acceptable range';
      }
    } else if (stabilized < currentReplicas) {
      let limit = scaleDownLimit(
        currentReplicas,
        this.periodEvents(this.scaleDownEvents, key, now),
        down,
      );
      if (limit > currentReplicas) limit = currentReplicas;
      let minAllowed = minReplicas;
      if (minAllowed < limit) {
        minAllowed = limit;
        reason = 'ScaleDownLimit';
        message = 'the desired replica count is decreasing faster than the maximum scale rate';
      } else {
        reason = 'TooFewReplicas';
        message = 'the desired replica count is less than the minimum replica count';
      }
      if (stabilized < minAllowed) desired = minAllowed;
      else {
        reason = 'DesiredWithinRange';
        message = 'the desired count is within the acceptable range';
      }
    }
    setCondition('ScalingLimited', desired === stabilized ? 'False' : 'True', reason, message);
    return desired;
  }

  private periodEvents(map: Map<string, ScaleEvent[]>, key: string, now: number) {
    return { events: map.get(key) ?? [], now };
  }

  /** storeScaleEvent: scale-up and scale-down events, for the policies' periods. */
  private storeScaleEvent(key: string, prev: number, next: number): void {
    const now = this.ctx.clock.now();
    const map = next > prev ? this.scaleUpEvents : this.scaleDownEvents;
    // Events older than the longest period (30 minutes at most) no longer count.
    const events = (map.get(key) ?? []).filter((e) => e.at > now - 1_800_000);
    events.push({ at: now, change: Math.abs(next - prev), outdated: false });
    map.set(key, events);
  }

  private writeStatus(
    hpa: KubeObject,
    s: {
      currentReplicas: number;
      desiredReplicas: number;
      lastScaleTime: unknown;
      currentMetrics: unknown;
      conditions: Condition[];
      currentCPUUtilizationPercentage?: number;
    },
  ): void {
    let status: Obj;
    if (hpa.apiVersion === 'autoscaling/v1') {
      status = { currentReplicas: s.currentReplicas, desiredReplicas: s.desiredReplicas };
      if (s.lastScaleTime) status.lastScaleTime = s.lastScaleTime;
      if (s.currentCPUUtilizationPercentage !== undefined)
        status.currentCPUUtilizationPercentage = s.currentCPUUtilizationPercentage;
    } else {
      status = {};
      if (s.lastScaleTime) status.lastScaleTime = s.lastScaleTime;
      status.currentReplicas = s.currentReplicas;
      status.desiredReplicas = s.desiredReplicas;
      const metrics = s.currentMetrics as unknown[] | undefined;
      if (metrics?.length) status.currentMetrics = metrics;
      if (s.conditions.length) status.conditions = s.conditions;
    }
    if (JSON.stringify(status) === JSON.stringify(hpa.status ?? {})) return;
    const rt = this.ctx.registry.byKind(hpa.apiVersion!, 'HorizontalPodAutoscaler')!;
    this.ctx.client.update(rt, { ...hpa, status }, 'status');
  }
}

function scaleUpLimit(
  current: number,
  ev: { events: ScaleEvent[]; now: number },
  rules: Required<Rules>,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const added = changeInPeriod(p.periodSeconds, ev);
    const start = current - added;
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

function scaleDownLimit(
  current: number,
  ev: { events: ScaleEvent[]; now: number },
  rules: Required<Rules>,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const deleted = changeInPeriod(p.periodSeconds, ev);
    const start = current + deleted;
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** getReplicasChangePerPeriod. */
function changeInPeriod(periodSeconds: number, ev: { events: ScaleEvent[]; now: number }): number {
  const cutoff = ev.now - periodSeconds * 1000;
  return ev.events.filter((e) => e.at > cutoff).reduce((s, e) => s + e.change, 0);
}

function metricStatus(
  type: string,
  resource: string,
  container: string | undefined,
  current: Obj,
): Obj {
  if (type === 'ContainerResource') {
    return { type, containerResource: { name: resource, container, current } };
  }
  return { type, resource: { name: resource, current } };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function ns(o: KubeObject): string {
  return o.metadata.namespace ?? 'default';
}
