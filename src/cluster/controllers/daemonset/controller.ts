/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go): one pod per eligible
 * node, created already aimed at its node through node affinity (the scheduler binds it), with
 * the daemon tolerations, ControllerRevisions and the `controller-revision-hash` label; rolling
 * updates and history live in update.ts.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { CONTROLLER_REVISION_HASH_LABEL } from '../history/history';
import {
  byCreation,
  clone,
  controllerRef,
  isNotFoundOrConflict,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  ownedBy,
  podPhase,
} from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';
import { cleanupHistory, constructHistory, rollingUpdate } from './update';
import type { PodSpecView } from './util';
import {
  addOrUpdateTolerations,
  daemonPodTolerations,
  nodeShouldRunDaemonPod,
  replaceNodeNameAffinity,
  targetNodeName,
} from './util';

const SOURCE = { component: 'daemonset-controller' };
/** The label upstream still puts on daemon pods: the DaemonSet's generation at creation. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

export interface DaemonSetSpecView {
  selector?: unknown;
  template: { metadata?: { labels?: Record<string, string> }; spec?: PodSpecView };
  updateStrategy?: {
    type?: string;
    rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

export function dsSpec(ds: KubeObject): DaemonSetSpecView {
  return ds.spec as DaemonSetSpecView;
}

export class DaemonSetsController implements Controller {
  readonly name = 'daemonset-controller';
  readonly queue: WorkQueue;
  readonly dsType: ResourceType;
  readonly podType: ResourceType;

  constructor(readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncDaemonSet(key));
    this.dsType = ctx.registry.byResource('apps', 'v1', 'daemonsets')!;
    this.podType = ctx.registry.byResource('', 'v1', 'pods')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('daemonsets.apps', {}, (ev) => this.enqueue(ev.object));
    store.watch('pods', {}, (ev) => {
      for (const o of [ev.object, ev.prev]) {
        const ref = o && controllerRef(o);
        if (ref?.kind === 'DaemonSet') this.queue.add(`${o!.metadata.namespace}/${ref.name}`);
      }
    });
    // A node that joins, changes labels or taints, or leaves concerns every DaemonSet.
    store.watch('nodes', {}, () => {
      for (const ds of store.list('daemonsets.apps').items) this.enqueue(ds);
    });
    for (const ds of store.list('daemonsets.apps').items) this.enqueue(ds);
  }

  private enqueue(ds: KubeObject): void {
    this.queue.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
  }

  /** syncDaemonSet: history, pods per node, the update strategy, then status. */
  syncDaemonSet(key: string): void | number {
    const [ns, name] = key.split('/');
    const ds = this.ctx.store.get('daemonsets.apps', ns, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const nodes = this.ctx.store.list('nodes').items;
    const { cur, old } = constructHistory(this, ds);
    const hash = cur.metadata.labels![CONTROLLER_REVISION_HASH_LABEL];
    let requeue = this.manage(ds, nodes, hash);
    const strategy = dsSpec(ds).updateStrategy?.type ?? 'RollingUpdate';
    if (strategy === 'RollingUpdate') {
      const r = rollingUpdate(this, ds, nodes, hash);
      if (typeof r === 'number') requeue = minDelay(requeue, r);
    }
    cleanupHistory(this, ds, old);
    const r = this.updateDaemonSetStatus(ds, nodes, hash);
    return minDelay(requeue, r);
  }

  /** The DaemonSet's pods by node: bound pods by nodeName, pending ones by their target. */
  getNodesToDaemonPods(ds: KubeObject): Map<string, KubeObject[]> {
    const out = new Map<string, KubeObject[]>();
    for (const pod of ownedBy(this.ctx.store, 'pods', ds)) {
      const node = targetNodeName(pod);
      if (!node) continue;
      const list = out.get(node) ?? [];
      list.push(pod);
      out.set(node, list);
    }
    for (const list of out.values()) list.sort(byCreation);
    return out;
  }

  /** manage: which nodes need a daemon pod and which pods must go (podsShouldBeOnNode). */
  private manage(ds: KubeObject, nodes: KubeObject[], hash: string): void | number {
    const byNode = this.getNodesToDaemonPods(ds);
    const nodesNeedingDaemonPods: string[] = [];
    const podsToDelete: KubeObject[] = [];
    let failedPods = 0;
    for (const node of nodes) {
      const nodeName = node.metadata.name!;
      const daemonPods = byNode.get(nodeName) ?? [];
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(
        node,
        dsSpec(ds).template,
      );
      const exists = daemonPods.length > 0;
      if (shouldRun && !exists) {
        nodesNeedingDaemonPods.push(nodeName);
      } else if (shouldContinueRunning) {
        const running: KubeObject[] = [];
        for (const pod of daemonPods) {
          if (pod.metadata.deletionTimestamp) continue;
          if (podPhase(pod) === 'Failed') {
            failedPods++;
            this.ctx.recorder.event(
              SOURCE,
              ds,
              'Warning',
              'FailedDaemonPod',
              `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it`,
            );
            podsToDelete.push(pod);
          } else {
            running.push(pod);
          }
        }
        // More than one pod on a node: keep the oldest.
        if (running.length > 1) podsToDelete.push(...running.slice(1));
      } else if (exists) {
        for (const pod of daemonPods) if (!pod.metadata.deletionTimestamp) podsToDelete.push(pod);
      }
    }
    this.syncNodes(ds, podsToDelete, nodesNeedingDaemonPods, hash);
    // Failed pods are replaced after a pause, as upstream's failed-pod back-off.
    if (failedPods) return 1000;
  }

  /** syncNodes: deletes `podsToDelete` and creates a pod for each node in `nodesNeeding`. */
  syncNodes(
    ds: KubeObject,
    podsToDelete: KubeObject[],
    nodesNeeding: string[],
    hash: string,
  ): void {
    for (const nodeName of nodesNeeding) this.createDaemonPod(ds, nodeName, hash);
    for (const pod of podsToDelete) {
      try {
        this.ctx.client.delete(this.podType, pod.metadata.namespace!, pod.metadata.name!, {
          preconditions: { uid: pod.metadata.uid },
        });
        this.ctx.recorder.event(
          SOURCE,
          ds,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${pod.metadata.name}`,
        );
      } catch (e) {
        if (!isNotFoundOrConflict(e)) throw e;
      }
    }
  }

  private createDaemonPod(ds: KubeObject, nodeName: string, hash: string): void {
    const template = clone(dsSpec(ds).template);
    const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
    labels[TEMPLATE_GENERATION_LABEL] = String(ds.metadata.generation ?? 1);
    labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
    const spec: PodSpecView = { ...(template.spec ?? {}) };
    spec.tolerations = addOrUpdateTolerations(
      spec.tolerations,
      daemonPodTolerations(!!spec.hostNetwork),
    );
    spec.affinity = replaceNodeNameAffinity(spec.affinity, nodeName);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels,
        ownerReferences: [newControllerRef(ds)],
      },
      spec,
    };
    const annotations = (template.metadata as { annotations?: Record<string, string> } | undefined)
      ?.annotations;
    if (annotations && Object.keys(annotations).length) pod.metadata.annotations = annotations;
    const created = this.ctx.client.create(this.podType, pod);
    this.ctx.recorder.event(
      SOURCE,
      ds,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${created.metadata.name}`,
    );
  }

  /** updateDaemonSetStatus: counts per node, written through the status subresource. */
  private updateDaemonSetStatus(ds: KubeObject, nodes: KubeObject[], hash: string): void | number {
    const fresh = this.ctx.store.get('daemonsets.apps', ds.metadata.namespace!, ds.metadata.name!);
    if (!fresh) return;
    const byNode = this.getNodesToDaemonPods(fresh);
    const now = this.ctx.clock.now();
    const minReady = dsSpec(fresh).minReadySeconds ?? 0;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of nodes) {
      const { shouldRun } = nodeShouldRunDaemonPod(node, dsSpec(fresh).template);
      const pods = byNode.get(node.metadata.name!) ?? [];
      if (shouldRun) {
        desired++;
        if (!pods.length) continue;
        current++;
        const pod = pods[0];
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) available++;
        }
        if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
      } else if (pods.length) {
        misscheduled++;
      }
    }
    const status: Record<string, unknown> = {
      ...((fresh.status as object) ?? {}),
      currentNumberScheduled: current,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      observedGeneration: fresh.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    // Go omits these when zero.
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'])
      if (!status[k]) delete status[k];
    if (JSON.stringify(sortKeys(status)) !== JSON.stringify(sortKeys(fresh.status ?? {}))) {
      this.ctx.client.update(this.dsType, { ...clone(fresh), status }, 'status');
    }
    if (minReady > 0 && ready !== available) return minReady * 1000;
  }
}

function sortKeys(o: object): object {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function minDelay(a: void | number, b: void | number): void | number {
  if (typeof a !== 'number') return b;
  if (typeof b !== 'number') return a;
  return Math.min(a, b);
}
