/**
 * Small helpers shared by the store's parts: object keys, GroupResource parsing, deep freezing.
 */
import { deepCopy } from '../api/deepCopy';
import type { GroupResource } from '../api/errors';
import type { KubeObject } from '../api/types';

/**
 * The key of an object inside one resource: namespace, NUL, name. NUL sorts below every character
 * a namespace may hold, so comparing keys as strings orders by namespace, then name.
 */
export function objectKey(namespace: string, name: string): string {
  return namespace + '\u0000' + name;
}

/** The namespace part of an object key. */
export function keyNamespace(key: string): string {
  return key.slice(0, key.indexOf('\u0000'));
}

/** The namespace of an object, '' when cluster-scoped. */
export function namespaceOf(obj: KubeObject): string {
  return obj.metadata.namespace ?? '';
}

/** "deployments.apps" -> {group: 'apps', resource: 'deployments'}; plurals never hold a dot. */
export function groupResource(resource: string): GroupResource {
  const dot = resource.indexOf('.');
  return dot < 0
    ? { group: '', resource }
    : { group: resource.slice(dot + 1), resource: resource.slice(0, dot) };
}

/** Freezes a value and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A private, deep-frozen copy of an object, as the store keeps it. */
export function frozenCopy(obj: KubeObject): KubeObject {
  return deepFreeze(deepCopy(obj));
}

/** Plain string order (UTF-16 code units), the order of Array.prototype.sort without a comparator. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
