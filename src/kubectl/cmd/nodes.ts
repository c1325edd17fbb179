/**
 * `kubectl cordon`, `uncordon` and `drain` (k8s.io/kubectl/pkg/cmd/drain and pkg/drain): mark
 * nodes (un)schedulable, then evict (or delete) the pods drain may remove, honouring
 * PodDisruptionBudgets with retries every 5 s, and wait until they are gone.
 */
import { KubectlError, statusError } from '../errors';
import { dryRunOf, dryRunSuffix } from '../printers/object';
import type { DryRun } from '../printers/object';
import type { Obj } from '../resource/objects';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';
import { durationFlag, formatGoDuration } from './duration';
import type { Pod } from './pods';
import { listPods, podPath } from './pods';

interface Node extends Obj {
  metadata: { name: string };
  spec?: { unschedulable?: boolean; taints?: unknown[] };
}

function usageError(cmd: string, msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl ${cmd} -h' for help and examples`);
}

/** The nodes named on the command line or matched by -l (the builder's Infos). */
export async function resolveNodes(c: CommandContext, command: string): Promise<Node[]> {
  const selector = c.flags.str('selector');
  if (c.args.length === 0 && !c.flags.changed('selector'))
    throw usageError(command, `USAGE: ${command} NODE [flags]`);
  if (c.args.length > 0 && selector)
    throw usageError(command, 'cannot specify both a node name and a --selector option');
  if (c.args.length === 0) {
    const res = await c.transport.request({
      method: 'GET',
      path: '/api/v1/nodes',
      query: selector ? { labelSelector: selector } : {},
      headers: { accept: JSON_ACCEPT },
    });
    if (res.status >= 400) throw statusError(res.body, res.status);
    return ((res.body as { items?: Node[] }).items ?? []) as Node[];
  }
  const nodes: Node[] = [];
  for (const arg of c.args) {
    let name = arg;
    if (arg.includes('/')) {
      const [type, n] = arg.split('/');
      if (!['node', 'nodes', 'no'].includes(type.toLowerCase()))
        throw new KubectlError(
          `error: error: expected resource of type node, got "${type.toLowerCase()}"`,
        );
      name = n;
    }
    const res = await c.transport.request({
      method: 'GET',
      path: `/api/v1/nodes/${encodeURIComponent(name)}`,
      headers: { accept: JSON_ACCEPT },
    });
    if (res.status >= 400) throw statusError(res.body, res.status);
    nodes.push(res.body as Node);
  }
  return nodes;
}

