/**
 * Discovery documents as a v1.32 API server serves them: `/api`, `/apis`, `/apis/<group>`,
 * per-version APIResourceLists, and the aggregated format (apidiscovery.k8s.io/v2) that kubectl
 * asks for first.
 */
import type { ResourceType, TypeRegistry, Verb } from '../api/registry';
import { apiVersionOf } from '../api/registry';

interface SubresourceInfo {
  verbs: Verb[] | string[];
  kind?: string;
  group?: string;
  version?: string;
}

/** What each subresource answers, and with which kind (upstream's registry). */
const SUBRESOURCES: Record<string, SubresourceInfo> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { verbs: ['get', 'patch', 'update'], kind: 'Scale', group: 'autoscaling', version: 'v1' },
  log: { verbs: ['get'] },
  exec: { verbs: ['create', 'get'], kind: 'PodExecOptions' },
  attach: { verbs: ['create', 'get'], kind: 'PodAttachOptions' },
  portforward: { verbs: ['create', 'get'], kind: 'PodPortForwardOptions' },
  binding: { verbs: ['create'], kind: 'Binding' },
  eviction: { verbs: ['create'], kind: 'Eviction', group: 'policy', version: 'v1' },
  ephemeralcontainers: { verbs: ['get', 'patch', 'update'] },
  resize: { verbs: ['get', 'patch', 'update'] },
  finalize: { verbs: ['update'] },
  token: { verbs: ['create'], kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1' },
};

function proxyInfo(t: ResourceType): SubresourceInfo {
  return { verbs: ['create', 'delete', 'get', 'patch', 'update'], kind: `${t.kind}ProxyOptions` };
}

function subresourceInfo(t: ResourceType, sub: string): SubresourceInfo {
  return sub === 'proxy' ? proxyInfo(t) : (SUBRESOURCES[sub] ?? { verbs: ['get'] });
}

/** The base path of a group-version: "/api/v1" or "/apis/apps/v1". */
export function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupObject(name: string, versions: string[]): object {
  const gvs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

export function apiGroupList(reg: TypeRegistry): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: reg
      .groups()
      .filter((g) => g.name !== '')
      .map((g) => groupObject(g.name, g.versions)),
  };
}

export function apiGroup(reg: TypeRegistry, group: string): object | undefined {
  const g = reg.groups().find((x) => x.name === group && group !== '');
  if (!g) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupObject(g.name, g.versions) };
}

function typesOf(reg: TypeRegistry, group: string, version: string): ResourceType[] {
  return reg
    .all()
    .filter((t) => t.group === group && t.version === version)
    .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
}

export function apiResourceList(
  reg: TypeRegistry,
  group: string,
  version: string,
): object | undefined {
  const types = typesOf(reg, group, version);
  if (!types.length) return undefined;
  const resources: object[] = [];
  for (const t of types) {
    const r: Record<string, unknown> = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
    };
    if (t.shortNames.length) r.shortNames = t.shortNames;
    if (t.categories.length) r.categories = t.categories;
    resources.push(r);
    for (const sub of t.subresources) {
      const info = subresourceInfo(t, sub);
      const s: Record<string, unknown> = {
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
      };
      if (info.group !== undefined) s.group = info.group;
      if (info.version !== undefined) s.version = info.version;
      s.kind = info.kind ?? t.kind;
      s.verbs = info.verbs;
      resources.push(s);
    }
  }
  const list: Record<string, unknown> = { kind: 'APIResourceList' };
  if (group) list.apiVersion = 'v1';
  list.groupVersion = apiVersionOf({ group, version });
  list.resources = resources;
  return list;
}

export const AGGREGATED_DISCOVERY_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_DISCOVERY_TYPE_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

function discoveryResource(t: ResourceType): object {
  const r: Record<string, unknown> = {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames.length) r.shortNames = t.shortNames;
  if (t.categories.length) r.categories = t.categories;
  if (t.subresources.length) {
    r.subresources = t.subresources.map((sub) => {
      const info = subresourceInfo(t, sub);
      return {
        subresource: sub,
        responseKind: {
          group: info.group ?? t.group,
          version: info.version ?? t.version,
          kind: info.kind ?? t.kind,
        },
        verbs: info.verbs,
      };
    });
  }
  return r;
}

/** The aggregated discovery document for `/api` (core) or `/apis` (every named group). */
export function aggregatedDiscovery(
  reg: TypeRegistry,
  which: 'api' | 'apis',
  apiVersion = 'apidiscovery.k8s.io/v2',
): object {
  const groups = reg.groups().filter((g) => (which === 'api' ? g.name === '' : g.name !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((g) => {
      const metadata: Record<string, unknown> = { creationTimestamp: null };
      if (g.name) metadata.name = g.name;
      return {
        metadata,
        versions: g.versions.map((v) => ({
          version: v,
          resources: typesOf(reg, g.name, v).map(discoveryResource),
          freshness: 'Current',
        })),
      };
    }),
  };
}
