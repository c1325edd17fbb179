/**
 * Small formatters every describer shares, as describe.go writes them: times in RFC 1123 with a
 * numeric zone, ages against the client's clock, multi-line labels, annotations, taints and
 * tolerations, and the Events table.
 */
import { humanDuration } from '../../../cluster/api/printers/duration';
import { formatQuantity, parseQuantity } from '../../../cluster/api/quantity';
import type { Quantity } from '../../../cluster/api/quantity';
import { goSortInPlace } from './gosort';
import { LEVEL_0, LEVEL_1 } from './writer';
import type { PrefixWriter } from './writer';

// Objects arrive as JSON; describers read them as loosely as Go's zero values allow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The milliseconds of an RFC 3339 timestamp, or undefined when unset. */
export function timeOf(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** time.Format(time.RFC1123Z) in the local zone; Go's zero time when unset. */
export function rfc1123z(ts: unknown): string {
  const t = timeOf(ts);
  if (t === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad2(Math.trunc(Math.abs(off) / 60))}${pad2(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone}`;
}

/** metav1.Time's String(): "2006-01-02 15:04:05 -0700 MST" in the local zone. */
export function goTimeString(ts: unknown): string {
  const t = timeOf(ts);
  if (t === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(t);
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad2(Math.trunc(Math.abs(off) / 60))}${pad2(Math.abs(off) % 60)}`;
  const name = off === 0 ? 'UTC' : zone;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone} ${name}`;
}

/** translateTimestampSince: the age of a timestamp, "<unknown>" when unset. */
export function since(ts: unknown, now: number): string {
  const t = timeOf(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now - t);
}

/** Go's %v of a value from JSON. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `map[${keys.map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** %v of a float64 or int64 decoded from JSON. */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = n.toExponential().split('e');
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return String(n);
}

export function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** printBool: "True" or "False". */
export const printBool = (v: unknown) => (v === true ? 'True' : 'False');

/** printBoolPtr: "<unset>" when nil. */
export const printBoolPtr = (v: unknown) =>
  v === undefined || v === null ? '<unset>' : printBool(v);

/** intstr's String(): the number or the string. */
export function intOrString(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** resource.Quantity's String() of a JSON quantity; "0" when unset. */
export function quantity(v: unknown): string {
  if (v === undefined || v === null || v === '') return '0';
  try {
    return formatQuantity(parseQuantity(v as string));
  } catch {
    return String(v);
  }
}

export function parseQ(v: unknown): Quantity | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  try {
    return parseQuantity(v as string);
  } catch {
    return undefined;
  }
}

/** The keys of a resource list in Go's sort order. */
export function sortedKeys(m: unknown): string[] {
  return Object.keys((m as object) ?? {}).sort(goCompare);
}

/** Byte-wise string order, as Go's sort.Strings. */
export function goCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function stringOrNone(s: string): string {
  return s.length > 0 ? s : '<none>';
}

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(goCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function shorten(s: string, max: number): string {
  return byteLength(s) > max ? sliceBytes(s, max) + '...' : s;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
function byteLength(s: string): number {
  return encoder.encode(s).length;
}
function sliceBytes(s: string, n: number): string {
  return decoder.decode(encoder.encode(s).slice(0, n));
}

/** printAnnotationsMultiline: long or multi-line values on their own indented lines. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(goCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    let value = annotations![key];
    if (value.endsWith('\n')) value = value.slice(0, -1);
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) {
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
      }
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString(): "key=value:Effect", "key:Effect", "key". */
export function taintString(t: Any): string {
  let s = str(t.key);
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

/** printTaintsMultilineWithIndent, sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Any[] | undefined) {
  w.write(LEVEL_0, `${title}:\t`);
  const list = [...(taints ?? [])];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Any) => `${str(t.effect)},${str(t.key)}`;
  list.sort((a, b) => goCompare(key(a), key(b)));
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent, sorted by key. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: Any[] | undefined,
  initialIndent = '',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const list = [...(tolerations ?? [])];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.sort((a, b) => goCompare(str(a.key), str(b.key)));
  list.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, '\t');
    }
    let s = str(t.key);
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, s + '\n');
  });
}

/** The time events sort by (event.SortableEvents). */
export function eventTime(e: Any): number {
  if (e.series) return timeOf(e.series.lastObservedTime) ?? 0;
  const last = timeOf(e.lastTimestamp);
  if (last !== undefined) return last;
  return timeOf(e.eventTime) ?? 0;
}

/** DescribeEvents: "Events:  <none>", or a table in its own tab block. */
export function describeEvents(events: Any[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = goSort(events, (a, b) => eventTime(a) < eventTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    let first = since(e.eventTime, now);
    if (timeOf(e.eventTime) === undefined) first = since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) {
      interval = `${since(e.series.lastObservedTime, now)} (x${int(e.series.count)} over ${first})`;
    } else if (int(e.count) > 1) {
      interval = `${since(e.lastTimestamp, now)} (x${int(e.count)} over ${first})`;
    } else interval = first;
    const source = str(e.source?.component) || str(e.reportingComponent);
    const message = str(e.message).trim();
    w.write(LEVEL_1, `${str(e.type)}\t${str(e.reason)}\t${interval}\t${source}\t${message}\n`);
  }
}

/** A sorted copy, in the order Go's sort.Sort leaves it. */
export function goSort<T>(list: T[], less: (a: T, b: T) => boolean): T[] {
  const out = [...list];
  goSortInPlace(out, less);
  return out;
}