/** RunCordonOrUncordon: prints every node's outcome; errors go to stderr and do not stop it. */
async function cordonNodes(
  c: CommandContext,
  nodes: Node[],
  desired: boolean,
  dryRun: DryRun,
): Promise<void> {
  const verb = desired ? 'cordon' : 'uncordon';
  for (const node of nodes) {
    const name = node.metadata.name;
    if (!!node.spec?.unschedulable === desired) {
      c.out(`node/${name} already ${verb}ed${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    if (dryRun !== 'client') {
      const res = await c.transport.request({
        method: 'PATCH',
        path: `/api/v1/nodes/${encodeURIComponent(name)}`,
        query: dryRun === 'server' ? { dryRun: 'All' } : {},
        headers: {
          'content-type': 'application/strategic-merge-patch+json',
          accept: JSON_ACCEPT,
        },
        body: JSON.stringify({ spec: { unschedulable: desired ? true : null } }),
      });
      if (res.status >= 400) {
        c.err(
          `error: unable to ${verb} node "${name}": ${statusError(res.body, res.status).output.replace(/^Error from server \(\w+\): /, '')}\n`,
        );
        continue;
      }
    }
    c.out(`node/${name} ${verb}ed${dryRunSuffix(dryRun)}\n`);
  }
}

export async function runCordon(c: CommandContext, desired: boolean): Promise<number> {
  const dryRun = dryRunOf(c.flags);
  const nodes = await resolveNodes(c, desired ? 'cordon' : 'uncordon');
  await cordonNodes(c, nodes, desired, dryRun);
  return 0;
}

// ------------------------------------------------------------------ drain

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

type Status =
  | { kind: 'okay' }
  | { kind: 'skip' }
  | { kind: 'warning'; delete: boolean; message: string }
  | { kind: 'error'; message: string };

const deletes = (s: Status) => s.kind === 'okay' || (s.kind === 'warning' && s.delete);

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDir: boolean;
  podSelector: string;
}

function finished(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

function controllerOf(p: Pod) {
  return p.metadata.ownerReferences?.find((r) => r.controller);
}

async function daemonSetFilter(c: CommandContext, o: DrainOptions, p: Pod): Promise<Status> {
  const ref = controllerOf(p);
  if (!ref || ref.kind !== 'DaemonSet' || finished(p)) return { kind: 'okay' };
  const res = await c.transport.request({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${p.metadata.namespace}/daemonsets/${ref.name}`,
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) {
    const msg = (res.body as { message?: string })?.message ?? '';
    if (res.status === 404 && o.force) return { kind: 'warning', delete: true, message: msg };
    return { kind: 'error', message: msg };
  }
  if (!o.ignoreDaemonSets) return { kind: 'error', message: DAEMONSET_FATAL };
  return { kind: 'warning', delete: false, message: DAEMONSET_WARNING };
}

/** GetPodsForDeletion: each pod of the node through the filters, in upstream's order. */
async function podsForDeletion(
  c: CommandContext,
  node: string,
  o: DrainOptions,
): Promise<{ pods: Pod[]; warnings: string; errors: string[] }> {
  const q: Record<string, string> = { fieldSelector: `spec.nodeName=${node}` };
  if (o.podSelector) q.labelSelector = o.podSelector;
  const all = await listPods(c, undefined, q);
  const pods: Pod[] = [];
  const warnings = new Map<string, string[]>();
  const errors = new Map<string, string[]>();
  for (const p of all) {
    const filters: (() => Status | Promise<Status>)[] = [
      () => ({ kind: 'okay' }),
      () => daemonSetFilter(c, o, p),
      () =>
        p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined
          ? { kind: 'skip' }
          : { kind: 'okay' },
      () => {
        if (!(p.spec.volumes ?? []).some((v) => v.emptyDir) || finished(p)) return { kind: 'okay' };
        if (!o.deleteEmptyDir) return { kind: 'error', message: LOCAL_STORAGE_FATAL };
        return { kind: 'warning', delete: true, message: LOCAL_STORAGE_WARNING };
      },
      () => {
        if (finished(p) || controllerOf(p)) return { kind: 'okay' };
        if (o.force) return { kind: 'warning', delete: true, message: UNMANAGED_WARNING };
        return { kind: 'error', message: UNMANAGED_FATAL };
      },
    ];
    let status: Status = { kind: 'okay' };
    for (const filter of filters) {
      status = await filter();
      if (!deletes(status)) break;
    }
    const ref = `${p.metadata.namespace}/${p.metadata.name}`;
    if (status.kind === 'warning')
      warnings.set(status.message, [...(warnings.get(status.message) ?? []), ref]);
    if (status.kind === 'error') {
      const m = status.message || 'unexpected error';
      errors.set(m, [...(errors.get(m) ?? []), ref]);
    }
    if (deletes(status)) pods.push(p);
  }
  return {
    pods,
    warnings: [...warnings].map(([m, ps]) => `${m}: ${ps.join(', ')}`).join('; '),
    errors: [...errors].map(([m, ps]) => `cannot delete ${m}: ${ps.join(', ')}`),
  };
}

/** utilerrors.NewAggregate(errs).Error(). */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

class DrainError extends Error {
  constructor(readonly errors: string[]) {
    super(aggregate(errors));
  }
}

/** When no --timeout is given, the waits still end: after this much time of retrying. */
const UNBOUNDED_LIMIT_MS = 10 * 60_000;

async function evictOrDelete(
  c: CommandContext,
  pods: Pod[],
  o: { disableEviction: boolean; grace: number; timeoutMs: number; dryRun: DryRun },
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const timeout = o.timeoutMs || UNBOUNDED_LIMIT_MS;
  const timeoutText = formatGoDuration(o.timeoutMs || 0);
  let elapsed = 0;
  const errors: string[] = [];
  const query: Record<string, string> = o.dryRun === 'server' ? { dryRun: 'All' } : {};
  const deleteOptions: Obj = {};
  if (o.grace >= 0) deleteOptions.gracePeriodSeconds = o.grace;
  if (o.dryRun === 'server') deleteOptions.dryRun = ['All'];
  let waiting: Pod[] = [];
  if (o.disableEviction) {
    for (const p of pods) {
      const res = await c.transport.request({
        method: 'DELETE',
        path: podPath(p.metadata.namespace, p.metadata.name),
        query,
        headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
        body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions },
      });
      if (res.status >= 400 && res.status !== 404) throw statusError(res.body, res.status);
    }
    waiting = pods;
  } else {
    let pending = pods;
    for (;;) {
      const blocked: Pod[] = [];
      for (const p of pending) {
        const { namespace: ns, name } = p.metadata;
        c.out(`evicting pod ${ns}/${name}\n`);
        const res = await c.transport.request({
          method: 'POST',
          path: podPath(ns, name, 'eviction'),
          query,
          headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
          body: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name, namespace: ns },
            deleteOptions,
          },
        });
        if (res.status < 400) waiting.push(p);
        else if (res.status === 404) continue;
        else if (res.status === 429) {
          const msg = (res.body as { message?: string })?.message ?? '';
          c.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${msg}\n`);
          blocked.push(p);
        } else {
          const msg = statusError(res.body, res.status).output.replace(
            /^Error from server.*?: /,
            '',
          );
          errors.push(`error when evicting pods/"${name}" -n "${ns}": ${msg}`);
        }
      }
      if (!blocked.length) break;
      if (elapsed + 5000 > timeout || c.signal?.aborted) {
        for (const p of blocked)
          errors.push(
            `error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}": global timeout reached: ${timeoutText}`,
          );
        break;
      }
      await sleep(5000);
      elapsed += 5000;
      pending = blocked;
    }
  }
  if (o.dryRun === 'server') waiting = [];
  const verb = o.disableEviction ? 'deleted' : 'evicted';
  // waitForDelete: poll every second until each pod is gone (or replaced by a new one).
  for (;;) {
    const still: Pod[] = [];
    for (const p of waiting) {
      const res = await c.transport.request({
        method: 'GET',
        path: podPath(p.metadata.namespace, p.metadata.name),
        headers: { accept: JSON_ACCEPT },
      });
      const gone =
        res.status === 404 ||
        (res.status < 400 && (res.body as Pod).metadata.uid !== p.metadata.uid);
      if (gone) c.out(`pod/${p.metadata.name} ${verb}\n`);
      else still.push(p);
    }
    waiting = still;
    if (!waiting.length) break;
    if (elapsed + 1000 > timeout || c.signal?.aborted) {
      for (const p of waiting)
        errors.push(
          o.disableEviction
            ? `global timeout reached: ${timeoutText}`
            : `error when waiting for pod "${p.metadata.name}" in namespace "${p.metadata.namespace}" to terminate: context deadline exceeded`,
        );
      break;
    }
    await sleep(1000);
    elapsed += 1000;
  }
  if (errors.length) throw new DrainError(errors);
}

