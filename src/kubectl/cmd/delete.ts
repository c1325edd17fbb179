/**
 * `kubectl delete` (k8s.io/kubectl/pkg/cmd/delete): by name, `-f`, `-l`, `--all`, with
 * kubectl's grace-period rules and, under --wait (the default), waiting until each object is gone.
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { dryRunOf, dryRunSuffix } from '../printers/object';
import { groupResource, kindPrefix, resourcePath } from '../resource/mapper';
import { Api } from '../resource/objects';
import type { Info } from '../resource/objects';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { resolveTargets } from './targets';

const NO_ARGS = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export async function runDelete(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (c.args.length === 0 && f.list('filename').length === 0 && !f.str('kustomize'))
    throw new KubectlError(NO_ARGS);
  if (f.bool('now') && f.changed('grace-period'))
    throw cmdError('--now and --grace-period cannot be specified together');
  let grace = f.int('grace-period');
  const force = f.bool('force');
  if (f.bool('now')) grace = 1;
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  const dryRun = dryRunOf(f);
  const cascade = f.str('cascade') || 'background';
  const propagation =
    cascade === 'orphan' || cascade === 'false'
      ? 'Orphan'
      : cascade === 'foreground'
        ? 'Foreground'
        : 'Background';
  const ignoreNotFound =
    f.bool('ignore-not-found') || (f.bool('all') && !f.changed('ignore-not-found'));
  const t = await resolveTargets(c, io, c.args, { fetch: false, ignoreNotFound });
  const api = new Api(c.transport);
  if (grace === 0 && force) {
    c.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  }
  const errors = [...t.errors];
  const deleted: Info[] = [];
  const nameOnly = f.str('output') === 'name';
  if (f.str('output') && !nameOnly) {
    throw cmdError(
      `unable to match a printer suitable for the output format "${f.str('output')}", allowed formats are: name`,
    );
  }
  for (const info of t.infos) {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (grace >= 0) body.gracePeriodSeconds = grace;
    body.propagationPolicy = propagation;
    const query: Record<string, string> = {};
    if (dryRun === 'server') {
      query.dryRun = 'All';
      body.dryRun = ['All'];
    }
    if (dryRun !== 'client') {
      const res = await api.delete(info.resource, info.namespace, info.name, body, query);
      if (res.status >= 400) {
        if (res.status === 404 && ignoreNotFound) continue;
        errors.push(statusError(res.body, res.status).output);
        continue;
      }
    }
    deleted.push(info);
    const verb = force && grace === 0 ? 'force deleted' : 'deleted';
    c.out(
      nameOnly
        ? `${kindPrefix(info.resource)}/${info.name}\n`
        : `${kindPrefix(info.resource)} "${info.name}" ${verb}${dryRunSuffix(dryRun)}\n`,
    );
  }
  if (t.infos.length === 0 && t.listed && errors.length === 0) c.out('No resources found\n');
  if (f.bool('wait') && dryRun === 'none' && !(force && grace === 0)) {
    for (const info of deleted) await waitGone(c, info);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}

/** Waits until the object is gone: a watch on its name, ended by its DELETED event. */
export async function waitGone(c: CommandContext, info: Info): Promise<void> {
  const path = resourcePath(info.resource, info.namespace || undefined);
  const q = { fieldSelector: `metadata.name=${info.name}` };
  const list = await c.transport.request({
    method: 'GET',
    path,
    query: q,
    headers: { accept: JSON_ACCEPT },
  });
  const body = list.body as { items?: unknown[]; metadata?: { resourceVersion?: string } };
  if (list.status >= 400 || (body.items ?? []).length === 0) return;
  const res = await c.transport.request({
    method: 'GET',
    path,
    query: { ...q, watch: 'true', resourceVersion: body.metadata?.resourceVersion ?? '0' },
    headers: { accept: JSON_ACCEPT },
  });
  if (!res.watch) return;
  await new Promise<void>((resolve) => {
    const stop = res.watch!.start(
      (ev) => {
        if (ev.type === 'DELETED') {
          stop();
          resolve();
        }
      },
      () => resolve(),
    );
    c.signal?.addEventListener('abort', () => {
      stop();
      resolve();
    });
  });
}

export { groupResource };
