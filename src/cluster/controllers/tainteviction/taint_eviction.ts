/**
 * The taint eviction controller (pkg/controller/tainteviction, formerly the taint manager):
 * a pod on a node with NoExecute taints it does not tolerate is deleted at once; one that
 * tolerates them for tolerationSeconds (300 s for not-ready and unreachable, added by the
 * DefaultTolerationSeconds admission) is deleted that long after the taint was added, unless
 * the taint goes first. Before deleting, the pod gets the DisruptionTarget condition.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { clone, isNotFoundOrConflict, isPodTerminal } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';

const SOURCE = { component: 'taint-eviction-controller' };

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** ToleratesTaint (k8s.io/api/core/v1/toleration.go). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * getMinTolerationTime: the shortest tolerationSeconds among the tolerations used, in ms;
 * undefined when every one tolerates forever. Returns -1 when a taint is not tolerated.
 */
export function minTolerationMs(tolerations: Toleration[], taints: Taint[]): number | undefined {
  let min: number | undefined;
  for (const taint of taints) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint));
    if (!used.length) return -1;
    for (const t of used) {
      if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
      const ms = Math.max(0, t.tolerationSeconds) * 1000;
      if (min === undefined || ms < min) min = ms;
    }
  }
  return min;
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  private queue: WorkQueue;
  private podsRT: ResourceType;
  /**
   * Pods whose deletion is scheduled, with when the countdown started (upstream's
   * scheduledEviction.CreatedAt): tolerationSeconds count from when this controller first saw
   * the pod on a tainted node, not from the taint's timeAdded, which kubectl stamps with its own
   * clock.
   */
  private scheduled = new Map<string, number>();

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.processPod(key));
    this.podsRT = ctx.registry.byResource('', 'v1', 'pods')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('nodes', {}, (ev) => {
      const noExecute = (n: KubeObject | undefined) =>
        JSON.stringify(
          ((n?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter(
            (t) => t.effect === 'NoExecute',
          ),
        );
      if (ev.type === 'MODIFIED' && noExecute(ev.object) === noExecute(ev.prev)) return;
      const name = ev.object.metadata.name;
      for (const p of store.list('pods', {
        filter: (x) => (x.spec as { nodeName?: string } | undefined)?.nodeName === name,
      }).items)
        this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
    });
    store.watch('pods', {}, (ev) => {
      if (ev.type === 'DELETED') return;
      if ((ev.object.spec as { nodeName?: string } | undefined)?.nodeName)
        this.queue.add(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
    });
  }

  /** processPodOnNode: evict now, later, or never. */
  private processPod(key: string): number | void {
    const [ns, name] = key.split('/');
    const pod = this.ctx.store.get('pods', ns, name);
    if (!pod || pod.metadata.deletionTimestamp || isPodTerminal(pod)) {
      this.scheduled.delete(key);
      return;
    }
    const nodeName = (pod.spec as { nodeName?: string }).nodeName;
    const node = nodeName ? this.ctx.store.get('nodes', '', nodeName) : undefined;
    const taints = ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter(
      (t) => t.effect === 'NoExecute',
    );
    if (!taints.length) {
      if (this.scheduled.delete(key)) this.event(pod, `Cancelling deletion of Pod ${key}`);
      return;
    }
    const tolerations = ((pod.spec as { tolerations?: Toleration[] }).tolerations ??
      []) as Toleration[];
    const min = minTolerationMs(tolerations, taints);
    if (min === undefined) return;
    const now = this.ctx.clock.now();
    const start = this.scheduled.get(key) ?? now;
    const at = min < 0 ? now : start + min;
    if (at > now) {
      this.scheduled.set(key, start);
      return at - now;
    }
    this.scheduled.delete(key);
    this.addConditionAndDeletePod(pod);
  }

  private addConditionAndDeletePod(pod: KubeObject): void {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    this.event(pod, `Marking for deletion Pod ${ns}/${name}`);
    try {
      const next = clone(pod);
      const status = (next.status ??= {}) as { conditions?: Record<string, unknown>[] };
      const conds = (status.conditions ??= []).filter((c) => c.type !== 'DisruptionTarget');
      conds.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: this.ctx.clock.timestamp(),
      });
      status.conditions = conds;
      this.ctx.client.update(this.podsRT, next, 'status');
      this.ctx.client.delete(this.podsRT, ns, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
    }
  }

  private event(pod: KubeObject, message: string): void {
    this.ctx.recorder.event(SOURCE, pod, 'Normal', 'TaintManagerEviction', message);
  }
}
