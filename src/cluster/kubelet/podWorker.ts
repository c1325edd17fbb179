/**
 * One pod on one node, as the kubelet's pod worker and kuberuntime's SyncPod run it: sandbox
 * and IP, volumes, image pulls, init containers in order, then the containers; probes, restarts
 * with crash-loop back-off, and graceful termination. Every step is a timer on the virtual clock;
 * `sync()` is level-triggered: it looks at what is and starts the next step.
 */
import { isApiError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { TimerHandle } from '../clock/VirtualClock';
import { familiarWithTag } from '../runtime/images';
import type { ContainerProcess } from '../runtime/types';
import { Backoff, goDuration } from './backoff';
import { ConfigError, containerEnv, expandVars, resourceValue } from './env';
import { LogBuffer } from './logs';
import { ProbeWorker, probeEventMessage } from './prober';
import type { ProbeKind } from './prober';
import { getPhase, mergeConditions, podConditions } from './status';
import type { ContainerStatus } from './status';
import type { NodeAgent } from './types';
import type { VolumeDir } from './volumes';
import { ContainerFileSystem, nextSyncDelayMs, refreshVolumes, setUpVolumes } from './volumes';
import { parseQuantity } from '../api/quantity';

type Obj = Record<string, unknown>;

interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  finishedAtMs: number;
  containerID: string;
}

/** One container of the pod and its current and previous instance. */
interface Container {
  name: string;
  spec: Obj;
  init: boolean;
  /** Incremented per instance; callbacks of an old instance are ignored. */
  instance: number;
  state: 'waiting' | 'running' | 'terminated';
  waiting: { reason: string; message?: string };
  running?: { startedAt: string; startedAtMs: number };
  terminated?: Terminated;
  lastTerminated?: Terminated;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  process?: ContainerProcess;
  fs?: ContainerFileSystem;
  logs?: LogBuffer;
  previousLogs?: LogBuffer;
  ready: boolean;
  started: boolean;
  probes: ProbeWorker[];
  /** Not before this time will sync try to start it again. */
  notBefore: number;
  /** Why it is being stopped: a failed probe or the pod's deletion. */
  killing?: 'liveness' | 'startup' | 'delete';
  killTimer?: TimerHandle;
}

function hex(random: { int(n: number): number }, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += random.int(16).toString(16);
  return s;
}

export class PodWorker {
  pod: KubeObject;
  readonly uid: string;
  private containers: Container[] = [];
  private sandboxReady = false;
  private sandboxCreating = false;
  private podIP = '';
  private volumes: Map<string, VolumeDir> | undefined;
  private mountBackoffMs = 500;
  private mountRetryAt = 0;
  private volumeSyncRound = 0;
  private busy = false;
  private terminal = false;
  private terminating = false;
  private gone = false;
  private syncTimer: TimerHandle | undefined;
  private syncAt = Infinity;
  private lastStatus = '';
  private startTime: string;
  admittedAt: number;
  /** Crash-loop back-off per container; image-pull back-off per image. */
  private crashBackoff = new Backoff();
  private pullBackoff = new Backoff();
  /** Bumped when the pod starts terminating, so steps in flight stop. */
  private epoch = 0;
  /** The stored status of a pod that was running before this worker (a restored cluster). */
  private adoptFrom: StoredStatus | undefined;

  constructor(
    private agent: NodeAgent,
    pod: KubeObject,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    this.admittedAt = agent.ctx.clock.now();
    this.startTime = agent.ctx.clock.timestamp();
    const spec = pod.spec as { containers?: Obj[]; initContainers?: Obj[] };
    const hasInit = (spec.initContainers ?? []).length > 0;
    const mk = (c: Obj, init: boolean): Container => ({
      name: c.name as string,
      spec: c,
      init,
      instance: 0,
      state: 'waiting',
      waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' },
      restartCount: 0,
      image: c.image as string,
      imageID: '',
      ready: false,
      started: false,
      probes: [],
      notBefore: 0,
    });
    for (const c of spec.initContainers ?? []) this.containers.push(mk(c, true));
    for (const c of spec.containers ?? []) this.containers.push(mk(c, false));
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    // A pod that finished before this kubelet saw it (a restart of the kubelet) stays as it is.
    if (phase === 'Succeeded' || phase === 'Failed') this.terminal = true;
    const status = pod.status as StoredStatus | undefined;
    if (!this.terminal && status?.podIP && status.containerStatuses?.length) {
      this.adoptFrom = status;
      // Probes keep the rhythm they had, counted from the pod's admission.
      const admitted = Date.parse(status.startTime ?? '');
      if (admitted <= this.admittedAt) this.admittedAt = admitted;
    }
  }

