/**
 * kube-scheduler's default profile: watches pods, nodes and namespaces into the cache and the
 * queue, then schedules one pod at a time (scheduleOne): filter, score, bind through the
 * pods/binding subresource, and record `Scheduled`; or, when no node fits, record
 * `FailedScheduling` with upstream's FitError message, set PodScheduled=False (Unschedulable)
 * through the status subresource, and keep the pod until a cluster event or its back-off lets
 * it try again.
 */
import { isApiError } from '../api/errors';
import type { ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { ControllerContext } from '../controllers/types';
import type { StoreEvent, WatchHandle } from '../store/types';
import { SchedulerCache, assignedNode, isTerminal } from './cache';
import { explainChoice } from './explain';
import { DEFAULT_FILTERS, Framework, fitErrorMessage } from './framework';
import { NodeResourcesFit } from './plugins/noderesources';
import { newVolumeBinding } from './plugins/volumebinding';
import { newPodInfo } from './podInfo';
import { preemptionMessage } from './preemption';
import type { QueuedPodInfo } from './queue';
import { SchedulingQueue } from './queue';
import type { ClusterEvent, CycleState, PodInfo } from './types';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
const SOURCE = { component: DEFAULT_SCHEDULER_NAME };
/** Pods whose choice of node `explain` remembers (the latest). */
const EXPLAINED = 1000;
/** ErrNoNodesAvailable */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** Whether this scheduler should place the pod now (upstream's responsibleForPod + unassigned). */
function pendingForUs(pod: KubeObject): boolean {
  const spec = (pod.spec ?? {}) as { nodeName?: string; schedulerName?: string };
  return (
    !spec.nodeName &&
    (spec.schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME &&
    !pod.metadata.deletionTimestamp &&
    !isTerminal(pod)
  );
}

export class Scheduler {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  private watches: WatchHandle[] = [];
  private podsRT: ResourceType;
  /** Why each recently bound pod got its node, by pod uid (see `explain`). */
  private reasons = new Map<string, string>();

  constructor(private ctx: ControllerContext) {
    this.cache = new SchedulerCache((ev) => this.onClusterEvent(ev));
    this.queue = new SchedulingQueue(ctx.clock, () => this.drain());
    const filters = [...DEFAULT_FILTERS];
    // VolumeBinding runs after NodeResourcesFit, as in the default profile.
    filters.splice(filters.indexOf(NodeResourcesFit) + 1, 0, newVolumeBinding(ctx.store));
    this.framework = new Framework(this.cache, ctx.random, filters);
    this.podsRT = ctx.registry.byResource('', 'v1', 'pods')!;
  }

  start(): void {
    const { store } = this.ctx;
    const relist = () => {
      this.stopWatches();
      this.cache.clear();
      this.watches.push(
        store.watch('namespaces', { onClose: relist }, (ev) => this.onNamespace(ev)),
        store.watch('nodes', { onClose: relist }, (ev) => this.onNode(ev)),
        store.watch('pods', { onClose: relist }, (ev) => this.onPod(ev)),
        ...['persistentvolumeclaims', 'persistentvolumes', 'storageclasses.storage.k8s.io'].map(
          (r) => store.watch(r, {}, () => this.onClusterEvent({ kind: 'VolumeChange' })),
        ),
      );
      for (const ns of store.list('namespaces').items) {
        this.cache.setNamespace(ns.metadata.name!, ns.metadata.labels ?? {});
      }
      for (const n of store.list('nodes').items) this.cache.setNodeObject(n);
      for (const p of store.list('pods').items)
        this.onPod({ type: 'ADDED', object: p } as StoreEvent);
    };
    relist();
  }

  stop(): void {
    this.stopWatches();
  }

  private stopWatches(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
  }

  private onNamespace(ev: StoreEvent): void {
    const ns = ev.object;
    this.cache.setNamespace(
      ns.metadata.name!,
      ev.type === 'DELETED' ? undefined : (ns.metadata.labels ?? {}),
    );
  }

  private onNode(ev: StoreEvent): void {
    if (ev.type === 'DELETED') this.cache.removeNode(ev.object.metadata.name!);
    else this.cache.setNodeObject(ev.object);
  }

  private onPod(ev: StoreEvent): void {
    const pod = ev.object;
    const key = podKey(pod);
    const uid = pod.metadata.uid ?? key;
    if (ev.type === 'DELETED') {
      this.queue.delete(key);
      this.cache.updatePod(uid, undefined);
      return;
    }
    if (assignedNode(pod) || this.cache.podNodeName(uid)) {
      this.queue.delete(key);
      this.cache.updatePod(uid, pod);
      return;
    }
    if (pendingForUs(pod)) this.queue.update(key, newPodInfo(pod));
    else this.queue.delete(key);
  }

  private onClusterEvent(ev: ClusterEvent): void {
    if (!this.queue.unschedulableCount) return;
    this.queue.onClusterEvent(ev, (qp, e) => {
      for (const name of qp.unschedulablePlugins) {
        const p = this.framework.plugin(name);
        if (p?.isSchedulableAfter?.(qp.info, e)) return true;
      }
      return false;
    });
  }

  /**
   * Why a recently scheduled pod went to its node, in a few words ("most free CPU and memory"),
   * for the page's timeline; the `Scheduled` Event itself says only where, as upstream's does.
   */
  explain(podUid: string): string | undefined {
    return this.reasons.get(podUid);
  }

  /** Schedules every pod in activeQ, one at a time. */
  private drain(): void {
    for (let qp = this.queue.pop(); qp; qp = this.queue.pop()) this.scheduleOne(qp);
  }

  /** scheduleOne: one scheduling attempt and, when a node is found, the binding. */
  scheduleOne(qp: QueuedPodInfo): void {
    const current = this.ctx.store.get('pods', qp.info.namespace, qp.info.name);
    if (!current || current.metadata.uid !== qp.info.pod.metadata.uid || !pendingForUs(current)) {
      this.queue.done(qp.key);
      return;
    }
    const pod = qp.info;
    const nodes = this.cache.nodes();
    if (!nodes.length) {
      this.handleFailure(qp, current, NO_NODES_MESSAGE, 'Unschedulable', new Set(['NodeName']));
      return;
    }
    const state: CycleState = new Map();
    const fit = this.framework.findNodesThatFit(state, pod);
    if (!fit.feasible.length) {
      const post = preemptionMessage(pod, nodes, fit.diagnosis);
      const msg = fitErrorMessage(nodes.length, fit.diagnosis, post);
      this.handleFailure(qp, current, msg, 'Unschedulable', fit.diagnosis.unschedulablePlugins);
      return;
    }
    let host = fit.feasible[0];
    const byPlugin = new Map<string, number[]>();
    if (fit.feasible.length > 1) {
      const totals = this.framework.prioritizeNodes(state, pod, fit.feasible, byPlugin);
      host = this.framework.selectHost(fit.feasible, totals);
    }
    const why = explainChoice(
      byPlugin,
      fit.feasible.indexOf(host),
      fit.feasible.length,
      nodes.length,
    );
    this.reasons.set(pod.uid, why);
    if (this.reasons.size > EXPLAINED) this.reasons.delete(this.reasons.keys().next().value!);
    this.bind(qp, current, pod, host.name);
  }

  private bind(qp: QueuedPodInfo, current: KubeObject, pod: PodInfo, host: string): void {
    try {
      this.ctx.client.request({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}/binding`,
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: host },
        },
      });
    } catch (e) {
      if (!isApiError(e)) throw e;
      this.handleFailure(
        qp,
        current,
        `binding rejected: ${e.message}`,
        'SchedulerError',
        new Set(),
      );
      return;
    }
    this.queue.done(qp.key);
    this.ctx.recorder.event(
      SOURCE,
      current,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.namespace}/${pod.name} to ${host}`,
    );
  }

  /**
   * handleSchedulingFailure: the event, the pod back in the queue, and PodScheduled=False with
   * the same message (written only when it changes, as upstream's updatePod).
   */
  private handleFailure(
    qp: QueuedPodInfo,
    current: KubeObject,
    message: string,
    reason: 'Unschedulable' | 'SchedulerError',
    rejectors: Set<string>,
  ): void {
    this.ctx.recorder.event(SOURCE, current, 'Warning', 'FailedScheduling', message);
    const latest = this.ctx.store.get('pods', qp.info.namespace, qp.info.name);
    if (!latest || latest.metadata.uid !== current.metadata.uid || !pendingForUs(latest)) {
      this.queue.done(qp.key);
      return;
    }
    this.queue.addUnschedulable(qp.key, rejectors);
    const conditions = ((latest.status as { conditions?: Record<string, unknown>[] } | undefined)
      ?.conditions ?? []) as Record<string, unknown>[];
    const prior = conditions.find((c) => c.type === 'PodScheduled');
    if (prior && prior.status === 'False' && prior.reason === reason && prior.message === message) {
      return;
    }
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime:
        prior?.status === 'False' ? prior.lastTransitionTime : this.ctx.clock.timestamp(),
      reason,
      message,
    };
    // A JSON patch keeps `lastProbeTime: null`, which merge patches would read as "remove".
    const next = conditions.filter((c) => c.type !== 'PodScheduled');
    next.push(condition);
    const ops: unknown[] = latest.status ? [] : [{ op: 'add', path: '/status', value: {} }];
    ops.push({ op: 'add', path: '/status/conditions', value: next });
    try {
      this.ctx.client.patch(this.podsRT, qp.info.namespace, qp.info.name, ops, 'json', 'status');
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }
}
