/**
 * `kubectl diff -f` (k8s.io/kubectl/pkg/cmd/diff): the live object against what a server-side
 * dry run of apply would make of it, both as YAML without managedFields, shown as kubectl's
 * default `diff -u -N LIVE MERGED` prints them. Exit code 1 when they differ.
 */
import { schemaFor } from '../../cluster/api/schema';
import { cmdError, KubectlError, statusError } from '../errors';
import { toYaml } from '../printers/yaml';
import { Api, metaOf } from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import { LAST_APPLIED, threeWayPatch } from './applyPatch';
import type { CommandContext } from './context';
import { fileInfos, validationOf } from './create';
import type { MutateIO } from './mutate';
import { unifiedHunks } from './unifiedDiff';

function tempDir(prefix: string): string {
  return `/tmp/${prefix}-${Math.floor(1e9 + Math.random() * 3e9)}`;
}

/** An mtime as GNU diff prints it: "2025-06-01 12:00:00.000000000 +0000" (local time). */
function mtime(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000000 ${zone}`;
}

function fileName(info: Info, obj: Obj): string {
  const r = info.resource;
  const gv = r.group ? `${r.group}.${r.version}` : r.version;
  const ns = info.namespace ? `${info.namespace}.` : '';
  return `${gv}.${String(obj.kind ?? r.kind)}.${ns}${info.name}`;
}

/** The YAML kubectl writes for one side; managedFields are left out unless asked for. */
function yamlOf(obj: Obj | undefined, keepManaged: boolean): string {
  if (!obj) return '';
  const copy = JSON.parse(JSON.stringify(obj)) as Obj;
  if (!keepManaged && copy.metadata) delete (copy.metadata as Obj).managedFields;
  // Secret values are masked as diff.go's Masker does.
  if (copy.kind === 'Secret' && copy.data && typeof copy.data === 'object') {
    for (const k of Object.keys(copy.data as Obj)) (copy.data as Obj)[k] = '***';
  }
  return toYaml(copy);
}

export async function runDiff(c: CommandContext, io: MutateIO): Promise<number> {
  try {
    return await diff(c, io);
  } catch (e) {
    // cmdutil.CheckDiffErr: errors end with exit code 2, as 1 means "differences found".
    if (e instanceof KubectlError && e.exitCode === 1) throw new KubectlError(e.output, 2);
    throw e;
  }
}

async function diff(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (f.list('filename').length === 0 && !f.str('kustomize'))
    throw cmdError('must specify one of -f and -k');
  const infos = await fileInfos(c, io);
  const api = new Api(c.transport);
  const live = tempDir('LIVE');
  const merged = tempDir('MERGED');
  let out = '';
  for (const info of infos) {
    const obj = JSON.parse(JSON.stringify(info.object)) as Obj;
    const got = await api.get(info.resource, info.namespace, info.name);
    let current: Obj | undefined;
    let result: Obj;
    const q: Record<string, string> = {
      dryRun: 'All',
      fieldManager: f.str('field-manager') || 'kubectl-client-side-apply',
      fieldValidation: validationOf(c),
    };
    if (f.bool('server-side')) {
      q.fieldManager =
        f.str('field-manager') === 'kubectl-client-side-apply' ? 'kubectl' : q.fieldManager;
      if (f.bool('force-conflicts')) q.force = 'true';
      const res = await api.patch(
        info.resource,
        info.namespace,
        info.name,
        JSON.stringify(obj),
        'application/apply-patch+yaml',
        q,
      );
      if (res.status >= 400) throw statusError(res.body, res.status);
      if (got.status < 400) current = got.body as Obj;
      result = res.body as Obj;
    } else if (got.status === 404) {
      const res = await api.create(info.resource, info.namespace, obj, { query: q });
      if (res.status >= 400) throw statusError(res.body, res.status);
      result = res.body as Obj;
    } else if (got.status >= 400) {
      throw statusError(got.body, got.status);
    } else {
      current = got.body as Obj;
      const annotation = metaOf(current).annotations?.[LAST_APPLIED];
      let original: Obj | undefined;
      try {
        original = annotation ? (JSON.parse(annotation) as Obj) : undefined;
      } catch {
        original = undefined;
      }
      // GetModifiedConfiguration without the annotation: the manifest's annotations, as a map.
      const m = (obj.metadata ??= {}) as { annotations?: Record<string, string> };
      m.annotations = { ...(m.annotations ?? {}) };
      delete m.annotations[LAST_APPLIED];
      const schema = schemaFor(String(obj.apiVersion ?? ''), String(obj.kind ?? ''));
      const patch = threeWayPatch(original, obj, current, schema, schema !== undefined);
      if (Object.keys(patch).length === 0) result = current;
      else {
        const res = await api.patch(
          info.resource,
          info.namespace,
          info.name,
          patch,
          schema ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
          q,
        );
        if (res.status >= 400) throw statusError(res.body, res.status);
        result = res.body as Obj;
      }
    }
    const keep = f.bool('show-managed-fields');
    const a = yamlOf(current, keep);
    const b = yamlOf(result, keep);
    const hunks = unifiedHunks(a, b);
    if (!hunks) continue;
    const name = fileName(info, result);
    const stamp = mtime();
    out += `diff -u -N ${live}/${name} ${merged}/${name}\n`;
    out += `--- ${live}/${name}\t${stamp}\n+++ ${merged}/${name}\t${stamp}\n`;
    out += hunks;
  }
  if (!out) return 0;
  c.out(out);
  return 1;
}
