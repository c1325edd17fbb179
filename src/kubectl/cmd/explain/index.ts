/**
 * `kubectl explain RESOURCE[.field.path]` (k8s.io/kubectl/pkg/cmd/explain): the resource is
 * found through discovery as upstream's RESTMapper does (short names, kinds, a `.group` suffix),
 * its group-version's OpenAPI v3 document is read from the server's `/openapi/v3` index, and
 * the `plaintext` template renders it (`render.ts`).
 */
import type { ApiResource, DiscoveryData } from '../../discovery';
import { cmdError, KubectlError, statusError } from '../../errors';
import { groupResource } from '../../resource/mapper';
import { JSON_ACCEPT } from '../../transport';
import type { CommandContext } from '../context';
import { ExplainError, renderExplain } from './render';
import type { Gvr } from './render';

const SUGGEST = 'Use "kubectl api-resources" for a complete list of supported resources.';

function matches(r: ApiResource, name: string): boolean {
  return (
    !r.name.includes('/') &&
    (r.name === name ||
      r.singular === name ||
      r.shortNames.includes(name) ||
      r.kind.toLowerCase() === name)
  );
}

/** The RESTMapper's ResourcesFor: every version of every group serving the name, by priority. */
function resourcesFor(d: DiscoveryData, name: string): ApiResource[] {
  const lower = name.toLowerCase();
  const hits = d.resources.filter((r) => matches(r, lower));
  if (hits.length === 0)
    throw new KubectlError(`the server doesn't have a resource type "${name}"`);
  return hits;
}

function gvrOf(r: ApiResource): Gvr {
  return { group: r.group, version: r.version, resource: r.name };
}

/** SplitAndParseResourceRequestWithMatchingPrefix: `deployments.apps.spec` keeps its group. */
function withMatchingPrefix(
  d: DiscoveryData,
  arg: string,
): { gvr: Gvr; path: string[]; kind: string } {
  const input = arg.endsWith('.') ? arg.slice(0, -1) : arg;
  const parts = input.split('.');
  const found = resourcesFor(d, parts[0]);
  for (const r of found) {
    const gr = groupResource(r);
    if (input.startsWith(gr)) {
      const suffix = input.slice(gr.length);
      return { gvr: gvrOf(r), path: suffix ? suffix.split('.').slice(1) : [], kind: r.kind };
    }
  }
  return { gvr: gvrOf(found[0]), path: parts.slice(1), kind: found[0].kind };
}

/** apimachinery's ParseGroupVersion. */
function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw cmdError(`unexpected GroupVersion string: ${gv}`);
}

function gvrString(g: Gvr): string {
  return `${g.group}/${g.version}, Resource=${g.resource}`;
}

/**
 * `--output=plaintext-openapiv2`: the kind's definition in `/openapi/v2`; upstream's error when
 * the document has none.
 */
async function explainV2(
  c: CommandContext,
  gvr: Gvr,
  kind: string,
  apiVersion: string,
): Promise<number> {
  const gv = apiVersion === '' ? gvr : parseGroupVersion(apiVersion);
  const res = await c.transport.request({
    method: 'GET',
    path: '/openapi/v2',
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  const body = (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as {
    definitions?: Record<string, { 'x-kubernetes-group-version-kind'?: unknown[] }>;
  };
  const want = { group: gv.group, version: gv.version, kind };
  const found = Object.values(body?.definitions ?? {}).some((def) =>
    (def['x-kubernetes-group-version-kind'] ?? []).some((g) => {
      const x = g as Record<string, unknown>;
      return x.group === want.group && x.version === want.version && x.kind === want.kind;
    }),
  );
  if (!found)
    throw cmdError(`couldn't find resource for "${gv.group}/${gv.version}, Kind=${kind}"`);
  throw cmdError('"--output=plaintext-openapiv2" is not available in this playground yet');
}

export async function runExplain(c: CommandContext): Promise<number> {
  if (c.args.length === 0)
    throw cmdError(`You must specify the type of resource to explain. ${SUGGEST}\n`);
  if (c.args.length > 1) throw cmdError('We accept only this format: explain RESOURCE\n');
  const format = c.flags.str('output');
  const apiVersion = c.flags.str('api-version');
  const d = await c.discovery.get();
  let target: { gvr: Gvr; path: string[]; kind: string };
  if (apiVersion === '') target = withMatchingPrefix(d, c.args[0]);
  else {
    const input = c.args[0].endsWith('.') ? c.args[0].slice(0, -1) : c.args[0];
    const parts = input.split('.');
    const r = resourcesFor(d, parts[0])[0];
    target = { gvr: gvrOf(r), path: parts.slice(1), kind: r.kind };
  }
  if (format === 'plaintext-openapiv2') return explainV2(c, target.gvr, target.kind, apiVersion);
  if (apiVersion !== '') {
    const gv = parseGroupVersion(apiVersion);
    target.gvr = { ...target.gvr, group: gv.group, version: gv.version };
  }
  const { gvr, path } = target;
  const index = await c.transport.request({
    method: 'GET',
    path: '/openapi/v3',
    headers: { accept: JSON_ACCEPT },
  });
  if (index.status >= 400) throw statusError(index.body, index.status);
  const paths = ((index.body ?? {}) as { paths?: Record<string, { serverRelativeURL?: string }> })
    .paths;
  const docPath = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`;
  const entry = paths?.[docPath];
  if (!entry) throw cmdError(`couldn't find resource for "${gvrString(gvr)}"`);
  const url = entry.serverRelativeURL ?? `/openapi/v3/${docPath}`;
  const q = url.indexOf('?');
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const kv of url.slice(q + 1).split('&')) {
      const eq = kv.indexOf('=');
      if (eq > 0) query[decodeURIComponent(kv.slice(0, eq))] = decodeURIComponent(kv.slice(eq + 1));
    }
  }
  const res = await c.transport.request({
    method: 'GET',
    path: q >= 0 ? url.slice(0, q) : url,
    query,
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  const doc = (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as Record<
    string,
    unknown
  >;
  if (format !== 'plaintext') throw cmdError(`unrecognized format: ${format}`);
  try {
    renderExplain(doc, gvr, path, c.flags.bool('recursive'), c.out);
  } catch (e) {
    if (e instanceof ExplainError) throw new KubectlError(e.message);
    throw e;
  }
  return 0;
}
