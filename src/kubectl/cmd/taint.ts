/**
 * `kubectl taint` (k8s.io/kubectl/pkg/cmd/taint): add `key[=value]:Effect`, remove `key:Effect-`
 * or `key-`, on named nodes, -l or --all; "tainted", "untainted" or "modified".
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { dryRunOf } from '../printers/object';
import { resolveType } from '../resource/mapper';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';

interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUALIFIED =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function usage(msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee 'kubectl taint -h' for help and examples`);
}

function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    if (!EFFECTS.includes(effect))
      throw usage(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0].split('=');
    if (kv.length > 2) throw usage(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      if (value.length > 63 || !LABEL_VALUE.test(value))
        throw usage(
          `invalid taint spec: ${spec}, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        );
    }
  } else throw usage(`invalid taint spec: ${spec}`);
  if (!QUALIFIED.test(key))
    throw usage(
      `invalid taint spec: ${spec}, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  return { key, value, effect };
}

/** Taint.ToString: key, key=value:effect, key:effect. */
function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

const matches = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

export async function runTaint(c: CommandContext): Promise<number> {
  const f = c.flags;
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of c.args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) specs.push(a);
    else if (specs.length)
      throw cmdError(`all resources must be specified before taint changes: ${a}`);
    else resources.push(a);
  }
  if (resources.length < 1)
    throw cmdError('one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) throw cmdError('at least one taint update is required');
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const s of specs) {
    if (s.endsWith('-')) {
      const t = parseTaint(s.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(s);
    if (!t.effect) throw usage(`invalid taint spec: ${s}`);
    if (add.some((x) => matches(x, t)))
      throw usage(
        `duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`,
      );
    add.push(t);
  }
  // Validate: the type must be nodes.
  const type = resources[0].toLowerCase();
  const d = await c.discovery.get();
  const [r] = resolveType(d, type);
  if (r.kind !== 'Node')
    throw cmdError(`invalid resource type ${type}, only node types are supported`);
  const conflicts: string[] = [];
  for (const a of add)
    for (const r of remove)
      if (a.key === r.key && (!r.effect || a.effect === r.effect))
        conflicts.push(`{"${r.key}":"${r.effect ?? ''}"}`);
  if (conflicts.length)
    throw cmdError(
      `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`,
    );
  const selector = f.str('selector');
  const everyNode = f.bool('all');
  if (everyNode && selector)
    throw cmdError("setting 'all' parameter with a non empty selector is prohibited");
  if (!everyNode && !selector && resources.length < 2)
    throw cmdError("at least one resource name must be specified since 'all' parameter is not set");

  const nodes: { metadata: { name: string }; spec?: { taints?: Taint[] } }[] = [];
  if (everyNode || selector) {
    const res = await c.transport.request({
      method: 'GET',
      path: '/api/v1/nodes',
      query: selector ? { labelSelector: selector } : {},
      headers: { accept: JSON_ACCEPT },
    });
    if (res.status >= 400) throw statusError(res.body, res.status);
    nodes.push(...((res.body as { items?: never[] }).items ?? []));
  } else {
    for (const name of resources.slice(1)) {
      const res = await c.transport.request({
        method: 'GET',
        path: `/api/v1/nodes/${encodeURIComponent(name)}`,
        headers: { accept: JSON_ACCEPT },
      });
      if (res.status >= 400) throw statusError(res.body, res.status);
      nodes.push(res.body as never);
    }
  }
  const dryRun = dryRunOf(f);
  const overwrite = f.bool('overwrite');
  for (const n of nodes) {
    const old = n.spec?.taints ?? [];
    if (!overwrite) {
      const exists = add.filter((t) => old.some((o) => matches(t, o))).map((t) => t.key);
      if (exists.length)
        throw cmdError(
          `node ${n.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`,
        );
    }
    // reorganizeTaints
    let next: Taint[] = [...add];
    for (const o of old) if (!next.some((t) => matches(t, o))) next.push(o);
    const added = old.length !== next.length;
    const errs: string[] = [];
    let removed = false;
    for (const r of remove) {
      const before = next.length;
      next = next.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
      removed = next.length !== before;
      if (!removed) errs.push(`taint "${taintString(r)}" not found`);
    }
    if (errs.length) throw cmdError(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
    const operation =
      (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
    if (dryRun !== 'client') {
      const res = await c.transport.request({
        method: 'PATCH',
        path: `/api/v1/nodes/${encodeURIComponent(n.metadata.name)}`,
        query: {
          fieldManager: f.str('field-manager') || 'kubectl-taint',
          ...(dryRun === 'server' ? { dryRun: 'All' } : {}),
        },
        headers: { 'content-type': 'application/strategic-merge-patch+json', accept: JSON_ACCEPT },
        body: JSON.stringify({ spec: { taints: next.length ? next : null } }),
      });
      if (res.status >= 400) throw statusError(res.body, res.status);
    }
    c.out(`node/${n.metadata.name} ${operation}\n`);
  }
  return 0;
}
