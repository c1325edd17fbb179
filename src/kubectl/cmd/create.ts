/**
 * `kubectl create -f` and `kubectl create <kind> NAME` (k8s.io/kubectl/pkg/cmd/create).
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { readManifests } from '../manifest';
import { ObjectPrinter, dryRunOf, objectOutputOf } from '../printers/object';
import { kindPrefix } from '../resource/mapper';
import {
  Api,
  check,
  infosFromDocs,
  metaOf,
  objectRef,
  resourceForKind,
  warningsOf,
} from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import { withLastAppliedOf } from './applyPatch';
import type { CommandContext } from './context';
import * as gen from './generators';
import type { Generated } from './generators';
import type { MutateIO } from './mutate';
import { secretTls } from './secretTls';

/** Query parameters of a create or update as kubectl sends them. */
export function writeQuery(
  c: CommandContext,
  manager: string,
  dryRun: string,
): Record<string, string> {
  const q: Record<string, string> = {};
  if (dryRun === 'server') q.dryRun = 'All';
  q.fieldManager = c.flags.str('field-manager') || manager;
  q.fieldValidation = validationOf(c);
  return q;
}

/** --validate as kubectl maps it to the server's fieldValidation. */
export function validationOf(c: CommandContext): string {
  const v = c.flags.str('validate');
  switch (v) {
    case '':
    case 'strict':
    case 'true':
      return 'Strict';
    case 'warn':
      return 'Warn';
    case 'ignore':
    case 'false':
      return 'Ignore';
    default:
      throw cmdError(
        `invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`,
      );
  }
}

export function printWarnings(c: CommandContext, headers: string[]): void {
  for (const w of headers) c.err(`Warning: ${w}\n`);
}

/** Reads and maps the `-f` objects of a command. */
export async function fileInfos(c: CommandContext, io: MutateIO): Promise<Info[]> {
  const docs = readManifests(io.fs, io.stdin, c.flags.list('filename'), c.flags.bool('recursive'));
  const d = await c.discovery.get();
  const validate = !['false', 'ignore'].includes(c.flags.str('validate'));
  return infosFromDocs(d, docs, c.namespace, c.explicitNamespace, validate);
}

export async function runCreate(path: string, c: CommandContext, io: MutateIO): Promise<number> {
  const sub = path.split(' ').slice(1).join(' ');
  if (sub === 'secret' || sub === 'service') {
    throw new KubectlError(io.help(path).trimEnd());
  }
  if (sub === '') return createFromFiles(c, io);
  return createGenerated(path, sub, c, io);
}

async function createFromFiles(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  if (f.list('filename').length === 0 && !f.str('kustomize')) {
    if (c.args.length > 0)
      throw new KubectlError(
        `error: Unexpected args: [${c.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`,
      );
    throw cmdError('must specify one of -f and -k');
  }
  const dryRun = dryRunOf(f);
  const printer = new ObjectPrinter(c.out, objectOutputOf(f, io.fs?.readFile), dryRun);
  const infos = await fileInfos(c, io);
  const api = new Api(c.transport);
  const errors: string[] = [];
  for (const info of infos) {
    let obj = info.object;
    if (f.bool('save-config')) obj = withLastApplied(obj);
    if (dryRun === 'client') {
      printer.print(objectRef(info), 'created', obj);
      continue;
    }
    const res = await api.create(info.resource, info.namespace, obj, {
      query: writeQuery(c, 'kubectl-create', dryRun),
    });
    printWarnings(c, warningsOf(res));
    if (res.status >= 400) {
      errors.push(sourceError(res.body, res.status, 'creating', info.source ?? ''));
      continue;
    }
    const created = res.body as Obj;
    printer.print(
      objectRef({ ...info, name: metaOf(created).name ?? info.name }),
      'created',
      created,
    );
  }
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}

/** cmdutil.AddSourceToErr: `error when creating "x.yaml": <message>` inside the Status error. */
export function sourceError(body: unknown, status: number, verb: string, source: string): string {
  const s = (body ?? {}) as { message?: string };
  if (typeof s.message === 'string' && source) {
    return statusError(
      { ...(body as object), message: `error when ${verb} "${source}": ${s.message}` },
      status,
    ).output;
  }
  return statusError(body, status).output;
}

export const withLastApplied = withLastAppliedOf;

