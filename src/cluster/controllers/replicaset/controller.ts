/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go) and, with the same code,
 * the ReplicationController manager (pkg/controller/replication), as upstream runs the one
 * implementation for both kinds. Each sync claims the pods the selector matches, creates or
 * deletes pods to reach spec.replicas, and writes the status.
 *
 * Upstream keeps "expectations" so a sync does not act on an informer cache that has not yet seen
 * its own creates and deletes. Here the cache is the store itself and every write lands in it
 * before the client call returns, so a sync always sees its own work and no expectations are kept.
 */
import { isApiError } from '../../api/errors';
import type { ResourceType } from '../../api/registry';
import type { LabelSelector } from '../../api/selectors';
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';
import {
  BURST_REPLICAS,
  filterActivePods,
  getControllerOf,
  getPodFromTemplate,
  getPodsToDelete,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podReadyCondition,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatch,
  timeOf,
} from './controllerUtils';
import { claimObjects } from './refManager';
import {
  calculateStatus,
  minReadySeconds,
  rsView,
  specReplicas,
  statusUnchanged,
} from './replicaSetUtils';

/** What differs between the two kinds the controller manages. */
export interface ReplicaSetKind {
  /** Controller name in the controller manager. */
  name: string;
  /** Event source component. */
  component: 'replicaset-controller' | 'replication-controller';
  group: string;
  version: string;
  plural: string;
  kind: string;
  /** The selector of one object, as requirements. */
  selector(obj: KubeObject): LabelSelector;
}

export const REPLICA_SET_KIND: ReplicaSetKind = {
  name: 'replicaset-controller',
  component: 'replicaset-controller',
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  kind: 'ReplicaSet',
  selector: (rs) =>
    labelSelectorFromObject(
      rsView(rs).spec?.selector as Parameters<typeof labelSelectorFromObject>[0],
    ),
};

export const REPLICATION_CONTROLLER_KIND: ReplicaSetKind = {
  name: 'replicationcontroller-controller',
  component: 'replication-controller',
  group: '',
  version: 'v1',
  plural: 'replicationcontrollers',
  kind: 'ReplicationController',
  // An RC's selector is a plain map; an empty one selects nothing (it is defaulted from the
  // template labels on create).
  selector: (rc) => {
    const m = (rsView(rc).spec?.selector ?? {}) as Record<string, string>;
    if (!Object.keys(m).length) return [{ key: '', operator: 'in', values: [] }];
    return labelSelectorFromObject({ matchLabels: m });
  },
};

/** Extra time after minReadySeconds before looking again, as upstream's pod update handler. */
const MIN_READY_SLACK_MS = 1000;

export class ReplicaSetController implements Controller {
  readonly name: string;
  private queue: WorkQueue;
  private rsType: ResourceType;
  private podType: ResourceType;
  private apiVersion: string;
  /** The pods the current sync's manageReplicas created. */
  private createdInSync: KubeObject[] = [];

