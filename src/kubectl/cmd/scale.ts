/** `kubectl scale` (k8s.io/kubectl/pkg/cmd/scale): the scale subresource, with preconditions. */
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { Api, objectRef } from '../resource/objects';
import type { CommandContext } from './context';
import { requiredFlag } from './generators';
import type { MutateIO } from './mutate';
import { resolveTargets } from './targets';

export async function runScale(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (!f.changed('replicas')) throw requiredFlag('replicas');
  if (f.int('replicas') < 0)
    throw cmdError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  const dryRun = dryRunOf(f);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  const t = await resolveTargets(c, io, c.args, { fetch: true });
  if (t.infos.length === 0 && t.errors.length > 0) {
    throw cmdError(
      `no objects passed to scale ${t.errors[0].replace(/^Error from server \(\w+\): /, '')}`,
    );
  }
  const api = new Api(c.transport);
  const errors = [...t.errors];
  const want = f.int('replicas');
  const currentWanted = f.int('current-replicas');
  for (const info of t.infos) {
    const spec = (info.object.spec ?? {}) as { replicas?: number };
    if (currentWanted >= 0 && (spec.replicas ?? 1) !== currentWanted) {
      throw cmdError(`Expected replicas to be ${currentWanted}, was ${spec.replicas ?? 1}`);
    }
    const ref = objectRef(info);
    if (dryRun === 'client') {
      printer.print(ref, 'scaled', info.object);
      continue;
    }
    const q: Record<string, string> = {};
    if (dryRun === 'server') q.dryRun = 'All';
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      { spec: { replicas: want } },
      'application/merge-patch+json',
      q,
      'scale',
    );
    if (res.status >= 400) {
      errors.push(statusError(res.body, res.status).output);
      continue;
    }
    printer.print(ref, 'scaled', info.object);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}