export async function runDrain(
  c: CommandContext,
  sleep: (ms: number) => Promise<void>,
): Promise<number> {
  const f = c.flags;
  const podSelector = f.str('pod-selector');
  const nodes = await resolveNodes(c, 'drain');
  const dryRun = dryRunOf(f);
  const timeoutMs = durationFlag(f.str('timeout'), 'timeout', 'drain');
  if (
    podSelector &&
    !/^[\w./-]+(\s*(=|==|!=)\s*[\w.-]*)?(,[\w./-]+(\s*(=|==|!=)\s*[\w.-]*)?)*$/.test(podSelector)
  )
    throw new KubectlError('error: --pod-selector=<pod_selector> must be a valid label selector');
  await cordonNodes(c, nodes, true, dryRun);
  const o: DrainOptions = {
    force: f.bool('force'),
    ignoreDaemonSets: f.bool('ignore-daemonsets'),
    deleteEmptyDir: f.bool('delete-emptydir-data') || f.bool('delete-local-data'),
    podSelector,
  };
  const drained = new Set<string>();
  for (const node of nodes) {
    const name = node.metadata.name;
    let err: string[] | undefined;
    const list = await podsForDeletion(c, name, o);
    if (list.errors.length) err = list.errors;
    else {
      if (list.warnings) c.err(`Warning: ${list.warnings}\n`);
      if (dryRun === 'client') {
        for (const p of list.pods)
          c.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
      } else {
        try {
          await evictOrDelete(
            c,
            list.pods,
            {
              disableEviction: f.bool('disable-eviction'),
              grace: f.int('grace-period'),
              timeoutMs,
              dryRun,
            },
            sleep,
          );
        } catch (e) {
          if (!(e instanceof DrainError)) throw e;
          err = e.errors;
          const pending = await podsForDeletion(c, name, o);
          if (pending.pods.length) {
            c.err(
              `There are pending pods in node "${name}" when an error occurred: ${aggregate(e.errors)}\n`,
            );
            for (const p of pending.pods) c.err(`pod/${p.metadata.name}\n`);
          }
        }
      }
    }
    if (!err) {
      drained.add(name);
      c.out(`node/${name} drained${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    c.err(
      `error: unable to drain node "${name}" due to error: ${aggregate(err)}, continuing command...\n`,
    );
    const remaining = nodes.map((n) => n.metadata.name).filter((n) => !drained.has(n));
    if (remaining.length) {
      c.err('There are pending nodes to be drained:\n');
      for (const n of remaining) c.err(` ${n}\n`);
    }
    throw new KubectlError(err.join('\n'));
  }
  return 0;
}
