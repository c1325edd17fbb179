/**
 * The API server: one function from request to response that speaks the Kubernetes v1.32 REST
 * API (discovery, OpenAPI, CRUD, watch, patch, subresources), with Status errors for everything
 * that goes wrong. It never throws.
 */
import { internalError, isApiError, methodNotAllowed, pathNotFound } from '../api/errors';
import { TypeRegistry } from '../api/registry';
import type { ResourceType } from '../api/registry';
import { openapiV3Doc, openapiV3Root } from '../api/schema';
import type { Random } from '../clock/Random';
import type { VirtualClock } from '../clock/VirtualClock';
import type { Store } from '../store/types';
import { createResourceQuota } from './admission/resourceQuota';
import { limitRanger } from './admission/limitRanger';
import { namespaceLifecycle } from './admission/namespaceLifecycle';
import { defaultTolerationSeconds, priority, serviceAccount } from './admission/podDefaults';
import type { AdmissionPlugin } from './admission/types';
import { storageObjectInUseProtection } from './admission/storageProtection';
import { defaultIngressClass } from './admission/defaultIngressClass';
import { defaultStorageClass } from './admission/defaultStorageClass';
import { ClusterIPAllocator, NodePortAllocator } from './allocators';
import type { ServerContext, ServerHooks } from './context';
import { followCRDs } from './crd';
import {
  aggregatedDiscovery,
  AGGREGATED_DISCOVERY_TYPE,
  AGGREGATED_DISCOVERY_TYPE_V2BETA1,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery';
import { handlePatch } from './patch';
import { handleGet, handleList, handleWatch, selectorOptions } from './read';
import {
  boolQuery,
  decodeBody,
  jsonResponse,
  parseResourcePath,
  textResponse,
  wantsAggregatedDiscovery,
} from './request';
import { markService } from './services';
import {
  applyScale,
  bindPod,
  evictPod,
  finalizeNamespace,
  podExec,
  podLog,
  scaleOf,
} from './subresources';
import type { ApiRequest, ApiResponse, ResourcePath } from './types';
import { KUBERNETES_VERSION } from './version';
import { OPENAPI_V2_PROTOBUF, openapiV2Json, openapiV2Protobuf } from './openapiV2';
import {
  checkBodyKind,
  deleteObject,
  deleteOptions,
  handleCreate,
  handleUpdate,
  writeOptions,
} from './write';

export interface APIServerOptions {
  store: Store;
  clock: VirtualClock;
  random: Random;
  registry?: TypeRegistry;
  hooks?: ServerHooks;
  serverAddress?: string;
}

export class APIServer {
  readonly ctx: ServerContext;

  constructor(opts: APIServerOptions) {
    const registry = opts.registry ?? new TypeRegistry();
    const admission: AdmissionPlugin[] = [
      namespaceLifecycle,
      limitRanger,
      serviceAccount,
      defaultTolerationSeconds,
      priority,
      defaultStorageClass,
      storageObjectInUseProtection,
      defaultIngressClass,
      createResourceQuota(() => registry.all()),
    ];
    this.ctx = {
      store: opts.store,
      clock: opts.clock,
      random: opts.random,
      registry,
      ips: new ClusterIPAllocator(opts.random),
      ports: new NodePortAllocator(opts.random),
      admission,
      hooks: opts.hooks ?? {},
      serverAddress: opts.serverAddress ?? '127.0.0.1:8001',
    };
    this.reloadAllocators();
    followCRDs(this.ctx);
  }

  /** Rebuilds the IP and port allocators from the stored Services (after a restore). */
  reloadAllocators(): void {
    for (const svc of this.ctx.store.list('services').items) {
      markService(svc, this.ctx.ips, this.ctx.ports);
    }
  }

  handle(req: ApiRequest): ApiResponse {
    try {
      return this.route(req);
    } catch (e) {
      if (isApiError(e)) return jsonResponse(e.code, e.status);
      const err = internalError(e instanceof Error ? e.message : String(e));
      return jsonResponse(500, err.status);
    }
  }

  private route(req: ApiRequest): ApiResponse {
    const path = req.path.replace(/\/+$/, '') || '/';
    const reg = this.ctx.registry;
    if (req.method === 'GET') {
      switch (path) {
        case '/version':
          return jsonResponse(200, KUBERNETES_VERSION);
        case '/healthz':
        case '/livez':
        case '/readyz':
          return textResponse(200, 'ok');
        case '/api':
          return this.discovery(req, 'api');
        case '/apis':
          return this.discovery(req, 'apis');
        case '/openapi/v3':
          return jsonResponse(200, openapiV3Root());
        case '/openapi/v2':
          if ((req.headers?.accept ?? '').includes('protobuf')) {
            return {
              status: 200,
              headers: { 'content-type': OPENAPI_V2_PROTOBUF },
              body: openapiV2Protobuf(),
            };
          }
          return jsonResponse(200, openapiV2Json());
      }
      if (path.startsWith('/openapi/v3/')) {
        const doc = openapiV3Doc(path.slice('/openapi/v3/'.length));
        if (!doc) throw pathNotFound();
        return jsonResponse(200, doc);
      }
      const segs = path.split('/').filter(Boolean);
      if (segs[0] === 'api' && segs.length === 2) {
        const list = apiResourceList(reg, '', segs[1]);
        if (list) return jsonResponse(200, list);
        throw pathNotFound();
      }
      if (segs[0] === 'apis' && segs.length === 2) {
        const g = apiGroup(reg, segs[1]);
        if (g) return jsonResponse(200, g);
        throw pathNotFound();
      }
      if (segs[0] === 'apis' && segs.length === 3) {
        const list = apiResourceList(reg, segs[1], segs[2]);
        if (list) return jsonResponse(200, list);
        throw pathNotFound();
      }
    }
    const rp = parseResourcePath(path, (g, v, r) => reg.byResource(g, v, r)?.namespaced ?? false);
    if (!rp) throw pathNotFound();
    const rt = reg.byResource(rp.group, rp.version, rp.resource);
    if (!rt) throw pathNotFound();
    if (rp.namespace === undefined && rt.namespaced && rp.name !== undefined) {
      // "/api/v1/pods/x" names no namespace: only lists span namespaces.
      throw pathNotFound();
    }
    if (rt.group === 'metrics.k8s.io') {
      const metrics = this.ctx.hooks.metrics;
      if (!metrics) throw pathNotFound();
      return metrics(req, rt, rp);
    }
    return this.resource(req, rt, rp);
  }

  private discovery(req: ApiRequest, which: 'api' | 'apis'): ApiResponse {
    const reg = this.ctx.registry;
    const agg = wantsAggregatedDiscovery(req);
    if (agg) {
      const type = agg === 'v2' ? AGGREGATED_DISCOVERY_TYPE : AGGREGATED_DISCOVERY_TYPE_V2BETA1;
      const apiVersion = agg === 'v2' ? 'apidiscovery.k8s.io/v2' : 'apidiscovery.k8s.io/v2beta1';
      return {
        status: 200,
        headers: { 'content-type': type },
        body: aggregatedDiscovery(reg, which, apiVersion),
      };
    }
    return jsonResponse(
      200,
      which === 'api' ? apiVersions(this.ctx.serverAddress) : apiGroupList(reg),
    );
  }

  private resource(req: ApiRequest, rt: ResourceType, rp: ResourcePath): ApiResponse {
    const ctx = this.ctx;
    const ns = rt.namespaced ? rp.namespace : '';
    const m = req.method;
    if (rp.name === undefined) {
      if (m === 'GET') {
        if (boolQuery(req, 'watch')) return handleWatch(ctx, rt, rp.namespace, req);
        return handleList(ctx, rt, rp.namespace, req);
      }
      if (m === 'POST') {
        if (!rt.verbs.includes('create')) throw methodNotAllowed(notAllowed());
        if (rt.key === 'bindings') {
          const body = decodeBody(req) as { metadata?: { name?: string } };
          return bindPod(ctx, ns ?? 'default', body?.metadata?.name ?? '', body);
        }
        return handleCreate(ctx, rt, rp.namespace, decodeBody(req), req);
      }
      if (m === 'DELETE') {
        if (!rt.verbs.includes('deletecollection')) throw methodNotAllowed(notAllowed());
        return this.deleteCollection(req, rt, rp.namespace);
      }
      throw methodNotAllowed(notAllowed());
    }
    const name = rp.name;
    const nsName = ns ?? '';
    if (rp.subresource === undefined) {
      switch (m) {
        case 'GET':
          if (boolQuery(req, 'watch')) return handleWatch(ctx, rt, rp.namespace, req, name);
          return handleGet(ctx, rt, nsName, name, req);
        case 'PUT':
          return handleUpdate(ctx, rt, nsName, name, decodeBody(req), req);
        case 'PATCH':
          return handlePatch(ctx, rt, nsName, name, req);
        case 'DELETE': {
          const body = decodeBody(req);
          const r = deleteObject(ctx, rt, nsName, name, deleteOptions(req, body));
          return jsonResponse(r.status, r.body);
        }
      }
      throw methodNotAllowed(notAllowed());
    }
    const sub = rp.subresource;
    if (!rt.subresources.includes(sub)) throw pathNotFound();
    switch (sub) {
      case 'status':
        if (m === 'GET') return handleGet(ctx, rt, nsName, name, req);
        if (m === 'PUT') return handleUpdate(ctx, rt, nsName, name, decodeBody(req), req, 'status');
        if (m === 'PATCH') return handlePatch(ctx, rt, nsName, name, req, 'status');
        break;
      case 'scale': {
        if (m === 'GET') {
          const obj = ctx.store.get(rt.key, nsName, name);
          if (!obj) return handleGet(ctx, rt, nsName, name, req);
          return jsonResponse(200, scaleOf(rt, obj));
        }
        if (m === 'PUT') {
          const body = checkBodyKind(
            { ...rt, kind: 'Scale', group: 'autoscaling', version: 'v1' },
            decodeBody(req),
          );
          return applyScale(ctx, rt, nsName, name, body, writeOptions(req));
        }
        if (m === 'PATCH') return handlePatch(ctx, rt, nsName, name, req, 'scale');
        break;
      }
      case 'binding':
        if (m === 'POST') return bindPod(ctx, nsName, name, decodeBody(req));
        break;
      case 'eviction':
        if (m === 'POST') return evictPod(ctx, nsName, name, decodeBody(req));
        break;
      case 'log':
        if (m === 'GET') return podLog(ctx, nsName, name, req);
        break;
      case 'exec':
      case 'attach':
        if (m === 'GET' || m === 'POST') return podExec(ctx, nsName, name, req);
        break;
      case 'finalize':
        if (m === 'PUT')
          return finalizeNamespace(ctx, rt, name, decodeBody(req), writeOptions(req));
        break;
      default:
        throw pathNotFound();
    }
    throw methodNotAllowed(notAllowed());
  }

  private deleteCollection(req: ApiRequest, rt: ResourceType, ns: string | undefined): ApiResponse {
    const opts = selectorOptions(this.ctx, rt, req, ns);
    const delOpts = deleteOptions(req, decodeBody(req));
    const { items, revision } = this.ctx.store.list(rt.key, opts);
    const deleted: unknown[] = [];
    for (const o of items) {
      const r = deleteObject(this.ctx, rt, o.metadata.namespace ?? '', o.metadata.name!, delOpts);
      deleted.push(r.body);
    }
    return jsonResponse(200, {
      kind: `${rt.kind}List`,
      apiVersion: rt.group ? `${rt.group}/${rt.version}` : rt.version,
      metadata: { resourceVersion: String(revision) },
      items: deleted,
    });
  }
}

function notAllowed(): string {
  return 'the server does not allow this method on the requested resource';
}
