/**
 * Errors the real API server reports while decoding a request body, before validation runs: a
 * Secret's `data` value that is not base64 and a resource quantity that does not parse. Both are
 * 400 BadRequest upstream, with the message `<Kind> in version "<v>" cannot be handled as a
 * <Kind>: <cause>`; the API server wraps the text these helpers return with badRequest().
 */
import type { KubeObject } from '../types';
import { isValidQuantity, parseQuantity } from '../quantity';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map([...B64].map((c, i) => [c.charCodeAt(0), i]));

/**
 * The byte offset Go's base64.StdEncoding.Decode reports for malformed input, or -1 when the input
 * decodes. Mirrors decodeQuantum: newlines are skipped, padding must complete a quantum, nothing
 * may follow the padding.
 */
export function goBase64ErrorOffset(s: string): number {
  const src = new TextEncoder().encode(s);
  let si = 0;
  while (si < src.length) {
    let j = 0;
    let done = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return -1;
        return si - j;
      }
      const ch = src[si++];
      if (DECODE.has(ch)) continue;
      if (ch === 0x0a || ch === 0x0d) {
        j--;
        continue;
      }
      if (ch !== 0x3d) return si - 1;
      // Padding.
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) return si;
      done = true;
      break;
    }
    if (done) return -1;
  }
  return -1;
}

/** Decodes standard base64 as the API server does; undefined when Go would reject it. */
export function decodeBase64(s: string): Uint8Array | undefined {
  if (goBase64ErrorOffset(s) >= 0) return undefined;
  const clean = s.replace(/[\r\n]/g, '').replace(/=+$/, '');
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const c of clean) {
    buf = (buf << 6) | DECODE.get(c.charCodeAt(0))!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

function cannotHandle(obj: KubeObject, cause: string): string {
  const version = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
  return `${obj.kind} in version ${JSON.stringify(version)} cannot be handled as a ${obj.kind}: ${cause}`;
}

/**
 * Upstream's message for a Secret whose `data` holds a value that is not base64, e.g.
 * `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4`;
 * undefined when every value decodes.
 */
export function secretDecodeError(obj: KubeObject): string | undefined {
  const data = obj.data;
  if (!data || typeof data !== 'object') return undefined;
  for (const v of Object.values(data as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    const off = goBase64ErrorOffset(v);
    if (off >= 0) return cannotHandle(obj, `illegal base64 data at input byte ${off}`);
  }
  return undefined;
}

/** Fields under which resource quantities appear, by the object path that leads to them. */
function* quantityValues(v: unknown, path: string[]): Generator<unknown> {
  if (Array.isArray(v)) {
    for (const x of v) yield* quantityValues(x, path);
    return;
  }
  if (!v || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const parent = path[path.length - 1];
    const isList =
      [
        'limits',
        'requests',
        'capacity',
        'allocatable',
        'hard',
        'used',
        'max',
        'min',
        'default',
        'defaultRequest',
        'maxLimitRequestRatio',
        'overhead',
      ].includes(k) &&
      x &&
      typeof x === 'object' &&
      !Array.isArray(x);
    if (isList) {
      for (const q of Object.values(x as Record<string, unknown>)) yield q;
      continue;
    }
    if (k === 'sizeLimit' && parent === 'emptyDir') {
      yield x;
      continue;
    }
    yield* quantityValues(x, [...path, k]);
  }
}

/**
 * Upstream's decode error for an unparsable resource quantity anywhere in the object, e.g.
 * `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression
 * '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`; undefined when all parse.
 */
export function quantityDecodeError(obj: KubeObject): string | undefined {
  for (const q of quantityValues(obj, [])) {
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    if (!isValidQuantity(q)) {
      try {
        parseQuantity(q);
      } catch (e) {
        return cannotHandle(obj, (e as Error).message);
      }
    }
  }
  return undefined;
}

/** The first decode error of the object, as the API server would report it, or undefined. */
export function decodeError(obj: KubeObject): string | undefined {
  if (obj.kind === 'Secret' && obj.apiVersion === 'v1') {
    const e = secretDecodeError(obj);
    if (e) return e;
  }
  return quantityDecodeError(obj);
}
