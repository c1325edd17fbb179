/**
 * The objects a mutating command acts on (cli-runtime's builder): `TYPE NAME...`, `TYPE/NAME`,
 * `-f` files, or `TYPE` with `-l`/`--all` listed from the server.
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { resolveArgs } from '../resource/mapper';
import { Api, metaOf } from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import type { CommandContext } from './context';
import { fileInfos } from './create';
import type { MutateIO } from './mutate';

export interface Targets {
  infos: Info[];
  /** Errors already worded (NotFound of named objects), printed after the successes. */
  errors: string[];
  /** True when the objects came from a selector or --all (no names). */
  listed: boolean;
}

/**
 * Resolves the targets. `fetch` GETs named objects (their current state); otherwise named
 * objects are returned without `object`.
 */
export async function resolveTargets(
  c: CommandContext,
  io: MutateIO,
  args: string[],
  opts: {
    fetch: boolean;
    allowAll?: boolean;
    ignoreNotFound?: boolean;
    /** A bare type lists every object (the builder's allowEmptySelector, as `edit` sets). */
    allowEmptySelector?: boolean;
  },
): Promise<Targets> {
  const f = c.flags;
  if (f.list('filename').length > 0) {
    const infos = await fileInfos(c, io);
    if (!opts.fetch) return { infos, errors: [], listed: false };
    const api = new Api(c.transport);
    const out: Info[] = [];
    const errors: string[] = [];
    for (const i of infos) {
      const r = await api.get(i.resource, i.namespace, i.name);
      if (r.status >= 400) {
        if (!(opts.ignoreNotFound && r.status === 404))
          errors.push(statusError(r.body, r.status).output);
      } else out.push({ ...i, object: r.body as Obj });
    }
    return { infos: out, errors, listed: false };
  }
  const d = await c.discovery.get();
  const requests = resolveArgs(d, args);
  const api = new Api(c.transport);
  const infos: Info[] = [];
  const errors: string[] = [];
  const selector = f.str('selector');
  const all = opts.allowAll !== false && f.bool('all');
  const allNs = f.bool('all-namespaces');
  let listed = false;
  for (const req of requests) {
    const ns = req.resource.namespaced ? c.namespace : '';
    if (req.names.length === 0) {
      if (!selector && !all && !f.str('field-selector') && !opts.allowEmptySelector)
        throw cmdError('resource(s) were provided, but no name was specified');
      listed = true;
      const q: Record<string, string> = {};
      if (selector) q.labelSelector = selector;
      if (f.str('field-selector')) q.fieldSelector = f.str('field-selector');
      const res = await api.list(req.resource, allNs ? undefined : ns || undefined, q);
      if (res.status >= 400) throw statusError(res.body, res.status);
      for (const item of ((res.body as { items?: Obj[] }).items ?? []) as Obj[]) {
        const m = metaOf(item);
        infos.push({
          resource: req.resource,
          namespace: m.namespace ?? '',
          name: m.name ?? '',
          object: item,
        });
      }
      continue;
    }
    if (selector) throw cmdError('name cannot be provided when a selector is specified');
    for (const name of req.names) {
      if (!opts.fetch) {
        infos.push({ resource: req.resource, namespace: ns, name, object: {} });
        continue;
      }
      const r = await api.get(req.resource, ns, name);
      if (r.status >= 400) {
        if (!(opts.ignoreNotFound && r.status === 404))
          errors.push(statusError(r.body, r.status).output);
        continue;
      }
      infos.push({ resource: req.resource, namespace: ns, name, object: r.body as Obj });
    }
  }
  return { infos, errors, listed };
}

export function finish(errors: string[]): number {
  if (errors.length) throw new KubectlError(errors.join('\n'));
  return 0;
}
