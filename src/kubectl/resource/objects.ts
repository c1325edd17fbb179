/**
 * Objects as the mutating commands handle them (cli-runtime's resource.Info): the object, its
 * resource, namespace and name, with the REST calls kubectl makes on them.
 */
import type { ApiResource, DiscoveryData } from '../discovery';
import { cmdError, statusError } from '../errors';
import type { ManifestDoc } from '../manifest';
import { toCompactJson } from '../printers/json';
import type { ApiResponse, Transport } from '../transport';
import { JSON_ACCEPT } from '../transport';
import { kindPrefix, resourcePath } from './mapper';

export type Obj = Record<string, unknown>;

export interface Meta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  [k: string]: unknown;
}

export function metaOf(o: Obj): Meta {
  const m = o.metadata;
  return m && typeof m === 'object' ? (m as Meta) : {};
}

export interface Info {
  resource: ApiResource;
  /** Namespace for namespaced resources, '' otherwise. */
  namespace: string;
  name: string;
  object: Obj;
  source?: string;
}

/** The resource serving `apiVersion`/`kind`, preferring the exact version. */
export function resourceForKind(
  d: DiscoveryData,
  apiVersion: string,
  kind: string,
): ApiResource | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return d.resources.find(
    (r) => !r.name.includes('/') && r.group === group && r.version === version && r.kind === kind,
  );
}

/** "deployment.apps/web": how success lines name an object. */
export function objectRef(info: { resource: ApiResource; name: string }): string {
  return `${kindPrefix(info.resource)}/${info.name}`;
}

/**
 * Maps manifest documents to Infos (the builder's mapping step), checking the namespace of each
 * object against `-n` as kubectl does.
 */
export function infosFromDocs(
  d: DiscoveryData,
  docs: ManifestDoc[],
  namespace: string,
  explicitNamespace: boolean,
  validate = true,
): Info[] {
  return docs.map((doc) => {
    const o = doc.object;
    const kind = typeof o.kind === 'string' ? o.kind : '';
    const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    if (!kind && validate) {
      throw cmdError(
        `error validating "${doc.source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
    }
    if (!kind) {
      throw cmdError(
        `unable to decode "${doc.source}": Object 'Kind' is missing in '${toCompactJson(o).trim()}'`,
      );
    }
    const m = metaOf(o);
    const resource = resourceForKind(d, apiVersion, kind);
    if (!resource) {
      throw cmdError(
        `resource mapping not found for name: "${m.name ?? ''}" namespace: "${m.namespace ?? ''}" from "${doc.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      );
    }
    let ns = '';
    if (resource.namespaced) {
      if (m.namespace && explicitNamespace && m.namespace !== namespace) {
        throw cmdError(
          `the namespace from the provided object "${m.namespace}" does not match the namespace "${namespace}". You must pass '--namespace=${m.namespace}' to perform this operation.`,
        );
      }
      ns = m.namespace || namespace;
    }
    // The builder sets the namespace on the object it sends (and records in annotations).
    const object = resource.namespaced
      ? { ...o, metadata: { ...(m as object), namespace: ns } }
      : o;
    return { resource, namespace: ns, name: m.name ?? '', object, source: doc.source };
  });
}

export interface CallOptions {
  query?: Record<string, string>;
  contentType?: string;
}

/** Thin REST helpers over a Transport; errors come back as responses for the caller to word. */
export class Api {
  constructor(private readonly t: Transport) {}

  get(r: ApiResource, ns: string, name: string, query?: Record<string, string>) {
    return this.t.request({
      method: 'GET',
      path: resourcePath(r, ns, name),
      query,
      headers: { accept: JSON_ACCEPT },
    });
  }

  list(r: ApiResource, ns: string | undefined, query?: Record<string, string>) {
    return this.t.request({
      method: 'GET',
      path: resourcePath(r, ns),
      query,
      headers: { accept: JSON_ACCEPT },
    });
  }

  create(r: ApiResource, ns: string, body: unknown, o: CallOptions = {}) {
    return this.t.request({
      method: 'POST',
      path: resourcePath(r, ns),
      query: o.query,
      headers: { accept: JSON_ACCEPT, 'content-type': 'application/json' },
      body,
    });
  }

  replace(r: ApiResource, ns: string, name: string, body: unknown, o: CallOptions = {}) {
    return this.t.request({
      method: 'PUT',
      path: resourcePath(r, ns, name),
      query: o.query,
      headers: { accept: JSON_ACCEPT, 'content-type': 'application/json' },
      body,
    });
  }

  patch(
    r: ApiResource,
    ns: string,
    name: string,
    body: unknown,
    contentType: string,
    query?: Record<string, string>,
    subresource?: string,
  ) {
    return this.t.request({
      method: 'PATCH',
      path: resourcePath(r, ns, name) + (subresource ? `/${subresource}` : ''),
      query,
      headers: { accept: JSON_ACCEPT, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  delete(r: ApiResource, ns: string, name: string, body?: unknown, query?: Record<string, string>) {
    return this.t.request({
      method: 'DELETE',
      path: resourcePath(r, ns, name),
      query,
      headers: { accept: JSON_ACCEPT, 'content-type': 'application/json' },
      body,
    });
  }
}

/** Throws the response's Status as kubectl prints it, unless it succeeded. */
export function check(res: ApiResponse): Obj {
  if (res.status >= 400) throw statusError(res.body, res.status);
  return res.body as Obj;
}

/** The server's warnings (`Warning: ...` lines kubectl prints to stderr). */
export function warningsOf(res: ApiResponse): string[] {
  const h = res.headers?.warning ?? res.headers?.Warning;
  if (!h) return [];
  const out: string[] = [];
  const re = /\d{3} \S+ "((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(h)) !== null) out.push(m[1].replace(/\\(.)/g, '$1'));
  return out;
}
