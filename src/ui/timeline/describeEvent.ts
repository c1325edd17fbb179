/**
 * A Kubernetes Event in plain words, with the component that made the change: "ReplicaSet
 * controller" · "created pod web-7d9f-x2k4p: 2 of 3 desired". Pure: what it needs from the
 * cluster (a ReplicaSet's pods) comes through `EventContext`. Messages are upstream's v1.32
 * wording; anything not recognised falls back to "reason: message".
 */
import type { ClusterEvent } from '../../worker/protocol';

export interface EventContext {
  /** How many pods a ReplicaSet has now and how many it wants, if the page holds it. */
  replicaSet?(namespace: string, name: string): { current: number; desired: number } | undefined;
}

export interface DescribedEvent {
  /** Who did it: "ReplicaSet controller", "scheduler", "kubelet on minikube-m02". */
  component: string;
  /** What happened, in plain words. */
  text: string;
}

const COMPONENTS: Record<string, string> = {
  'replicaset-controller': 'ReplicaSet controller',
  'replication-controller': 'ReplicationController controller',
  'deployment-controller': 'Deployment controller',
  'default-scheduler': 'scheduler',
  'job-controller': 'Job controller',
  'cronjob-controller': 'CronJob controller',
  'statefulset-controller': 'StatefulSet controller',
  'daemonset-controller': 'DaemonSet controller',
  'endpoint-controller': 'Endpoints controller',
  'endpoint-slice-controller': 'EndpointSlice controller',
  'endpointslice-controller': 'EndpointSlice controller',
  'node-controller': 'node controller',
  'taint-eviction-controller': 'taint eviction controller',
  'horizontal-pod-autoscaler': 'HPA controller',
  'persistentvolume-controller': 'PersistentVolume controller',
  controllermanager: 'disruption controller',
};

export function componentName(e: Pick<ClusterEvent, 'component' | 'host'>): string {
  if (e.component === 'kubelet') return e.host ? `kubelet on ${e.host}` : 'kubelet';
  return COMPONENTS[e.component] ?? (e.component || 'unknown component');
}

/** "pod/web-1", as kubectl names an object. */
export function objectName(e: ClusterEvent): string {
  return `${e.regarding.kind.toLowerCase()}/${e.regarding.name}`;
}

/** The container a kubelet event is about: `spec.containers{nginx}` → "nginx". */
function container(e: ClusterEvent): string | undefined {
  return /\{([^}]+)\}/.exec(e.regarding.fieldPath ?? '')?.[1];
}

function image(message: string): string | undefined {
  return /image "([^"]+)"/.exec(message)?.[1];
}

function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s;
}

/** ": 2 of 3 desired" for a ReplicaSet's pod, when the page holds the ReplicaSet. */
function desired(e: ClusterEvent, ctx: EventContext): string {
  if (e.regarding.kind !== 'ReplicaSet') return '';
  const n = ctx.replicaSet?.(e.regarding.namespace ?? e.namespace, e.regarding.name);
  return n ? `: ${n.current} of ${n.desired} desired` : '';
}

type Describer = (e: ClusterEvent, ctx: EventContext) => string | undefined;

