/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 * every node's kubelet renews its Lease (and posts status); a node not heard from for the
 * node-monitor-grace-period (40 s, checked every 5 s) gets its conditions set to Unknown
 * ("Kubelet stopped posting node status."), the event NodeNotReady, its pods marked not ready,
 * and the taints node.kubernetes.io/unreachable NoSchedule and NoExecute (the taint eviction
 * controller then evicts pods past their toleration). When the kubelet reports Ready again the
 * taints go.
 */
import type { ResourceType } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import { clone, isNotFoundOrConflict, timeOf } from '../podutil/podutil';
import type { Controller, ControllerContext } from '../types';

export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const SOURCE = { component: 'node-controller' };
const NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const conditionsOf = (node: KubeObject) =>
  ((node.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
const taintsOf = (node: KubeObject) =>
  ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  private queue: WorkQueue;
  private nodesRT: ResourceType;
  private podsRT: ResourceType;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (name) => this.monitorNodeHealth(name));
    this.nodesRT = ctx.registry.byResource('', 'v1', 'nodes')!;
    this.podsRT = ctx.registry.byResource('', 'v1', 'pods')!;
  }

  start(): void {
    const { store } = this.ctx;
    store.watch('nodes', {}, (ev) => {
      if (ev.type !== 'DELETED') this.queue.add(ev.object.metadata.name!);
    });
    store.watch('leases.coordination.k8s.io', { namespace: 'kube-node-lease' }, (ev) => {
      if (ev.type !== 'DELETED') this.queue.add(ev.object.metadata.name!);
    });
    for (const n of store.list('nodes').items) this.queue.add(n.metadata.name!);
  }

  /** The last time the node's kubelet was heard from: its Lease or its status heartbeat. */
  private probeTimestamp(node: KubeObject): number {
    const lease = this.ctx.store.get(
      'leases.coordination.k8s.io',
      'kube-node-lease',
      node.metadata.name!,
    );
    const renew = timeOf((lease?.spec as { renewTime?: string } | undefined)?.renewTime);
    const ready = conditionsOf(node).find((c) => c.type === 'Ready');
    return Math.max(
      renew,
      timeOf(ready?.lastHeartbeatTime),
      timeOf(node.metadata.creationTimestamp),
    );
  }

  /** monitorNodeHealth and the tainting passes for one node. */
  private monitorNodeHealth(name: string): number | void {
    let node = this.ctx.store.get('nodes', '', name);
    if (!node) return;
    const now = this.ctx.clock.now();
    const deadline = this.probeTimestamp(node) + NODE_MONITOR_GRACE_PERIOD_MS;
    try {
      if (now > deadline) node = this.markUnknown(node);
      this.doNoScheduleAndNoExecuteTainting(node);
    } catch (e) {
      if (!isNotFoundOrConflict(e)) throw e;
      return NODE_MONITOR_PERIOD_MS;
    }
    if (now > deadline) return;
    // The next monitor period after the grace period runs out.
    const next = Math.ceil((deadline + 1) / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS;
    return Math.max(1, next - now);
  }

  private markUnknown(node: KubeObject): KubeObject {
    const ready = conditionsOf(node).find((c) => c.type === 'Ready');
    if (ready?.status === 'Unknown') return node;
    const ts = this.ctx.clock.timestamp();
    const next = clone(node);
    const conds = conditionsOf(next);
    for (const type of NODE_CONDITIONS) {
      let c = conds.find((x) => x.type === type);
      if (!c) {
        c = { type, status: 'Unknown', lastHeartbeatTime: ts };
        conds.push(c);
      }
      if (c.status !== 'Unknown') c.lastTransitionTime = ts;
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime ??= ts;
    }
    (next.status as { conditions?: Condition[] }).conditions = conds;
    const updated = this.ctx.client.update(this.nodesRT, next, 'status');
    if (ready?.status === 'True') {
      this.ctx.recorder.event(
        SOURCE,
        updated,
        'Normal',
        'NodeNotReady',
        `Node ${node.metadata.name} status is now: NodeNotReady`,
      );
      this.markPodsNotReady(updated);
    }
    return updated;
  }

  /** MarkPodsNotReady: the node's pods lose their Ready condition. */
  private markPodsNotReady(node: KubeObject): void {
    const name = node.metadata.name;
    const pods = this.ctx.store.list('pods', {
      filter: (p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === name,
    }).items;
    const ts = this.ctx.clock.timestamp();
    for (const pod of pods) {
      const conds = (pod.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
      const ready = conds.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = clone(pod);
      const c = (next.status as { conditions: Condition[] }).conditions.find(
        (x) => x.type === 'Ready',
      )!;
      c.status = 'False';
      c.lastTransitionTime = ts;
      delete c.reason;
      delete c.message;
      try {
        const updated = this.ctx.client.update(this.podsRT, next, 'status');
        this.ctx.recorder.event(SOURCE, updated, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (e) {
        if (!isNotFoundOrConflict(e)) throw e;
      }
    }
  }

  /**
   * doNoScheduleTaintingPass and doNoExecuteTaintingPass: Ready Unknown means unreachable,
   * False means not-ready, True means neither; a cordoned node (spec.unschedulable) carries
   * node.kubernetes.io/unschedulable:NoSchedule, as `kubectl describe node` shows it.
   */
  private doNoScheduleAndNoExecuteTainting(node: KubeObject): void {
    const ready = conditionsOf(node).find((c) => c.type === 'Ready');
    const key =
      ready?.status === 'Unknown'
        ? TAINT_NODE_UNREACHABLE
        : ready?.status === 'False'
          ? TAINT_NODE_NOT_READY
          : undefined;
    const current = taintsOf(node);
    const ours = (t: Taint) =>
      (t.key === TAINT_NODE_UNREACHABLE || t.key === TAINT_NODE_NOT_READY) &&
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    const unschedulable = !!(node.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
    const cordon = (t: Taint) => t.key === TAINT_NODE_UNSCHEDULABLE && t.effect === 'NoSchedule';
    const kept = current.filter(
      (t) => (!ours(t) || t.key === key) && (unschedulable || !cordon(t)),
    );
    const want = [...kept];
    if (unschedulable && !want.some(cordon)) {
      want.push({
        key: TAINT_NODE_UNSCHEDULABLE,
        effect: 'NoSchedule',
        timeAdded: this.ctx.clock.timestamp(),
      });
    }
    if (key) {
      if (!want.some((t) => t.key === key && t.effect === 'NoExecute'))
        want.push({ key, effect: 'NoExecute', timeAdded: this.ctx.clock.timestamp() });
      if (!want.some((t) => t.key === key && t.effect === 'NoSchedule'))
        want.push({ key, effect: 'NoSchedule' });
    }
    if (JSON.stringify(want) === JSON.stringify(current)) return;
    const next = clone(node);
    (next.spec as { taints?: Taint[] | null }).taints = want.length ? want : null;
    if (!want.length) delete (next.spec as { taints?: unknown }).taints;
    this.ctx.client.update(this.nodesRT, next);
  }
}
