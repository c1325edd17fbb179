/**
 * kubectl's resource lookup (cli-runtime's RESTMapper with short names and categories):
 * `pods`, `pod`, `po`, `Pod`, `pods.v1`, `deployments.apps`, `deployments.v1.apps`, and
 * category names such as `all`. The first match in discovery order wins, as upstream's
 * priority mapper prefers the core group and each group's preferred version.
 */
import type { ApiResource, DiscoveryData } from '../discovery';
import { cmdError } from '../errors';

function matchesName(r: ApiResource, name: string): boolean {
  return (
    r.name === name ||
    r.singular === name ||
    r.shortNames.includes(name) ||
    r.kind.toLowerCase() === name
  );
}

/** The resource an argument names, or undefined. */
export function findResource(d: DiscoveryData, arg: string): ApiResource | undefined {
  const lower = arg.toLowerCase();
  const parts = lower.split('.');
  const resource = parts[0];
  const candidates: { version?: string; group: string | undefined }[] = [];
  if (parts.length >= 3) candidates.push({ version: parts[1], group: parts.slice(2).join('.') });
  if (parts.length >= 2) candidates.push({ group: parts.slice(1).join('.') });
  else candidates.push({ group: undefined });
  for (const c of candidates) {
    const hits = d.resources.filter(
      (r) =>
        !r.name.includes('/') &&
        matchesName(r, resource) &&
        (c.group === undefined || r.group === c.group) &&
        (c.version === undefined ? r.preferred : r.version === c.version),
    );
    if (hits.length > 0) return hits[0];
  }
  return undefined;
}

/** The resources of a category ("all"), in discovery order; empty when no such category. */
export function expandCategory(d: DiscoveryData, name: string): ApiResource[] {
  return d.resources.filter((r) => r.preferred && r.categories.includes(name));
}

/** Resolves one type argument to resources: a resource, or the members of a category. */
export function resolveType(d: DiscoveryData, arg: string): ApiResource[] {
  const r = findResource(d, arg);
  if (r) return [r];
  const members = expandCategory(d, arg.toLowerCase());
  if (members.length > 0) return members;
  // Upstream names only the resource part: "pods.v1" is reported as "pods".
  throw cmdError(`the server doesn't have a resource type "${arg.split('.')[0]}"`);
}

/** "pods", "deployments.apps": how errors and kind-qualified names spell a resource. */
export function groupResource(r: ApiResource): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

/** "pod", "deployment.apps": the prefix of `-o name` and of NAME cells across kinds. */
export function kindPrefix(r: ApiResource): string {
  const k = r.kind.toLowerCase();
  return r.group ? `${k}.${r.group}` : k;
}

/** The URL of a resource's collection, or of one object when `name` is given. */
export function resourcePath(r: ApiResource, namespace: string | undefined, name?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${r.name}${name !== undefined ? '/' + encodeURIComponent(name) : ''}`;
}

export interface ResourceRequest {
  resource: ApiResource;
  /** Names to get; empty for the whole collection. */
  names: string[];
}

const SLASH_ERROR =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/**
 * Turns `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...` into requests (cli-runtime's
 * ResourceTypeOrNameArgs), keeping the order of the arguments.
 */
export function resolveArgs(d: DiscoveryData, args: string[]): ResourceRequest[] {
  if (args.some((a) => a.includes('/'))) {
    const out: ResourceRequest[] = [];
    for (const a of args) {
      if (!a.includes('/')) throw cmdError(SLASH_ERROR);
      const i = a.indexOf('/');
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!type || !name || name.includes('/')) {
        throw cmdError('arguments in resource/name form must have a single resource and name');
      }
      const [r] = resolveType(d, type);
      const last = out[out.length - 1];
      if (last && last.resource === r) last.names.push(name);
      else out.push({ resource: r, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const out: ResourceRequest[] = [];
  for (const t of types.split(',')) {
    for (const r of resolveType(d, t)) {
      if (!out.some((o) => o.resource === r)) out.push({ resource: r, names: [...names] });
    }
  }
  return out;
}
