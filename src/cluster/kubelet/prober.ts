/**
 * Probes as pkg/kubelet/prober runs them: one worker per container and kind (startup, liveness,
 * readiness), ticking every periodSeconds from the time the pod was admitted; a probe before
 * initialDelaySeconds is skipped, liveness and readiness wait for the startup probe, and results
 * flip after successThreshold / failureThreshold consecutive outcomes.
 */
import type { TimerHandle, VirtualClock } from '../clock/VirtualClock';
import type { ContainerProcess, HttpRequest } from '../runtime/types';

type Obj = Record<string, unknown>;
export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeTarget {
  clock: VirtualClock;
  /** When the pod was admitted: probe ticks are aligned to it. */
  admittedAt: number;
  podIP: string;
  containerName: string;
  containerPorts: Obj[];
  process: ContainerProcess;
  startedAt: number;
  /** Whether the startup probe has passed (or there is none). */
  started(): boolean;
  /** A probe failed (for the Unhealthy event). */
  onFailure(kind: ProbeKind, message: string): void;
  /** The result flipped after its threshold. */
  onResult(kind: ProbeKind, success: boolean): void;
}

const KIND_WORD: Record<ProbeKind, string> = {
  startup: 'Startup',
  liveness: 'Liveness',
  readiness: 'Readiness',
};

export function probeEventMessage(kind: ProbeKind, output: string): string {
  return `${KIND_WORD[kind]} probe failed: ${output}`;
}

function portOf(target: ProbeTarget, port: unknown): number {
  if (typeof port === 'number') return port;
  const named = target.containerPorts.find((p) => p.name === port);
  return named ? Number(named.containerPort) : Number(port);
}

export class ProbeWorker {
  private timer: TimerHandle | undefined;
  private stopped = false;
  private successes = 0;
  private failures = 0;
  private result: boolean;
  private inFlight = false;

  constructor(
    private kind: ProbeKind,
    private probe: Obj,
    private target: ProbeTarget,
  ) {
    this.result = kind === 'liveness';
    this.schedule();
  }

  private get period(): number {
    return Number(this.probe.periodSeconds ?? 10) * 1000;
  }

  private schedule(): void {
    const clock = this.target.clock;
    const now = clock.now();
    const since = now - this.target.admittedAt;
    const wait = this.period - (since % this.period);
    // Only the first probe may run at the admission instant itself; probes started then (a pod
    // adopted after a restore) would otherwise run again at once, forever.
    const first = this.timer === undefined;
    this.timer = clock.schedule(
      () => this.tick(),
      first && wait === this.period && since === 0 ? 0 : wait,
    );
  }

  stop(): void {
    this.stopped = true;
    this.target.clock.cancel(this.timer);
  }

  private tick(): void {
    if (this.stopped) return;
    this.schedule();
    const t = this.target;
    if (this.kind !== 'startup' && !t.started()) return;
    if (this.kind === 'startup' && t.started()) return;
    const delay = Number(this.probe.initialDelaySeconds ?? 0) * 1000;
    if (t.clock.now() - t.startedAt < delay) return;
    if (this.inFlight) return;
    this.inFlight = true;
    this.run((ok, output) => {
      this.inFlight = false;
      if (this.stopped) return;
      this.record(ok, output);
    });
  }

  private record(ok: boolean, output: string): void {
    const successThreshold = Number(this.probe.successThreshold ?? 1);
    const failureThreshold = Number(this.probe.failureThreshold ?? 3);
    if (ok) {
      this.failures = 0;
      this.successes++;
      if (!this.result && this.successes >= successThreshold) {
        this.result = true;
        this.target.onResult(this.kind, true);
      }
      return;
    }
    this.successes = 0;
    this.failures++;
    this.target.onFailure(this.kind, output);
    if ((this.result || this.kind !== 'readiness') && this.failures >= failureThreshold) {
      this.result = false;
      this.failures = 0;
      this.target.onResult(this.kind, false);
    }
  }

  /** Runs the probe once: exec, httpGet, tcpSocket or grpc. */
  private run(done: (ok: boolean, output: string) => void): void {
    const t = this.target;
    const p = this.probe;
    const timeoutMs = Number(p.timeoutSeconds ?? 1) * 1000;
    if (p.exec) {
      const argv = ((p.exec as Obj).command ?? []) as string[];
      let finished = false;
      const timer = t.clock.schedule(() => {
        if (finished) return;
        finished = true;
        done(false, `command "${argv.join(' ')}" timed out`);
      }, timeoutMs);
      t.process.exec(argv, undefined, (r) => {
        if (finished) return;
        finished = true;
        t.clock.cancel(timer);
        const output = (r.stdout + r.stderr).trimEnd();
        done(r.exitCode === 0, output);
      });
      return;
    }
    if (p.httpGet) {
      const h = p.httpGet as Obj;
      const port = portOf(t, h.port);
      const scheme = String(h.scheme ?? 'HTTP').toLowerCase();
      const host = (h.host as string) || t.podIP;
      let path = (h.path as string) ?? '/';
      if (!path.startsWith('/')) path = '/' + path;
      const url = `${scheme}://${host}:${port}${path}`;
      const headers: Record<string, string> = {
        host: `${host}:${port}`,
        'user-agent': 'kube-probe/1.32',
        accept: '*/*',
      };
      for (const hh of (h.httpHeaders ?? []) as Obj[])
        headers[String(hh.name).toLowerCase()] = String(hh.value);
      const req: HttpRequest = { method: 'GET', url, headers };
      const res = t.process.http(port, req);
      if (!res)
        return done(false, `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`);
      if (res.status >= 200 && res.status < 400) return done(true, '');
      return done(false, `HTTP probe failed with statuscode: ${res.status}`);
    }
    if (p.tcpSocket) {
      const port = portOf(t, (p.tcpSocket as Obj).port);
      const host = ((p.tcpSocket as Obj).host as string) || t.podIP;
      if (t.process.listens(port)) return done(true, '');
      return done(false, `dial tcp ${host}:${port}: connect: connection refused`);
    }
    if (p.grpc) {
      const port = Number((p.grpc as Obj).port);
      if (t.process.listens(port)) return done(true, '');
      return done(
        false,
        `timeout: failed to connect service "${t.podIP}:${port}" within 1s: context deadline exceeded`,
      );
    }
    done(true, '');
  }
}
