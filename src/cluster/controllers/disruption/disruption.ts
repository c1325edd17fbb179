/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each
 * PodDisruptionBudget's status — expectedPods, desiredHealthy, currentHealthy,
 * disruptionsAllowed and the DisruptionAllowed condition (SufficientPods / InsufficientPods /
 * SyncFailed) — from the pods its selector matches and the scale of their controllers. The
 * eviction subresource refuses an eviction while disruptionsAllowed is 0.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors';
import { WorkQueue } from '../../client/WorkQueue';
import { clone, controllerRef, isNotFoundOrConflict, isPodReady } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';

const SOURCE = { component: 'controllermanager' };

interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** GetScaledValueFromIntOrPercent, rounding up. */
export function scaledValue(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  return Number(v) || 0;
}

export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  private queue: WorkQueue;
  private pdbRT: ResourceType;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.pdbRT = ctx.registry.byResource('policy', 'v1', 'poddisruptionbudgets')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('poddisruptionbudgets.policy', {}, (ev) => {
      if (ev.type !== 'DELETED')
        this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
    store.watch('pods', {}, (ev) => {
      for (const o of [ev.object, ev.prev]) if (o) this.enqueueForPod(o);
    });
    // The scale of a controller sets expectedPods of percentage budgets.
    for (const r of ['replicasets.apps', 'deployments.apps', 'statefulsets.apps'])
      store.watch(r, {}, (ev) => {
        for (const p of store.list('poddisruptionbudgets.policy', {
          namespace: ev.object.metadata.namespace,
        }).items)
          this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
      });
    for (const p of store.list('poddisruptionbudgets.policy').items)
      this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  private selects(pdb: KubeObject, pod: KubeObject): boolean {
    const sel = (pdb.spec as PdbSpec | undefined)?.selector;
    // policy/v1: an empty selector selects every pod of the namespace; none selects nothing.
    if (!sel) return false;
    return matchesLabels(labelSelectorFromObject(sel as never), pod.metadata.labels ?? {});
  }

  private enqueueForPod(pod: KubeObject): void {
    const ns = pod.metadata.namespace;
    for (const pdb of this.ctx.store.list('poddisruptionbudgets.policy', { namespace: ns }).items)
      if (this.selects(pdb, pod)) this.queue.add(`${ns}/${pdb.metadata.name}`);
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/');
    const pdb = this.ctx.store.get('poddisruptionbudgets.policy', ns, name);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    try {
      this.trySync(pdb);
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
      this.queue.add(key);
    }
  }

  /** trySync: pods, expected count, healthy count, then status. */
  private trySync(pdb: KubeObject): void {
    const pods = this.ctx.store
      .list('pods', { namespace: pdb.metadata.namespace })
      .items.filter((p) => this.selects(pdb, p));
    if (!pods.length)
      this.ctx.recorder.event(SOURCE, pdb, 'Normal', 'NoPods', 'No matching pods found');
    let expected: { expectedCount: number; desiredHealthy: number };
    try {
      expected = this.getExpectedPodCount(pdb, pods);
    } catch (e) {
      const msg = `Failed to calculate the number of expected pods: ${(e as Error).message}`;
      this.ctx.recorder.event(SOURCE, pdb, 'Warning', 'CalculateExpectedPodCountFailed', msg);
      this.updateStatus(pdb, undefined, { reason: 'SyncFailed', message: msg });
      return;
    }
    const currentHealthy = pods.filter(
      (p) => !p.metadata.deletionTimestamp && isPodReady(p),
    ).length;
    this.updateStatus(pdb, { ...expected, currentHealthy });
  }

  /** getExpectedPodCount */
  private getExpectedPodCount(
    pdb: KubeObject,
    pods: KubeObject[],
  ): { expectedCount: number; desiredHealthy: number } {
    const spec = (pdb.spec ?? {}) as PdbSpec;
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const expectedCount = this.getExpectedScale(pods);
      const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount);
      return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable) };
    }
    if (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%')) {
      const expectedCount = this.getExpectedScale(pods);
      return { expectedCount, desiredHealthy: scaledValue(spec.minAvailable, expectedCount) };
    }
    return { expectedCount: pods.length, desiredHealthy: Number(spec.minAvailable ?? 0) };
  }

  /** getExpectedScale: the sum of the desired replicas of the pods' controllers. */
  private getExpectedScale(pods: KubeObject[]): number {
    const seen = new Map<string, number>();
    for (const pod of pods) {
      const ref = controllerRef(pod);
      let scale: number | undefined;
      let uid = ref?.uid;
      if (ref?.kind === 'ReplicaSet') {
        const rs = this.ctx.store.get('replicasets.apps', pod.metadata.namespace!, ref.name);
        const dref = rs && controllerRef(rs);
        const dep =
          dref?.kind === 'Deployment'
            ? this.ctx.store.get('deployments.apps', pod.metadata.namespace!, dref.name)
            : undefined;
        if (dep) {
          uid = dep.metadata.uid;
          scale = (dep.spec as { replicas?: number }).replicas ?? 1;
        } else if (rs) scale = (rs.spec as { replicas?: number }).replicas ?? 1;
      } else if (ref?.kind === 'StatefulSet' || ref?.kind === 'ReplicationController') {
        const res = ref.kind === 'StatefulSet' ? 'statefulsets.apps' : 'replicationcontrollers';
        const owner = this.ctx.store.get(res, pod.metadata.namespace!, ref.name);
        if (owner) scale = (owner.spec as { replicas?: number }).replicas ?? 1;
      }
      if (scale === undefined || !uid)
        throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
      seen.set(uid, scale);
    }
    let total = 0;
    for (const v of seen.values()) total += v;
    return total;
  }

  private updateStatus(
    pdb: KubeObject,
    counts: { expectedCount: number; desiredHealthy: number; currentHealthy: number } | undefined,
    failed?: { reason: string; message: string },
  ): void {
    const prev = (pdb.status ?? {}) as Record<string, unknown>;
    const status: Record<string, unknown> = { ...prev };
    let allowed = 0;
    if (counts) {
      allowed =
        counts.expectedCount <= 0 ? 0 : Math.max(0, counts.currentHealthy - counts.desiredHealthy);
      Object.assign(status, {
        currentHealthy: counts.currentHealthy,
        desiredHealthy: counts.desiredHealthy,
        disruptionsAllowed: allowed,
        expectedPods: counts.expectedCount,
      });
    } else {
      status.disruptionsAllowed = 0;
    }
    status.observedGeneration = pdb.metadata.generation;
    const cond: Condition = failed
      ? { type: 'DisruptionAllowed', status: 'False', ...failed }
      : allowed > 0
        ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
        : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
    const old = ((prev.conditions ?? []) as Condition[]).find((c) => c.type === cond.type);
    cond.lastTransitionTime =
      old && old.status === cond.status ? old.lastTransitionTime : this.ctx.clock.timestamp();
    cond.observedGeneration = pdb.metadata.generation;
    status.conditions = [
      ...((prev.conditions ?? []) as Condition[]).filter((c) => c.type !== cond.type),
      cond,
    ];
    if (JSON.stringify(status) === JSON.stringify(prev)) return;
    this.ctx.client.update(this.pdbRT, { ...clone(pdb), status }, 'status');
  }
}