async function createGenerated(
  path: string,
  sub: string,
  c: CommandContext,
  io: MutateIO,
): Promise<number> {
  const name = gen.exactlyOneName(c, path);
  const f = c.flags;
  const dryRun = dryRunOf(f);
  const output = objectOutputOf(f, io.fs?.readFile);
  let g: Generated;
  switch (sub) {
    case 'deployment':
      g = gen.deployment(c, name);
      break;
    case 'configmap':
      g = gen.configmap(c, name, io.fs);
      break;
    case 'secret generic':
      g = gen.secretGeneric(c, name, io.fs);
      break;
    case 'secret docker-registry':
      g = gen.secretDockerRegistry(c, name);
      break;
    case 'secret tls':
      g = secretTls(c, name, io.fs);
      break;
    case 'namespace':
      g = gen.namespace(c, name);
      break;
    case 'service clusterip':
      g = gen.service(c, name, 'ClusterIP');
      break;
    case 'service nodeport':
      g = gen.service(c, name, 'NodePort');
      break;
    case 'service loadbalancer':
      g = gen.service(c, name, 'LoadBalancer');
      break;
    case 'service externalname':
      g = gen.service(c, name, 'ExternalName');
      break;
    case 'job': {
      const from = f.str('from');
      if (!f.str('image') && !from) throw cmdError('either --image or --from must be specified');
      if (f.str('image') && from) throw cmdError('--image and --from are mutually exclusive');
      if (from) {
        const [type, cjName] = from.split('/');
        if (
          !cjName ||
          !['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(
            type.toLowerCase(),
          )
        )
          throw cmdError(`from must be an existing cronjob: ${from}`);
        const d = await c.discovery.get();
        const r = resourceForKind(d, 'batch/v1', 'CronJob');
        if (!r) throw cmdError('the server doesn\'t have a resource type "cronjob"');
        const cj = check(await new Api(c.transport).get(r, c.namespace, cjName));
        g = gen.jobFromCronJob(c, name, cj);
      } else g = gen.job(c, name);
      break;
    }
    case 'cronjob':
      g = gen.cronjob(c, name);
      break;
    case 'quota':
      g = gen.quota(c, name);
      break;
    case 'serviceaccount':
      g = gen.serviceaccount(c, name);
      break;
    case 'poddisruptionbudget':
      g = gen.pdb(c, name);
      break;
    case 'priorityclass':
      g = gen.priorityclass(c, name);
      break;
    case 'ingress':
      g = gen.ingress(c, name);
      break;
    default:
      throw cmdError(`"kubectl create ${sub}" is not available in this playground yet`);
  }
  return sendGenerated(c, io, g, dryRun, output);
}

/** Creates (or under --dry-run=client only prints) a generated object. */
export async function sendGenerated(
  c: CommandContext,
  io: MutateIO,
  g: Generated,
  dryRun: ReturnType<typeof dryRunOf>,
  output: ReturnType<typeof objectOutputOf>,
  manager = 'kubectl-create',
  operation = 'created',
): Promise<number> {
  void io;
  const obj = c.flags.bool('save-config') ? withLastApplied(g.object) : g.object;
  const apiVersion = obj.apiVersion as string;
  const kind = obj.kind as string;
  const d = await c.discovery.get();
  const r = resourceForKind(d, apiVersion, kind);
  const name = metaOf(obj).name ?? '';
  const printer = new ObjectPrinter(c.out, output, dryRun);
  const ref = r
    ? `${kindPrefix(r)}/${name}`
    : `${kind.toLowerCase()}.${apiVersion.split('/')[0]}/${name}`;
  if (dryRun === 'client') {
    printer.print(ref, operation, obj, false);
    return 0;
  }
  if (!r) {
    const msg = 'the server could not find the requested resource';
    throw cmdError(g.what ? `failed to create ${g.what}: ${msg}` : msg);
  }
  const res = await new Api(c.transport).create(r, r.namespaced ? c.namespace : '', obj, {
    query: writeQuery(c, manager, dryRun),
  });
  printWarnings(c, warningsOf(res));
  if (res.status >= 400) {
    const err = statusError(res.body, res.status);
    if (!g.what) throw err;
    const msg = (res.body as { message?: string })?.message ?? '';
    const sep = g.what === 'secret' ? ' ' : ': ';
    throw cmdError(`failed to create ${g.what}${sep}${msg}`);
  }
  printer.print(ref, operation, res.body, false);
  return 0;
}
