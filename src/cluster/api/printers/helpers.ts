/** Small pieces printers.go shares between kinds: columns, ages, label and container cells. */
import { labelSelectorFromObject, labelSelectorString } from '../selectors';
import type { LabelSelectorObject } from '../selectors';
import type { KubeObject } from '../types';
import { DOC } from './descriptions';
import type { DocKey } from './descriptions';
import { humanDuration } from './duration';
import type { PrintContext, TableColumnDefinition } from './types';

/** A column definition; `description` is a DOC key or literal text. */
export function col(
  name: string,
  type: string,
  description: string,
  opts: { priority?: number; format?: string } = {},
): TableColumnDefinition {
  const text = description in DOC ? DOC[description as DocKey] : description;
  return { name, type, format: opts.format ?? '', description: text, priority: opts.priority ?? 0 };
}

export const NAME_COLUMN = col('Name', 'string', 'meta/v1.ObjectMeta.name', { format: 'name' });
export const AGE_COLUMN = col('Age', 'string', 'meta/v1.ObjectMeta.creationTimestamp');
export const CONTAINERS_COLUMN = col(
  'Containers',
  'string',
  'Names of each container in the template.',
  {
    priority: 1,
  },
);
export const IMAGES_COLUMN = col(
  'Images',
  'string',
  'Images referenced by each container in the template.',
  { priority: 1 },
);

/** Reads a nested field without caring whether the path exists. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects are schemaless JSON here
export type Any = any;

/** Milliseconds since 1970 of an RFC3339 timestamp, or undefined for a zero/missing one. */
export function timeOf(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  if (Number.isNaN(t) || t <= -62135596800000) return undefined; // Go's zero time
  return t;
}

/** translateTimestampSince: "<unknown>" for a zero timestamp, else the human age. */
export function since(ts: unknown, ctx: PrintContext): string {
  const t = timeOf(ts);
  return t === undefined ? '<unknown>' : humanDuration(ctx.now - t);
}

export function age(obj: KubeObject, ctx: PrintContext): string {
  return since(obj.metadata?.creationTimestamp, ctx);
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${m![k]}`).join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(), or undefined when the selector is invalid. */
export function selectorString(sel: LabelSelectorObject | undefined | null): string | undefined {
  try {
    return labelSelectorString(labelSelectorFromObject(sel));
  } catch {
    return undefined;
  }
}

/** metav1.FormatLabelSelector: "<none>" for an empty selector, "<error>" for an invalid one. */
export function formatLabelSelector(sel: LabelSelectorObject | undefined | null): string {
  const s = selectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function layoutContainerCells(containers: Any): [string, string] {
  const list: Any[] = Array.isArray(containers) ? containers : [];
  return [list.map((c) => c?.name ?? '').join(','), list.map((c) => c?.image ?? '').join(',')];
}

/** Go's int64 conversion of an optional integer field. */
export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** Go's string conversion of an optional string field. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** printBoolPtr: "True", "False" or "<unset>". */
export function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** listWithMoreString: "a,b,c + 2 more...", "<unset>" for none. */
export function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}
