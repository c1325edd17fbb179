/** GET handlers: get, list (with selectors and chunking) and watch, as JSON or as a Table. */
import { badRequest, gone, isApiError, notFound } from '../api/errors';
import { fieldSelectorFilter } from '../api/fields';
import type { ResourceType } from '../api/registry';
import { apiVersionOf } from '../api/registry';
import { parseFieldSelector, parseLabelSelector } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { ListOptions } from '../store/types';
import type { ServerContext } from './context';
import { grOf } from './context';
import { jsonResponse, query, wantsTable } from './request';
import type { IncludeObject } from './table';
import { crdFor, toTable } from './table';
import { toServed } from './conversion';
import type { ApiRequest, ApiResponse, WatchEvent } from './types';

function includeObjectOf(req: ApiRequest): IncludeObject {
  const v = query(req, 'includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** The object as this version serves it: apiVersion follows the URL's version. */
export function asVersion(rt: ResourceType, obj: KubeObject): KubeObject {
  const served = toServed(rt, obj);
  const apiVersion = apiVersionOf(rt);
  return served.apiVersion === apiVersion ? served : { ...served, apiVersion };
}

export function handleGet(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string,
  name: string,
  req: ApiRequest,
): ApiResponse {
  const obj = ctx.store.get(rt.key, ns, name);
  if (!obj) throw notFound(grOf(rt), name);
  if (wantsTable(req)) {
    return jsonResponse(
      200,
      toTable(ctx, rt, [asVersion(rt, obj)], {
        includeObject: includeObjectOf(req),
        resourceVersion: String(ctx.store.revision),
      }),
    );
  }
  return jsonResponse(200, asVersion(rt, obj));
}

/** Label and field selectors of a list or watch request, as store options. */
export function selectorOptions(
  ctx: ServerContext,
  rt: ResourceType,
  req: ApiRequest,
  ns: string | undefined,
): ListOptions {
  const opts: ListOptions = {};
  if (ns !== undefined) opts.namespace = ns;
  const ls = query(req, 'labelSelector');
  if (ls) opts.labelSelector = parseLabelSelector(ls);
  const fs = query(req, 'fieldSelector');
  if (fs) opts.filter = fieldSelectorFilter(rt, parseFieldSelector(fs), crdFor(ctx, rt));
  return opts;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start }));
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(atob(s)) as { rv: number; start: string };
    if (typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return t;
  } catch {
    throw badRequest(`continue key is not valid: illegal base64 data at input byte 0`);
  }
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export function handleList(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string | undefined,
  req: ApiRequest,
): ApiResponse {
  const opts = selectorOptions(ctx, rt, req, ns);
  const { items, revision } = ctx.store.list(rt.key, opts);
  let page = items;
  let continueToken: string | undefined;
  let remaining: number | undefined;
  const cont = query(req, 'continue');
  let rv = revision;
  if (cont) {
    const t = decodeContinue(cont);
    rv = t.rv;
    page = page.filter((o) => keyOf(o) > t.start);
  }
  const limit = Number(query(req, 'limit') ?? 0);
  if (limit > 0 && page.length > limit) {
    remaining = page.length - limit;
    page = page.slice(0, limit);
    continueToken = encodeContinue({ rv, start: keyOf(page[page.length - 1]) });
  }
  const served = page.map((o) => asVersion(rt, o));
  if (wantsTable(req)) {
    return jsonResponse(
      200,
      toTable(ctx, rt, served, {
        includeObject: includeObjectOf(req),
        resourceVersion: String(rv),
        continueToken,
      }),
    );
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (continueToken) {
    metadata.continue = continueToken;
    metadata.remainingItemCount = remaining;
  }
  return jsonResponse(200, {
    kind: `${rt.kind}List`,
    apiVersion: apiVersionOf(rt),
    metadata,
    items: served,
  });
}

export function handleWatch(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string | undefined,
  req: ApiRequest,
  name?: string,
): ApiResponse {
  const opts = selectorOptions(ctx, rt, req, ns);
  if (name) {
    const inner = opts.filter;
    opts.filter = (o) => o.metadata.name === name && (!inner || inner(o));
  }
  const rvParam = query(req, 'resourceVersion');
  const table = wantsTable(req);
  const includeObject = includeObjectOf(req);
  const stream = {
    start(send: (ev: WatchEvent) => void, end: () => void): () => void {
      let first = true;
      const wrap = (obj: KubeObject): unknown => {
        const served = asVersion(rt, obj);
        if (!table) return served;
        const t = toTable(ctx, rt, [served], {
          includeObject,
          resourceVersion: obj.metadata.resourceVersion ?? '',
          noHeaders: !first,
        });
        first = false;
        return t;
      };
      let fromRevision: number | undefined;
      if (!rvParam || rvParam === '0') {
        const { items, revision } = ctx.store.list(rt.key, opts);
        for (const o of items) send({ type: 'ADDED', object: wrap(o) });
        fromRevision = revision;
      } else {
        fromRevision = Number(rvParam);
        if (!Number.isInteger(fromRevision) || fromRevision < 0) {
          send({
            type: 'ERROR',
            object: badRequest(`invalid resource version: ${rvParam}`).status,
          });
          end();
          return () => {};
        }
      }
      try {
        const handle = ctx.store.watch(rt.key, { ...opts, fromRevision }, (ev) => {
          send({ type: ev.type, object: wrap(ev.object) });
        });
        return () => handle.stop();
      } catch (e) {
        if (isApiError(e) && e.code === 410) {
          send({ type: 'ERROR', object: gone(e.message).status });
          end();
          return () => {};
        }
        throw e;
      }
    },
  };
  return { status: 200, headers: { 'content-type': 'application/json' }, watch: stream };
}
