/**
 * The server side of SPDY/3.1 as kubectl's port-forward speaks it (moby/spdystream, tunnelled
 * through a WebSocket): frames in and out of a byte stream, header blocks compressed with zlib
 * and SPDY/3's dictionary, one compression context per direction for the whole connection.
 * Only what port-forward uses: SYN_STREAM, SYN_REPLY, RST_STREAM, PING, GOAWAY, DATA; SETTINGS,
 * HEADERS and WINDOW_UPDATE are read and ignored (spdystream does no flow control).
 */
import zlib from 'node:zlib';

const SPDY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset',
  'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'allow', 'authorization',
  'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language',
  'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date',
  'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match',
  'if-range', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma',
  'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after', 'server', 'te',
  'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public',
  'set-cookie', 'keep-alive', 'origin',
]; // prettier-ignore

const SPDY_DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request' +
  '401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented' +
  '503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 ' +
  'Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,' +
  'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=' +
  'gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

/** SPDY/3's zlib dictionary (1423 bytes): length-prefixed header words, then common values. */
export const SPDY_DICTIONARY = Buffer.concat([
  ...SPDY_WORDS.map((w) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(w.length);
    return Buffer.concat([len, Buffer.from(w, 'latin1')]);
  }),
  Buffer.from(SPDY_DICTIONARY_TAIL, 'latin1'),
]);

export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const PING = 6;
export const GOAWAY = 7;
export const FLAG_FIN = 0x01;

export type SpdyFrame =
  | { control: true; type: number; flags: number; data: Buffer }
  | { control: false; streamId: number; flags: number; data: Buffer };

/** Splits a byte stream into frames; partial frames wait for more bytes. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SpdyFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: SpdyFrame[] = [];
    while (this.buf.length >= 8) {
      const length = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + length) break;
      const flags = this.buf[4];
      const data = this.buf.subarray(8, 8 + length);
      if (this.buf[0] & 0x80) {
        frames.push({ control: true, type: this.buf.readUInt16BE(2), flags, data });
      } else {
        frames.push({
          control: false,
          streamId: this.buf.readUInt32BE(0) & 0x7fffffff,
          flags,
          data,
        });
      }
      this.buf = this.buf.subarray(8 + length);
    }
    return frames;
  }
}

function frameHeader(first: number, flags: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  h.writeUInt32BE(((flags & 0xff) << 24) | (length & 0xffffff), 4);
  return h;
}

export function controlFrame(type: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader((0x8003 << 16) | type, flags, data.length), data]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader(streamId & 0x7fffffff, flags, data.length), data]);
}

export function uint32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** Parses a decompressed name/value header block; header names arrive in lower case. */
export function parseHeaderBlock(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  let at = 0;
  const count = block.readUInt32BE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const nameLen = block.readUInt32BE(at);
    const name = block.toString('latin1', at + 4, at + 4 + nameLen);
    at += 4 + nameLen;
    const valueLen = block.readUInt32BE(at);
    headers[name] = block.toString('latin1', at + 4, at + 4 + valueLen);
    at += 4 + valueLen;
  }
  return headers;
}

export function headerBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [uint32(Object.keys(headers).length)];
  for (const [k, v] of Object.entries(headers)) {
    parts.push(
      uint32(Buffer.byteLength(k)),
      Buffer.from(k),
      uint32(Buffer.byteLength(v)),
      Buffer.from(v),
    );
  }
  return Buffer.concat(parts);
}

/** One direction's zlib context: every block is flushed with Z_SYNC_FLUSH, as spdystream does. */
class ZStream {
  private out: Buffer[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private z: zlib.Inflate | zlib.Deflate) {
    z.on('data', (c: Buffer) => this.out.push(c));
    z.on('error', () => {});
  }

  /** Runs the blocks in order, each to its flushed output. */
  process(input: Buffer): Promise<Buffer> {
    const next = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          this.z.write(input, (err) => {
            if (err) return reject(err);
            this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
              const result = Buffer.concat(this.out);
              this.out = [];
              resolve(result);
            });
          });
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.z.close();
  }
}

export class HeaderCodec {
  private inflate = new ZStream(zlib.createInflate({ dictionary: SPDY_DICTIONARY }));
  private deflate = new ZStream(
    zlib.createDeflate({ dictionary: SPDY_DICTIONARY, level: zlib.constants.Z_BEST_COMPRESSION }),
  );

  decode(compressed: Buffer): Promise<Record<string, string>> {
    return this.inflate.process(compressed).then(parseHeaderBlock);
  }

  encode(headers: Record<string, string>): Promise<Buffer> {
    return this.deflate.process(headerBlock(headers));
  }

  close(): void {
    this.inflate.close();
    this.deflate.close();
  }
}
