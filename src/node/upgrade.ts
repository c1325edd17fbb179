/**
 * Upgraded connections on the headless server: `kubectl exec`, `attach` and `port-forward`.
 * kubectl v1.32 asks for a WebSocket first (remote-command v5 for exec and attach, SPDY tunnelled
 * through a WebSocket for port-forward) and falls back to a SPDY upgrade when the WebSocket
 * handshake fails. The checks the API server makes before it proxies to the kubelet
 * (upstream's `streamLocation`: the pod exists, the container is one of its own, the pod has a
 * node) answer before the upgrade, as the HTTP error kubectl prints as `Error from server`.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { isApiError } from '../cluster/api/errors';
import type { Status } from '../cluster/api/errors';
import type { KubeObject } from '../cluster/api/types';
import { chooseContainer } from '../cluster/apiserver/subresources';
import type { ApiRequest } from '../cluster/apiserver/types';
import type { Cluster } from '../cluster/cluster';
import { PORT_FORWARD_PROTOCOL, servePortForward } from './portforward';
import { REMOTE_COMMAND_V5, serveRemoteCommand } from './remotecommand';
import type { RemoteCommandOptions } from './remotecommand';

/** Stands in for PORT_FORWARD_PROTOCOL while the ws package parses the handshake. */
const PORT_FORWARD_TOKEN = 'portforward.k8s.io';

const SUBRESOURCE_PATH =
  /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)$/;

/** Writes a plain HTTP answer on a socket that was not upgraded, and closes it. */
function reject(socket: Duplex, status: number, body: string, contentType: string): void {
  const reason: Record<number, string> = {
    400: 'Bad Request',
    404: 'Not Found',
    405: 'Method Not Allowed',
    500: 'Internal Server Error',
  };
  socket.end(
    `HTTP/1.1 ${status} ${reason[status] ?? 'Error'}\r\n` +
      `Content-Type: ${contentType}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function rejectStatus(socket: Duplex, status: Status): void {
  reject(socket, status.code, JSON.stringify(status), 'application/json');
}

function badRequest(message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'BadRequest',
    code: 400,
  };
}

/** The query as the subresources read it, plus every `command` value in order. */
function parseQuery(url: URL): { query: Record<string, string>; command: string[] } {
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  return { query, command: url.searchParams.getAll('command') };
}

/**
 * The API server's checks before a stream is proxied to the kubelet. Returns the pod and the
 * container it means (none for port-forward), or the Status to answer with.
 */
function streamLocation(
  cluster: Cluster,
  ns: string,
  name: string,
  subresource: string,
  query: Record<string, string>,
): { pod: KubeObject; container?: string } | { error: Status } {
  const got = cluster.handle({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods/${name}`,
    headers: { accept: 'application/json' },
  });
  if (got.status !== 200) return { error: got.body as Status };
  const pod = got.body as KubeObject;
  let container: string | undefined;
  if (subresource !== 'portforward') {
    try {
      container = chooseContainer(pod, { method: 'GET', path: '', query } as ApiRequest);
    } catch (e) {
      if (isApiError(e)) return { error: e.status };
      throw e;
    }
  }
  if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) {
    return { error: badRequest(`pod ${name} does not have a host assigned`) };
  }
  return { pod, container };
}

function offeredProtocols(req: http.IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export type UpgradeOptions = RemoteCommandOptions;

/** Handles the node:http server's 'upgrade' event. */
export function handleUpgrade(
  cluster: Cluster,
  wss: WebSocketServer,
  opts: UpgradeOptions,
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  socket.on('error', () => socket.destroy());
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = SUBRESOURCE_PATH.exec(url.pathname);
  if (!m) {
    const notFound: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      code: 404,
    };
    return rejectStatus(socket, notFound);
  }
  const [, ns, name, subresource] = m.map(decodeURIComponent);
  const { query, command } = parseQuery(url);
  const where = streamLocation(cluster, ns, name, subresource, query);
  if ('error' in where) return rejectStatus(socket, where.error);

  const isWebSocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
  const wanted = subresource === 'portforward' ? PORT_FORWARD_PROTOCOL : REMOTE_COMMAND_V5;
  if (!isWebSocket || !offeredProtocols(req).includes(wanted)) {
    // A SPDY upgrade (kubectl's fallback) or an older WebSocket protocol: this server speaks
    // only what kubectl v1.32 asks for first. kubectl prints "unable to upgrade connection: ...".
    return reject(
      socket,
      400,
      `this cluster serves ${subresource} over WebSocket (${wanted}) only; use kubectl v1.30 or newer`,
      'text/plain; charset=utf-8',
    );
  }
  if (subresource === 'portforward') {
    // "SPDY/3.1+portforward.k8s.io" is not an HTTP token ('/'), which the ws package refuses in
    // the request header; it is answered as offered (see createUpgradeServer).
    req.headers['sec-websocket-protocol'] = PORT_FORWARD_TOKEN;
  }
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    if (subresource === 'portforward') {
      servePortForward(cluster, ws, where.pod);
      return;
    }
    serveRemoteCommand(cluster, ws, opts, {
      pod: where.pod,
      container: where.container!,
      attach: subresource === 'attach',
      command,
      stdin: query.stdin === 'true' || query.stdin === '1',
      stdout: query.stdout === 'true' || query.stdout === '1',
      stderr: query.stderr === 'true' || query.stderr === '1',
      tty: query.tty === 'true' || query.tty === '1',
    });
  });
}

/** A WebSocket server without a port of its own, choosing the subprotocol kubectl offered. */
export function createUpgradeServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => {
      if (protocols.has(REMOTE_COMMAND_V5)) return REMOTE_COMMAND_V5;
      if (protocols.has(PORT_FORWARD_TOKEN)) return PORT_FORWARD_PROTOCOL;
      return false;
    },
  });
}
