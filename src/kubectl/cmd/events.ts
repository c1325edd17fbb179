/**
 * `kubectl events` (k8s.io/kubectl/pkg/cmd/events): core/v1 events of a namespace or of all,
 * optionally for one object (`--for TYPE/NAME`) and of some types (`--types`), oldest first, in
 * the command's own table (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE).
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { toJson } from '../printers/json';
import { tabwrite } from '../printers/tabwriter';
import { toYaml } from '../printers/yaml';
import { findResource } from '../resource/mapper';
import type { CommandContext } from './context';
import { listObjects } from './describe/env';
import type { Any } from './describe/format';
import { eventTime, goSort, since, str } from './describe/format';

/** getInterval: "5m", or "2m (x3 over 10m)" for repeated events. */
function interval(e: Any, now: number): string {
  let first = since(e.eventTime, now);
  if (!e.eventTime) first = since(e.firstTimestamp, now);
  if (e.series)
    return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** An event as the typed client holds it: kind and apiVersion set, fields in struct order. */
function typedEvent(e: Any): Any {
  const { kind, apiVersion, metadata, ...rest } = e;
  void kind;
  void apiVersion;
  const meta: Any = {};
  for (const k of META_ORDER) if (metadata?.[k] !== undefined) meta[k] = metadata[k];
  return { kind: 'Event', apiVersion: 'v1', metadata: meta, ...rest };
}

export async function runEvents(c: CommandContext, now: () => number): Promise<number> {
  const f = c.flags;
  const allNamespaces = f.bool('all-namespaces');
  const output = f.str('output');
  if (output && output !== 'json' && output !== 'yaml') {
    throw cmdError(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    );
  }
  const types = f.list('types').map((t) => t.trim());
  for (const t of types) {
    if (!['normal', 'warning'].includes(t.toLowerCase()))
      throw cmdError(`valid --types are Normal or Warning`);
  }
  const query: Record<string, string> = {};
  const forArg = f.str('for');
  if (forArg) {
    const i = forArg.indexOf('/');
    if (i < 0) throw cmdError(`--for must be in resource/name form`);
    const d = await c.discovery.get();
    const r = findResource(d, forArg.slice(0, i));
    if (!r)
      throw new KubectlError(`the server doesn't have a resource type "${forArg.slice(0, i)}"`);
    query.fieldSelector = `involvedObject.kind=${r.kind},involvedObject.name=${forArg.slice(i + 1)}`;
  }
  const path = allNamespaces
    ? '/api/v1/events'
    : `/api/v1/namespaces/${encodeURIComponent(c.namespace)}/events`;
  const r = await listObjects(
    { transport: c.transport, now: 0, showEvents: false, chunkSize: f.int('chunk-size') },
    path,
    query,
  );
  if (r.status) throw statusError(r.body, r.status);
  const wanted = new Set(types.map((t) => t.toLowerCase()));
  const items = r.items
    .filter((e) => wanted.size === 0 || wanted.has(str(e.type).toLowerCase()))
    .map(typedEvent);
  if (!allNamespaces && items.length === 0) {
    c.err(`No events found in ${c.namespace} namespace.\n`);
    return 0;
  }
  const sorted = goSort(items, (a, b) => eventTime(a) < eventTime(b));
  if (output) {
    const list = { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: sorted };
    c.out(output === 'json' ? toJson(list) : toYaml(list));
    return 0;
  }
  const t = now();
  let text = '';
  if (!f.bool('no-headers'))
    text += `${allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  for (const e of sorted) {
    if (allNamespaces) text += `${str(e.metadata?.namespace)}\t`;
    text += `${interval(e, t)}\t${str(e.type)}\t${str(e.reason)}\t${str(e.involvedObject?.kind)}/${str(e.involvedObject?.name)}\t${str(e.message).trim()}\n`;
  }
  c.out(tabwrite(text));
  return 0;
}
