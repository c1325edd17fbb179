/**
 * PATCH: JSON patch, merge patch, strategic merge patch and server-side apply, applied to the
 * stored object (or its Scale) and then written through the update path.
 */
import { badRequest, notFound, unsupportedMediaType } from '../api/errors';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../api/patch';
import type { ResourceType } from '../api/registry';
import { apiVersionOf } from '../api/registry';
import { schemaFor } from '../api/schema';
import type { KubeObject } from '../api/types';
import type { ServerContext } from './context';
import { grOf } from './context';
import { decodeBody, header, jsonResponse } from './request';
import { scaleOf, applyScale } from './subresources';
import type { ApiRequest, ApiResponse } from './types';
import { asVersion } from './read';
import { handleCreate, updateObject, writeOptions } from './write';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

function patchTypesFor(rt: ResourceType): string[] {
  return rt.custom ? [JSON_PATCH, MERGE_PATCH, APPLY] : [JSON_PATCH, MERGE_PATCH, APPLY, STRATEGIC];
}

function applyPatch(rt: ResourceType, type: string, base: unknown, patch: unknown): unknown {
  switch (type) {
    case JSON_PATCH:
      return applyJsonPatch(base, patch);
    case MERGE_PATCH:
    case APPLY:
      return applyMergePatch(base, patch);
    case STRATEGIC: {
      const kind = (base as { kind?: string }).kind ?? rt.kind;
      const apiVersion = (base as { apiVersion?: string }).apiVersion ?? apiVersionOf(rt);
      const schema = schemaFor(apiVersion, kind);
      if (!schema) throw unsupportedMediaType(patchTypesFor(rt));
      return applyStrategicMergePatch(base, patch, schema);
    }
    default:
      throw unsupportedMediaType(patchTypesFor(rt));
  }
}

export function handlePatch(
  ctx: ServerContext,
  rt: ResourceType,
  ns: string,
  name: string,
  req: ApiRequest,
  subresource?: string,
): ApiResponse {
  const type = header(req, 'content-type').split(';')[0].trim();
  if (!patchTypesFor(rt).includes(type)) throw unsupportedMediaType(patchTypesFor(rt));
  const patch = decodeBody({
    ...req,
    headers: {
      ...req.headers,
      'content-type': type === APPLY ? 'application/yaml' : 'application/json',
    },
  });
  if (patch === undefined) throw badRequest('the body of the request was empty');
  const opts = writeOptions(req);
  const stored = ctx.store.get(rt.key, ns, name);
  const current = stored && asVersion(rt, stored);
  if (!current) {
    if (type === APPLY && !subresource) {
      const obj = patch as KubeObject;
      if (obj?.metadata?.name && obj.metadata.name !== name) {
        throw badRequest(
          `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      return handleCreate(ctx, rt, rt.namespaced ? ns : undefined, patch, req);
    }
    throw notFound(grOf(rt), name);
  }
  if (subresource === 'scale') {
    const scale = scaleOf(rt, current);
    const patched = applyPatch(rt, type, scale, patch) as KubeObject;
    return applyScale(ctx, rt, ns, name, patched, opts);
  }
  const patched = applyPatch(rt, type, current, patch);
  if (!patched || typeof patched !== 'object' || Array.isArray(patched)) {
    throw badRequest('the patch did not produce an object');
  }
  const obj = patched as KubeObject;
  obj.metadata ??= {};
  const patchRv = (patch as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
  obj.metadata.resourceVersion = patchRv ?? current.metadata.resourceVersion;
  const r = updateObject(
    ctx,
    rt,
    ns,
    name,
    obj,
    opts,
    subresource === 'status' ? 'status' : undefined,
  );
  return jsonResponse(r.status, r.object);
}
