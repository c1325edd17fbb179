/**
 * Scenario links: the learner's own objects, files and cluster size, compressed
 * (CompressionStream 'deflate-raw') and base64url-encoded in the URL fragment, so a link carries a
 * whole exercise and never leaves the browser (fragments are not sent to servers). A link is data,
 * never code: it is size-limited and checked, and its objects are applied with kubectl like any
 * manifest the learner writes.
 */
import type { KubeObject } from '../../cluster/api/types';
import type { ClusterSettings } from '../../worker/protocol';

export const LINK_PREFIX = '#scenario=';
/** Longest fragment accepted (browsers keep much longer URLs; chat apps do not). */
export const MAX_LINK_CHARS = 64 * 1024;
const MAX_JSON_CHARS = 1024 * 1024;
const MAX_OBJECTS = 500;
const MAX_FILES = 100;
const HOME = '/home/learner/';

export interface Scenario {
  v: 1;
  settings: ClusterSettings;
  objects: KubeObject[];
  /** Files under /home/learner, by absolute path. */
  files: Record<string, string>;
}

/** Kinds a scenario keeps: what a learner creates (pods only when no controller owns them). */
export const SCENARIO_RESOURCES =
  'namespaces,deployments,statefulsets,daemonsets,jobs,cronjobs,services,configmaps,secrets,ingresses,persistentvolumeclaims,horizontalpodautoscalers,networkpolicies,pods';

/** An object as its author would write it: no server-set fields, no status. */
export function authored(obj: KubeObject): KubeObject | null {
  const m = obj.metadata ?? {};
  const ns = m.namespace ?? '';
  if (ns.startsWith('kube-') || (m.name ?? '').startsWith('kube-')) return null;
  if (
    obj.kind === 'Namespace' &&
    ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(m.name ?? '')
  )
    return null;
  if (m.ownerReferences?.length) return null;
  if (obj.kind === 'ConfigMap' && m.name === 'kube-root-ca.crt') return null;
  if (obj.kind === 'Service' && ns === 'default' && m.name === 'kubernetes') return null;
  const metadata: Record<string, unknown> = { name: m.name };
  if (m.namespace) metadata.namespace = m.namespace;
  if (m.labels) metadata.labels = m.labels;
  const annotations = Object.fromEntries(
    Object.entries(m.annotations ?? {}).filter(
      ([k]) =>
        !k.startsWith('deployment.kubernetes.io/') &&
        k !== 'kubectl.kubernetes.io/last-applied-configuration',
    ),
  );
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const spec = obj.spec ? { ...(obj.spec as Record<string, unknown>) } : undefined;
  if (spec && obj.kind === 'Service') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  const out: Record<string, unknown> = { apiVersion: obj.apiVersion, kind: obj.kind, metadata };
  if (spec) out.spec = spec;
  for (const k of ['data', 'stringData', 'binaryData', 'type', 'immutable']) {
    if ((obj as Record<string, unknown>)[k] !== undefined)
      out[k] = (obj as Record<string, unknown>)[k];
  }
  return out as KubeObject;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it has characters a link cannot carry');
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function encodeScenario(s: Scenario): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(s));
  const link = LINK_PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
  if (link.length > MAX_LINK_CHARS) {
    throw new Error(
      `the scenario is too big for a link (${Math.round(link.length / 1024)} KB of ${MAX_LINK_CHARS / 1024} KB)`,
    );
  }
  return link;
}

/** The scenario of a link's fragment, checked; throws an Error in plain words. */
export async function decodeScenario(fragment: string): Promise<Scenario> {
  if (!fragment.startsWith(LINK_PREFIX)) throw new Error('it is not a scenario link');
  if (fragment.length > MAX_LINK_CHARS) throw new Error('it is too long');
  let json: string;
  try {
    const bytes = await pipe(
      fromBase64Url(fragment.slice(LINK_PREFIX.length)),
      new DecompressionStream('deflate-raw'),
    );
    if (bytes.length > MAX_JSON_CHARS) throw new Error('too big');
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('it is cut short or damaged');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('its content is not valid JSON');
  }
  return checkScenario(value);
}

export function checkScenario(value: unknown): Scenario {
  const s = value as Partial<Scenario> | null;
  if (!s || typeof s !== 'object' || s.v !== 1)
    throw new Error('it was made by another version of the playground');
  const st = s.settings as Partial<ClusterSettings> | undefined;
  const quantity = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/;
  if (
    !st ||
    !Number.isInteger(st.nodes) ||
    st.nodes! < 1 ||
    st.nodes! > 5 ||
    typeof st.cpu !== 'string' ||
    !quantity.test(st.cpu) ||
    typeof st.memory !== 'string' ||
    !quantity.test(st.memory)
  ) {
    throw new Error('its cluster size is not valid');
  }
  if (!Array.isArray(s.objects) || s.objects.length > MAX_OBJECTS)
    throw new Error('its objects are not valid');
  for (const o of s.objects) {
    if (
      !o ||
      typeof o !== 'object' ||
      typeof o.kind !== 'string' ||
      typeof o.apiVersion !== 'string' ||
      typeof o.metadata?.name !== 'string'
    ) {
      throw new Error('one of its objects has no kind, apiVersion or name');
    }
  }
  const files = s.files;
  if (!files || typeof files !== 'object' || Object.keys(files).length > MAX_FILES)
    throw new Error('its files are not valid');
  for (const [path, content] of Object.entries(files)) {
    if (!path.startsWith(HOME) || path.includes('/../') || typeof content !== 'string') {
      throw new Error(`its file ${JSON.stringify(path)} is not under ${HOME}`);
    }
  }
  return {
    v: 1,
    settings: { nodes: st.nodes!, cpu: st.cpu, memory: st.memory },
    objects: s.objects,
    files,
  };
}
