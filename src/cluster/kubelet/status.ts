/**
 * The pod status the kubelet reports, as upstream's generateAPIPodStatus, getPhase and the
 * status package's generate.go: phase from the container states, the five conditions in the
 * order kubectl describe prints them, and lastTransitionTime kept while a condition holds.
 */

type Obj = Record<string, unknown>;

export interface ContainerStatus {
  name: string;
  state: { waiting?: Obj; running?: Obj; terminated?: Obj };
  lastState: { terminated?: Obj };
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
  volumeMounts?: Obj[];
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False';
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

interface SpecLike {
  containers?: { name: string }[];
  initContainers?: { name: string; restartPolicy?: string }[];
  restartPolicy?: string;
  readinessGates?: { conditionType: string }[];
}

/** getPhase of pkg/kubelet/kubelet_pods.go. */
export function getPhase(
  spec: SpecLike,
  init: ContainerStatus[],
  regular: ContainerStatus[],
  podIsTerminal: boolean,
): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') continue;
    const s = init.find((x) => x.name === c.name);
    if (!s) {
      pendingInitialization++;
      continue;
    }
    if (s.state.running) pendingInitialization++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.containers ?? []) {
    const s = regular.find((x) => x.name === c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInitialization > 0 && spec.restartPolicy === 'Never') return 'Failed';
  const anyRegularStarted = regular.some(
    (s) => s.state.running || s.state.terminated || s.lastState.terminated,
  );
  if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (spec.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

const goList = (names: string[]) => `[${names.join(' ')}]`;

function cond(
  type: string,
  ok: boolean,
  reason?: string,
  message?: string,
): Omit<PodCondition, 'lastTransitionTime'> {
  const c: Omit<PodCondition, 'lastTransitionTime'> = {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** The kubelet-owned conditions, in upstream's order (PodScheduled is the scheduler's). */
export function podConditions(
  spec: SpecLike,
  init: ContainerStatus[],
  regular: ContainerStatus[],
  phase: string,
  sandboxReady: boolean,
  podConditionsNow: Obj[],
): Omit<PodCondition, 'lastTransitionTime'>[] {
  const out: Omit<PodCondition, 'lastTransitionTime'>[] = [];
  out.push(cond('PodReadyToStartContainers', sandboxReady));

  // Initialized
  const incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const s = init.find((x) => x.name === c.name);
    const done =
      c.restartPolicy === 'Always'
        ? !!s?.started
        : !!s && !!s.state.terminated && s.state.terminated.exitCode === 0;
    if (!done) incomplete.push(c.name);
  }
  const anyRegularStarted = regular.some(
    (s) => s.state.running || s.state.terminated || s.lastState.terminated,
  );
  if (phase === 'Succeeded') out.push(cond('Initialized', true, 'PodCompleted'));
  else if (anyRegularStarted || incomplete.length === 0) out.push(cond('Initialized', true));
  else
    out.push(
      cond(
        'Initialized',
        false,
        'ContainersNotInitialized',
        `containers with incomplete status: ${goList(incomplete)}`,
      ),
    );

  // ContainersReady and Ready
  const unready = (spec.containers ?? [])
    .filter((c) => !regular.find((x) => x.name === c.name)?.ready)
    .map((c) => c.name);
  let ready: Omit<PodCondition, 'lastTransitionTime'>;
  if (phase === 'Succeeded') ready = cond('ContainersReady', false, 'PodCompleted');
  else if (phase === 'Failed') ready = cond('ContainersReady', false, 'PodFailed');
  else if (unready.length)
    ready = cond(
      'ContainersReady',
      false,
      'ContainersNotReady',
      `containers with unready status: ${goList(unready)}`,
    );
  else ready = cond('ContainersReady', true);
  let podReady = { ...ready, type: 'Ready' };
  if (ready.status === 'True') {
    const missing: string[] = [];
    for (const g of spec.readinessGates ?? []) {
      const c = podConditionsNow.find((x) => x.type === g.conditionType);
      if (!c || c.status !== 'True') missing.push(g.conditionType);
    }
    if (missing.length) {
      podReady = cond(
        'Ready',
        false,
        'ReadinessGatesNotReady',
        `corresponding condition of pod readiness gate ${missing.map((m) => `"${m}"`).join(', ')} does not exist.`,
      ) as typeof podReady;
    }
  }
  out.push(podReady, ready);
  return out;
}

/** Merges new conditions into the old ones, keeping lastTransitionTime while status holds. */
export function mergeConditions(
  old: Obj[],
  computed: Omit<PodCondition, 'lastTransitionTime'>[],
  now: string,
): Obj[] {
  const result: Obj[] = [];
  for (const c of computed) {
    const prior = old.find((o) => o.type === c.type);
    const lastTransitionTime =
      prior && prior.status === c.status ? (prior.lastTransitionTime as string) : now;
    result.push({ ...c, lastTransitionTime });
  }
  // Conditions owned by others (PodScheduled, readiness gates, DisruptionTarget) are kept; a pod
  // bound by spec.nodeName gets PodScheduled from the kubelet, as upstream.
  for (const o of old) if (!computed.some((c) => c.type === o.type)) result.push(o);
  if (!result.some((c) => c.type === 'PodScheduled')) {
    result.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: now,
    });
  }
  return result;
}
