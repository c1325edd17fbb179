/**
 * The editor's JSON Schema, drawn from the API server's own `/openapi/v3` documents so it covers
 * exactly the kinds the cluster serves (custom resources too, once their CRD is established).
 *
 * Built here rather than at build time: the Worker already carries the definitions, so the page
 * downloads nothing more, and a CRD added in the terminal shows up the next time it is asked.
 *
 * The shape, for monaco-yaml (yaml-language-server, draft 7):
 * - `definitions`: every component schema, `#/components/schemas/X` refs rewritten to
 *   `#/definitions/X`; objects that list their properties get `additionalProperties: false`
 *   (unless marked `x-kubernetes-preserve-unknown-fields`), so `replcas` is an error as it is
 *   for the API server's strict field validation.
 * - the root: `apiVersion` and `kind` with the served values as enums (completion), then one
 *   `if {apiVersion, kind} then {$ref}` per kind, so each document of a file is checked against
 *   its own kind and errors name the real field instead of a failed `oneOf`.
 */
import type { ApiResponse, Transport } from '../kubectl/transport';

type Schema = Record<string, unknown>;

const REF = '#/components/schemas/';

interface Kind {
  apiVersion: string;
  kind: string;
  definition: string;
  description?: string;
}

async function getJson(transport: Transport, path: string): Promise<unknown> {
  const res: ApiResponse = await transport.request({
    method: 'GET',
    path,
    headers: { accept: 'application/json' },
  });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return typeof res.body === 'string' ? JSON.parse(res.body) : res.body;
}

/** The last schema built, keyed by the index's document URLs (which carry their hashes). */
const cache = new WeakMap<Transport, { key: string; schema: object }>();

/**
 * Reads `/openapi/v3` and every document it lists, then builds the schema; while the index's
 * hashes stay the same (no CRD came or went), the schema built last is answered again.
 */
export async function fetchEditorSchema(transport: Transport): Promise<object> {
  const root = (await getJson(transport, '/openapi/v3')) as {
    paths?: Record<string, { serverRelativeURL?: string }>;
  };
  const key = JSON.stringify(root.paths ?? {});
  const hit = cache.get(transport);
  if (hit?.key === key) return hit.schema;
  const schema = await buildFrom(transport, root);
  cache.set(transport, { key, schema });
  return schema;
}

async function buildFrom(
  transport: Transport,
  root: { paths?: Record<string, unknown> },
): Promise<object> {
  const components: Record<string, Schema> = {};
  for (const [path] of Object.entries(root.paths ?? {})) {
    const doc = (await getJson(transport, `/openapi/v3/${path}`)) as {
      components?: { schemas?: Record<string, Schema> };
    };
    Object.assign(components, doc.components?.schemas ?? {});
  }
  return editorSchema(components);
}

/** The editor's schema from OpenAPI v3 component schemas (by definition name). */
export function editorSchema(components: Record<string, Schema>): object {
  const definitions: Record<string, unknown> = {};
  const kinds: Kind[] = [];
  const seen = new Set<string>();
  for (const [name, def] of Object.entries(components)) {
    definitions[name] = convert(def);
    const gvks = def['x-kubernetes-group-version-kind'] as
      { group: string; version: string; kind: string }[] | undefined;
    // Lists, options and events name many group-versions; only a kind's own schema has
    // metadata alongside apiVersion and kind (and ...List kinds are not written by hand).
    const props = def.properties as Record<string, unknown> | undefined;
    if (!gvks || !props?.metadata || !props.kind) continue;
    for (const g of gvks) {
      if (g.kind.endsWith('List')) continue;
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      const key = `${apiVersion}/${g.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      kinds.push({
        apiVersion,
        kind: g.kind,
        definition: name,
        description: typeof def.description === 'string' ? def.description : undefined,
      });
    }
  }
  kinds.sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion));
  const apiVersions = [...new Set(kinds.map((k) => k.apiVersion))].sort();
  const kindNames = [...new Set(kinds.map((k) => k.kind))];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'The API group and version of the object ("v1", "apps/v1"). Each kind is served in the versions listed.',
        enum: apiVersions,
      },
      kind: {
        type: 'string',
        description: 'The kind of object, e.g. Deployment.',
        enum: kindNames,
        markdownEnumDescriptions: kindNames.map((k) =>
          kinds
            .filter((x) => x.kind === k)
            .map((x) => x.apiVersion)
            .join(', '),
        ),
      },
    },
    allOf: kinds.map((k) => ({
      if: {
        properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: `#/definitions/${k.definition}` },
    })),
    definitions,
  };
}

/** One OpenAPI schema as JSON Schema draft 7 (see the module comment). */
function convert(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(convert);
  if (!s || typeof s !== 'object') return s;
  const src = s as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
      out.$ref = `#/definitions/${v.slice(REF.length)}`;
    } else if (k.startsWith('x-kubernetes-') || k === 'default') {
      // Extensions mean nothing to the language server; upstream's defaults are what the
      // server fills in, not suggestions.
    } else if (k === 'format' && typeof v === 'string' && v !== 'date-time') {
      // int32/int64/double/int-or-string/byte are not JSON Schema formats.
    } else if (k === 'properties' && v && typeof v === 'object') {
      const props: Schema = {};
      for (const [name, p] of Object.entries(v as Schema)) props[name] = convert(p);
      out.properties = props;
    } else {
      out[k] = convert(v);
    }
  }
  // `allOf: [{$ref}]` beside a description is how OpenAPI v3 describes a field of a named type;
  // draft 7 takes it as it is.
  // kubectl prints an unset time as null (a pod template's `creationTimestamp: null`), and the
  // API server reads null as unset.
  if (src.format === 'date-time' && src.type === 'string') out.type = ['string', 'null'];
  if (src['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    src.properties &&
    src.additionalProperties === undefined &&
    !src['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}
