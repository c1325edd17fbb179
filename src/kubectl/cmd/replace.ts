/**
 * `kubectl replace -f` (k8s.io/kubectl/pkg/cmd/replace): PUT each object of the files, with the
 * live resourceVersion when the manifest has none; `--force` deletes each object, waits until it
 * is gone and creates it again.
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { Api, metaOf, objectRef, warningsOf } from '../resource/objects';
import type { Obj } from '../resource/objects';
import { LAST_APPLIED, withLastAppliedOf } from './applyPatch';
import type { CommandContext } from './context';
import { fileInfos, printWarnings, sourceError, writeQuery } from './create';
import { waitGone } from './delete';
import type { MutateIO } from './mutate';

export async function runReplace(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (f.list('filename').length === 0 && !f.str('kustomize'))
    throw cmdError('must specify one of -f and -k');
  const dryRun = dryRunOf(f);
  const force = f.bool('force');
  if (force && dryRun !== 'none') throw cmdError('--dry-run can not be used when --force is set');
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  const infos = await fileInfos(c, io);
  const api = new Api(c.transport);
  const errors: string[] = [];
  const prepare = (o: Obj): Obj => {
    if (f.bool('save-config')) return withLastAppliedOf(o);
    if (metaOf(o).annotations?.[LAST_APPLIED] !== undefined) return withLastAppliedOf(o);
    return o;
  };
  if (force) {
    for (const info of infos) {
      const res = await api.delete(info.resource, info.namespace, info.name, {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: 'Background',
      });
      if (res.status >= 400 && res.status !== 404) {
        errors.push(statusError(res.body, res.status).output);
        continue;
      }
      if (res.status !== 404) {
        if (printer.output.kind === 'none')
          c.out(
            `${info.resource.kind.toLowerCase()}${info.resource.group ? '.' + info.resource.group : ''} "${info.name}" deleted\n`,
          );
        else printer.print(objectRef(info), 'deleted', res.body);
        await waitGone(c, info);
      }
      const obj = prepare(info.object);
      const created = await api.create(info.resource, info.namespace, obj, {
        query: writeQuery(c, 'kubectl-replace', 'none'),
      });
      printWarnings(c, warningsOf(created));
      if (created.status >= 400) {
        errors.push(sourceError(created.body, created.status, 'creating', info.source ?? ''));
        continue;
      }
      printer.print(objectRef(info), 'replaced', created.body);
    }
    if (errors.length) throw new KubectlError(errors.join('\n'));
    return 0;
  }
  for (const info of infos) {
    let obj = prepare(info.object);
    if (dryRun === 'client') {
      printer.print(objectRef(info), 'replaced', obj);
      continue;
    }
    if (!metaOf(obj).resourceVersion) {
      const live = await api.get(info.resource, info.namespace, info.name);
      if (live.status >= 400) {
        errors.push(sourceError(live.body, live.status, 'replacing', info.source ?? ''));
        continue;
      }
      const rv = metaOf(live.body as Obj).resourceVersion;
      obj = { ...obj, metadata: { ...metaOf(obj), resourceVersion: rv } };
    }
    const res = await api.replace(info.resource, info.namespace, info.name, obj, {
      query: writeQuery(c, 'kubectl-replace', dryRun),
    });
    printWarnings(c, warningsOf(res));
    if (res.status >= 400) {
      errors.push(sourceError(res.body, res.status, 'replacing', info.source ?? ''));
      continue;
    }
    printer.print(objectRef(info), 'replaced', res.body);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}
