/**
 * `kubectl edit` (k8s.io/kubectl/pkg/cmd/util/editor): the objects as YAML under kubectl's
 * comment header, opened through the caller's editor; the change goes back as a strategic merge
 * patch (a JSON merge patch for kinds without a schema).
 */
import { parse } from 'yaml';
import { schemaFor } from '../../cluster/api/schema';
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter } from '../printers/object';
import { toYaml } from '../printers/yaml';
import { Api, objectRef } from '../resource/objects';
import type { Obj } from '../resource/objects';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { copyOf, twoWayPatch } from './podTemplate';
import { resolveTargets } from './targets';

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

export async function runEdit(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const o = f.str('output');
  if (o && o !== 'yaml' && o !== 'json')
    throw cmdError(
      `unable to match a printer suitable for the output format "${o}", allowed formats are: json,yaml`,
    );
  if (c.args.length === 0 && f.list('filename').length === 0)
    throw new KubectlError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  const t = await resolveTargets(c, io, c.args, { fetch: true });
  if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
  const api = new Api(c.transport);
  const printer = new ObjectPrinter(
    c.out,
    o === 'yaml' || o === 'json' ? { kind: o } : { kind: 'none' },
    'none',
  );
  for (const info of t.infos) {
    const original = copyOf(info.object);
    if (original.metadata && !f.bool('show-managed-fields'))
      delete (original.metadata as Obj).managedFields;
    const text = HEADER + toYaml(original);
    if (!io.edit) throw cmdError('there was a problem with the editor "vi"');
    const edited = await io.edit(text);
    if (edited === undefined || withoutComments(edited) === withoutComments(text)) {
      c.err('Edit cancelled, no changes made.\n');
      continue;
    }
    if (withoutComments(edited).trim() === '') {
      c.err('Edit cancelled, saved file was empty.\n');
      continue;
    }
    let obj: Obj;
    try {
      obj = parse(withoutComments(edited), { version: '1.1' }) as Obj;
    } catch (e) {
      throw cmdError(`error parsing edited object: ${(e as Error).message}`);
    }
    const schema = schemaFor(String(original.apiVersion ?? ''), String(original.kind ?? ''));
    const patch = schema ? twoWayPatch(original, obj) : mergePatch(original, obj);
    if (Object.keys(patch).length === 0) {
      c.err('Edit cancelled, no changes made.\n');
      continue;
    }
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      patch,
      schema ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
      { fieldManager: f.str('field-manager') || 'kubectl-edit', fieldValidation: 'Strict' },
    );
    if (res.status >= 400) throw statusError(res.body, res.status);
    printer.print(objectRef(info), 'edited', res.body);
  }
  return 0;
}

/** A JSON merge patch from `a` to `b`. */
function mergePatch(a: Obj, b: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(b)) {
    const av = a[k];
    if (
      av &&
      v &&
      typeof av === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(av) &&
      !Array.isArray(v)
    ) {
      const p = mergePatch(av as Obj, v as Obj);
      if (Object.keys(p).length) out[k] = p;
    } else if (JSON.stringify(av) !== JSON.stringify(v)) out[k] = v;
  }
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  return out;
}
