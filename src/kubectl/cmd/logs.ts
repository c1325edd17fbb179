/**
 * `kubectl logs` (k8s.io/kubectl/pkg/cmd/logs): a pod's container log, a workload's first pod,
 * every pod of a selector (-l, tail 10 by default), all containers, with --follow streaming until
 * the container ends or the command is interrupted.
 */
import { KubectlError, statusError } from '../errors';
import { resolveArgs } from '../resource/mapper';
import { Api } from '../resource/objects';
import type { Obj } from '../resource/objects';
import type { CommandContext } from './context';
import { durationFlag } from './duration';
import type { Pod } from './pods';
import { byLogging, defaultContainer, findContainer, listPods, podPath, selectorOf } from './pods';

const USAGE = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command`;

function usage(msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl logs -h' for help and examples`);
}

/** The builder's wording for a missing object: `error from server (NotFound): ... in namespace`. */
function builderError(body: unknown, status: number, ns: string): KubectlError {
  const s = (body ?? {}) as { reason?: string; message?: string };
  if (status === 404 && s.reason === 'NotFound')
    return new KubectlError(
      `error: error from server (NotFound): ${s.message} in namespace "${ns}"`,
    );
  return statusError(body, status);
}

/** time.Parse(RFC3339)'s complaint, as ToLogOptions reports it. */
function parseSinceTime(v: string): string {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v)) return v;
  throw new KubectlError(
    `error: parsing time "${v}" as "2006-01-02T15:04:05Z07:00": cannot parse "${v}" as "2006"`,
  );
}

interface LogRequest {
  pod: Pod;
  container: string;
}

export async function runLogs(c: CommandContext): Promise<number> {
  const f = c.flags;
  const selector = f.str('selector');
  const args = c.args;
  let container = f.str('container');
  if (args.length === 0 && !selector) throw usage(USAGE);
  if (args.length === 1 && selector) throw usage('only a selector (-l) or a POD name is allowed');
  if (args.length > 2) throw usage(USAGE);
  if (args.length === 2) container = args[1];
  const sinceTime = f.str('since-time');
  const sinceMs = f.changed('since') ? durationFlag(f.str('since'), 'since', 'logs') : 0;
  const query: Record<string, string> = {};
  if (sinceTime) query.sinceTime = parseSinceTime(sinceTime);
  const tail = f.int('tail');
  if (selector && tail === -1 && !f.changed('tail')) query.tailLines = '10';
  else if (tail !== -1) query.tailLines = String(tail);

  // The object (Complete), before the options are validated.
  let pods: Pod[] = [];
  let single: Pod | undefined;
  if (selector) {
    pods = (await listPods(c, c.namespace, { labelSelector: selector })).sort(byLogging);
    if (!pods.length) c.err(`No resources found in ${c.namespace} namespace.\n`);
  } else {
    single = await objectPod(c, args[0]);
  }

  if (sinceTime && sinceMs !== 0)
    throw new KubectlError('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
  const all = f.bool('all-containers');
  if (all && container)
    throw new KubectlError(
      `error: --all-containers=true should not be specified with container name ${container}`,
    );
  if (f.changed('container') && args.length === 2)
    throw new KubectlError('error: only one of -c or an inline [CONTAINER] arg is allowed');
  if (f.int('limit-bytes') < 0)
    throw new KubectlError('error: --limit-bytes must be greater than 0');
  if (sinceMs < 0) throw new KubectlError('error: --since must be greater than 0');
  if (query.tailLines !== undefined && Number(query.tailLines) < -1)
    throw new KubectlError('error: --tail must be greater than or equal to -1');
  if (sinceMs) query.sinceSeconds = String(Math.round(sinceMs / 1000));
  if (f.int('limit-bytes') > 0) query.limitBytes = String(f.int('limit-bytes'));
  if (f.bool('previous')) query.previous = 'true';
  if (f.bool('timestamps')) query.timestamps = 'true';
  const follow = f.bool('follow');
  if (follow) query.follow = 'true';

  const requests: LogRequest[] = [];
  for (const pod of single ? [single] : pods) {
    if (all) {
      for (const x of [
        ...(pod.spec.initContainers ?? []),
        ...pod.spec.containers,
        ...(pod.spec.ephemeralContainers ?? []),
      ])
        requests.push({ pod, container: x.name });
      continue;
    }
    const name = container || defaultContainer(c, pod, !!selector);
    if (!findContainer(pod, name))
      throw new KubectlError(`error: container ${name} is not valid for pod ${pod.metadata.name}`);
    requests.push({ pod, container: name });
  }

  const prefix = f.bool('prefix');
  const write = (r: LogRequest) => {
    const p = `[pod/${r.pod.metadata.name}/${r.container}] `;
    let partial = '';
    return (text: string) => {
      if (!prefix) return c.out(text);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) c.out(`${p}${l}\n`);
    };
  };

  if (follow && requests.length > 1) {
    const max = f.int('max-log-requests');
    if (requests.length > max)
      throw new KubectlError(
        `error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
      );
    const errors: string[] = [];
    await Promise.all(
      requests.map((r) =>
        consume(c, r, query, write(r)).catch((e: unknown) => {
          if (!(e instanceof KubectlError)) throw e;
          if (f.bool('ignore-errors')) c.out(`${e.output}\n`);
          else errors.push(e.output);
        }),
      ),
    );
    if (errors.length) throw new KubectlError(errors[0]);
    return 0;
  }
  for (const r of requests) await consume(c, r, query, write(r));
  return 0;
}

/** Resolves `POD` or `TYPE/NAME` to the pod to read (logsForObject). */
async function objectPod(c: CommandContext, arg: string): Promise<Pod> {
  const d = await c.discovery.get();
  const [req] = resolveArgs(d, arg.includes('/') ? [arg] : ['pods', arg]);
  const api = new Api(c.transport);
  const res = await api.get(req.resource, c.namespace, req.names[0]);
  if (res.status >= 400) throw builderError(res.body, res.status, c.namespace);
  const obj = res.body as Obj;
  if (req.resource.kind === 'Pod') return obj as Pod;
  const selector = selectorOf(obj, req.resource.kind);
  const pods = (await listPods(c, c.namespace, { labelSelector: selector })).sort(byLogging);
  if (!pods.length) throw new KubectlError('error: timed out waiting for the condition');
  if (pods.length > 1) c.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0];
}

/** One log request: the text, or with follow the stream until it ends or the signal fires. */
async function consume(
  c: CommandContext,
  r: LogRequest,
  query: Record<string, string>,
  out: (text: string) => void,
): Promise<void> {
  const res = await c.transport.request({
    method: 'GET',
    path: podPath(r.pod.metadata.namespace, r.pod.metadata.name, 'log'),
    query: { ...query, container: r.container },
    headers: { accept: 'application/json, */*' },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  if (!res.stream) {
    if (typeof res.body === 'string' && res.body) out(res.body);
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
    h.stop = stream.start(out, finish);
    if (ended) h.stop();
    c.signal?.addEventListener('abort', finish);
  });
}
