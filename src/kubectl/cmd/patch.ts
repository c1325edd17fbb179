/** `kubectl patch` (k8s.io/kubectl/pkg/cmd/patch): strategic, merge or JSON patches. */
import { parse } from 'yaml';
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { toCompactJson } from '../printers/json';
import { Api, objectRef } from '../resource/objects';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { resolveTargets } from './targets';

const TYPES: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export async function runPatch(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const type = f.str('type') || 'strategic';
  if (!(type in TYPES))
    throw cmdError(`--type must be one of [json merge strategic], not "${type}"`);
  let text = f.str('patch');
  if (f.str('patch-file')) {
    if (text) throw cmdError('--patch and --patch-file are mutually exclusive');
    const t = io.fs?.readFile(f.str('patch-file'));
    if (t === undefined)
      throw cmdError(
        `unable to read patch file: open ${f.str('patch-file')}: no such file or directory`,
      );
    text = t;
  }
  if (!text)
    throw cmdError('must specify --patch or --patch-file containing the contents of the patch');
  // kubectl turns YAML into JSON; text that is not YAML is sent as typed, for the server to reject.
  let body = text;
  try {
    const v = parse(text, { version: '1.1' }) as unknown;
    if (v !== null && typeof v === 'object') body = toCompactJson(v);
  } catch {
    body = text;
  }
  const dryRun = dryRunOf(f);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  const t = await resolveTargets(c, io, c.args, { fetch: true });
  const api = new Api(c.transport);
  const errors = [...t.errors];
  for (const info of t.infos) {
    const q: Record<string, string> = { fieldManager: f.str('field-manager') || 'kubectl-patch' };
    if (dryRun === 'server') q.dryRun = 'All';
    if (dryRun === 'client') q.dryRun = 'All';
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      body,
      TYPES[type],
      q,
      f.str('subresource') || undefined,
    );
    if (res.status >= 400) {
      errors.push(statusError(res.body, res.status).output);
      continue;
    }
    const changed = toCompactJson(res.body) !== toCompactJson(info.object);
    printer.print(objectRef(info), changed ? 'patched' : 'patched (no change)', res.body);
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}
