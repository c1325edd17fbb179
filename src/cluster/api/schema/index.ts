/**
 * One schema source for every kind: navigation for strict validation and strategic merge patch,
 * and the `/openapi/v3` documents kubectl reads for `explain` and `apply`. See README.md.
 */
import type { KubeObject } from '../types';
import type { SchemaNode } from './types';
import { definitionNameFor } from './definitions';
import { definitionNode } from './nodes';
import { duplicateFields, walkUnknown } from './unknownFields';
import {
  isCustomDefinition,
  onCustomSchemasChange,
  registerCustomResourceSchema as register,
  unregisterCustomResourceSchema as unregister,
} from './customResources';
import { invalidateDocuments } from './documents';

export type { SchemaNode } from './types';
export { openapiV3Root, openapiV3Doc, openapiV3DocHash, OPENAPI_INFO_VERSION } from './documents';
export { duplicateFields } from './unknownFields';

onCustomSchemasChange((paths) => {
  for (const p of paths) invalidateDocuments(p);
});

/** The schema of a kind ("apps/v1", "Deployment"), built-in or custom; refs resolve lazily. */
export function schemaFor(apiVersion: string, kind: string): SchemaNode | undefined {
  const name = definitionNameFor(apiVersion, kind);
  return name ? definitionNode(name) : undefined;
}

/**
 * Strict decoding: upstream's message fragments for every unknown field, e.g.
 * 'unknown field "spec.replica"', 'unknown field "spec.template.spec.containers[0].imagePullPolice"',
 * and, when the request's JSON text is given, every duplicate field ('duplicate field "spec.replicas"').
 * Empty when fine, and for kinds without a schema. The API server joins them with ", " after
 * "strict decoding error: ".
 */
export function unknownFields(
  apiVersion: string,
  kind: string,
  obj: unknown,
  rawJson?: string,
): string[] {
  const name = definitionNameFor(apiVersion, kind);
  const node = name ? definitionNode(name) : undefined;
  if (!name || !node) return [];
  const out = rawJson === undefined ? [] : duplicateFields(rawJson);
  walkUnknown(node, obj, '', out, isCustomDefinition(name));
  return out;
}

/** Serves a CRD's versions through schemaFor, unknownFields and openapiV3Doc("apis/<group>/<version>"). */
export function registerCustomResourceSchema(crd: KubeObject): void {
  register(crd);
}

export function unregisterCustomResourceSchema(crd: KubeObject): void {
  unregister(crd);
}
