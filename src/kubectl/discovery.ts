/**
 * What the server serves, read once per session from aggregated discovery (`/api` and `/apis`
 * with the apidiscovery.k8s.io/v2 Accept header), in the server's order: groups as listed,
 * each group's preferred version first.
 */
import type { Transport } from './transport';
import { DISCOVERY_ACCEPT } from './transport';
import { KubectlError, statusError } from './errors';

export interface ApiResource {
  group: string;
  version: string;
  /** Plural resource name: "pods". */
  name: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** True when this version is the group's preferred one. */
  preferred: boolean;
}

export interface ApiGroupInfo {
  name: string;
  /** Versions, preferred first. */
  versions: string[];
}

export interface DiscoveryData {
  groups: ApiGroupInfo[];
  /** Every resource of every version, in discovery order. */
  resources: ApiResource[];
}

interface AggregatedResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface AggregatedGroup {
  metadata?: { name?: string };
  versions?: { version: string; resources?: AggregatedResource[] }[];
}

export class Discovery {
  private data?: Promise<DiscoveryData>;

  constructor(private readonly transport: Transport) {}

  /** The discovery documents; fetched on first use and kept for the session. */
  get(): Promise<DiscoveryData> {
    this.data ??= this.load();
    return this.data;
  }

  /** Forgets what was read (after a CustomResourceDefinition changes, for instance). */
  invalidate(): void {
    this.data = undefined;
  }

  private async fetchList(path: string): Promise<AggregatedGroup[]> {
    const res = await this.transport.request({
      method: 'GET',
      path,
      headers: { accept: DISCOVERY_ACCEPT },
    });
    if (res.status >= 400) throw statusError(res.body, res.status);
    const body = res.body as { items?: AggregatedGroup[] } | undefined;
    if (!body || !Array.isArray(body.items)) {
      throw new KubectlError(`error: unexpected discovery response from ${path}`);
    }
    return body.items;
  }

  private async load(): Promise<DiscoveryData> {
    const [core, groups] = await Promise.all([this.fetchList('/api'), this.fetchList('/apis')]);
    const out: DiscoveryData = { groups: [], resources: [] };
    for (const g of [...core, ...groups]) {
      const name = g.metadata?.name ?? '';
      const versions = (g.versions ?? []).map((v) => v.version);
      out.groups.push({ name, versions });
      (g.versions ?? []).forEach((v, i) => {
        for (const r of v.resources ?? []) {
          out.resources.push({
            group: name,
            version: v.version,
            name: r.resource,
            singular: r.singularResource ?? '',
            kind: r.responseKind?.kind ?? '',
            namespaced: r.scope === 'Namespaced',
            verbs: r.verbs ?? [],
            shortNames: r.shortNames ?? [],
            categories: r.categories ?? [],
            preferred: i === 0,
          });
        }
      });
    }
    return out;
  }
}

/** "v1" or "apps/v1". */
export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
