/**
 * How kubectl reaches the API server. In the browser the cluster is in the same process (or a
 * Worker behind an RPC); in Node it is a URL. Either way a request goes in and a response comes
 * out, with watch events as a stream.
 */
import type { ApiRequest, ApiResponse, WatchEvent } from '../cluster/apiserver/types';

export type { ApiRequest, ApiResponse, WatchEvent };

/** Sends one API request; a watch response carries its events in `watch`. */
export interface Transport {
  request(req: ApiRequest): Promise<ApiResponse>;
}

/** Anything that answers API requests synchronously, such as a Cluster. */
export interface RequestHandler {
  handle(req: ApiRequest): ApiResponse;
  /** What must load before `handle` can answer `req` (a Cluster's `prepare`). */
  prepare?(req: ApiRequest): Promise<void> | undefined;
}

/** Bodies cross as JSON text, as over HTTP, so kubectl never shares objects with the store. */
function copyJson(body: unknown): unknown {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array
    ? body
    : JSON.parse(JSON.stringify(body));
}

export class InProcessTransport implements Transport {
  constructor(private readonly handler: RequestHandler) {}

  async request(req: ApiRequest): Promise<ApiResponse> {
    await this.handler.prepare?.(req);
    const res = this.handler.handle({ ...req, body: copyJson(req.body) });
    return { ...res, body: copyJson(res.body) };
  }
}

function queryString(q: Record<string, string> | undefined): string {
  const entries = Object.entries(q ?? {});
  if (entries.length === 0) return '';
  return (
    '?' + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  );
}

/** The API over HTTP with `fetch`; watch responses are read as newline-delimited JSON. */
export class HttpTransport implements Transport {
  constructor(
    private readonly server: string,
    private readonly signal?: AbortSignal,
  ) {}

  async request(req: ApiRequest): Promise<ApiResponse> {
    const url = this.server.replace(/\/+$/, '') + req.path + queryString(req.query);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body: string | Uint8Array | undefined;
    if (req.body !== undefined) {
      if (typeof req.body === 'string' || req.body instanceof Uint8Array) body = req.body;
      else {
        body = JSON.stringify(req.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    this.signal?.addEventListener('abort', onAbort);
    const res = await fetch(url, {
      method: req.method,
      headers,
      body: body as BodyInit | undefined,
      signal: controller.signal,
    });
    const outHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => (outHeaders[k] = v));
    if (req.query?.watch === 'true' && res.ok && res.body) {
      const reader = res.body.getReader();
      const signal = this.signal;
      const detach = () => signal?.removeEventListener('abort', onAbort);
      return {
        status: res.status,
        headers: outHeaders,
        watch: {
          start(send, end) {
            let stopped = false;
            const decoder = new TextDecoder();
            let buffer = '';
            void (async () => {
              try {
                for (;;) {
                  const { done, value } = await reader.read();
                  if (done || stopped) break;
                  buffer += decoder.decode(value, { stream: true });
                  let nl: number;
                  while ((nl = buffer.indexOf('\n')) >= 0) {
                    const line = buffer.slice(0, nl).trim();
                    buffer = buffer.slice(nl + 1);
                    if (line) send(JSON.parse(line) as WatchEvent);
                  }
                }
              } catch {
                // The stream ends when the caller aborts or the server goes away.
              }
              detach();
              if (!stopped) end();
            })();
            return () => {
              stopped = true;
              controller.abort();
            };
          },
        },
      };
    }
    if (req.query?.follow === 'true' && res.ok && res.body) {
      // Followed logs: chunks as they arrive, until the server ends the stream or the caller stops.
      const reader = res.body.getReader();
      const detach = () => this.signal?.removeEventListener('abort', onAbort);
      return {
        status: res.status,
        headers: outHeaders,
        body: '',
        stream: {
          start(write, end) {
            let stopped = false;
            const decoder = new TextDecoder();
            void (async () => {
              try {
                for (;;) {
                  const { done, value } = await reader.read();
                  if (done || stopped) break;
                  const text = decoder.decode(value, { stream: true });
                  if (text) write(text);
                }
              } catch {
                // The stream ends when the caller aborts or the server goes away.
              }
              detach();
              if (!stopped) end();
            })();
            return () => {
              stopped = true;
              controller.abort();
            };
          },
        },
      };
    }
    this.signal?.removeEventListener('abort', onAbort);
    const text = await res.text();
    const type = outHeaders['content-type'] ?? '';
    let parsed: unknown = text;
    if (type.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: outHeaders, body: parsed };
  }
}

/** The Accept header kubectl sends for `get`: a server-side Table, or the object itself. */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
export const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
export const JSON_ACCEPT = 'application/json';
