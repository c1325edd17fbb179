/**
 * The three patch types of the Kubernetes API, applied as the v1.32 API server applies them,
 * with upstream's error statuses and messages. Inputs are never mutated; every result is a fresh
 * value, and `__proto__`, `constructor` and `prototype` are ordinary keys throughout.
 */

export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './jsonPatch';
export { applyMergePatch } from './mergePatch';
export { applyStrategicMergePatch } from './strategicMergePatch';
export type { PatchOptions } from './options';

/** The PATCH Content-Types the API server accepts (apply is server-side apply). */
export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const satisfies Record<string, string>;

export type PatchType = keyof typeof PATCH_CONTENT_TYPES;
