/**
 * `kubectl label` and `kubectl annotate` (k8s.io/kubectl/pkg/cmd/label, annotate): `key=value`
 * and `key-` updates sent as a merge patch of metadata, `--overwrite`, `--list`, `-l`, `--all`.
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { Api, metaOf, objectRef } from '../resource/objects';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { resolveTargets } from './targets';

export async function runLabel(
  which: 'label' | 'annotate',
  c: CommandContext,
  io: MutateIO,
): Promise<number> {
  const f = c.flags;
  const field = which === 'label' ? 'labels' : 'annotations';
  const noun = which === 'label' ? 'label' : 'annotation';
  const done = which === 'label' ? 'labeled' : 'annotated';
  const updates: string[] = [];
  const resources: string[] = [];
  let sawUpdate = false;
  for (const a of c.args) {
    if (a.includes('=') || (a.endsWith('-') && !a.includes('/'))) {
      updates.push(a);
      sawUpdate = true;
    } else if (!sawUpdate) resources.push(a);
    else resources.push(a);
  }
  const list = f.bool('list');
  if (updates.length === 0 && !list) throw cmdError(`at least one ${noun} update is required`);
  const add: Record<string, string> = {};
  const remove: string[] = [];
  for (const u of updates) {
    if (u.includes('=')) {
      const eq = u.indexOf('=');
      add[u.slice(0, eq)] = u.slice(eq + 1);
    } else remove.push(u.slice(0, -1));
  }
  for (const k of remove)
    if (k in add) throw cmdError(`can not both modify and remove ${noun} in the same command`);
  const dryRun = dryRunOf(f);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  if (resources.length === 0 && f.list('filename').length === 0)
    throw cmdError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  const t = await resolveTargets(c, io, resources, { fetch: true });
  const api = new Api(c.transport);
  const errors = [...t.errors];
  for (const info of t.infos) {
    const current = { ...((metaOf(info.object)[field] as Record<string, string>) ?? {}) };
    if (list) {
      for (const k of Object.keys(current).sort()) c.out(`${k}=${current[k]}\n`);
      continue;
    }
    if (!f.bool('overwrite')) {
      const clashes = Object.entries(add).filter(([k, v]) => k in current && current[k] !== v);
      if (clashes.length > 0) {
        errors.push(
          which === 'label'
            ? `error: '${clashes[0][0]}' already has a value (${current[clashes[0][0]]}), and --overwrite is false`
            : `error: --overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`,
        );
        break;
      }
    }
    const patch: Record<string, string | null> = {};
    for (const k of remove) {
      if (!(k in current)) c.out(`${noun} "${k}" not found.\n`);
      else patch[k] = null;
    }
    for (const [k, v] of Object.entries(add)) if (current[k] !== v) patch[k] = v;
    const ref = objectRef(info);
    // label.go's updateDataChangeMsg: "unlabeled" when the labels only shrank without --overwrite.
    const shrank = Object.values(patch).every((v) => v === null);
    const msg = which === 'annotate' ? done : shrank && !f.bool('overwrite') ? 'unlabeled' : done;
    if (Object.keys(patch).length === 0) {
      // label.go starts from an empty map when the object has none, so its JSON gains
      // `"labels":{}` and reads as changed: "labeled", not "not labeled".
      const hadField = metaOf(info.object)[field] !== undefined;
      printer.print(ref, which === 'annotate' || !hadField ? done : `not ${done}`, info.object);
      continue;
    }
    if (dryRun === 'client') {
      printer.print(ref, msg, info.object);
      continue;
    }
    const q: Record<string, string> = {
      fieldManager: f.str('field-manager') || `kubectl-${which}`,
    };
    if (dryRun === 'server') q.dryRun = 'All';
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      { metadata: { [field]: patch } },
      'application/merge-patch+json',
      q,
    );
    if (res.status >= 400) {
      errors.push(statusError(res.body, res.status).output);
      continue;
    }
    printer.print(ref, msg, res.body);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}
