/**
 * The scheduling queue (upstream internal/queue/scheduling_queue.go): activeQ ordered by
 * priority then arrival (PrioritySort), backoffQ for pods waiting out their back-off (1 s,
 * doubling to 10 s), and the unschedulable pool, left when a cluster event may help a plugin
 * that rejected the pod, and at the latest after 5 minutes (checked every 30 s, as upstream's
 * flushUnschedulablePodsLeftover).
 */
import type { TimerHandle, VirtualClock } from '../clock/VirtualClock';
import type { ClusterEvent, PodInfo } from './types';

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

export interface QueuedPodInfo {
  key: string;
  info: PodInfo;
  /** When the pod last entered a queue (orders activeQ; starts the back-off). */
  timestamp: number;
  seq: number;
  attempts: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  where: 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inflight';
  timer?: TimerHandle;
}

/** calculateBackoffDuration */
export function backoffDuration(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d > POD_MAX_BACKOFF_MS) return POD_MAX_BACKOFF_MS;
  }
  return d;
}

function schedulingGated(info: PodInfo): boolean {
  const gates = (info.pod.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates;
  return !!gates?.length;
}

export class SchedulingQueue {
  private pods = new Map<string, QueuedPodInfo>();
  private unschedulable = new Set<QueuedPodInfo>();
  private heap: QueuedPodInfo[] = [];
  private seq = 0;
  private drainTimer: TimerHandle | undefined;

  constructor(
    private clock: VirtualClock,
    /** Runs when activeQ has pods; it pops and schedules them. */
    private onActive: () => void,
    /** Time the scheduler started: the 30 s flush ticks count from it. */
    private startedAt = clock.now(),
  ) {}

  get length(): number {
    return this.pods.size;
  }

  /** Pods in the unschedulable pool. */
  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  has(key: string): boolean {
    return this.pods.has(key);
  }

  get(key: string): QueuedPodInfo | undefined {
    return this.pods.get(key);
  }

  /** A new pending pod: activeQ, unless scheduling gates hold it back (PreEnqueue). */
  add(key: string, info: PodInfo): void {
    const prior = this.pods.get(key);
    if (prior) return this.update(key, info);
    const qp: QueuedPodInfo = {
      key,
      info,
      timestamp: this.clock.now(),
      seq: this.seq++,
      attempts: 0,
      unschedulablePlugins: new Set(),
      where: 'gated',
    };
    this.pods.set(key, qp);
    if (!schedulingGated(info)) this.toActive(qp);
  }

  /** The pod changed: an unschedulable or gated pod whose spec or labels changed gets retried. */
  update(key: string, info: PodInfo): void {
    const qp = this.pods.get(key);
    if (!qp) return this.add(key, info);
    const changed = specChanged(qp.info, info);
    qp.info = info;
    if (qp.where === 'gated') {
      if (!schedulingGated(info)) this.toActive(qp);
    } else if (qp.where === 'unschedulable' && changed) {
      this.requeue(qp);
    }
  }

  delete(key: string): void {
    const qp = this.pods.get(key);
    if (!qp) return;
    this.clear(qp);
    this.pods.delete(key);
    this.unschedulable.delete(qp);
    if (qp.where === 'active') {
      const i = this.heap.indexOf(qp);
      if (i >= 0) this.removeAt(i);
    }
  }

  /** The next pod of activeQ, now in flight. */
  pop(): QueuedPodInfo | undefined {
    const qp = this.heap.length ? this.removeAt(0) : undefined;
    if (qp) {
      qp.where = 'inflight';
      qp.attempts++;
    }
    return qp;
  }

  /** The attempt succeeded (or the pod went away): it leaves the queue. */
  done(key: string): void {
    const qp = this.pods.get(key);
    if (qp?.where === 'inflight') this.pods.delete(key);
  }

  /**
   * The attempt failed. Rejected by plugins: the unschedulable pool, until an event may help
   * one of them. An error (no rejecting plugin): backoffQ.
   */
  addUnschedulable(key: string, rejectors: Set<string>): void {
    const qp = this.pods.get(key);
    if (!qp || qp.where !== 'inflight') return;
    qp.timestamp = this.clock.now();
    qp.unschedulablePlugins = rejectors;
    if (!rejectors.size) return this.toBackoffOrActive(qp);
    qp.where = 'unschedulable';
    this.unschedulable.add(qp);
    const due = qp.timestamp + POD_MAX_IN_UNSCHEDULABLE_MS - this.startedAt;
    const tick =
      Math.ceil(due / UNSCHEDULABLE_FLUSH_PERIOD_MS) * UNSCHEDULABLE_FLUSH_PERIOD_MS +
      this.startedAt;
    qp.timer = this.clock.schedule(() => {
      qp.timer = undefined;
      if (qp.where === 'unschedulable') this.toBackoffOrActive(qp);
    }, tick - this.clock.now());
  }

  /**
   * MoveAllToActiveOrBackoffQueue with queueing hints: every unschedulable pod that a rejecting
   * plugin says the event may help.
   */
  onClusterEvent(
    ev: ClusterEvent,
    mayHelp: (qp: QueuedPodInfo, ev: ClusterEvent) => boolean,
  ): void {
    for (const qp of [...this.unschedulable]) if (mayHelp(qp, ev)) this.requeue(qp);
  }

  private requeue(qp: QueuedPodInfo): void {
    this.clear(qp);
    this.toBackoffOrActive(qp);
  }

  private toBackoffOrActive(qp: QueuedPodInfo): void {
    this.unschedulable.delete(qp);
    const expiry = qp.timestamp + backoffDuration(qp.attempts);
    const now = this.clock.now();
    if (qp.attempts > 0 && now < expiry) {
      qp.where = 'backoff';
      qp.timer = this.clock.schedule(() => {
        qp.timer = undefined;
        if (qp.where === 'backoff') this.toActive(qp);
      }, expiry - now);
      return;
    }
    this.toActive(qp);
  }

  private toActive(qp: QueuedPodInfo): void {
    this.clear(qp);
    this.unschedulable.delete(qp);
    qp.where = 'active';
    qp.timestamp = this.clock.now();
    qp.seq = this.seq++;
    this.push(qp);
    if (!this.drainTimer) {
      this.drainTimer = this.clock.schedule(() => {
        this.drainTimer = undefined;
        this.onActive();
      }, 0);
    }
  }

  private clear(qp: QueuedPodInfo): void {
    if (qp.timer) this.clock.cancel(qp.timer);
    qp.timer = undefined;
  }

  // activeQ: a binary heap, higher priority first, then earlier arrival (PrioritySort).

  private less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    if (a.info.priority !== b.info.priority) return a.info.priority > b.info.priority;
    if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
    return a.seq < b.seq;
  }

  private push(qp: QueuedPodInfo): void {
    const h = this.heap;
    h.push(qp);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private removeAt(i: number): QueuedPodInfo {
    const h = this.heap;
    const out = h[i];
    const last = h.pop()!;
    if (i < h.length) {
      h[i] = last;
      this.siftDown(i);
      // The moved element may also need to rise.
      let j = i;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!this.less(h[j], h[p])) break;
        [h[j], h[p]] = [h[p], h[j]];
        j = p;
      }
    }
    return out;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}

/** isPodUpdated: anything but status and bookkeeping metadata changed. */
function specChanged(a: PodInfo, b: PodInfo): boolean {
  if (a.pod === b.pod) return false;
  const strip = (p: PodInfo) =>
    JSON.stringify([p.pod.spec, p.pod.metadata.labels, p.pod.metadata.annotations]);
  return strip(a) !== strip(b);
}
