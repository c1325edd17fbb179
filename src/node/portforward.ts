/**
 * `kubectl port-forward` (v1.32 tunnels SPDY through a WebSocket, subprotocol
 * "SPDY/3.1+portforward.k8s.io"). For each local connection kubectl opens two streams with the
 * same requestID: "error" (the server writes a message there if forwarding fails) and "data"
 * (the bytes of the connection). The simulated containers answer HTTP, not raw TCP, so the data
 * stream is read as HTTP/1.1 requests; each is sent to the pod's IP and port through the cluster
 * network and answered with `Connection: close`, after which both streams end and kubectl closes
 * the local connection.
 */
import { STATUS_CODES } from 'node:http';
import type { WebSocket } from 'ws';
import type { KubeObject } from '../cluster/api/types';
import type { Cluster } from '../cluster/cluster';
import type { HttpResponse } from '../cluster/runtime/types';
import {
  FLAG_FIN,
  FrameReader,
  GOAWAY,
  HeaderCodec,
  PING,
  RST_STREAM,
  SYN_REPLY,
  SYN_STREAM,
  controlFrame,
  dataFrame,
  uint32,
} from './spdy';
import type { SpdyFrame } from './spdy';

export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

interface PortStream {
  id: number;
  type: string;
  port: number;
  requestId: string;
  received: Buffer[];
  closed: boolean;
}

interface Pair {
  error?: PortStream;
  data?: PortStream;
  answered: boolean;
}

/** An HTTP/1.1 request complete in `bytes`, or undefined while more must come. */
function parseRequest(
  bytes: Buffer,
): { method: string; path: string; headers: Record<string, string>; body: string } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [line, ...lines] = bytes.toString('latin1', 0, end).split('\r\n');
  const [method = 'GET', path = '/'] = line.split(' ');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? '0') || 0;
  if (bytes.length < end + 4 + length) return undefined;
  return { method, path, headers, body: bytes.toString('utf8', end + 4, end + 4 + length) };
}

function httpAnswer(res: HttpResponse): Buffer {
  const body = Buffer.from(res.body, 'utf8');
  const head = [`HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ''}`];
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    const lower = k.toLowerCase();
    if (lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') {
      continue;
    }
    // HTTP/1.1 servers write canonical names ("Content-Type"); the simulation keeps them lower case.
    head.push(
      `${lower.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())}: ${v}`,
    );
  }
  head.push(`Content-Length: ${body.length}`, 'Connection: close');
  return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

export function servePortForward(cluster: Cluster, ws: WebSocket, pod: KubeObject): void {
  const codec = new HeaderCodec();
  const reader = new FrameReader();
  const streams = new Map<number, PortStream>();
  const pairs = new Map<string, Pair>();
  let open = true;
  // Frames in and out keep their order although header (de)compression is asynchronous.
  let inbound: Promise<unknown> = Promise.resolve();
  let outbound: Promise<unknown> = Promise.resolve();
  const write = (frame: Buffer | Promise<Buffer>) => {
    outbound = outbound
      .then(() => frame)
      .then((f) => {
        if (open) ws.send(f, { binary: true });
      })
      .catch(() => undefined);
  };
  const close = () => {
    if (!open) return;
    open = false;
    codec.close();
  };
  ws.on('close', close);
  ws.on('error', () => ws.terminate());
  ws.on('message', (data: Buffer) => {
    for (const frame of reader.push(data)) {
      inbound = inbound.then(() => (open ? handle(frame) : undefined)).catch(() => ws.terminate());
    }
  });

  const finish = (s: PortStream, payload?: Buffer) => {
    if (payload?.length) write(dataFrame(s.id, 0, payload));
    write(dataFrame(s.id, FLAG_FIN, Buffer.alloc(0)));
  };

  /** Forwards what the data stream holds when a whole request (or the stream's end) is there. */
  const forward = (pair: Pair) => {
    const { error, data } = pair;
    if (!error || !data || pair.answered) return;
    const request = parseRequest(Buffer.concat(data.received));
    if (!request && !data.closed) return;
    pair.answered = true;
    const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
    let res: HttpResponse | { error: string } = {
      error: `pod ${pod.metadata.name} has no IP address`,
    };
    if (ip && request) {
      res = cluster.network.fromOutside({
        method: request.method,
        url: `http://${ip}:${data.port}${request.path}`,
        headers: request.headers,
        body: request.body || undefined,
      });
      cluster.settle();
    }
    if (!request) {
      // The connection ended without a request: nothing to answer.
      finish(data);
      finish(error);
    } else if ('error' in res) {
      const uid = pod.metadata.uid ?? '';
      finish(data);
      finish(
        error,
        Buffer.from(
          `error forwarding port ${data.port} to pod ${pod.metadata.name}, uid ${uid}: ` +
            `failed to connect to localhost:${data.port} inside namespace of pod ` +
            `${pod.metadata.name}: dial tcp4 127.0.0.1:${data.port}: connect: connection refused`,
        ),
      );
    } else {
      finish(data, httpAnswer(res));
      finish(error);
    }
  };

  const handle = async (frame: SpdyFrame): Promise<void> => {
    if (!frame.control) {
      const s = streams.get(frame.streamId);
      if (!s) return;
      if (frame.data.length) s.received.push(Buffer.from(frame.data));
      if (frame.flags & FLAG_FIN) s.closed = true;
      const pair = pairs.get(s.requestId);
      if (pair && s.type === 'data') forward(pair);
      return;
    }
    switch (frame.type) {
      case SYN_STREAM: {
        const id = frame.data.readUInt32BE(0) & 0x7fffffff;
        const headers = await codec.decode(frame.data.subarray(10));
        const s: PortStream = {
          id,
          type: headers.streamtype ?? '',
          port: Number(headers.port),
          requestId: headers.requestid ?? '',
          received: [],
          closed: (frame.flags & FLAG_FIN) !== 0,
        };
        streams.set(id, s);
        write(
          codec
            .encode({})
            .then((block) => controlFrame(SYN_REPLY, 0, Buffer.concat([uint32(id), block]))),
        );
        const pair = pairs.get(s.requestId) ?? { answered: false };
        pairs.set(s.requestId, pair);
        if (s.type === 'error') pair.error = s;
        else if (s.type === 'data') pair.data = s;
        forward(pair);
        return;
      }
      case PING:
        write(controlFrame(PING, 0, Buffer.from(frame.data)));
        return;
      case RST_STREAM:
        streams.delete(frame.data.readUInt32BE(0) & 0x7fffffff);
        return;
      case GOAWAY:
        ws.close(1000);
        return;
      default:
        // SETTINGS, HEADERS, WINDOW_UPDATE: nothing to do for port-forward.
        return;
    }
  };
}
