/**
 * What a describer may ask of the cluster: one object, a list (followed through `continue` in
 * chunks, as FollowContinue does) and the events about an object (searchEvents).
 */
import { statusError } from '../../errors';
import { JSON_ACCEPT } from '../../transport';
import type { Transport } from '../../transport';
import type { Any } from './format';

export interface DescribeEnv {
  transport: Transport;
  /** The client's clock, for ages. */
  now: number;
  showEvents: boolean;
  chunkSize: number;
}

export interface ListResult {
  items: Any[];
  /** The HTTP status of a failed list, 0 when it succeeded. */
  status: number;
  body?: unknown;
}

export async function getObject(
  env: DescribeEnv,
  path: string,
): Promise<{ status: number; body: Any }> {
  const res = await env.transport.request({
    method: 'GET',
    path,
    headers: { accept: JSON_ACCEPT },
  });
  return { status: res.status, body: res.body };
}

export async function listObjects(
  env: DescribeEnv,
  path: string,
  query: Record<string, string> = {},
): Promise<ListResult> {
  const items: Any[] = [];
  let cont = '';
  for (;;) {
    const q: Record<string, string> = { ...query };
    if (env.chunkSize > 0) q.limit = String(env.chunkSize);
    if (cont) q.continue = cont;
    const res = await env.transport.request({
      method: 'GET',
      path,
      query: q,
      headers: { accept: JSON_ACCEPT },
    });
    if (res.status >= 400) return { items, status: res.status, body: res.body };
    const body = res.body as Any;
    items.push(...(body?.items ?? []));
    cont = body?.metadata?.continue ?? '';
    if (!cont) return { items, status: 0 };
  }
}

/** Throws the list's error as kubectl prints it. */
export function check(r: ListResult): Any[] {
  if (r.status) throw statusError(r.body, r.status);
  return r.items;
}

/** A reference to search events by (reference.GetReference, with what describers change). */
export interface EventRef {
  name: string;
  namespace: string;
  kind?: string;
  uid?: string;
}

export function refOf(obj: Any, kind?: string): EventRef {
  return {
    name: obj.metadata?.name ?? '',
    namespace: obj.metadata?.namespace ?? '',
    kind: kind ?? obj.kind,
    uid: obj.metadata?.uid,
  };
}

/** searchEvents: the core/v1 events whose involvedObject matches the reference. */
export async function searchEvents(env: DescribeEnv, ref: EventRef): Promise<Any[]> {
  const fields = [`involvedObject.name=${ref.name}`, `involvedObject.namespace=${ref.namespace}`];
  if (ref.kind) fields.push(`involvedObject.kind=${ref.kind}`);
  if (ref.uid) fields.push(`involvedObject.uid=${ref.uid}`);
  // fields.Set.AsSelector sorts the terms.
  fields.sort();
  const path = ref.namespace
    ? `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/events`
    : '/api/v1/events';
  const r = await listObjects(env, path, { fieldSelector: fields.join(',') });
  return r.items;
}

/** The events to print, or undefined when --show-events=false. */
export async function eventsFor(
  env: DescribeEnv,
  obj: Any,
  kind?: string,
): Promise<Any[] | undefined> {
  if (!env.showEvents) return undefined;
  return searchEvents(env, refOf(obj, kind));
}
