/**
 * `kubectl exec` and `kubectl attach` over the WebSocket remote-command protocol v5
 * (v5.channel.k8s.io), as the API server's stream translator speaks it: every binary message
 * starts with a channel byte — 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status), 4 resize —
 * and v5 adds 255, "this channel is closed", which kubectl sends when its stdin ends.
 *
 * The simulated container runs a command with all of its stdin at once, so a session with stdin
 * collects it until kubectl closes the channel and runs the command then (an interactive shell
 * answers when its input ends, not line by line).
 */
import type { WebSocket } from 'ws';
import type { KubeObject } from '../cluster/api/types';
import type { ApiResponse } from '../cluster/apiserver/types';
import type { Cluster } from '../cluster/cluster';
import type { ExecResult } from '../cluster/runtime/types';

export const REMOTE_COMMAND_V5 = 'v5.channel.k8s.io';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

export interface RemoteCommandOptions {
  /**
   * How much virtual time an exec may move the clock forward to finish, in milliseconds. With
   * the clock in manual mode nothing else moves it while kubectl waits, so a `sleep 5` would
   * never come back; the server advances the cluster (everything in it, as POST
   * /playground/v1/advance would) up to this much, then reports the command as still running.
   * 0 leaves the clock alone, for a server whose clock follows wall time.
   */
  execAdvanceLimitMs?: number;
}

export const DEFAULT_EXEC_ADVANCE_LIMIT_MS = 60_000;

export interface RemoteCommandSession {
  pod: KubeObject;
  container: string;
  attach: boolean;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** metav1.Status as the error channel carries it (no kind or apiVersion, as upstream marshals it). */
type ChannelStatus = Record<string, unknown>;

const SUCCESS: ChannelStatus = { metadata: {}, status: 'Success' };

function internalError(message: string): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

function exitStatus(argv: string[], code: number): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** True when the pod's status shows the container running, as the kubelet reports it. */
function containerRunning(pod: KubeObject, container: string): boolean {
  const st = (pod.status ?? {}) as Record<
    string,
    { name: string; state?: { running?: unknown } }[]
  >;
  const all = [
    ...(st.containerStatuses ?? []),
    ...(st.initContainerStatuses ?? []),
    ...(st.ephemeralContainerStatuses ?? []),
  ];
  return !!all.find((c) => c.name === container)?.state?.running;
}

export function serveRemoteCommand(
  cluster: Cluster,
  ws: WebSocket,
  opts: RemoteCommandOptions,
  s: RemoteCommandSession,
): void {
  let open = true;
  const cleanups: (() => void)[] = [];
  const send = (channel: number, data: string | Uint8Array) => {
    if (!open) return;
    ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]), { binary: true });
  };
  const finish = (status: ChannelStatus) => {
    if (!open) return;
    send(ERROR, JSON.stringify(status));
    open = false;
    for (const c of cleanups) c();
    ws.close(1000);
  };
  ws.on('close', () => {
    open = false;
    for (const c of cleanups) c();
  });
  ws.on('error', () => ws.terminate());

  // An empty message on the lowest writable channel tells kubectl the streams are ready.
  send(s.stdout ? STDOUT : s.stderr ? STDERR : ERROR, '');

  if (!containerRunning(s.pod, s.container)) {
    // The kubelet refuses the upgrade; the stream translator reports its answer as an internal error.
    finish(internalError(`unable to upgrade connection: container not found ("${s.container}")`));
    return;
  }
  const ns = s.pod.metadata.namespace!;
  const name = s.pod.metadata.name!;

  if (s.attach) {
    attach(cluster, s, ns, name, send, finish, cleanups);
    return;
  }

  const stdin: Buffer[] = [];
  let started = false;
  const run = () => {
    if (started || !open) return;
    started = true;
    runExec(
      cluster,
      opts,
      s,
      ns,
      name,
      s.stdin ? Buffer.concat(stdin).toString('utf8') : undefined,
      {
        output(r) {
          if (s.tty) {
            // A terminal has one output stream: what the command wrote to stderr comes out there too.
            if (s.stdout && r.stdout + r.stderr) send(STDOUT, r.stdout + r.stderr);
          } else {
            if (s.stdout && r.stdout) send(STDOUT, r.stdout);
            if (s.stderr && r.stderr) send(STDERR, r.stderr);
          }
        },
        finish,
        cleanups,
      },
    );
  };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0) return;
    if (data[0] === STDIN) stdin.push(data.subarray(1));
    else if (data[0] === CLOSE && data[1] === STDIN) run();
    // Resize (4) changes nothing for a simulated terminal.
  });
  if (!s.stdin) run();
}

