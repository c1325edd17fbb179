/**
 * `GET /openapi/v3` and `GET /openapi/v3/<path>`: the index of documents, each with a content
 * hash in its URL, and one OpenAPI 3.0 document per group-version (plus "api", "apis",
 * "apis/<group>" and "version"), holding the group-version's paths and every component schema
 * they reach, as Kubernetes v1.32 serves them.
 */
import { BUILTIN_TYPES, type ResourceType } from '../registry';
import { closure, customDefinitions, definitionNameFor, type OpenAPISchema } from './definitions';
import { withDescriptions } from './descriptions';
import { resourcePaths } from './paths';
import { customGroupVersions } from './customResources';

/** The version the documents' `info` reports: the API server's gitVersion. */
export const OPENAPI_INFO_VERSION = 'v1.32.0';

type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const SECURITY = {
  BearerToken: {
    description: 'Bearer Token authentication',
    in: 'header',
    name: 'authorization',
    type: 'apiKey',
  },
};

const cache = new Map<string, { doc: Json; hash: string }>();

/** Forgets cached documents (a custom resource's group-version changed). */
export function invalidateDocuments(path?: string): void {
  if (path === undefined) cache.clear();
  else {
    cache.delete(path);
    cache.delete(path.split('/').slice(0, 2).join('/'));
    cache.delete('apis');
  }
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function builtinGroupVersions(): Map<string, ResourceType[]> {
  const out = new Map<string, ResourceType[]>();
  for (const t of BUILTIN_TYPES) {
    const p = gvPath(t.group, t.version);
    out.set(p, [...(out.get(p) ?? []), t]);
  }
  return out;
}

/** Every document path served, sorted as upstream's index (a Go map) lists them. */
function documentPaths(): string[] {
  const paths = new Set<string>(['api', 'apis', 'version']);
  const gvs = [...builtinGroupVersions().keys(), ...customGroupVersions().keys()];
  for (const p of gvs) {
    paths.add(p);
    if (p.startsWith('apis/')) paths.add(p.split('/').slice(0, 2).join('/'));
  }
  return [...paths].sort();
}

export function openapiV3Root(): object {
  const paths: Json = {};
  for (const p of documentPaths()) {
    const d = build(p);
    if (d) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
  }
  return { paths };
}

export function openapiV3Doc(path: string): object | undefined {
  return build(path.replace(/^\/+|\/+$/g, ''))?.doc;
}

/** The hash the index gives a document, for ETag and cache headers. */
export function openapiV3DocHash(path: string): string | undefined {
  return build(path.replace(/^\/+|\/+$/g, ''))?.hash;
}

function build(path: string): { doc: Json; hash: string } | undefined {
  const hit = cache.get(path);
  if (hit) return hit;
  const doc = document(path);
  if (!doc) return undefined;
  const entry = { doc, hash: hash512(JSON.stringify(doc)) };
  cache.set(path, entry);
  return entry;
}

/** Built-in definitions get their descriptions back; a CRD's schema carries its own. */
function described(schemas: Record<string, OpenAPISchema>): Record<string, OpenAPISchema> {
  for (const [name, def] of Object.entries(schemas))
    if (!customDefinitions.has(name)) schemas[name] = withDescriptions(name, def);
  return schemas;
}

function wrap(paths: Json, schemaRoots: Iterable<string>): Json {
  return {
    components: { schemas: described(closure(schemaRoots)), securitySchemes: SECURITY },
    info: { title: 'Kubernetes', version: OPENAPI_INFO_VERSION },
    openapi: '3.0.0',
    paths,
    security: [{ BearerToken: [] }],
  };
}

function simpleGet(
  url: string,
  operationId: string,
  description: string,
  tag: string,
  ref: string,
): Json {
  return {
    [url]: {
      get: {
        description,
        operationId,
        responses: {
          '200': {
            content: Object.fromEntries(
              ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'].map(
                (c) => [c, { schema: { $ref: `#/components/schemas/${ref}` } }],
              ),
            ),
            description: 'OK',
          },
          '401': { description: 'Unauthorized' },
        },
        tags: [tag],
      },
    },
  };
}

