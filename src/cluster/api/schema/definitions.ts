/**
 * The component schemas every document and lookup draws from: the generated built-in
 * definitions plus those of established CustomResourceDefinitions, in upstream's OpenAPI v3
 * shape (`$ref: "#/components/schemas/<name>"`, `allOf` around a ref with siblings).
 */
import builtin from './generated/definitions.json';

/** An OpenAPI v3 schema object as upstream's documents carry it. */
export interface OpenAPISchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenAPISchema>;
  required?: string[];
  items?: OpenAPISchema;
  additionalProperties?: OpenAPISchema | boolean;
  allOf?: OpenAPISchema[];
  oneOf?: OpenAPISchema[];
  anyOf?: OpenAPISchema[];
  enum?: (string | number)[];
  default?: unknown;
  $ref?: string;
  'x-kubernetes-group-version-kind'?: GVK[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [extension: string]: unknown;
}

export interface GVK {
  group: string;
  kind: string;
  version: string;
}

export const REF_PREFIX = '#/components/schemas/';

export const BUILTIN_DEFINITIONS = builtin as unknown as Readonly<Record<string, OpenAPISchema>>;

/** Definitions added by custom resources, by name ("com.example.stable.v1.CronTab"). */
export const customDefinitions = new Map<string, OpenAPISchema>();

export function definition(name: string): OpenAPISchema | undefined {
  return customDefinitions.get(name) ?? BUILTIN_DEFINITIONS[name];
}

/** The definition name a schema refers to, directly or as the single member of allOf. */
export function refOf(s: OpenAPISchema): string | undefined {
  const r = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0].$ref : undefined);
  return r?.startsWith(REF_PREFIX) ? r.slice(REF_PREFIX.length) : undefined;
}

const byGvk = new Map<string, string>();
for (const [name, def] of Object.entries(BUILTIN_DEFINITIONS)) {
  for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
    // DeleteOptions and WatchEvent name every group-version; a kind's own schema wins.
    const key = gvkKey(g.group ? `${g.group}/${g.version}` : g.version, g.kind);
    if (!byGvk.has(key) || g.kind !== 'DeleteOptions') byGvk.set(key, name);
  }
}

export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Custom kinds: apiVersion/kind to definition name. */
export const customByGvk = new Map<string, string>();

export function definitionNameFor(apiVersion: string, kind: string): string | undefined {
  const key = gvkKey(apiVersion, kind);
  return customByGvk.get(key) ?? byGvk.get(key);
}

/** Every definition reachable from `names`, in sorted order. */
export function closure(names: Iterable<string>): Record<string, OpenAPISchema> {
  const seen = new Set<string>();
  const stack = [...names];
  while (stack.length) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    const def = definition(n);
    if (!def) continue;
    seen.add(n);
    collectRefs(def, stack);
  }
  const out: Record<string, OpenAPISchema> = {};
  for (const n of [...seen].sort()) out[n] = definition(n) as OpenAPISchema;
  return out;
}

function collectRefs(s: unknown, out: string[]): void {
  if (Array.isArray(s)) {
    for (const x of s) collectRefs(x, out);
  } else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX))
        out.push(v.slice(REF_PREFIX.length));
      else if (typeof v === 'object') collectRefs(v, out);
    }
  }
}
