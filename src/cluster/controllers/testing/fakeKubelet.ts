/**
 * A stand-in for the scheduler and the kubelet in controller tests: pods whose schedulerName is
 * `test-scheduler` are bound (through the binding subresource) to `test-node`, then reported
 * Running and Ready through the status subresource, or kept not ready when their image says so;
 * pods being deleted on that node are confirmed gone. Everything runs on the virtual clock, so a
 * test drives it with `advance(ms)`. Production code never imports this.
 */
import { isApiError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { Cluster } from '../../cluster';

export const TEST_SCHEDULER = 'test-scheduler';
export const TEST_NODE = 'test-node';

/** What a container image does: `bad` never pulls, `unready` runs but never gets ready. */
export type PodOutcome = 'ready' | 'unready' | 'bad';

export interface FakeKubeletOptions {
  /** Virtual ms from binding to the pod reporting its outcome (default 1000). */
  startDelayMs?: number;
  /** Virtual ms a deleted pod takes to terminate (default 1000). */
  terminateDelayMs?: number;
  /** Outcome by image (default: images with "bad" fail to pull, "unready" never get ready). */
  outcome?: (image: string) => PodOutcome;
}

function defaultOutcome(image: string): PodOutcome {
  if (image.includes('bad')) return 'bad';
  if (image.includes('unready')) return 'unready';
  return 'ready';
}

interface PodSpecView {
  nodeName?: string;
  schedulerName?: string;
  containers?: { name: string; image: string }[];
}

export class FakeKubelet {
  private opts: Required<FakeKubeletOptions>;
  private started = new Set<string>();
  private terminating = new Set<string>();
  private podType;

  constructor(
    private c: Cluster,
    opts: FakeKubeletOptions = {},
  ) {
    this.opts = {
      startDelayMs: opts.startDelayMs ?? 1000,
      terminateDelayMs: opts.terminateDelayMs ?? 1000,
      outcome: opts.outcome ?? defaultOutcome,
    };
    this.podType = c.registry.byResource('', 'v1', 'pods')!;
    c.store.watch('pods', {}, (ev) => {
      if (ev.type === 'DELETED') return;
      const pod = ev.object;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
      const spec = pod.spec as PodSpecView;
      if (pod.metadata.deletionTimestamp) {
        if (spec.nodeName === TEST_NODE && !this.terminating.has(key)) {
          this.terminating.add(key);
          c.clock.schedule(() => this.confirmDeleted(pod), this.opts.terminateDelayMs);
        }
        return;
      }
      if (spec.schedulerName === TEST_SCHEDULER && !spec.nodeName) {
        c.clock.schedule(() => this.bind(pod), 0);
        return;
      }
      if (spec.nodeName === TEST_NODE && !this.started.has(key)) {
        this.started.add(key);
        c.clock.schedule(() => this.start(pod), this.opts.startDelayMs);
      }
    });
  }

  private current(pod: KubeObject): KubeObject | undefined {
    const cur = this.c.store.get('pods', pod.metadata.namespace ?? '', pod.metadata.name!);
    return cur && cur.metadata.uid === pod.metadata.uid ? cur : undefined;
  }

  private bind(pod: KubeObject): void {
    const cur = this.current(pod);
    if (!cur || (cur.spec as PodSpecView).nodeName || cur.metadata.deletionTimestamp) return;
    this.c.client.request({
      method: 'POST',
      path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/binding`,
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata.name },
        target: { apiVersion: 'v1', kind: 'Node', name: TEST_NODE },
      },
    });
  }

  private start(pod: KubeObject): void {
    const cur = this.current(pod);
    if (!cur || cur.metadata.deletionTimestamp) return;
    const containers = (cur.spec as PodSpecView).containers ?? [];
    const outcomes = containers.map((c) => this.opts.outcome(c.image));
    if (outcomes.includes('bad')) {
      this.writeStatus(cur, 'Pending', false, containers, 'ErrImagePull');
    } else {
      this.writeStatus(cur, 'Running', !outcomes.includes('unready'), containers);
    }
  }

  /** Sets a pod's readiness, as a readiness probe would. */
  setReady(namespace: string, name: string, ready: boolean): void {
    const cur = this.c.store.get('pods', namespace, name);
    if (!cur) throw new Error(`no pod ${namespace}/${name}`);
    this.writeStatus(cur, 'Running', ready, (cur.spec as PodSpecView).containers ?? []);
    this.c.settle();
  }

  private writeStatus(
    pod: KubeObject,
    phase: string,
    ready: boolean,
    containers: { name: string; image: string }[],
    waitingReason?: string,
  ): void {
    const ts = this.c.clock.timestamp();
    const prev = (pod.status ?? {}) as { conditions?: { type: string; status: string }[] };
    const cond = (type: string, status: boolean) => {
      const old = prev.conditions?.find((c) => c.type === type) as
        { status: string; lastTransitionTime?: string } | undefined;
      const s = status ? 'True' : 'False';
      return {
        type,
        status: s,
        lastProbeTime: null,
        lastTransitionTime: old && old.status === s ? old.lastTransitionTime : ts,
      };
    };
    const running = phase === 'Running';
    const next = structuredClone(pod) as KubeObject;
    next.status = {
      phase,
      conditions: [
        cond('PodReadyToStartContainers', true),
        cond('Initialized', true),
        cond('Ready', ready),
        cond('ContainersReady', ready),
        cond('PodScheduled', true),
      ],
      hostIP: '192.168.49.2',
      podIP: '10.244.0.10',
      startTime: ts,
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready,
        restartCount: 0,
        started: running,
        state: running
          ? { running: { startedAt: ts } }
          : { waiting: { reason: waitingReason ?? 'ContainerCreating' } },
      })),
      qosClass: 'BestEffort',
    };
    this.c.client.update(this.podType, next, 'status');
  }

  private confirmDeleted(pod: KubeObject): void {
    const cur = this.current(pod);
    if (!cur) return;
    try {
      this.c.client.delete(this.podType, pod.metadata.namespace ?? '', pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (e) {
      if (!isApiError(e) || (e.code !== 404 && e.code !== 409)) throw e;
    }
  }
}
