/**
 * The in-process client: typed calls that become API requests, so controllers, the UI and
 * kubectl in the browser all go through the one API server. Non-2xx answers throw ApiError.
 */
import { ApiError } from '../api/errors';
import type { Status } from '../api/errors';
import type { ResourceType } from '../api/registry';
import type { KubeObject, KubeList } from '../api/types';
import type { ApiRequest, ApiResponse } from '../apiserver/types';

export interface Handler {
  handle(req: ApiRequest): ApiResponse;
}

export function resourcePath(
  rt: ResourceType,
  namespace?: string,
  name?: string,
  sub?: string,
): string {
  const base = rt.group ? `/apis/${rt.group}/${rt.version}` : `/api/${rt.version}`;
  let p = base;
  if (rt.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${rt.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (sub) p += `/${sub}`;
  return p;
}

export class Client {
  constructor(private api: Handler) {}

  request(req: ApiRequest): unknown {
    const res = this.api.handle(req);
    if (res.status >= 400) throw new ApiError(res.body as Status);
    return res.body;
  }

  get(rt: ResourceType, namespace: string, name: string): KubeObject {
    return this.request({ method: 'GET', path: resourcePath(rt, namespace, name) }) as KubeObject;
  }

  list(rt: ResourceType, namespace?: string, query?: Record<string, string>): KubeList {
    return this.request({ method: 'GET', path: resourcePath(rt, namespace), query }) as KubeList;
  }

  /** `query` carries write options such as fieldValidation and dryRun. */
  create(rt: ResourceType, obj: KubeObject, query?: Record<string, string>): KubeObject {
    return this.request({
      method: 'POST',
      path: resourcePath(rt, obj.metadata.namespace),
      query,
      body: obj,
    }) as KubeObject;
  }

  update(rt: ResourceType, obj: KubeObject, sub?: string): KubeObject {
    return this.request({
      method: 'PUT',
      path: resourcePath(rt, obj.metadata.namespace, obj.metadata.name, sub),
      body: obj,
    }) as KubeObject;
  }

  patch(
    rt: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    type: 'merge' | 'json' | 'strategic' = 'merge',
    sub?: string,
  ): KubeObject {
    const types = {
      merge: 'application/merge-patch+json',
      json: 'application/json-patch+json',
      strategic: 'application/strategic-merge-patch+json',
    };
    return this.request({
      method: 'PATCH',
      path: resourcePath(rt, namespace, name, sub),
      headers: { 'content-type': types[type] },
      body: patch,
    }) as KubeObject;
  }

  delete(
    rt: ResourceType,
    namespace: string,
    name: string,
    options: {
      propagationPolicy?: string;
      gracePeriodSeconds?: number;
      preconditions?: object;
    } = {},
  ): unknown {
    return this.request({
      method: 'DELETE',
      path: resourcePath(rt, namespace, name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...options },
    });
  }
}
