/**
 * The built-in definitions' descriptions, kept apart from their structure: they are four fifths
 * of the schema's bytes, yet only the served `/openapi/v3` documents carry them (for `kubectl
 * explain`, the editor's hover docs and the real kubectl), while validation and patching read
 * the structure alone. The page's Worker boots without them and loads them after its first
 * prompt; whoever serves a document first awaits `loadDescriptions()` (the API server's
 * `prepare`, see ../../apiserver/APIServer.ts).
 *
 * `generated/descriptions.json` maps a definition name to its descriptions by path inside the
 * definition ("" for the definition itself, "properties/spec", "properties/ports/items", …).
 */
import type { OpenAPISchema } from './definitions';

export type Descriptions = Record<string, Record<string, string>>;

let loaded: Descriptions | undefined;
let loading: Promise<void> | undefined;
const described = new Map<string, OpenAPISchema>();

export function descriptionsLoaded(): boolean {
  return loaded !== undefined;
}

/** Loads the descriptions once; later calls share the first load (or retry a failed one). */
export function loadDescriptions(): Promise<void> {
  loading ??= import('./generated/descriptions.json').then(
    (m) => {
      loaded = (m.default ?? m) as Descriptions;
    },
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** A built-in definition with its descriptions back in place (cached per name). */
export function withDescriptions(name: string, def: OpenAPISchema): OpenAPISchema {
  if (!loaded)
    throw new Error('the OpenAPI descriptions are not loaded yet (await loadDescriptions())');
  const hit = described.get(name);
  if (hit) return hit;
  const texts = loaded[name];
  const out = texts ? (mergeDescriptions(def, texts) as OpenAPISchema) : def;
  described.set(name, out);
  return out;
}

/** Every description of `def` taken out: the rest, and the texts by path. */
export function splitDescriptions(def: unknown): {
  structure: unknown;
  texts: Record<string, string>;
} {
  const texts: Record<string, string> = {};
  const strip = (s: unknown, path: string): unknown => {
    if (Array.isArray(s)) return s.map((x, i) => strip(x, join(path, String(i))));
    if (!s || typeof s !== 'object') return s;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) {
      if (k === 'description' && typeof v === 'string') texts[path] = v;
      else out[k] = strip(v, join(path, k));
    }
    return out;
  };
  return { structure: strip(def, ''), texts };
}

/**
 * The inverse of splitDescriptions. Upstream's objects list `description` after the keys that
 * sort before it (allOf, additionalProperties, default) and before the rest, so it goes back in
 * before the first key that sorts after it; the generator checks the round trip is exact.
 */
export function mergeDescriptions(structure: unknown, texts: Record<string, string>): unknown {
  const merge = (s: unknown, path: string): unknown => {
    if (Array.isArray(s)) return s.map((x, i) => merge(x, join(path, String(i))));
    if (!s || typeof s !== 'object') return s;
    const text = texts[path];
    const out: Record<string, unknown> = {};
    let placed = text === undefined;
    for (const [k, v] of Object.entries(s)) {
      if (!placed && k > 'description') {
        out.description = text;
        placed = true;
      }
      out[k] = merge(v, join(path, k));
    }
    if (!placed) out.description = text;
    return out;
  };
  return merge(structure, '');
}

function join(path: string, key: string): string {
  return path ? `${path}/${key}` : key;
}
