/**
 * OpenAPI schemas as navigable SchemaNodes. Refs resolve lazily, on first read of `properties`,
 * `items` or `additionalProperties`, so recursive types (JSONSchemaProps) cost nothing up front.
 */
import type { SchemaNode } from './types';
import { definition, refOf, type OpenAPISchema } from './definitions';

const byDefinition = new Map<string, SchemaNode>();

/** Drops cached nodes of definitions that changed (custom resources come and go). */
export function forgetNodes(names: Iterable<string>): void {
  for (const n of names) byDefinition.delete(n);
}

/** The node of a named definition, shared by every field that refers to it. */
export function definitionNode(name: string): SchemaNode | undefined {
  const cached = byDefinition.get(name);
  if (cached) return cached;
  const def = definition(name);
  if (!def) return undefined;
  const node = toNode(def);
  node.ref = name;
  byDefinition.set(name, node);
  return node;
}

const OWN_FIELDS: [keyof OpenAPISchema, keyof SchemaNode][] = [
  ['description', 'description'],
  ['format', 'format'],
  ['default', 'default'],
  ['enum', 'enum'],
  ['required', 'required'],
  ['x-kubernetes-patch-strategy', 'patchStrategy'],
  ['x-kubernetes-patch-merge-key', 'patchMergeKey'],
  ['x-kubernetes-list-type', 'listType'],
  ['x-kubernetes-list-map-keys', 'listMapKeys'],
  ['x-kubernetes-int-or-string', 'intOrString'],
  ['x-kubernetes-preserve-unknown-fields', 'preserveUnknownFields'],
  ['x-kubernetes-embedded-resource', 'embeddedResource'],
];

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** A schema as a node; a ref (alone or in allOf) takes the target's shape under its own extensions. */
export function toNode(s: OpenAPISchema): SchemaNode {
  const node: SchemaNode = {};
  const target = refOf(s);
  if (target) {
    const t = definitionNode(target);
    if (t) {
      for (const k of Object.keys(t) as (keyof SchemaNode)[])
        if (k !== 'properties' && k !== 'items' && k !== 'additionalProperties')
          (node as Record<string, unknown>)[k] = t[k];
      lazy(node, 'properties', () => t.properties);
      lazy(node, 'items', () => t.items);
      lazy(node, 'additionalProperties', () => t.additionalProperties);
    }
  }
  if (s.type && TYPES.has(s.type)) node.type = s.type as SchemaNode['type'];
  for (const [from, to] of OWN_FIELDS)
    if (s[from] !== undefined) (node as Record<string, unknown>)[to] = s[from];
  if (s.format === 'int-or-string') node.intOrString = true;
  const props = s.properties;
  if (props) {
    lazy(node, 'properties', () => {
      const out: Record<string, SchemaNode> = {};
      for (const [k, v] of Object.entries(props)) out[k] = toNode(v);
      return out;
    });
  }
  const items = s.items;
  if (items && typeof items === 'object' && !Array.isArray(items))
    lazy(node, 'items', () => toNode(items));
  const ap = s.additionalProperties;
  if (ap === true) node.additionalProperties = true;
  else if (ap && typeof ap === 'object') lazy(node, 'additionalProperties', () => toNode(ap));
  return node;
}

/** Defines a property computed on first read, then kept; absent results read as undefined. */
function lazy<K extends 'properties' | 'items' | 'additionalProperties'>(
  node: SchemaNode,
  key: K,
  get: () => SchemaNode[K] | undefined,
): void {
  let done = false;
  let value: SchemaNode[K] | undefined;
  Object.defineProperty(node, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = get();
        done = true;
      }
      return value;
    },
  });
}