interface ExecSink {
  output(r: ExecResult): void;
  finish(status: ChannelStatus): void;
  cleanups: (() => void)[];
}

function runExec(
  cluster: Cluster,
  opts: RemoteCommandOptions,
  s: RemoteCommandSession,
  ns: string,
  name: string,
  stdin: string | undefined,
  sink: ExecSink,
): void {
  const argv = s.command;
  if (!argv.length) {
    sink.finish(internalError('you must specify at least 1 command'));
    return;
  }
  let res: ApiResponse;
  try {
    res = cluster.handle({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/pods/${name}/exec`,
      query: { container: s.container },
      headers: {},
      body: { command: argv, stdin },
    });
  } catch (e) {
    sink.finish(internalError(String(e instanceof Error ? e.message : e)));
    return;
  }
  let done = false;
  const complete = (r: ExecResult) => {
    if (done) return;
    done = true;
    sink.output(r);
    sink.finish(r.exitCode === 0 ? SUCCESS : exitStatus(argv, r.exitCode));
  };
  if (res.status >= 400) {
    done = true;
    const message = (res.body as { message?: string } | undefined)?.message ?? 'exec failed';
    sink.finish(internalError(message));
    return;
  }
  if (!res.stream) {
    complete(res.body as ExecResult);
    return;
  }
  let text = '';
  const stop = res.stream.start(
    (chunk) => {
      text += chunk;
    },
    () => complete(JSON.parse(text) as ExecResult),
  );
  sink.cleanups.push(stop);
  const limit = opts.execAdvanceLimitMs ?? DEFAULT_EXEC_ADVANCE_LIMIT_MS;
  if (done || limit <= 0) return;
  // The command takes virtual time (sleep) and, in manual mode, nothing else moves the clock
  // while kubectl waits: jump from timer to timer until it ends, within the limit.
  const clock = cluster.clock;
  const deadline = clock.now() + limit;
  try {
    while (!done) {
      const at = clock.nextAt();
      if (at === undefined || at > deadline) break;
      cluster.advance(at - clock.now());
    }
  } catch (e) {
    sink.finish(internalError(String(e instanceof Error ? e.message : e)));
    return;
  }
  if (!done) {
    sink.finish(
      internalError(
        `command still running after ${limit / 1000}s of virtual time; the cluster's clock is ` +
          'advanced only on request (POST /playground/v1/advance): run the command in the ' +
          'background, or shorten it',
      ),
    );
  }
}

/** Attach: the container's output from now on, until it ends or kubectl goes. */
function attach(
  cluster: Cluster,
  s: RemoteCommandSession,
  ns: string,
  name: string,
  send: (channel: number, data: string) => void,
  finish: (status: ChannelStatus) => void,
  cleanups: (() => void)[],
): void {
  const res = cluster.handle({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods/${name}/log`,
    query: { container: s.container, follow: 'true', tailLines: '0' },
    headers: {},
  });
  if (res.status >= 400) {
    const message = (res.body as { message?: string } | undefined)?.message ?? 'attach failed';
    finish(internalError(message));
    return;
  }
  if (!res.stream) {
    finish(SUCCESS);
    return;
  }
  const out = s.stdout ? STDOUT : s.stderr ? STDERR : -1;
  const stop = res.stream.start(
    (text) => {
      if (out >= 0 && text) send(out, text);
    },
    () => finish(SUCCESS),
  );
  cleanups.push(stop);
}
