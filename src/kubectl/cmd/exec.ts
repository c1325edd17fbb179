/**
 * `kubectl exec` and `kubectl attach` (k8s.io/kubectl/pkg/cmd/exec, attach), through the API's
 * exec route: the kubelet runs the command and answers `{kind: "ExecResult", stdout, stderr,
 * exitCode}` (at once, or at the end of a text stream when the command takes time). A non-zero
 * exit code becomes kubectl's, with "command terminated with exit code N". Attach follows the
 * container's output from now on (the log stream), until the container ends or the command is
 * interrupted.
 */
import { KubectlError, statusError } from '../errors';
import type { ApiResponse } from '../transport';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';
import type { Pod } from './pods';
import { defaultContainer, podForArg, podPath } from './pods';
import type { WorkloadIO } from './workload';

const EXEC_USAGE = `expected 'exec (POD | TYPE/NAME) COMMAND [ARG1] [ARG2] ... [ARGN]'.
POD or TYPE/NAME and COMMAND are required arguments for the exec command`;

interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Reads a response that is either the result itself or a stream ending with it. With `sleep`
 * (an in-process caller whose clock moves only on command), the cluster's time is run forward
 * while the command has not finished, so `exec -- sleep 2` or a `wget` that waits for its answer
 * ends as it would on a real cluster.
 */
function readResult(
  res: ApiResponse,
  signal?: AbortSignal,
  sleep?: (ms: number) => Promise<void>,
): Promise<ExecResult | undefined> {
  const parse = (b: unknown): ExecResult =>
    (typeof b === 'string' ? JSON.parse(b) : b) as ExecResult;
  if (!res.stream) return Promise.resolve(res.body ? parse(res.body) : undefined);
  const stream = res.stream;
  return new Promise((resolve) => {
    let text = '';
    const h: { stop?: () => void } = {};
    let done = false;
    const finish = (r: ExecResult | undefined) => {
      if (done) return;
      done = true;
      h.stop?.();
      resolve(r);
    };
    h.stop = stream.start(
      (chunk) => (text += chunk),
      () => finish(text ? parse(text) : undefined),
    );
    if (done) h.stop();
    signal?.addEventListener('abort', () => finish(undefined));
    if (sleep) {
      void (async () => {
        // A command that answers at once (most do) finishes before any time passes.
        await new Promise((r) => setTimeout(r, 0));
        while (!done && !signal?.aborted) await sleep(EXEC_POLL_MS);
      })();
    }
  });
}

/** How much of the cluster's time passes between looks at an unfinished exec. */
const EXEC_POLL_MS = 100;

/** Runs argv in the pod's container; the exit code, with output written to stdout/stderr. */
export async function execInPod(
  c: CommandContext,
  pod: Pod,
  container: string,
  argv: string[],
  opts: { stdin?: string; tty?: boolean; sleep?: (ms: number) => Promise<void> },
): Promise<number> {
  const res = await c.transport.request({
    method: 'POST',
    path: podPath(pod.metadata.namespace, pod.metadata.name, 'exec'),
    query: {
      container,
      stdout: 'true',
      stderr: 'true',
      ...(opts.stdin !== undefined ? { stdin: 'true' } : {}),
    },
    headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
    body: { command: argv, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) },
  });
  if (res.status >= 400) {
    const msg = (res.body as { message?: string } | undefined)?.message ?? 'exec failed';
    // The kubelet's refusal reaches kubectl through the stream translator as an internal error.
    if (msg.startsWith('unable to upgrade connection'))
      throw new KubectlError(`error: Internal error occurred: ${msg}`);
    throw statusError(res.body, res.status);
  }
  const r = await readResult(res, c.signal, opts.sleep);
  if (!r) return 130;
  if (opts.tty) {
    if (r.stdout + r.stderr) c.out(r.stdout + r.stderr);
  } else {
    if (r.stdout) c.out(r.stdout);
    if (r.stderr) c.err(r.stderr);
  }
  if (r.exitCode !== 0) {
    c.err(`command terminated with exit code ${r.exitCode}\n`);
    return r.exitCode;
  }
  return 0;
}

function usage(cmd: string, msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl ${cmd} -h' for help and examples`);
}

function containerFor(c: CommandContext, pod: Pod): string {
  // A wrong name is the server's to refuse (BadRequest), as for the real kubectl.
  return c.flags.str('container') || defaultContainer(c, pod);
}

export async function runExec(c: CommandContext, io: WorkloadIO): Promise<number> {
  const f = c.flags;
  const dash = f.parsed.dashArgs;
  const hasDash = dash.length > 0;
  let before = hasDash ? c.args.slice(0, c.args.length - dash.length) : c.args;
  let command = hasDash ? dash : [];
  if (c.args.length === 0 && !c.flags.list('filename').length)
    throw new KubectlError('error: pod, type/name or --filename must be specified');
  if (hasDash && before.length === 0) throw usage('exec', EXEC_USAGE);
  if (!hasDash && before.length > 1) {
    c.err(
      'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n',
    );
    command = before.slice(1);
  }
  before = before.slice(0, 1);
  if (command.length === 0)
    throw new KubectlError('error: you must specify at least one command for the container');
  const pod = await podForArg(c, before[0]);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new KubectlError(
      `error: cannot exec into a container in a completed pod; current phase is ${phase}`,
    );
  const container = containerFor(c, pod);
  return execInPod(c, pod, container, command, {
    stdin: f.bool('stdin') ? (io.stdin ?? '') : undefined,
    tty: f.bool('tty'),
    sleep: io.sleep,
  });
}

/** Follows the container's output from now on until it ends or the signal fires. */
export async function attachToPod(
  c: CommandContext,
  pod: Pod,
  container: string,
  fromStart = false,
): Promise<void> {
  const res = await c.transport.request({
    method: 'GET',
    path: podPath(pod.metadata.namespace, pod.metadata.name, 'log'),
    query: { container, follow: 'true', ...(fromStart ? {} : { tailLines: '0' }) },
    headers: { accept: 'application/json, */*' },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  if (!res.stream) {
    if (fromStart && typeof res.body === 'string') c.out(res.body);
    return;
  }
  const stream = res.stream;
  await new Promise<void>((resolve) => {
    if (c.signal?.aborted) return resolve();
    const h: { stop?: () => void } = {};
    let ended = false;
    const finish = () => {
      ended = true;
      h.stop?.();
      resolve();
    };
    h.stop = stream.start((t) => c.out(t), finish);
    if (ended) h.stop();
    c.signal?.addEventListener('abort', finish);
  });
}

export async function runAttach(c: CommandContext, io: WorkloadIO): Promise<number> {
  void io;
  if (c.args.length === 0)
    throw usage('attach', 'expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 0');
  if (c.args.length > 2)
    throw usage(
      'attach',
      `expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${c.args.length}`,
    );
  const arg = c.args.length === 2 ? `${c.args[0]}/${c.args[1]}` : c.args[0];
  const pod = await podForArg(c, arg);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new KubectlError(
      `error: cannot attach a container in a completed pod; current phase is ${phase}`,
    );
  const container = containerFor(c, pod);
  if (c.flags.bool('stdin') && c.flags.bool('tty') && !c.flags.bool('quiet'))
    c.err("If you don't see a command prompt, try pressing enter.\n");
  await attachToPod(c, pod, container);
  return 0;
}
