/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go): watches
 * Deployments, their ReplicaSets and pods, and for each Deployment key runs syncDeployment, which
 * picks the step upstream picks: status only while deleting, scaling while paused or on a
 * replicas change, a rollback, or a rollout by the Recreate or RollingUpdate strategy.
 * The steps live in sync.ts, rolling.ts, recreate.ts, rollback.ts and progress.ts, as upstream.
 */
import type { ResourceType } from '../../api/registry';
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors';
import type { LabelSelectorObject } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { EventSource } from '../../client/EventRecorder';
import { WorkQueue } from '../../client/WorkQueue';
import { getControllerOf } from '../replicaset/controllerUtils';
import { claimObjects } from '../replicaset/refManager';
import type { Controller, ControllerContext } from '../types';
import { rolloutRecreate } from './recreate';
import { getRollbackTo, rollback } from './rollback';
import { rolloutRolling } from './rolling';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync';
import type { Deployment } from './util';
import { asDeployment, canonicalText } from './util';

export const DEPLOYMENT_SOURCE: EventSource = { component: 'deployment-controller' };

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly queue: WorkQueue;
  readonly dType: ResourceType;
  readonly rsType: ResourceType;
  readonly podType: ResourceType;

  constructor(readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncDeployment(key));
    this.dType = ctx.registry.byResource('apps', 'v1', 'deployments')!;
    this.rsType = ctx.registry.byResource('apps', 'v1', 'replicasets')!;
    this.podType = ctx.registry.byResource('', 'v1', 'pods')!;
  }

  start(): void {
    this.ctx.store.watch(this.dType.key, {}, (ev) => this.enqueue(ev.object));
    this.ctx.store.watch(this.rsType.key, {}, (ev) => {
      this.enqueueForReplicaSet(ev.object);
      if (ev.prev) this.enqueueForReplicaSet(ev.prev);
    });
    // A deleted pod may be what a Recreate rollout waits for.
    this.ctx.store.watch('pods', {}, (ev) => {
      if (ev.type !== 'DELETED') return;
      const ref = getControllerOf(ev.object);
      if (ref?.kind !== 'ReplicaSet') return;
      const rs = this.ctx.store.get(this.rsType.key, ev.object.metadata.namespace ?? '', ref.name);
      if (rs) this.enqueueForReplicaSet(rs);
    });
    for (const d of this.ctx.store.list(this.dType.key).items) this.enqueue(d);
  }

  enqueue(d: KubeObject): void {
    this.queue.add(`${d.metadata.namespace ?? ''}/${d.metadata.name}`);
  }

  /** A ReplicaSet wakes its Deployment; an orphan wakes every Deployment that may adopt it. */
  private enqueueForReplicaSet(rs: KubeObject): void {
    const ref = getControllerOf(rs);
    if (ref) {
      if (ref.kind === 'Deployment' && ref.apiVersion === 'apps/v1') {
        this.queue.add(`${rs.metadata.namespace ?? ''}/${ref.name}`);
      }
      return;
    }
    if (rs.metadata.deletionTimestamp) return;
    const labels = rs.metadata.labels ?? {};
    for (const d of this.ctx.store.list(this.dType.key, { namespace: rs.metadata.namespace ?? '' })
      .items) {
      const sel = (d.spec as { selector?: LabelSelectorObject } | undefined)?.selector;
      const reqs = labelSelectorFromObject(sel);
      if (reqs.length && matchesLabels(reqs, labels)) this.enqueue(d);
    }
  }

  /** syncDeployment: one pass over one Deployment; returns a requeue-after in ms. */
  syncDeployment(key: string): void | number {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const stored = this.ctx.store.get(this.dType.key, namespace, name);
    if (!stored) return;
    const d = asDeployment(stored);
    const sel = d.spec.selector;
    if (
      !sel ||
      (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
    ) {
      this.ctx.recorder.event(
        DEPLOYMENT_SOURCE,
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status.observedGeneration = d.metadata.generation;
        this.writeStatus(d);
      }
      return;
    }
    const rsList = this.getReplicaSetsForDeployment(d);
    if (d.metadata.deletionTimestamp) return syncStatusOnly(this, d, rsList);
    checkPausedConditions(this, d);
    if (d.spec.paused) return sync(this, d, rsList);
    if (getRollbackTo(d) !== undefined) return rollback(this, d, rsList);
    if (isScalingEvent(this, d, rsList)) return sync(this, d, rsList);
    if (d.spec.strategy?.type === 'Recreate') {
      return rolloutRecreate(this, d, rsList, this.getPodMapForDeployment(d, rsList));
    }
    return rolloutRolling(this, d, rsList);
  }

  /** getReplicaSetsForDeployment: the ReplicaSets it owns, after adoption and release. */
  getReplicaSetsForDeployment(d: Deployment): KubeObject[] {
    const ns = d.metadata.namespace ?? '';
    const reqs = labelSelectorFromObject(d.spec.selector as LabelSelectorObject);
    const all = this.ctx.store.list(this.rsType.key, { namespace: ns }).items;
    return claimObjects(
      {
        client: this.ctx.client,
        controller: d,
        childType: this.rsType,
        match: (rs) => matchesLabels(reqs, rs.metadata.labels),
        canAdopt: () => {
          const fresh = this.ctx.store.get(this.dType.key, ns, d.metadata.name!);
          return (
            !!fresh && fresh.metadata.uid === d.metadata.uid && !fresh.metadata.deletionTimestamp
          );
        },
      },
      all,
    );
  }

  /** getPodMapForDeployment: the Deployment's pods, by the uid of the ReplicaSet that owns them. */
  getPodMapForDeployment(d: Deployment, rsList: KubeObject[]): Map<string, KubeObject[]> {
    const reqs = labelSelectorFromObject(d.spec.selector as LabelSelectorObject);
    const map = new Map<string, KubeObject[]>();
    for (const rs of rsList) map.set(rs.metadata.uid!, []);
    const pods = this.ctx.store.list('pods', {
      namespace: d.metadata.namespace ?? '',
      labelSelector: reqs,
    }).items;
    for (const pod of pods) {
      const ref = getControllerOf(pod);
      if (!ref) continue;
      map.get(ref.uid)?.push(pod);
    }
    return map;
  }

  /**
   * UpdateStatus of a Deployment. Upstream's status strategy also takes the metadata
   * annotations (that is how the revision annotation lands); our API server's status subresource
   * keeps only the status, so changed annotations are written first through the main resource.
   * `d` gets the new resourceVersion, so later writes in the same sync do not conflict.
   */
  writeStatus(d: Deployment): void {
    const ns = d.metadata.namespace ?? '';
    let stored = this.ctx.store.get(this.dType.key, ns, d.metadata.name!);
    if (!stored) return;
    if (
      canonicalText(stored.metadata.annotations ?? {}) !==
      canonicalText(d.metadata.annotations ?? {})
    ) {
      const next = structuredClone(stored) as KubeObject;
      next.metadata.annotations = { ...(d.metadata.annotations ?? {}) };
      next.metadata.resourceVersion = d.metadata.resourceVersion;
      stored = this.ctx.client.update(this.dType, next);
    } else if (stored.metadata.resourceVersion !== d.metadata.resourceVersion) {
      // Let the API server refuse a stale write, as upstream's would.
      stored = {
        ...stored,
        metadata: { ...stored.metadata, resourceVersion: d.metadata.resourceVersion },
      };
    }
    if (canonicalText(stored.status ?? {}) === canonicalText(compactStatus(d.status))) {
      d.metadata.resourceVersion = stored.metadata.resourceVersion;
      return;
    }
    const body = structuredClone(stored) as KubeObject;
    body.status = compactStatus(d.status);
    const written = this.ctx.client.update(this.dType, body, 'status');
    d.metadata.resourceVersion = written.metadata.resourceVersion;
  }
}

/** DeploymentStatus as Go serialises it: zero counts and empty lists left out. */
export function compactStatus(s: Deployment['status']): Deployment['status'] {
  const out: Deployment['status'] = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined && s.collisionCount !== null)
    out.collisionCount = s.collisionCount;
  return out;
}
