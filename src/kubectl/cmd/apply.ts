/**
 * `kubectl apply -f` (k8s.io/kubectl/pkg/cmd/apply): client-side apply with the
 * last-applied-configuration annotation and a three-way patch, or `--server-side`.
 */
import { schemaFor } from '../../cluster/api/schema';
import { cmdError, KubectlError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { groupResource } from '../resource/mapper';
import { Api, metaOf, objectRef, warningsOf } from '../resource/objects';
import type { Obj } from '../resource/objects';
import { LAST_APPLIED, threeWayPatch, withLastAppliedOf } from './applyPatch';
import type { CommandContext } from './context';
import { fileInfos, printWarnings, sourceError, validationOf } from './create';
import type { MutateIO } from './mutate';

export async function runApply(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (f.list('filename').length === 0 && !f.str('kustomize'))
    throw cmdError('must specify one of -f and -k');
  const dryRun = dryRunOf(f);
  const serverSide = f.bool('server-side');
  if (f.bool('force-conflicts') && !serverSide)
    throw cmdError('--force-conflicts only works with --server-side');
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  const infos = await fileInfos(c, io);
  const api = new Api(c.transport);
  const errors: string[] = [];
  for (const info of infos) {
    const ref = objectRef(info);
    const obj = JSON.parse(JSON.stringify(info.object)) as Obj;
    if (info.resource.namespaced) (obj.metadata as Obj).namespace = info.namespace;
    if (serverSide) {
      const q: Record<string, string> = {
        fieldManager:
          f.str('field-manager') === 'kubectl-client-side-apply'
            ? 'kubectl'
            : f.str('field-manager') || 'kubectl',
        fieldValidation: validationOf(c),
      };
      if (f.bool('force-conflicts')) q.force = 'true';
      if (dryRun === 'server') q.dryRun = 'All';
      if (dryRun === 'client') {
        printer.print(ref, 'serverside-applied', obj);
        continue;
      }
      const res = await api.patch(
        info.resource,
        info.namespace,
        info.name,
        JSON.stringify(obj),
        'application/apply-patch+yaml',
        q,
      );
      printWarnings(c, warningsOf(res));
      if (res.status >= 400) {
        errors.push(sourceError(res.body, res.status, 'patching', info.source ?? ''));
        continue;
      }
      printer.print(ref, 'serverside-applied', res.body);
      continue;
    }
    const query: Record<string, string> = {
      fieldManager: f.str('field-manager') || 'kubectl-client-side-apply',
      fieldValidation: validationOf(c),
    };
    if (dryRun === 'server') query.dryRun = 'All';
    const modified = withLastAppliedOf(obj);
    const got = await api.get(info.resource, info.namespace, info.name);
    if (got.status === 404) {
      if (dryRun === 'client') {
        printer.print(ref, 'created', modified);
        continue;
      }
      const res = await api.create(info.resource, info.namespace, modified, { query });
      printWarnings(c, warningsOf(res));
      if (res.status >= 400) {
        errors.push(sourceError(res.body, res.status, 'creating', info.source ?? ''));
        continue;
      }
      printer.print(ref, 'created', res.body);
      continue;
    }
    if (got.status >= 400) {
      errors.push(
        sourceError(got.body, got.status, 'retrieving current configuration of', info.source ?? ''),
      );
      continue;
    }
    const current = got.body as Obj;
    const annotation = metaOf(current).annotations?.[LAST_APPLIED];
    if (annotation === undefined) {
      c.err(
        `Warning: resource ${groupResource(info.resource)}/${info.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
      );
    }
    let original: Obj | undefined;
    try {
      original = annotation ? (JSON.parse(annotation) as Obj) : undefined;
    } catch {
      original = undefined;
    }
    const apiVersion = String(obj.apiVersion ?? '');
    const schema = schemaFor(apiVersion, String(obj.kind ?? ''));
    const strategic =
      (schema !== undefined && !info.resource.group.includes('.')) ||
      ['apps', 'batch', 'autoscaling', 'policy'].includes(info.resource.group) ||
      info.resource.group.endsWith('.k8s.io');
    const patch = threeWayPatch(
      original,
      modified,
      current,
      schema,
      strategic && schema !== undefined,
    );
    if (Object.keys(patch).length === 0) {
      printer.print(ref, 'unchanged', current);
      continue;
    }
    if (dryRun === 'client') {
      printer.print(ref, 'configured', current);
      continue;
    }
    const type =
      strategic && schema
        ? 'application/strategic-merge-patch+json'
        : 'application/merge-patch+json';
    const res = await api.patch(info.resource, info.namespace, info.name, patch, type, query);
    printWarnings(c, warningsOf(res));
    if (res.status >= 400) {
      errors.push(sourceError(res.body, res.status, 'patching', info.source ?? ''));
      continue;
    }
    printer.print(ref, 'configured', res.body);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}
