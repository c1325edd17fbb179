/**
 * `kubectl set image|env|resources` (k8s.io/kubectl/pkg/cmd/set): change the pod template of
 * workloads and send the two-way strategic patch, printing "<ref> image updated" and the like.
 */
import { formatQuantity, parseQuantity } from '../../cluster/api/quantity';
import { cmdError, KubectlError, statusError } from '../errors';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { Api, metaOf, objectRef } from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { copyOf, noPodTemplate, podSpecOf, selectContainers, twoWayPatch } from './podTemplate';
import { resolveTargets } from './targets';

const NO_RESOURCES =
  'one or more resources must be specified as <resource> <name> or <resource>/<name>';

/** The resource builder's error when neither arguments nor files name anything. */
export function noArgs(): KubectlError {
  return new KubectlError(
    "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
  );
}

export async function runSet(path: string, c: CommandContext, io: MutateIO): Promise<number> {
  switch (path) {
    case 'set image':
      return setImage(c, io);
    case 'set env':
      return setEnv(c, io);
    case 'set resources':
      return setResources(c, io);
    case 'set':
      throw new KubectlError(io.help('set').trimEnd());
  }
  throw cmdError(`"kubectl ${path}" is not available in this playground yet`);
}

/** Patches each changed object and prints it with `operation`; objects left as they were print nothing. */
async function patchAll(
  c: CommandContext,
  io: MutateIO,
  infos: Info[],
  change: (obj: Obj) => void,
  operation: string,
  failure: string,
  errors: string[] = [],
): Promise<number> {
  const f = c.flags;
  const dryRun = dryRunOf(f);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  const api = new Api(c.transport);
  const planned: { info: Info; patch: Obj; obj: Obj }[] = [];
  for (const info of infos) {
    const obj = copyOf(info.object);
    change(obj);
    planned.push({ info, patch: twoWayPatch(info.object, obj), obj });
  }
  if (errors.length) throw cmdError(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  const failures: string[] = [];
  for (const { info, patch, obj } of planned) {
    if (Object.keys(patch).length === 0) continue;
    if (dryRun === 'client') {
      printer.print(objectRef(info), operation, obj);
      continue;
    }
    const q: Record<string, string> = { fieldManager: f.str('field-manager') || 'kubectl-set' };
    if (dryRun === 'server') q.dryRun = 'All';
    const res = await api.patch(
      info.resource,
      info.namespace,
      info.name,
      patch,
      'application/strategic-merge-patch+json',
      q,
    );
    if (res.status >= 400) {
      const msg = (res.body as { message?: string })?.message ?? statusError(res.body, res.status);
      failures.push(`${failure}: ${String(msg)}`);
      continue;
    }
    printer.print(objectRef(info), operation, res.body);
  }
  if (failures.length)
    throw cmdError(failures.length === 1 ? failures[0] : `[${failures.join(', ')}]`);
  return 0;
}

async function targetsOf(c: CommandContext, io: MutateIO, resources: string[]): Promise<Info[]> {
  const t = await resolveTargets(c, io, resources, { fetch: true });
  if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
  for (const i of t.infos) if (!podSpecOf(i.object)) throw noPodTemplate(i.object);
  return t.infos;
}

async function setImage(c: CommandContext, io: MutateIO): Promise<number> {
  const resources = c.args.filter((a) => !a.includes('='));
  const images = c.args.filter((a) => a.includes('='));
  if (resources.length === 0 && c.flags.list('filename').length === 0) throw noArgs();
  if (images.length === 0) throw cmdError('at least one image update is required');
  const infos = await targetsOf(c, io, resources);
  const errors: string[] = [];
  const change = (obj: Obj) => {
    const spec = podSpecOf(obj)!;
    for (const pair of images) {
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const image = pair.slice(eq + 1);
      let found = false;
      for (const list of [spec.initContainers, spec.containers] as (Obj[] | undefined)[]) {
        for (const ct of list ?? []) {
          if (name === '*' || ct.name === name) {
            ct.image = image;
            found = true;
          }
        }
      }
      if (!found) errors.push(`error: unable to find container named "${name}"`);
    }
  };
  return patchAll(
    c,
    io,
    infos,
    change,
    'image updated',
    'failed to patch image update to pod template',
    errors,
  );
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Obj;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** envutil.ParseEnv. */
function parseEnv(specs: string[]): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const s of specs) {
    if (s.includes('=')) {
      const eq = s.indexOf('=');
      const name = s.slice(0, eq);
      if (!ENV_NAME.test(name)) {
        throw cmdError(
          `"${name}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        );
      }
      env.push({ name, value: s.slice(eq + 1) });
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw cmdError(`unknown environment variable: ${s}`);
  }
  for (const r of remove) {
    if (env.some((e) => e.name === r))
      throw cmdError(
        'can not both modify and remove the same environment variable in the same command',
      );
  }
  return { env, remove };
}

function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** envutil.GetEnvVarRefString. */
function refString(from: Obj): string {
  const cm = from.configMapKeyRef as { name?: string; key?: string } | undefined;
  if (cm) return `configmap ${cm.name ?? ''}, key ${cm.key ?? ''}`;
  const sk = from.secretKeyRef as { name?: string; key?: string } | undefined;
  if (sk) return `secret ${sk.name ?? ''}, key ${sk.key ?? ''}`;
  const fr = from.fieldRef as { fieldPath?: string } | undefined;
  if (fr) return `field path ${fr.fieldPath ?? ''}`;
  const rr = from.resourceFieldRef as { containerName?: string; resource?: string } | undefined;
  if (rr) {
    const parts: string[] = [];
    if (rr.containerName) parts.push(rr.containerName);
    parts.push(rr.resource ?? '');
    return `resource ${parts.join(', ')}`;
  }
  return 'invalid valueFrom';
}

async function setEnv(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (f.bool('all') && f.str('selector'))
    throw cmdError('cannot set --all and --selector at the same time');
  // envutil.SplitEnvironmentFromResources: resources first, then KEY=VALUE and KEY- words.
  const isEnv = (a: string) => a.includes('=') || a.endsWith('-');
  const first = c.args.findIndex(isEnv);
  const resources = first < 0 ? c.args : c.args.slice(0, first);
  const envArgs = first < 0 ? [] : c.args.slice(first);
  if (envArgs.some((a) => !isEnv(a)))
    throw cmdError(
      `all resources must be specified before environment changes: ${c.args.join(' ')}`,
    );
  const dryRun = dryRunOf(f);
  if (f.bool('local') && dryRun === 'server')
    throw cmdError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (f.list('filename').length === 0 && resources.length < 1) throw cmdError(NO_RESOURCES);
  if (f.bool('list') && f.str('output'))
    throw cmdError('--list and --output may not be specified together');
  const keys = f.list('keys');
  if (keys.length > 0 && !f.str('from'))
    throw cmdError('when specifying --keys, a configmap or secret must be provided with --from');
  const { env, remove } = parseEnv([...f.list('env'), ...envArgs]);
  const from = f.str('from');
  if (from) {
    const t = await resolveTargets(c, io, [from], { fetch: true });
    if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
    for (const info of t.infos) {
      const kind = info.object.kind;
      if (kind !== 'Secret' && kind !== 'ConfigMap')
        throw cmdError('unsupported resource specified in --from');
      const data = (info.object.data ?? {}) as Record<string, string>;
      const ref = kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef';
      for (const key of Object.keys(data).sort()) {
        if (keys.length > 0 && !keys.includes(key)) continue;
        const name = key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
        if (name !== key) c.err(`Warning: key ${key} transferred to ${name}\n`);
        env.push({ name, valueFrom: { [ref]: { name: metaOf(info.object).name, key } } });
      }
    }
  }
  const prefix = f.str('prefix');
  if (prefix) for (const e of env) e.name = prefix + e.name;
  const infos = await targetsOf(c, io, resources);
  const selector = f.str('containers') || '*';
  const list = f.bool('list');
  const overwrite = f.bool('overwrite');
  const errors: string[] = [];
  const change = (obj: Obj) => {
    const spec = podSpecOf(obj)!;
    const containers = [
      ...selectContainers(spec.containers as Obj[] | undefined, selector),
      ...selectContainers(spec.initContainers as Obj[] | undefined, selector),
    ];
    if (containers.length === 0) {
      c.err(
        `Warning: ${String(obj.kind)}/${metaOf(obj).name ?? ''} does not have any containers matching "${selector}"\n`,
      );
      return;
    }
    for (const ct of containers) {
      const existing = (ct.env ?? []) as EnvVar[];
      if (!overwrite) {
        for (const e of env) {
          const cur = existing.find((x) => x.name === e.name);
          if (cur && cur.value !== e.value) {
            errors.push(
              `error: ${String(obj.kind).toLowerCase()}s/${metaOf(obj).name ?? ''} '${cur.name}' already has a value (${cur.value ?? ''}), and --overwrite is false`,
            );
            return;
          }
        }
      }
      const updated = updateEnv(existing, env, remove);
      if (updated.length > 0 || ct.env !== undefined) ct.env = updated;
      if (updated.length === 0) delete ct.env;
      if (list) {
        c.out(`# ${String(obj.kind)} ${metaOf(obj).name ?? ''}, container ${String(ct.name)}\n`);
        for (const e of updated) {
          if (!e.valueFrom) c.out(`${e.name}=${e.value ?? ''}\n`);
          else c.out(`# ${e.name} from ${refString(e.valueFrom)}\n`);
        }
      }
    }
  };
  if (list) {
    for (const info of infos) change(copyOf(info.object));
    return 0;
  }
  if (env.length === 0 && envArgs.length === 0 && remove.length === 0) {
    // Nothing to change: every patch is empty and kubectl prints nothing.
    for (const info of infos) change(copyOf(info.object));
    return 0;
  }
  return patchAll(
    c,
    io,
    infos,
    change,
    'env updated',
    'failed to patch env update to pod template',
    errors,
  );
}

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** kubectl.HandleResourceRequirementsV1's parsing of `cpu=200m,memory=512Mi`. */
function parseResourceList(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2)
      throw cmdError(`Invalid argument syntax ${part}, expected <resource>=<value>`);
    const [name, value] = kv;
    if (!QUANTITY.test(value))
      throw cmdError(
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      );
    let canonical: string;
    try {
      canonical = formatQuantity(parseQuantity(value));
    } catch {
      throw cmdError(
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      );
    }
    out[name] = canonical;
  }
  return out;
}