  private get clock() {
    return this.agent.ctx.clock;
  }

  private get spec(): Obj {
    return this.pod.spec as Obj;
  }

  private get restartPolicy(): string {
    return (this.spec.restartPolicy as string) ?? 'Always';
  }

  /** The latest pod object from the watch. */
  update(pod: KubeObject): void {
    if (this.gone) return;
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) this.requestSync(0);
  }

  /** Schedules a sync `ms` from now (the earliest request wins). */
  requestSync(ms: number): void {
    if (this.gone) return;
    const at = this.clock.now() + Math.max(0, ms);
    if (at >= this.syncAt) return;
    this.clock.cancel(this.syncTimer);
    this.syncAt = at;
    this.syncTimer = this.clock.schedule(() => {
      this.syncAt = Infinity;
      this.sync();
    }, ms);
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string, c?: Container): void {
    if (!this.agent.active) return;
    const field = c ? `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.agent.ctx.recorder.event(this.agent.source, this.pod, type, reason, message, field);
  }

  // ------------------------------------------------------------------ sync

  sync(): void {
    if (this.gone) return;
    // A restored pod's containers ran on through the save, whether or not the kubelet did.
    if (this.adoptFrom) {
      const status = this.adoptFrom;
      this.adoptFrom = undefined;
      if (!this.pod.metadata.deletionTimestamp) this.adopt(status);
    }
    if (!this.agent.active) return;
    if (this.pod.metadata.deletionTimestamp) {
      if (!this.terminating) this.terminate();
      return;
    }
    if (this.terminal || this.busy) return this.writeStatus();
    if (!this.sandboxReady) {
      this.createSandbox();
      return this.writeStatus();
    }
    if (!this.volumes && !this.mountVolumes()) return this.writeStatus();
    const now = this.clock.now();

    // Init containers, one at a time and in order.
    for (const c of this.containers.filter((x) => x.init)) {
      if (c.state === 'terminated' && c.terminated!.exitCode === 0) continue;
      if (c.state === 'running') return this.writeStatus();
      if (c.state === 'terminated' && this.restartPolicy === 'Never') {
        this.killSandbox();
        return this.writeStatus();
      }
      if (c.notBefore > now) return this.writeStatus();
      if (this.inCrashBackOff(c)) return this.writeStatus();
      this.startContainer(c);
      return this.writeStatus();
    }

    // Containers: each that should run and is not running, one start at a time.
    let waitingFor = false;
    for (const c of this.containers.filter((x) => !x.init)) {
      if (c.state === 'running') continue;
      if (c.state === 'terminated' || c.lastTerminated) {
        const last = c.state === 'terminated' ? c.terminated! : c.lastTerminated!;
        const restart =
          this.restartPolicy === 'Always' ||
          (this.restartPolicy === 'OnFailure' && last.exitCode !== 0);
        if (c.state === 'terminated' && !restart) continue;
      }
      waitingFor = true;
      if (c.notBefore > now) continue;
      if (this.inCrashBackOff(c)) continue;
      this.startContainer(c);
      return this.writeStatus();
    }
    if (!waitingFor && this.containers.every((c) => c.init || c.state === 'terminated')) {
      this.killSandbox();
    }
    this.writeStatus();
  }

  /**
   * Takes over a pod that was running before this kubelet started (a cluster restored from a
   * snapshot): its sandbox and IP, and each container as its status says. Containers that were
   * running start again at once as if they had run since their startedAt (same restart count,
   * ID and readiness; their processes, logs and files begin afresh); the others wait or stay
   * terminated and are started by the usual sync.
   */
  private adopt(status: StoredStatus): void {
    if (!this.mountVolumes()) return;
    this.podIP = status.podIP!;
    this.sandboxReady = true;
    if (status.startTime) this.startTime = status.startTime;
    const terminated = (t: Obj): Terminated => ({
      exitCode: (t.exitCode as number) ?? 0,
      reason: (t.reason as string) ?? '',
      message: t.message as string | undefined,
      startedAt: (t.startedAt as string) ?? '',
      finishedAt: (t.finishedAt as string) ?? '',
      finishedAtMs: Date.parse((t.finishedAt as string) ?? '') || this.clock.now(),
      containerID: (t.containerID as string) ?? '',
    });
    for (const c of this.containers) {
      const list = c.init ? status.initContainerStatuses : status.containerStatuses;
      const st = list?.find((x) => x.name === c.name);
      if (!st) continue;
      c.restartCount = st.restartCount ?? 0;
      if (st.image) c.image = st.image;
      c.imageID = st.imageID ?? '';
      c.containerID = st.containerID;
      const last = st.lastState?.terminated;
      if (last) c.lastTerminated = terminated(last);
      // An instance that ran before makes the next start count as a restart.
      if (c.restartCount > 0 || last || st.state?.running || st.state?.terminated) c.instance = 1;
      if (st.state?.running) {
        this.resumeContainer(c, st.state.running.startedAt as string, st);
      } else if (st.state?.terminated) {
        c.state = 'terminated';
        c.terminated = terminated(st.state.terminated);
      } else if (st.state?.waiting) {
        c.waiting = {
          reason: (st.state.waiting.reason as string) ?? 'ContainerCreating',
          message: st.state.waiting.message as string | undefined,
        };
      }
    }
  }

  private resumeContainer(c: Container, startedAt: string, st: StoredContainerStatus): void {
    let env: Record<string, string>;
    try {
      env = containerEnv(
        {
          store: this.agent.ctx.store,
          pod: this.pod,
          podIP: this.podIP,
          hostIP: this.agent.nodeIP,
          resource: this.resource,
        },
        c.spec,
      );
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return;
    }
    env = { ...this.baseEnv(), ...env };
    const id = (st.containerID ?? '').replace(/^[a-z]+:\/\//, '') || hex(this.agent.ctx.random, 64);
    this.run(c, id, env, startedAt);
    if (c.state !== 'running') return;
    c.ready = st.ready ?? c.ready;
    c.started = st.started ?? c.started;
  }

  /** doBackOff of kuberuntime: a restart waits out the back-off counted from the last exit. */
  private inCrashBackOff(c: Container): boolean {
    const last = c.state === 'terminated' ? c.terminated : c.lastTerminated;
    if (!last) return false;
    const key = c.name;
    const now = this.clock.now();
    if (this.crashBackoff.inBackOffSince(key, last.finishedAtMs, now)) {
      const delay = goDuration(this.crashBackoff.get(key, now));
      this.toWaiting(c, {
        reason: 'CrashLoopBackOff',
        message: `back-off ${delay} restarting failed container=${c.name} pod=${this.podRef()}`,
      });
      this.event(
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${this.podRef()}`,
        c,
      );
      this.requestSync(this.crashBackoff.endsAt(key, last.finishedAtMs) - now);
      return true;
    }
    this.crashBackoff.next(key, now);
    return false;
  }

  private podRef(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`;
  }

  /** A container that ran before and waits to run again keeps its last run as lastState. */
  private toWaiting(c: Container, waiting: { reason: string; message?: string }): void {
    if (c.state === 'terminated') {
      c.lastTerminated = c.terminated;
      c.terminated = undefined;
    }
    c.state = 'waiting';
    c.waiting = waiting;
  }

  // ------------------------------------------------------------------ sandbox and volumes

  private createSandbox(): void {
    if (this.sandboxCreating) return;
    this.sandboxCreating = true;
    const epoch = this.epoch;
    if (!(this.spec.hostNetwork as boolean)) {
      this.podIP = this.agent.network.allocatePodIP(this.agent.nodeName);
    } else this.podIP = this.agent.nodeIP;
    this.clock.schedule(() => {
      if (epoch !== this.epoch || this.gone) return;
      this.sandboxCreating = false;
      this.sandboxReady = true;
      this.sync();
    }, this.agent.timings.sandboxMs);
  }

  private killSandbox(): void {
    if (this.terminal) return;
    this.terminal = true;
    this.sandboxReady = false;
    this.agent.network.unregisterPod(this.podIP);
    if (!(this.spec.hostNetwork as boolean)) this.agent.network.releasePodIP(this.podIP);
  }

  private resource = (container: string | undefined, res: string, divisor: string | undefined) =>
    resourceValue(this.pod, this.agent.node(), container, res, divisor);

  private get mountContext() {
    return {
      store: this.agent.ctx.store,
      pod: this.pod,
      hostDir: (k: string) => this.agent.hostDir(k),
      token: () => this.token(),
      resource: this.resource,
    };
  }

  private mountVolumes(): boolean {
    const now = this.clock.now();
    if (now < this.mountRetryAt) return false;
    const r = setUpVolumes(this.mountContext, new Map());
    if ('error' in r) {
      this.event('Warning', 'FailedMount', r.error);
      this.mountRetryAt = now + this.mountBackoffMs;
      this.requestSync(this.mountBackoffMs);
      // Upstream's nestedpendingoperations back-off: 500 ms doubling to 2m2s.
      this.mountBackoffMs = Math.min(this.mountBackoffMs * 2, 122_000);
      return false;
    }
    this.volumes = r.volumes;
    if (this.volumeSyncRound === 0) this.scheduleVolumeSync();
    return true;
  }

  /** The pod's periodic sync, as far as it shows: volumes written from API objects refreshed. */
  private scheduleVolumeSync(): void {
    this.clock.schedule(
      () => {
        if (this.gone || this.terminal) return;
        if (this.agent.active && this.volumes) refreshVolumes(this.mountContext, this.volumes);
        this.scheduleVolumeSync();
      },
      nextSyncDelayMs(this.uid, this.volumeSyncRound++),
    );
  }

  private token(): string {
    const b64 = (o: object) =>
      btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const iat = Math.floor(this.clock.now() / 1000);
    const ns = this.pod.metadata.namespace;
    const sa = (this.spec.serviceAccountName as string) ?? 'default';
    return `${b64({ alg: 'RS256', kid: 'minikube' })}.${b64({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: iat + 3607,
      iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: `system:serviceaccount:${ns}:${sa}`,
    })}.${hex(this.agent.ctx.random, 86)}`;
  }

  // ------------------------------------------------------------------ starting a container

  private startContainer(c: Container): void {
    this.busy = true;
    const epoch = this.epoch;
    const done = (retryMs?: number) => {
      if (epoch !== this.epoch) return;
      this.busy = false;
      if (retryMs !== undefined) {
        c.notBefore = this.clock.now() + retryMs;
        this.requestSync(retryMs);
      }
      this.sync();
    };
    this.ensureImage(c, (ok, retryMs) => {
      if (epoch !== this.epoch) return;
      if (!ok) return done(retryMs);
      this.createAndStart(c, epoch, done);
    });
  }

  /** EnsureImageExists of the image manager, with its events and back-off. */
  private ensureImage(c: Container, next: (ok: boolean, retryMs?: number) => void): void {
    const image = c.spec.image as string;
    const policy = (c.spec.imagePullPolicy as string) ?? 'IfNotPresent';
    const result = this.agent.registry.pull(image);
    const t = this.agent.timings;
    if (!result.ok && result.invalid) {
      const msg = `Failed to apply default image tag "${image}": ${result.message}`;
      this.event('Warning', 'InspectFailed', msg, c);
      this.event('Warning', 'Failed', 'Error: InvalidImageName', c);
      this.toWaiting(c, { reason: 'InvalidImageName', message: msg });
      return next(false, t.retryMs);
    }
    const key = result.ok ? `${result.ref.repository}:${result.tag || result.digest}` : image;
    const cached = this.agent.image(key);
    if (cached && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, c);
      c.image = cached.name;
      c.imageID = `docker-pullable://${cached.name.replace(/:[^:/]+$/, '')}@${cached.digest}`;
      return next(true);
    }
    if (!cached && policy === 'Never') {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.event('Warning', 'ErrImageNeverPull', msg, c);
      this.event('Warning', 'Failed', 'Error: ErrImageNeverPull', c);
      this.toWaiting(c, { reason: 'ErrImageNeverPull', message: msg });
      return next(false, t.retryMs);
    }
    const backoffKey = `${this.uid}_${image}`;
    const now = this.clock.now();
    if (this.pullBackoff.inBackOffSinceUpdate(backoffKey, now)) {
      const msg = `Back-off pulling image "${image}"`;
      this.event('Normal', 'BackOff', msg, c);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', c);
      this.toWaiting(c, { reason: 'ImagePullBackOff', message: msg });
      const last = this.pullBackoff.updateEndsAt(backoffKey);
      return next(false, Math.max(1, last - now));
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`, c);
    const size = result.ok ? result.sizeBytes : 0;
    const duration = cached
      ? t.repullMs
      : Math.round(t.pullOverheadMs + (size / t.pullBytesPerSecond) * 1000);
    const wait = this.agent.reservePull(duration);
    const epoch = this.epoch;
    this.clock.schedule(() => {
      if (epoch !== this.epoch) return;
      if (!result.ok) {
        this.event('Warning', 'Failed', `Failed to pull image "${image}": ${result.message}`, c);
        this.event('Warning', 'Failed', 'Error: ErrImagePull', c);
        this.pullBackoff.next(backoffKey, this.clock.now());
        this.toWaiting(c, { reason: 'ErrImagePull', message: result.message });
        return next(false, t.pullFailureResyncMs);
      }
      const name = familiarWithTag(result.ref);
      this.agent.addImage({
        name,
        repository: result.ref.repository,
        tag: result.tag,
        digest: result.digest,
        sizeBytes: result.sizeBytes,
      });
      this.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${goDuration(duration)} (${goDuration(duration + wait)} including waiting). Image size: ${result.sizeBytes} bytes.`,
        c,
      );
      c.image = name;
      c.imageID = `docker-pullable://${result.ref.familiar}@${result.digest}`;
      next(true);
    }, wait + duration);
  }

  private createAndStart(c: Container, epoch: number, done: (retryMs?: number) => void): void {
    const t = this.agent.timings;
    let env: Record<string, string>;
    try {
      env = containerEnv(
        {
          store: this.agent.ctx.store,
          pod: this.pod,
          podIP: this.podIP,
          hostIP: this.agent.nodeIP,
          resource: this.resource,
        },
        c.spec,
      );
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.event('Warning', 'Failed', `Error: ${e.message}`, c);
      this.toWaiting(c, { reason: 'CreateContainerConfigError', message: e.message });
      return done(t.retryMs);
    }
    env = { ...this.baseEnv(), ...env };
    this.clock.schedule(() => {
      if (epoch !== this.epoch) return;
      const id = hex(this.agent.ctx.random, 64);
      this.event('Normal', 'Created', `Created container: ${c.name}`, c);
      this.clock.schedule(() => {
        if (epoch !== this.epoch) return;
        this.run(c, id, env);
        this.event('Normal', 'Started', `Started container ${c.name}`, c);
        done();
      }, t.startMs);
    }, t.createMs);
  }

  private baseEnv(): Record<string, string> {
    return {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: this.hostname(),
      HOME: '/root',
    };
  }

  private hostname(): string {
    const h = (this.spec.hostname as string) ?? this.pod.metadata.name!;
    return this.spec.subdomain ? h : h.slice(0, 63);
  }

  private containerFS(c: Container): ContainerFileSystem {
    const ns = this.pod.metadata.namespace;
    const fs = new ContainerFileSystem({
      '/etc/hostname': `${this.hostname()}\n`,
      '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${this.podIP}\t${this.hostname()}\n`,
      '/etc/resolv.conf': `nameserver 10.96.0.10\nsearch ${ns}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`,
    });
    for (const m of (c.spec.volumeMounts ?? []) as Obj[]) {
      const dir = this.volumes?.get(m.name as string);
      if (dir) fs.mount(m.mountPath as string, dir, !!m.readOnly, (m.subPath as string) ?? '');
    }
    return fs;
  }

  private memoryLimit(c: Container): number | undefined {
    const lim = (
      (c.spec.resources as Obj | undefined)?.limits as Record<string, string> | undefined
    )?.memory;
    return lim === undefined ? undefined : parseQuantity(lim).value;
  }

  /**
   * Starts an instance of the container from its image; `resumedFrom` (a startedAt) continues
   * one that ran before a restore: no restart is counted and no PostStart hook runs.
   */
  private run(c: Container, id: string, env: Record<string, string>, resumedFrom?: string): void {
    const result = this.agent.registry.pull(c.spec.image as string);
    if (!result.ok) return;
    const now = this.clock.now();
    if (c.state === 'terminated') c.lastTerminated = c.terminated;
    if (c.instance > 0 && resumedFrom === undefined) c.restartCount++;
    c.instance++;
    const instance = c.instance;
    c.state = 'running';
    c.terminated = undefined;
    c.running =
      resumedFrom === undefined
        ? { startedAt: this.clock.timestamp(), startedAtMs: now }
        : { startedAt: resumedFrom, startedAtMs: Date.parse(resumedFrom) || now };
    c.containerID = `docker://${id}`;
    c.killing = undefined;
    if (c.logs) c.previousLogs = c.logs;
    c.logs = new LogBuffer();
    c.fs = this.containerFS(c);
    const hasStartup = !!c.spec.startupProbe;
    c.started = !hasStartup;
    c.ready = !c.spec.readinessProbe && !c.init;
    const logs = c.logs;
    const expand = (xs: unknown) =>
      Array.isArray(xs) ? (xs as string[]).map((s) => expandVars(s, env)) : undefined;
    c.process = result.image.start(
      {
        image: c.spec.image as string,
        command: expand(c.spec.command),
        args: expand(c.spec.args),
        env,
        workingDir: c.spec.workingDir as string | undefined,
        hostname: this.hostname(),
        podIP: this.podIP,
        memoryLimitBytes: this.memoryLimit(c),
        fs: c.fs,
      },
      {
        clock: this.clock,
        random: this.agent.ctx.random,
        network: this.agent.network.clientFor(
          this.pod.metadata.namespace!,
          this.pod.metadata.name!,
        ),
        log: (stream, line) => logs.append(this.clock.now(), stream, line),
        exit: (code, reason) => this.onExit(c, instance, code, reason),
      },
    );
    if (c.state !== 'running' || c.instance !== instance) return; // exited at once
    this.startProbes(c);
    this.registerNetwork();
    const post = (c.spec.lifecycle as Obj | undefined)?.postStart as Obj | undefined;
    if (post && resumedFrom === undefined) this.runHook(c, post, 'PostStart', () => {});
  }

  private registerNetwork(): void {
    if (!this.sandboxReady || this.spec.hostNetwork) return;
    const running = this.containers.filter((c) => c.state === 'running' && c.process);
    this.agent.network.registerPod({
      namespace: this.pod.metadata.namespace!,
      name: this.pod.metadata.name!,
      ip: this.podIP,
      node: this.agent.nodeName,
      containers: running.map((c) => ({ name: c.name, process: c.process! })),
    });
  }

  // ------------------------------------------------------------------ probes

  private startProbes(c: Container): void {
    const spec = c.spec;
    const target = {
      clock: this.clock,
      admittedAt: this.admittedAt,
      podIP: this.podIP,
      containerName: c.name,
      containerPorts: (spec.ports ?? []) as Obj[],
      process: c.process!,
      startedAt: this.clock.now(),
      started: () => c.started,
      onFailure: (kind: ProbeKind, msg: string) =>
        this.event('Warning', 'Unhealthy', probeEventMessage(kind, msg), c),
      onResult: (kind: ProbeKind, ok: boolean) => this.onProbeResult(c, kind, ok),
    };
    const kinds: [ProbeKind, string][] = [
      ['startup', 'startupProbe'],
      ['liveness', 'livenessProbe'],
      ['readiness', 'readinessProbe'],
    ];
    if (c.init && c.spec.restartPolicy !== 'Always') return;
    for (const [kind, field] of kinds) {
      if (spec[field]) c.probes.push(new ProbeWorker(kind, spec[field] as Obj, target));
    }
  }

  private stopProbes(c: Container): void {
    for (const p of c.probes) p.stop();
    c.probes = [];
  }

  private onProbeResult(c: Container, kind: ProbeKind, ok: boolean): void {
    if (c.state !== 'running' || this.terminating) return;
    if (kind === 'readiness') {
      c.ready = ok;
      return this.writeStatus();
    }
    if (kind === 'startup' && ok) {
      c.started = true;
      return this.writeStatus();
    }
    if (ok) return;
    const word = kind === 'liveness' ? 'liveness' : 'startup';
    this.event(
      'Normal',
      'Killing',
      `Container ${c.name} failed ${word} probe, will be restarted`,
      c,
    );
    c.ready = false;
    this.stopContainer(c, kind, this.graceFor(c, kind));
    this.writeStatus();
  }

  private graceFor(c: Container, kind: ProbeKind): number {
    const probe = c.spec[`${kind}Probe`] as Obj | undefined;
    const g = probe?.terminationGracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds ?? 30;
    return Number(g);
  }

  // ------------------------------------------------------------------ stopping

  /** preStop hook, then TERM, then KILL when the grace period runs out. */
  private stopContainer(
    c: Container,
    why: 'liveness' | 'startup' | 'delete',
    graceSeconds: number,
  ): void {
    if (c.state !== 'running' || !c.process || c.killing) return;
    c.killing = why;
    const proc = c.process;
    const instance = c.instance;
    const term = () => {
      if (c.instance === instance && c.state === 'running') proc.signal('TERM');
    };
    c.killTimer = this.clock.schedule(() => {
      if (c.instance === instance && c.state === 'running') proc.signal('KILL');
    }, graceSeconds * 1000);
    const pre = (c.spec.lifecycle as Obj | undefined)?.preStop as Obj | undefined;
    if (pre && graceSeconds > 0) this.runHook(c, pre, 'PreStop', term);
    else term();
  }

  private runHook(c: Container, hook: Obj, name: 'PreStop' | 'PostStart', done: () => void): void {
    const proc = c.process!;
    if (hook.exec) {
      const argv = ((hook.exec as Obj).command ?? []) as string[];
      proc.exec(argv, undefined, (r) => {
        if (r.exitCode !== 0) {
          this.event(
            'Warning',
            `Failed${name}Hook`,
            `${name}Hook failed: command '${argv.join(' ')}' exited with ${r.exitCode}: ${r.stdout}${r.stderr}`,
            c,
          );
        }
        done();
      });
    } else if (hook.httpGet) {
      const h = hook.httpGet as Obj;
      const port = Number(h.port);
      const url = `http://${this.podIP}:${port}${(h.path as string) ?? '/'}`;
      const res = proc.http(port, {
        method: 'GET',
        url,
        headers: { 'user-agent': 'kube-lifecycle/1.32' },
      });
      if (!res) {
        this.event(
          'Warning',
          `Failed${name}Hook`,
          `HTTP lifecycle hook (${(h.path as string) ?? '/'}) for Container "${c.name}" in Pod "${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})" failed - error: Get "${url}": dial tcp ${this.podIP}:${port}: connect: connection refused, message: ""`,
          c,
        );
      }
      done();
    } else if (hook.sleep) {
      this.clock.schedule(done, Number((hook.sleep as Obj).seconds ?? 0) * 1000);
    } else done();
  }

  /** The main process of an instance ended. */
  private onExit(c: Container, instance: number, code: number, reason: string): void {
    if (c.instance !== instance || c.state !== 'running') return;
    const now = this.clock.now();
    this.clock.cancel(c.killTimer);
    c.state = 'terminated';
    c.terminated = {
      exitCode: code,
      reason: reason || (code === 0 ? 'Completed' : 'Error'),
      startedAt: c.running!.startedAt,
      finishedAt: this.clock.timestamp(),
      finishedAtMs: now,
      containerID: c.containerID!,
    };
    c.running = undefined;
    c.process = undefined;
    c.ready = false;
    c.started = false;
    c.logs?.close();
    this.stopProbes(c);
    if (this.sandboxReady) {
      if (this.containers.some((x) => x.state === 'running')) this.registerNetwork();
      else this.agent.network.unregisterPod(this.podIP);
    }
    if (this.terminating) return this.maybeFinishTermination();
    this.writeStatus();
    this.requestSync(c.killing && c.killing !== 'delete' ? 0 : this.agent.timings.plegMs);
  }

  // ------------------------------------------------------------------ termination

  private terminate(): void {
    this.terminating = true;
    this.epoch++;
    this.busy = false;
    const grace = this.pod.metadata.deletionGracePeriodSeconds ?? 30;
    for (const c of this.containers) {
      if (c.state !== 'running') continue;
      this.event('Normal', 'Killing', `Stopping container ${c.name}`, c);
      this.stopContainer(c, 'delete', grace);
    }
    this.writeStatus();
    this.maybeFinishTermination();
  }

  private maybeFinishTermination(): void {
    if (this.gone || this.containers.some((c) => c.state === 'running')) return;
    this.killSandbox();
    this.writeStatus();
    this.gone = true;
    this.clock.cancel(this.syncTimer);
    try {
      this.agent.ctx.client.delete(
        this.agent.podsRT,
        this.pod.metadata.namespace!,
        this.pod.metadata.name!,
        { gracePeriodSeconds: 0, preconditions: { uid: this.uid } },
      );
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
    this.agent.workerGone(this.uid);
  }

  /** The pod left the store (a forced delete): everything stops at once. */
  removed(): void {
    if (this.gone) return;
    this.gone = true;
    this.epoch++;
    this.clock.cancel(this.syncTimer);
    for (const c of this.containers) {
      this.stopProbes(c);
      this.clock.cancel(c.killTimer);
      if (c.state === 'running') {
        const p = c.process;
        c.instance++;
        c.state = 'terminated';
        p?.signal('KILL');
        c.logs?.close();
      }
    }
    if (this.podIP && !this.terminal) {
      this.agent.network.unregisterPod(this.podIP);
      if (!this.spec.hostNetwork) this.agent.network.releasePodIP(this.podIP);
    }
    this.terminal = true;
  }

  /** The kubelet stopped or started again. */
  resume(): void {
    this.lastStatus = '';
    this.requestSync(0);
  }

  // ------------------------------------------------------------------ status

  private containerStatus(c: Container): ContainerStatus {
    const term = (t: Terminated): Obj => {
      const o: Obj = { exitCode: t.exitCode, reason: t.reason };
      if (t.message) o.message = t.message;
      o.startedAt = t.startedAt;
      o.finishedAt = t.finishedAt;
      o.containerID = t.containerID;
      return o;
    };
    const state: ContainerStatus['state'] = {};
    if (c.state === 'running') state.running = { startedAt: c.running!.startedAt };
    else if (c.state === 'terminated') state.terminated = term(c.terminated!);
    else {
      state.waiting = { reason: c.waiting.reason };
      if (c.waiting.message) state.waiting.message = c.waiting.message;
    }
    const s: ContainerStatus = {
      name: c.name,
      state,
      lastState: c.lastTerminated ? { terminated: term(c.lastTerminated) } : {},
      ready: c.ready,
      restartCount: c.restartCount,
      image: c.image,
      imageID: c.imageID,
    };
    if (c.containerID) s.containerID = c.containerID;
    s.started = c.state === 'running' && c.started;
    const mounts = ((c.spec.volumeMounts ?? []) as Obj[]).map((m) => {
      const o: Obj = { name: m.name, mountPath: m.mountPath };
      if (m.readOnly) {
        o.readOnly = true;
        o.recursiveReadOnly = 'Disabled';
      }
      return o;
    });
    if (mounts.length) s.volumeMounts = mounts;
    return s;
  }

  /** Writes the pod status through the status subresource when it changed. */
  writeStatus(): void {
    if (!this.agent.active || this.gone) return;
    const current = this.agent.ctx.store.get(
      'pods',
      this.pod.metadata.namespace!,
      this.pod.metadata.name!,
    );
    if (!current || current.metadata.uid !== this.uid) return;
    const old = (current.status ?? {}) as Obj;
    const init = this.containers.filter((c) => c.init).map((c) => this.containerStatus(c));
    const regular = this.containers.filter((c) => !c.init).map((c) => this.containerStatus(c));
    const spec = this.spec as Parameters<typeof getPhase>[0];
    let phase = getPhase(spec, init, regular, this.terminal);
    if (this.terminating && this.terminal) {
      // A deleted pod ends Succeeded when every container exited 0, else Failed.
      const all = [...regular];
      phase = all.every((s) => s.state.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
    }
    const conds = podConditions(
      spec,
      init,
      regular,
      phase,
      this.sandboxReady && !!this.podIP,
      (old.conditions ?? []) as Obj[],
    );
    const status: Obj = {
      phase,
      conditions: mergeConditions((old.conditions ?? []) as Obj[], conds, this.clock.timestamp()),
    };
    const hostIP = this.agent.nodeIP;
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
    if (this.podIP && (this.sandboxReady || this.terminal)) {
      status.podIP = this.podIP;
      status.podIPs = [{ ip: this.podIP }];
    }
    status.startTime = (old.startTime as string) ?? this.startTime;
    if (init.length) status.initContainerStatuses = init;
    status.containerStatuses = regular;
    if (old.qosClass) status.qosClass = old.qosClass;
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    // Already stored as it is (a pod adopted after a restore): no write to make.
    if (key === JSON.stringify(old)) return;
    try {
      this.agent.ctx.client.update(
        this.agent.podsRT,
        { ...current, metadata: { ...current.metadata, resourceVersion: undefined }, status },
        'status',
      );
    } catch (e) {
      if (!isApiError(e)) throw e;
      this.lastStatus = '';
    }
  }

  // ------------------------------------------------------------------ logs and exec

  /** The container record for logs and exec. */
  container(name: string): Container | undefined {
    return this.containers.find((c) => c.name === name);
  }

  /**
   * Current use of each running app container (cAdvisor's view), in spec order. CPU is throttled
   * at the container's limit, as its cgroup quota would, and at the node's cores.
   */
  usage(nodeCpuMillis = Infinity): { name: string; cpuMillis: number; memoryBytes: number }[] {
    return this.containers
      .filter((c) => !c.init && c.state === 'running' && c.process)
      .map((c) => {
        const u = c.process!.usage();
        const lim = ((c.spec.resources as Obj | undefined)?.limits as Obj | undefined)?.cpu;
        const cap = lim === undefined ? nodeCpuMillis : parseQuantity(lim as string).milli;
        return { name: c.name, cpuMillis: Math.min(u.cpuMillis, cap), memoryBytes: u.memoryBytes };
      });
  }
}

export type { Container };

/** One container's entry of a stored pod status. */
interface StoredContainerStatus {
  name: string;
  state?: { running?: Obj; terminated?: Obj; waiting?: Obj };
  lastState?: { terminated?: Obj };
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  imageID?: string;
  containerID?: string;
}

/** The parts of a stored pod status a kubelet adopting the pod reads. */
interface StoredStatus {
  podIP?: string;
  startTime?: string;
  initContainerStatuses?: StoredContainerStatus[];
  containerStatuses?: StoredContainerStatus[];
}
