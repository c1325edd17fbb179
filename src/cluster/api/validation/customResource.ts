/**
 * A custom resource checked against its CRD's structural schema (openAPIV3Schema), as the
 * apiextensions-apiserver does through kube-openapi's validator and then
 * `kubeOpenAPIResultToFieldErrors`: wrong types are TypeInvalid with kube-openapi's
 * `spec.replicas in body must be of type integer: "string"`, missing properties Required, enums
 * NotSupported, maxLength TooLong, maxItems TooMany, and every other keyword Invalid with
 * kube-openapi's sentence (`spec.replicas in body should be less than or equal to 10`).
 * metadata is left to ObjectMeta validation; x-kubernetes-preserve-unknown-fields and
 * x-kubernetes-int-or-string are honoured.
 */
import type { FieldError } from '../errors';
import type { OpenAPISchema } from '../schema/definitions';
import { invalid, notSupported, required, tooLong, tooMany } from './field';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

/** The JSON type kube-openapi names for a value. */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(s: Schema, v: unknown): boolean {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || Number.isInteger(v);
  if (!s.type) return true;
  if (v === null) return !!s.nullable;
  const t = typeOf(v);
  return t === s.type || (s.type === 'number' && t === 'integer');
}

/** Go's %v of a JSON number, as kube-openapi prints limits. */
function num(n: number): string {
  return String(n);
}

function validateValue(s: Schema, v: unknown, path: string, out: FieldError[]): void {
  const at = path || '<nil>';
  if (!typeMatches(s, v)) {
    out.push({
      ...invalid(
        path,
        typeOf(v),
        `${at} in body must be of type ${s.type ?? 'integer,string'}: "${typeOf(v)}"`,
      ),
      type: 'FieldValueTypeInvalid',
    });
    return;
  }
  if (v === null) return;
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    out.push(
      notSupported(
        path,
        typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v),
        s.enum.map((e) => JSON.stringify(e)),
      ),
    );
  }
  if (typeof v === 'number') {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      const rel = s.exclusiveMaximum ? 'less than' : 'less than or equal to';
      out.push(invalid(path, v, `${at} in body should be ${rel} ${num(s.maximum)}`));
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      const rel = s.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      out.push(invalid(path, v, `${at} in body should be ${rel} ${num(s.minimum)}`));
    }
    if (s.multipleOf && !Number.isInteger(v / s.multipleOf)) {
      out.push(invalid(path, v, `${at} in body should be a multiple of ${num(s.multipleOf)}`));
    }
  }
  if (typeof v === 'string') {
    const length = [...v].length;
    if (s.maxLength !== undefined && length > s.maxLength) out.push(tooLong(path, s.maxLength));
    if (s.minLength !== undefined && length < s.minLength) {
      out.push(invalid(path, v, `${at} in body should be at least ${s.minLength} chars long`));
    }
    if (s.pattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(v)) {
        out.push(invalid(path, v, `${at} in body should match '${s.pattern}'`));
      }
    }
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) {
      out.push(tooMany(path, v.length, s.maxItems));
    }
    if (s.minItems !== undefined && v.length < s.minItems) {
      out.push(invalid(path, '', `${at} in body should have at least ${s.minItems} items`));
    }
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) {
      out.push(invalid(path, '', `${at} in body shouldn't contain duplicates`));
    }
    if (s.items) v.forEach((x, i) => validateValue(s.items!, x, `${path}[${i}]`, out));
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) {
      out.push(tooMany(path, keys.length, s.maxProperties));
    }
    if (s.minProperties !== undefined && keys.length < s.minProperties) {
      out.push(
        invalid(path, '', `${at} in body should have at least ${s.minProperties} properties`),
      );
    }
    const child = (k: string) => (path ? `${path}.${k}` : k);
    for (const r of s.required ?? []) if (!(r in o)) out.push(required(child(r)));
    for (const k of keys.sort()) {
      if (!path && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      const ps = s.properties?.[k];
      if (ps) validateValue(ps, o[k], child(k), out);
      else if (typeof s.additionalProperties === 'object') {
        validateValue(s.additionalProperties, o[k], child(k), out);
      }
    }
  }
}

/** The schema errors of a custom resource, by upstream's paths and messages. */
export function validateCustomResource(
  obj: Record<string, unknown>,
  schema: OpenAPISchema,
): FieldError[] {
  const out: FieldError[] = [];
  validateValue(schema as Schema, obj, '', out);
  return out;
}

/**
 * Upstream's pruning of a custom resource (apiextensions structural pruning): fields its schema
 * does not declare are dropped, except under x-kubernetes-preserve-unknown-fields; metadata is
 * ObjectMeta's and left alone. Mutates `obj`.
 */
export function pruneCustomResource(obj: Record<string, unknown>, schema: OpenAPISchema): void {
  prune(schema as Schema, obj, true);
}

function prune(s: Schema, v: unknown, root = false): void {
  if (s['x-kubernetes-preserve-unknown-fields'] || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    if (s.items) for (const x of v) prune(s.items, x);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (root && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
    const ps = s.properties?.[k];
    if (ps) prune(ps, o[k]);
    else if (typeof s.additionalProperties === 'object') prune(s.additionalProperties, o[k]);
    else if (s.additionalProperties !== true) delete o[k];
  }
}