async function setResources(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (f.list('filename').length === 0 && c.args.length === 0) throw noArgs();
  if (!f.str('limits') && !f.str('requests'))
    throw cmdError(
      'you must specify an update to requests or limits (in the form of --requests/--limits)',
    );
  const limits = parseResourceList(f.str('limits'));
  const requests = parseResourceList(f.str('requests'));
  const infos = await targetsOf(c, io, c.args);
  const selector = f.str('containers') || '*';
  const change = (obj: Obj) => {
    const spec = podSpecOf(obj)!;
    const containers = [
      ...selectContainers(spec.initContainers as Obj[] | undefined, selector),
      ...selectContainers(spec.containers as Obj[] | undefined, selector),
    ];
    if (containers.length === 0) {
      c.err(
        `warning: ${String(obj.kind)}/${metaOf(obj).name ?? ''} does not have any containers matching "${selector}"\n`,
      );
      return;
    }
    for (const ct of containers) {
      const r = (ct.resources ??= {}) as Obj;
      if (Object.keys(limits).length) r.limits = { ...((r.limits ?? {}) as Obj), ...limits };
      if (Object.keys(requests).length)
        r.requests = { ...((r.requests ?? {}) as Obj), ...requests };
    }
  };
  return patchAll(
    c,
    io,
    infos,
    change,
    'resource requirements updated',
    'failed to patch resources update to pod template',
  );
}