  constructor(
    private ctx: ControllerContext,
    private kind: ReplicaSetKind = REPLICA_SET_KIND,
  ) {
    this.name = kind.name;
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncReplicaSet(key));
    this.rsType = ctx.registry.byResource(kind.group, kind.version, kind.plural)!;
    this.podType = ctx.registry.byResource('', 'v1', 'pods')!;
    this.apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  }

  start(): void {
    this.ctx.store.watch(this.rsType.key, {}, (ev) => this.enqueue(ev.object));
    this.ctx.store.watch('pods', {}, (ev) => {
      this.enqueuePodOwners(ev.object);
      if (ev.prev) this.enqueuePodOwners(ev.prev);
    });
    for (const rs of this.ctx.store.list(this.rsType.key).items) this.enqueue(rs);
  }

  private key(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  private enqueue(rs: KubeObject): void {
    this.queue.add(this.key(rs.metadata.namespace, rs.metadata.name!));
  }

  /** A pod event wakes its controller; an orphan wakes every controller that may adopt it. */
  private enqueuePodOwners(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind === this.kind.kind && ref.apiVersion === this.apiVersion) {
        this.queue.add(this.key(pod.metadata.namespace, ref.name));
      }
      return;
    }
    if (pod.metadata.deletionTimestamp) return;
    for (const rs of this.getPodReplicaSets(pod)) this.enqueue(rs);
  }

  /** The controllers of this kind in the pod's namespace whose selector matches it. */
  private getPodReplicaSets(pod: KubeObject): KubeObject[] {
    const labels = pod.metadata.labels;
    if (!labels || !Object.keys(labels).length) return [];
    return this.ctx.store
      .list(this.rsType.key, { namespace: pod.metadata.namespace ?? '' })
      .items.filter((rs) => {
        const sel = this.kind.selector(rs);
        return sel.length > 0 && matchesLabels(sel, labels);
      });
  }

  /** syncReplicaSet: claim, manage, then always write the status. */
  syncReplicaSet(key: string): void | number {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const rs = this.ctx.store.get(this.rsType.key, namespace, name);
    if (!rs) return;
    let selector: LabelSelector;
    try {
      selector = this.kind.selector(rs);
    } catch {
      return; // an invalid selector: nothing to do until the object changes
    }
    // Every pod of the namespace, so that pods that stopped matching can be released.
    const allPods = this.ctx.store.list('pods', { namespace }).items;
    const filteredPods = this.claimPods(rs, selector, filterActivePods(allPods));

    let manageReplicasErr: string | undefined;
    this.createdInSync = [];
    if (!rs.metadata.deletionTimestamp) {
      try {
        this.manageReplicas(filteredPods, rs);
      } catch (e) {
        if (!isApiError(e)) throw e;
        manageReplicasErr = e.message;
      }
    }
    // The pods as they are after this sync's creates and deletes: the claimed ones and the new
    // ones looked up again (no other pod can have become this ReplicaSet's meanwhile), rather
    // than a namespace-wide list per sync.
    const pods = this.claimedActivePods(rs, selector, namespace, [
      ...filteredPods,
      ...this.createdInSync,
    ]);
    this.createdInSync = [];
    const fresh = this.ctx.store.get(this.rsType.key, namespace, name);
    if (!fresh || fresh.metadata.uid !== rs.metadata.uid) return;
    const updated = this.updateReplicaSetStatus(fresh, pods, manageReplicasErr);
    const requeue = this.availabilityRequeue(updated, pods);
    if (manageReplicasErr !== undefined) {
      // Retried with back-off, as upstream returns the error to the work queue.
      throw new ManageReplicasError(manageReplicasErr);
    }
    return requeue;
  }

  private claimedActivePods(
    rs: KubeObject,
    selector: LabelSelector,
    ns: string,
    candidates: KubeObject[],
  ): KubeObject[] {
    const out: KubeObject[] = [];
    for (const c of candidates) {
      const p = this.ctx.store.get('pods', ns, c.metadata.name!);
      if (
        p &&
        p.metadata.uid === c.metadata.uid &&
        isPodActive(p) &&
        getControllerOf(p)?.uid === rs.metadata.uid &&
        matchesLabels(selector, p.metadata.labels)
      )
        out.push(p);
    }
    return out;
  }

  /** claimPods: adopt matching orphans, release owned pods that no longer match. */
  claimPods(rs: KubeObject, selector: LabelSelector, pods: KubeObject[]): KubeObject[] {
    return claimObjects(
      {
        client: this.ctx.client,
        controller: rs,
        childType: this.podType,
        match: (p) => selector.length > 0 && matchesLabels(selector, p.metadata.labels),
        canAdopt: () => {
          const fresh = this.ctx.store.get(
            this.rsType.key,
            rs.metadata.namespace ?? '',
            rs.metadata.name!,
          );
          return (
            !!fresh && fresh.metadata.uid === rs.metadata.uid && !fresh.metadata.deletionTimestamp
          );
        },
      },
      pods,
    );
  }

  /** manageReplicas: create or delete pods, at most BURST_REPLICAS per sync. */
  manageReplicas(filteredPods: KubeObject[], rs: KubeObject): void {
    let diff = filteredPods.length - specReplicas(rs);
    const source = { component: this.kind.component };
    if (diff < 0) {
      diff = Math.min(-diff, BURST_REPLICAS);
      const template = rsView(rs).spec?.template;
      if (!template) return;
      const { error } = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => {
        const pod = getPodFromTemplate(template, rs, newControllerRef(rs));
        if (!pod.metadata.labels) throw new Error('unable to create pods, no labels');
        try {
          const created = this.ctx.client.create(this.podType, pod);
          this.createdInSync.push(created);
          this.ctx.recorder.event(
            source,
            rs,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${created.metadata.name}`,
          );
        } catch (e) {
          if (isApiError(e) && isNamespaceTerminating(e)) return;
          if (isApiError(e)) {
            this.ctx.recorder.event(
              source,
              rs,
              'Warning',
              'FailedCreate',
              `Error creating: ${e.message}`,
            );
          }
          throw e;
        }
      });
      if (error) throw error;
      return;
    }
    if (diff > 0) {
      diff = Math.min(diff, BURST_REPLICAS);
      const related = this.getIndirectlyRelatedPods(rs);
      const toDelete = getPodsToDelete(filteredPods, related, diff, this.ctx.clock.now());
      let firstError: unknown;
      for (const pod of toDelete) {
        try {
          this.ctx.client.delete(this.podType, pod.metadata.namespace ?? '', pod.metadata.name!);
          this.ctx.recorder.event(
            source,
            rs,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${pod.metadata.name}`,
          );
        } catch (e) {
          if (isApiError(e) && e.code === 404) continue;
          if (isApiError(e)) {
            this.ctx.recorder.event(
              source,
              rs,
              'Warning',
              'FailedDelete',
              `Error deleting: ${e.message}`,
            );
          }
          firstError ??= e;
        }
      }
      if (firstError) throw firstError;
    }
  }

  /**
   * getIndirectlyRelatedPods: the pods of every controller of this kind with the same owner
   * (the other ReplicaSets of a Deployment), to rank pods doubled up on a node.
   */
  private getIndirectlyRelatedPods(rs: KubeObject): KubeObject[] {
    const owner = getControllerOf(rs);
    const siblings = owner
      ? this.ctx.store
          .list(this.rsType.key, { namespace: rs.metadata.namespace ?? '', ownerUid: owner.uid })
          .items.filter((s) => getControllerOf(s)?.uid === owner.uid)
      : [rs];
    const out: KubeObject[] = [];
    for (const s of siblings) {
      out.push(
        ...this.ctx.store.list('pods', {
          namespace: rs.metadata.namespace ?? '',
          ownerUid: s.metadata.uid,
        }).items,
      );
    }
    return out;
  }

  /** updateReplicaSetStatus: writes the status when anything in it changed. */
  private updateReplicaSetStatus(
    rs: KubeObject,
    pods: KubeObject[],
    manageReplicasErr: string | undefined,
  ): KubeObject {
    const status = calculateStatus(
      rs,
      pods,
      manageReplicasErr,
      this.ctx.clock.now(),
      this.ctx.clock.timestamp(),
    );
    if (statusUnchanged(rs, status)) return rs;
    status.observedGeneration = rs.metadata.generation;
    const next = structuredClone(rs) as KubeObject;
    next.status = status;
    return this.ctx.client.update(this.rsType, next, 'status');
  }

  /**
   * When pods are ready but not yet available (minReadySeconds), look again when the first of
   * them becomes available.
   */
  private availabilityRequeue(rs: KubeObject, pods: KubeObject[]): number | undefined {
    const minReady = minReadySeconds(rs);
    if (minReady <= 0) return undefined;
    const now = this.ctx.clock.now();
    let soonest: number | undefined;
    for (const p of pods) {
      if (!isPodReady(p) || isPodAvailable(p, minReady, now)) continue;
      const at = timeOf(podReadyCondition(p)?.lastTransitionTime) + minReady * 1000;
      const wait = Math.max(1, at - now + MIN_READY_SLACK_MS);
      soonest = soonest === undefined ? wait : Math.min(soonest, wait);
    }
    return soonest;
  }
}

/** The error a sync returns to the queue after recording it in the status. */
class ManageReplicasError extends Error {}

function isNamespaceTerminating(e: { status: { details?: { causes?: { reason?: string }[] } } }) {
  return !!e.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}
