/**
 * Custom resources' schemas: a CustomResourceDefinition's `spec.versions[].schema.openAPIV3Schema`
 * becomes a component schema named as upstream names it (group labels reversed:
 * "stable.example.com" v1 CronTab -> "com.example.stable.v1.CronTab"), with apiVersion, kind and
 * metadata added, a list schema beside it, and its group-version's document.
 */
import type { KubeObject } from '../types';
import type { ResourceType } from '../registry';
import {
  customByGvk,
  customDefinitions,
  gvkKey,
  REF_PREFIX,
  type OpenAPISchema,
} from './definitions';
import { forgetNodes } from './nodes';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const API_VERSION_DOC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

interface Registered {
  /** Document paths ("apis/stable.example.com/v1") to the resource served there. */
  types: Map<string, ResourceType>;
  definitions: string[];
  gvks: string[];
}

/** By CRD name. */
const registered = new Map<string, Registered>();
const listeners = new Set<(paths: string[]) => void>();

/** Called with the document paths whose content changed. */
export function onCustomSchemasChange(fn: (paths: string[]) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Document path -> the custom resources it serves. */
export function customGroupVersions(): Map<string, ResourceType[]> {
  const out = new Map<string, ResourceType[]>();
  for (const r of registered.values())
    for (const [p, t] of r.types) out.set(p, [...(out.get(p) ?? []), t]);
  return out;
}

export function isCustomDefinition(name: string): boolean {
  return customDefinitions.has(name);
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  schema?: { openAPIV3Schema?: OpenAPISchema };
  subresources?: { status?: unknown; scale?: unknown };
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { kind?: string; listKind?: string; plural?: string; singular?: string };
  versions?: CrdVersion[];
}

export function definitionPrefix(group: string, version: string): string {
  return `${group.split('.').reverse().join('.')}.${version}`;
}

export function registerCustomResourceSchema(crd: KubeObject): void {
  unregisterCustomResourceSchema(crd);
  const spec = (crd.spec ?? {}) as CrdSpec;
  const group = spec.group;
  const kind = spec.names?.kind;
  const plural = spec.names?.plural;
  if (!group || !kind || !plural) return;
  const listKind = spec.names?.listKind || `${kind}List`;
  const entry: Registered = { types: new Map(), definitions: [], gvks: [] };
  for (const v of spec.versions ?? []) {
    if (!v.name || v.served === false) continue;
    const apiVersion = `${group}/${v.name}`;
    const name = `${definitionPrefix(group, v.name)}.${kind}`;
    const listName = `${definitionPrefix(group, v.name)}.${listKind}`;
    const schema = structuredCloneJson(
      v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    );
    const properties: Record<string, OpenAPISchema> = {
      apiVersion: { description: API_VERSION_DOC, type: 'string' },
      kind: { description: KIND_DOC, type: 'string' },
      metadata: {
        allOf: [{ $ref: `${REF_PREFIX}${META}ObjectMeta` }],
        description:
          "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
      },
      ...(schema.properties ?? {}),
    };
    schema.properties = Object.fromEntries(
      Object.keys(properties)
        .sort()
        .map((k) => [k, properties[k]]),
    );
    schema.type ??= 'object';
    schema['x-kubernetes-group-version-kind'] = [{ group, kind, version: v.name }];
    const list: OpenAPISchema = {
      description: `${listKind} is a list of ${kind}`,
      properties: {
        apiVersion: { description: API_VERSION_DOC, type: 'string' },
        items: {
          description: `List of ${plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
          items: { $ref: REF_PREFIX + name },
          type: 'array',
        },
        kind: { description: KIND_DOC, type: 'string' },
        metadata: {
          allOf: [{ $ref: `${REF_PREFIX}${META}ListMeta` }],
          description:
            'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
        },
      },
      required: ['items'],
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group, kind: listKind, version: v.name }],
    };
    customDefinitions.set(name, schema);
    customDefinitions.set(listName, list);
    customByGvk.set(gvkKey(apiVersion, kind), name);
    customByGvk.set(gvkKey(apiVersion, listKind), listName);
    entry.definitions.push(name, listName);
    entry.gvks.push(gvkKey(apiVersion, kind), gvkKey(apiVersion, listKind));
    const subresources: string[] = [];
    if (v.subresources?.scale) subresources.push('scale');
    if (v.subresources?.status) subresources.push('status');
    entry.types.set(`apis/${group}/${v.name}`, {
      group,
      version: v.name,
      kind,
      plural,
      singular: spec.names?.singular || kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: [],
      categories: [],
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      subresources,
      key: `${plural}.${group}`,
      custom: true,
    });
  }
  registered.set(crd.metadata.name ?? `${plural}.${group}`, entry);
  forgetNodes(entry.definitions);
  changed([...entry.types.keys()]);
}

export function unregisterCustomResourceSchema(crd: KubeObject): void {
  const spec = (crd.spec ?? {}) as CrdSpec;
  const key = crd.metadata.name ?? `${spec.names?.plural}.${spec.group}`;
  const entry = registered.get(key);
  if (!entry) return;
  registered.delete(key);
  for (const d of entry.definitions) customDefinitions.delete(d);
  for (const g of entry.gvks) customByGvk.delete(g);
  forgetNodes(entry.definitions);
  changed([...entry.types.keys()]);
}

function changed(paths: string[]): void {
  for (const fn of listeners) fn(paths);
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
