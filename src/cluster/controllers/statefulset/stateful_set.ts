/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): watches sets and
 * their pods, and per set runs the control loop of stateful_set_control.ts, then writes status
 * through the status subresource.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { listRevisions } from '../history/history';
import { clone, controllerRef, isNotFoundOrConflict, ownedBy } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';
import type { StatefulSetStatus } from './stateful_set_control';
import {
  SOURCE,
  getStatefulSetRevisions,
  truncateHistory,
  updateStatefulSet,
} from './stateful_set_control';
import { createPersistentVolumeClaims } from './claims';
import { stsSpec } from './utils';

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  readonly queue: WorkQueue;
  readonly setType: ResourceType;
  readonly podType: ResourceType;
  readonly revisionType: ResourceType;

  constructor(readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.setType = ctx.registry.byResource('apps', 'v1', 'statefulsets')!;
    this.podType = ctx.registry.byResource('', 'v1', 'pods')!;
    this.revisionType = ctx.registry.byResource('apps', 'v1', 'controllerrevisions')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('statefulsets.apps', {}, (ev) =>
      this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`),
    );
    store.watch('pods', {}, (ev) => {
      for (const o of [ev.object, ev.prev]) {
        const ref = o && controllerRef(o);
        if (ref?.kind === 'StatefulSet') this.queue.add(`${o!.metadata.namespace}/${ref.name}`);
      }
    });
    for (const s of store.list('statefulsets.apps').items)
      this.queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  /** sync: the set's pods and revisions, one pass of updateStatefulSet, then status. */
  sync(key: string): void | number {
    const [ns, name] = key.split('/');
    const set = this.ctx.store.get('statefulsets.apps', ns, name);
    if (!set || set.metadata.deletionTimestamp) return;
    const revisions = listRevisions(this.ctx.store, set);
    const { current, update, collisionCount } = getStatefulSetRevisions(this, set, revisions);
    const pods = ownedBy(this.ctx.store, 'pods', set);
    const status = updateStatefulSet(this, set, current, update, collisionCount, pods);
    this.updateStatefulSetStatus(set, status);
    truncateHistory(this, set, ownedBy(this.ctx.store, 'pods', set), status);
    const minReady = stsSpec(set).minReadySeconds ?? 0;
    if (minReady > 0 && (status.readyReplicas ?? 0) !== status.availableReplicas)
      return minReady * 1000;
  }

  private updateStatefulSetStatus(set: KubeObject, status: StatefulSetStatus): void {
    const fresh = this.ctx.store.get(
      'statefulsets.apps',
      set.metadata.namespace!,
      set.metadata.name!,
    );
    if (!fresh) return;
    const prev = (fresh.status ?? {}) as StatefulSetStatus;
    const next: StatefulSetStatus = { ...status };
    if (prev.conditions) next.conditions = prev.conditions;
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'] as const)
      if (!next[k]) delete next[k];
    if (JSON.stringify(sorted(next)) === JSON.stringify(sorted(prev))) return;
    this.ctx.client.update(this.setType, { ...clone(fresh), status: next }, 'status');
  }

  createPod(set: KubeObject, pod: KubeObject): KubeObject {
    createPersistentVolumeClaims(this, set, pod);
    const created = this.ctx.client.create(this.podType, pod);
    this.ctx.recorder.event(
      SOURCE,
      set,
      'Normal',
      'SuccessfulCreate',
      `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
    );
    return created;
  }

  deletePod(set: KubeObject, pod: KubeObject): void {
    try {
      this.ctx.client.delete(this.podType, pod.metadata.namespace!, pod.metadata.name!, {
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (e) {
      if (isNotFoundOrConflict(e)) return;
      throw e;
    }
    this.ctx.recorder.event(
      SOURCE,
      set,
      'Normal',
      'SuccessfulDelete',
      `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
    );
  }
}

function sorted(o: object): object {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