/** By `component reason`; "* reason" applies to any component. */
const DESCRIBERS: Record<string, Describer> = {
  '* SuccessfulCreate': (e, ctx) => {
    const pod = /Created pod:? (\S+)/.exec(e.message)?.[1];
    if (pod) return `created pod ${pod}${desired(e, ctx)}`;
    const sts = /^create Pod (\S+) in StatefulSet (\S+) successful/.exec(e.message);
    if (sts) return `created pod ${sts[1]}`;
    const job = /Created job (\S+)/.exec(e.message)?.[1];
    if (job) return `created job ${job}`;
    return undefined;
  },
  '* SuccessfulDelete': (e, ctx) => {
    const pod = /Deleted pod:? (\S+)/.exec(e.message)?.[1];
    if (pod) return `deleted pod ${pod}${desired(e, ctx)}`;
    const sts = /^delete Pod (\S+) in StatefulSet (\S+) successful/.exec(e.message);
    if (sts) return `deleted pod ${sts[1]}`;
    const job = /Deleted job (\S+)/.exec(e.message)?.[1];
    if (job) return `deleted job ${job}`;
    return undefined;
  },
  'deployment-controller ScalingReplicaSet': (e) => {
    const m = /^Scaled (up|down) replica set (\S+) (?:from (\d+) )?to (\d+)/.exec(e.message);
    if (!m) return lowerFirst(e.message);
    return `scaled ${m[1]} ReplicaSet ${m[2]} ${m[3] ? `from ${m[3]} ` : ''}to ${m[4]}`;
  },
  'default-scheduler Scheduled': (e) => {
    const m = /assigned (\S+) to (\S+)/.exec(e.message);
    return m ? `bound pod ${e.regarding.name} to ${m[2]}${e.why ? `: ${e.why}` : ''}` : undefined;
  },
  'default-scheduler FailedScheduling': (e) =>
    `could not place pod ${e.regarding.name}: ${e.message}`,
  'kubelet Pulling': (e) => `pulling ${image(e.message) ?? 'the image'} for ${e.regarding.name}`,
  'kubelet Pulled': (e) => {
    const img = image(e.message) ?? 'the image';
    if (/already present/.test(e.message)) return `${img} is already on the node`;
    const took = / in (\S+?)(?: \(|\.? |$)/.exec(e.message)?.[1];
    return `pulled ${img}${took ? ` in ${took}` : ''}`;
  },
  'kubelet Created': (e) => `created container ${container(e) ?? '?'} of pod ${e.regarding.name}`,
  'kubelet Started': (e) => `started container ${container(e) ?? '?'} of pod ${e.regarding.name}`,
  'kubelet Killing': (e) => `stopping container ${container(e) ?? '?'} of pod ${e.regarding.name}`,
  'kubelet BackOff': (e) =>
    /pulling image/i.test(e.message)
      ? `waiting before pulling ${image(e.message) ?? 'the image'} again (ImagePullBackOff)`
      : `waiting before restarting container ${container(e) ?? '?'} of pod ${e.regarding.name} (CrashLoopBackOff)`,
  'kubelet Failed': (e) => {
    if (/^Failed to pull image/.test(e.message)) {
      return `could not pull ${image(e.message) ?? 'the image'} for pod ${e.regarding.name}`;
    }
    const reason = /^Error: (\S+)$/.exec(e.message)?.[1];
    if (reason)
      return `container ${container(e) ?? '?'} of pod ${e.regarding.name} is waiting: ${reason}`;
    return `failed for pod ${e.regarding.name}: ${e.message}`;
  },
  'kubelet Unhealthy': (e) => {
    const m = /^(\w+) probe failed:?\s*(.*)$/s.exec(e.message);
    if (!m) return `pod ${e.regarding.name} is unhealthy: ${e.message}`;
    return `${m[1].toLowerCase()} probe of pod ${e.regarding.name} failed${m[2] ? `: ${m[2]}` : ''}`;
  },
  'kubelet NodeReady': (e) => `node ${e.regarding.name} is Ready`,
  'kubelet NodeNotReady': (e) => `node ${e.regarding.name} is not ready`,
  'kubelet Starting': () => 'kubelet started',
  'job-controller Completed': (e) => `job ${e.regarding.name} completed`,
  'job-controller BackoffLimitExceeded': (e) =>
    `job ${e.regarding.name} failed: it reached its backoff limit`,
  'cronjob-controller SawCompletedJob': (e) => {
    const m = /Saw completed job: (\S+?),? condition: (\S+)/.exec(e.message);
    return m ? `job ${m[1]} finished (${m[2]})` : undefined;
  },
  'node-controller NodeNotReady': (e) =>
    e.regarding.kind === 'Node'
      ? `node ${e.regarding.name} is not ready`
      : `pod ${e.regarding.name} is on a node that is not ready`,
  'node-controller RegisteredNode': (e) => `registered node ${e.regarding.name}`,
  'node-controller RemovingNode': (e) => `removing node ${e.regarding.name}`,
  'taint-eviction-controller TaintManagerEviction': (e) =>
    /Cancelling/.test(e.message)
      ? `no longer evicting pod ${e.regarding.name}`
      : `evicting pod ${e.regarding.name}: its node is tainted`,
  'horizontal-pod-autoscaler SuccessfulRescale': (e) => {
    const m = /New size: (\d+); reason: (.*)$/.exec(e.message);
    const target = `${e.regarding.kind.toLowerCase()} ${e.regarding.name}`;
    return m ? `scaled ${target} to ${m[1]}: ${m[2]}` : undefined;
  },
};

export function describeEvent(e: ClusterEvent, ctx: EventContext = {}): DescribedEvent {
  const describe = DESCRIBERS[`${e.component} ${e.reason}`] ?? DESCRIBERS[`* ${e.reason}`];
  const text = describe?.(e, ctx) ?? `${e.reason}: ${e.message}`;
  return {
    component: componentName(e),
    text: e.count > 1 ? `${text} (×${e.count})` : text,
  };
}
