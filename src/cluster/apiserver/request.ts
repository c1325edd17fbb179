/**
 * Request parsing shared by the handlers: resource paths, content negotiation, bodies and the
 * list of query options kubectl sends.
 */
import { parse as parseYaml } from 'yaml';
import { deepCopy } from '../api/deepCopy';
import { badRequest } from '../api/errors';
import { descriptionsLoaded, loadDescriptions } from '../api/schema/descriptions';
import type { ApiRequest, ApiResponse, ResourcePath } from './types';

/**
 * Splits "/apis/apps/v1/namespaces/default/deployments/web/scale" into its parts. Returns
 * undefined for paths that are not resource paths. `isNamespaced` says whether the URL's
 * "namespaces/<ns>/<resource>" form applies, which depends on the kind.
 */
export function parseResourcePath(
  path: string,
  isNamespaced: (group: string, version: string, resource: string) => boolean,
): ResourcePath | undefined {
  const segs = path.split('/').filter((s) => s !== '');
  let group = '';
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return undefined;
  }
  rest = rest.map(decodeURIComponent);
  if (rest[0] === 'namespaces' && rest.length >= 3 && isNamespaced(group, version, rest[2])) {
    return {
      group,
      version,
      namespace: rest[1],
      resource: rest[2],
      name: rest[3],
      subresource: rest[4],
    };
  }
  if (rest.length > 3) return undefined;
  return { group, version, resource: rest[0], name: rest[1], subresource: rest[2] };
}

/** True when the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(req: ApiRequest): boolean {
  const accept = header(req, 'accept');
  return accept
    .split(',')
    .some((part) => /(^|;)\s*as=Table\b/.test(part) && /g=meta\.k8s\.io/.test(part));
}

/** True when the Accept header asks for aggregated discovery. */
export function wantsAggregatedDiscovery(req: ApiRequest): 'v2' | 'v2beta1' | undefined {
  const parts = header(req, 'accept').split(',');
  for (const part of parts) {
    if (/as=APIGroupDiscoveryList/.test(part) && /g=apidiscovery\.k8s\.io/.test(part)) {
      if (/v=v2beta1/.test(part)) return 'v2beta1';
      if (/v=v2\b/.test(part)) return 'v2';
    }
  }
  return undefined;
}

export function header(req: ApiRequest, name: string): string {
  return req.headers?.[name] ?? '';
}

export function query(req: ApiRequest, name: string): string | undefined {
  return req.query?.[name];
}

export function boolQuery(req: ApiRequest, name: string): boolean {
  const v = query(req, name);
  return v === 'true' || v === '1';
}

/**
 * Decodes a JSON, YAML or Kubernetes protobuf body to a value; in-process callers may pass a
 * parsed value. A protobuf body comes as bytes over HTTP, or as a string of bytes in-process.
 */
export function decodeBody(req: ApiRequest): unknown {
  let body = req.body;
  if (body === undefined || body === null || body === '') return undefined;
  const type = header(req, 'content-type');
  if (type.startsWith(PROTOBUF)) {
    if (!protobuf) throw new Error('the protobuf decoder is not loaded (await prepareRequest())');
    if (body instanceof Uint8Array) return body.length ? protobuf.decode(body) : undefined;
    if (typeof body === 'string') return protobuf.decode(binaryString(body));
  }
  if (body instanceof Uint8Array) body = new TextDecoder().decode(body);
  if (typeof body !== 'string') return body;
  if (/yaml/.test(type)) {
    try {
      return parseYaml(body, { version: '1.1' });
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
  }
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(jsonSyntaxMessage(body, e as Error));
  }
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/**
 * The protobuf decoder (and its field table, 70 KB) loads on the first protobuf body: only the
 * real kubectl over HTTP sends one, never the page.
 */
let protobuf: { decode(bytes: Uint8Array): unknown } | undefined;

export async function loadProtobufDecoder(): Promise<void> {
  const m = await import('../api/protobuf/decode');
  protobuf = { decode: m.decodeKubernetesProtobuf };
}

/**
 * What a request needs loaded before the synchronous handlers see it: the protobuf decoder for
 * a protobuf body, the schemas' descriptions for an `/openapi/v3` document. Undefined when all
 * is there already. Every transport (in-process, HTTP) awaits it before `handle`.
 */
export function prepareRequest(req: ApiRequest): Promise<void> | undefined {
  const waits: Promise<unknown>[] = [];
  if (!protobuf && req.body !== undefined && header(req, 'content-type').startsWith(PROTOBUF))
    waits.push(loadProtobufDecoder());
  if (req.path.startsWith('/openapi/v3') && !descriptionsLoaded()) waits.push(loadDescriptions());
  return waits.length ? Promise.all(waits).then(() => undefined) : undefined;
}

/**
 * The bytes of a string that carries a binary body: one byte per character (latin1) when every
 * character fits a byte, else the string's UTF-8.
 */
function binaryString(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return new TextEncoder().encode(s);
    out[i] = c;
  }
  return out;
}

function jsonSyntaxMessage(body: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  const offset = m ? Number(m[1]) : body.length;
  return `couldn't get version/kind; json parse error: invalid character '${body[offset] ?? ''}' looking for beginning of value`;
}

export function jsonResponse(
  status: number,
  body: unknown,
  extra?: Record<string, string>,
): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...extra }, body };
}

export function textResponse(status: number, body: string): ApiResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** A deep copy of a JSON value, unfrozen. */
export function clone<T>(v: T): T {
  return deepCopy(v);
}
