/**
 * `kubectl run --attach` / `-i` / `-t` / `--rm` (k8s.io/kubectl/pkg/cmd/run): create the pod,
 * wait until it runs (or has already finished), attach to its output until the container ends,
 * then with --rm delete it (`pod "x" deleted`). The container's exit code becomes kubectl's.
 */
import { KubectlError, statusError } from '../errors';
import type { Obj } from '../resource/objects';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';
import { attachToPod } from './exec';
import type { Pod } from './pods';
import { getPod, podPath } from './pods';

export interface AttachOptions {
  rm: boolean;
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
}

/** Resolves when the pod has left Pending (or is gone), watching it. */
async function waitForStart(c: CommandContext, ns: string, name: string): Promise<Pod | undefined> {
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`;
  const q = { fieldSelector: `metadata.name=${name}` };
  const started = (p: Pod) => p.status?.phase && p.status.phase !== 'Pending';
  const list = await c.transport.request({
    method: 'GET',
    path,
    query: q,
    headers: { accept: JSON_ACCEPT },
  });
  const body = list.body as { items?: Pod[]; metadata?: { resourceVersion?: string } };
  const now = body.items?.[0];
  if (!now || started(now)) return now;
  const res = await c.transport.request({
    method: 'GET',
    path,
    query: { ...q, watch: 'true', resourceVersion: body.metadata?.resourceVersion ?? '0' },
    headers: { accept: JSON_ACCEPT },
  });
  if (!res.watch) return now;
  const watch = res.watch;
  return new Promise((resolve) => {
    const h: { stop?: () => void } = {};
    let done = false;
    const finish = (p: Pod | undefined) => {
      if (done) return;
      done = true;
      h.stop?.();
      resolve(p);
    };
    h.stop = watch.start(
      (ev) => {
        const p = ev.object as Pod;
        if (ev.type === 'DELETED') finish(undefined);
        else if (started(p)) finish(p);
      },
      () => finish(undefined),
    );
    if (done) h.stop();
    c.signal?.addEventListener('abort', () => finish(undefined));
  });
}

export async function runAttached(c: CommandContext, pod: Obj, o: AttachOptions): Promise<number> {
  const ns = c.namespace;
  const name = (pod.metadata as { name: string }).name;
  const created = await c.transport.request({
    method: 'POST',
    path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
    query: { fieldManager: 'kubectl-run' },
    headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
    body: pod,
  });
  if (created.status >= 400) throw statusError(created.body, created.status);
  const running = await waitForStart(c, ns, name);
  const container = name;
  if (running) {
    const phase = running.status?.phase;
    const finished = phase === 'Succeeded' || phase === 'Failed';
    if (!finished && o.stdin && o.tty && !o.quiet)
      c.err("If you don't see a command prompt, try pressing enter.\n");
    await attachToPod(c, running, container, true);
  }
  let exitCode = 0;
  let reason = '';
  try {
    const final = await getPod(c, ns, name);
    const st = final.status?.containerStatuses?.find((s) => s.name === container);
    exitCode = st?.state?.terminated?.exitCode ?? 0;
    reason = st?.state?.terminated?.reason ?? '';
  } catch {
    // Gone already: nothing to report.
  }
  if (!o.rm && o.stdin && o.tty && !exitCode && !c.signal?.aborted)
    c.out(
      `Session ended, resume using 'kubectl attach ${name} -c ${container} -i -t' command when the pod is running\n`,
    );
  if (o.rm) {
    const res = await c.transport.request({
      method: 'DELETE',
      path: podPath(ns, name),
      headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
    });
    if (res.status >= 400 && res.status !== 404) throw statusError(res.body, res.status);
    c.out(`pod "${name}" deleted\n`);
  }
  if (exitCode)
    throw new KubectlError(`pod ${ns}/${name} terminated (${reason || 'Error'})`, exitCode);
  return 0;
}
