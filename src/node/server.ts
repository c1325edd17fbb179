/**
 * The headless cluster on HTTP: the API server's request → response function behind node:http
 * (loopback only, plain HTTP), with watch streams as chunked JSON lines, plus the playground's
 * clock endpoints, and the upgraded streams of exec, attach and port-forward. The real kubectl talks to it with `--server http://127.0.0.1:PORT`.
 */
import http from 'node:http';
import type { Cluster } from '../cluster/cluster';
import type { ApiRequest, ApiResponse } from '../cluster/apiserver/types';
import { createUpgradeServer, handleUpgrade } from './upgrade';
import type { UpgradeOptions } from './upgrade';

export interface ServeOptions extends UpgradeOptions {
  port: number;
  host?: string;
}

/**
 * The request body: bytes for Kubernetes protobuf (kubectl's typed clients send it), text for
 * JSON and YAML.
 */
function readBody(req: http.IncomingMessage): Promise<string | Uint8Array> {
  const binary = (req.headers['content-type'] ?? '').startsWith(
    'application/vnd.kubernetes.protobuf',
  );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(
        binary ? new Uint8Array(all.buffer, all.byteOffset, all.length) : all.toString('utf8'),
      );
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: ApiResponse): void {
  const body =
    r.body === undefined
      ? ''
      : typeof r.body === 'string' || r.body instanceof Uint8Array
        ? r.body
        : JSON.stringify(r.body);
  res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The playground's own endpoints: the virtual clock, driven from outside. */
function playground(cluster: Cluster, method: string, url: URL): ApiResponse | undefined {
  const clock = () => ({
    kind: 'Clock',
    apiVersion: 'playground/v1',
    time: new Date(cluster.clock.now()).toISOString(),
    elapsedSeconds: cluster.clock.elapsed() / 1000,
    pendingTimers: cluster.clock.pending(),
  });
  if (url.pathname === '/playground/v1/clock' && method === 'GET') {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: clock() };
  }
  if (url.pathname === '/playground/v1/advance' && method === 'POST') {
    const seconds = Number(url.searchParams.get('seconds') ?? '0');
    if (!Number.isFinite(seconds) || seconds < 0) {
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: { error: 'seconds must be a number of seconds, 0 or more' },
      };
    }
    cluster.advance(seconds * 1000);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: clock() };
  }
  return undefined;
}

export function serve(cluster: Cluster, opts: ServeOptions): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const own = playground(cluster, method, url);
      if (own) return send(res, own);
      const body = await readBody(req);
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers[k] = v;
        else if (Array.isArray(v)) headers[k] = v.join(', ');
      }
      const apiReq: ApiRequest = {
        method,
        path: url.pathname,
        query,
        headers,
        body: body.length ? body : undefined,
      };
      await cluster.prepare(apiReq);
      const r = cluster.handle(apiReq);
      if (r.stream) {
        // Streamed text (logs -f): the body so far, then chunks until the source ends.
        res.writeHead(r.status, { ...r.headers, 'transfer-encoding': 'chunked' });
        res.flushHeaders();
        const stop = r.stream.start(
          (text) => res.write(text),
          () => res.end(),
        );
        cluster.settle();
        req.on('close', stop);
        return;
      }
      if (!r.watch) return send(res, r);
      res.writeHead(r.status, { ...r.headers, 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      const stop = r.watch.start(
        (ev) => res.write(JSON.stringify(ev) + '\n'),
        () => res.end(),
      );
      cluster.settle();
      req.on('close', stop);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e instanceof Error ? e.stack : e));
    }
  });
  // exec, attach and port-forward: WebSocket upgrades (see upgrade.ts).
  const wss = createUpgradeServer();
  server.on('upgrade', (req, socket, head) => {
    try {
      handleUpgrade(cluster, wss, opts, req, socket, head);
    } catch (e) {
      socket.end(`HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n${String(e)}`);
    }
  });
  server.on('close', () => wss.close());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve(server));
  });
}