function document(path: string): Json | undefined {
  if (path === 'api')
    return wrap(
      simpleGet(
        '/api/',
        'getCoreAPIVersions',
        'get available API versions',
        'core',
        `${META}APIVersions`,
      ),
      [`${META}APIVersions`],
    );
  if (path === 'apis')
    return wrap(
      simpleGet(
        '/apis/',
        'getAPIVersions',
        'get available API versions',
        'apis',
        `${META}APIGroupList`,
      ),
      [`${META}APIGroupList`],
    );
  if (path === 'version')
    return wrap(
      simpleGet(
        '/version/',
        'getCodeVersion',
        'get the version information for this server',
        'version',
        'io.k8s.apimachinery.pkg.version.Info',
      ),
      ['io.k8s.apimachinery.pkg.version.Info'],
    );
  const parts = path.split('/');
  if (parts[0] === 'apis' && parts.length === 2) {
    const group = parts[1];
    const known =
      BUILTIN_TYPES.some((t) => t.group === group) ||
      [...customGroupVersions().keys()].some((p) => p.split('/')[1] === group);
    if (!known) return undefined;
    const word = group.split('.')[0];
    const camel = word[0].toUpperCase() + word.slice(1);
    return wrap(
      simpleGet(
        `/apis/${group}/`,
        `get${camel}APIGroup`,
        'get information of a group',
        word,
        `${META}APIGroup`,
      ),
      [`${META}APIGroup`],
    );
  }
  const types = builtinGroupVersions().get(path) ?? customGroupVersions().get(path);
  if (!types) return undefined;
  const paths: Json = {};
  const roots = new Set<string>([
    `${META}Status`,
    `${META}DeleteOptions`,
    `${META}Patch`,
    `${META}WatchEvent`,
    `${META}APIResourceList`,
  ]);
  for (const t of types) {
    const apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
    const schema = definitionNameFor(apiVersion, t.kind);
    if (!schema) continue;
    const listSchema = definitionNameFor(apiVersion, `${t.kind}List`) ?? schema;
    roots.add(schema);
    roots.add(listSchema);
    const subresourceSchemas: Record<string, string> = {};
    for (const sub of t.subresources) {
      if (sub === 'status') subresourceSchemas.status = schema;
      else if (sub === 'scale') subresourceSchemas.scale = 'io.k8s.api.autoscaling.v1.Scale';
    }
    for (const s of Object.values(subresourceSchemas)) roots.add(s);
    if (t.subresources.includes('eviction')) roots.add('io.k8s.api.policy.v1.Eviction');
    if (t.subresources.includes('token')) roots.add('io.k8s.api.authentication.v1.TokenRequest');
    Object.assign(paths, resourcePaths({ type: t, schema, listSchema, subresourceSchemas }));
  }
  const sorted = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((k) => [k, paths[k]]),
  );
  return wrap(sorted, roots);
}

/**
 * A 512-bit content hash as 128 upper-case hex digits, the form upstream's index uses. Eight
 * independent 64-bit FNV-1a lanes (each as two 32-bit halves); only stability and spread matter.
 */
export function hash512(text: string): string {
  let out = '';
  for (let lane = 0; lane < 8; lane++) {
    let hi = 0xcbf29ce4 ^ (lane * 0x9e3779b9);
    let lo = 0x84222325 ^ (lane * 0x85ebca6b);
    for (let i = 0; i < text.length; i++) {
      lo ^= text.charCodeAt(i);
      // multiply (hi,lo) by the 64-bit FNV prime 0x100000001b3
      const loMul = Math.imul(lo, 0x1b3);
      const carry = ((lo >>> 16) * 0x1b3 + (((lo & 0xffff) * 0x1b3) >>> 16)) >>> 16;
      hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) | 0;
      lo = loMul;
    }
    out += (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  }
  return out.toUpperCase();
}

export type { OpenAPISchema };
