/**
 * ingress-nginx's routing, as the nginx.conf it renders behaves: one `server` per host (rules
 * without a host go to the catch-all server `_`), one `location` per path, and a request goes to
 * the server of its Host header, then to the location nginx picks there. Pure functions over the
 * Ingresses the controller watches; `ClusterNetworkImpl` sends the request on to the backend.
 *
 * - `Exact` is `location = /p`; it wins over every prefix.
 * - `Prefix` matches element-wise (`/foo` matches `/foo`, `/foo/` and `/foo/bar`, not `/foobar`;
 *   a trailing slash in the rule is ignored), as the Ingress API defines it.
 * - `ImplementationSpecific` is nginx's own `location /p`: a plain string prefix.
 * - Among prefixes the longest wins; on a tie the older Ingress wins (ingress-nginx sorts
 *   Ingresses by creation time).
 * - A host's server without a matching location uses the default backend: its Ingress's
 *   `spec.defaultBackend`, else the controller's own 404.
 */
import type { KubeObject } from '../api/types';

/** The IngressClass controller name ingress-nginx answers to (`--controller-class`). */
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

export interface IngressBackendRef {
  namespace: string;
  /** The Ingress the rule came from, "namespace/name". */
  ingress: string;
  service: string;
  port: { number?: number; name?: string };
}

interface PathRule {
  path: string;
  pathType: string;
  backend: IngressBackendRef;
}

interface Server {
  paths: PathRule[];
  defaultBackend?: IngressBackendRef;
}

interface BackendSpec {
  service?: { name?: string; port?: { number?: number; name?: string } };
}

interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: BackendSpec;
  rules?: {
    host?: string;
    http?: { paths?: { path?: string; pathType?: string; backend?: BackendSpec }[] };
  }[];
}

/**
 * nginx's built-in error page with `server_tokens off` (ngx_http_special_response.c), CRLF line
 * ends and all. The controller image's program (runtime/images/ingress.ts) has the same page for
 * the 404 it serves itself; the network may not import the runtime's images.
 */
export function nginxErrorPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Does the request path match a rule's path of the given type? */
export function matchPath(pathType: string, rulePath: string, reqPath: string): boolean {
  const path = rulePath || '/';
  if (pathType === 'Exact') return reqPath === path;
  if (pathType === 'Prefix') {
    const want = path.split('/').filter(Boolean);
    const got = reqPath.split('/').filter(Boolean);
    if (want.length > got.length) return false;
    return want.every((w, i) => got[i] === w);
  }
  return reqPath.startsWith(path);
}

/** How specific a matched prefix is: its length without a trailing slash, for longest-match. */
function prefixLength(rule: PathRule): number {
  const p = rule.path || '/';
  return rule.pathType === 'Prefix' && p.length > 1 ? p.replace(/\/+$/, '').length : p.length;
}

/** Does `host` (lower case, no port) match a rule host, wildcards covering exactly one label? */
export function matchHost(ruleHost: string, host: string): boolean {
  const rule = ruleHost.toLowerCase();
  if (!rule.startsWith('*.')) return rule === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === rule.slice(2);
}

function backendRef(ing: KubeObject, b: BackendSpec | undefined): IngressBackendRef | undefined {
  const name = b?.service?.name;
  if (!name) return undefined;
  const ns = ing.metadata.namespace ?? 'default';
  return {
    namespace: ns,
    ingress: `${ns}/${ing.metadata.name}`,
    service: name,
    port: { number: b.service?.port?.number, name: b.service?.port?.name },
  };
}

/** Oldest first, as ingress-nginx sorts them; ties by namespace and name. */
function byAge(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The servers nginx.conf would have for these Ingresses, by host ("_" for the catch-all). */
export function buildServers(ingresses: KubeObject[]): Map<string, Server> {
  const servers = new Map<string, Server>();
  const server = (host: string) => {
    let s = servers.get(host);
    if (!s) servers.set(host, (s = { paths: [] }));
    return s;
  };
  for (const ing of [...ingresses].sort(byAge)) {
    const spec = (ing.spec ?? {}) as IngressSpec;
    const def = backendRef(ing, spec.defaultBackend);
    if (def) {
      const catchAll = server('_');
      catchAll.defaultBackend ??= def;
    }
    for (const rule of spec.rules ?? []) {
      const s = server((rule.host ?? '').toLowerCase() || '_');
      if (def) s.defaultBackend ??= def;
      for (const p of rule.http?.paths ?? []) {
        const backend = backendRef(ing, p.backend);
        if (!backend) continue;
        const path = p.path || '/';
        const pathType = p.pathType ?? 'ImplementationSpecific';
        // The same location twice: the older Ingress keeps it.
        if (s.paths.some((q) => q.path === path && q.pathType === pathType)) continue;
        s.paths.push({ path, pathType, backend });
      }
    }
  }
  return servers;
}

/** The server for a Host header: exact name, then wildcard, then the catch-all. */
function pickServer(servers: Map<string, Server>, host: string): Server | undefined {
  const exact = servers.get(host);
  if (exact) return exact;
  for (const [name, s] of servers) if (name.startsWith('*.') && matchHost(name, host)) return s;
  return servers.get('_');
}

/**
 * Where ingress-nginx sends a request for `host` (Host header, any case, port allowed) and
 * `path` (query allowed): a Service backend, or undefined for the controller's default 404.
 */
export function routeIngress(
  ingresses: KubeObject[],
  host: string,
  path: string,
): IngressBackendRef | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  const reqPath = path.split('?')[0] || '/';
  const server = pickServer(buildServers(ingresses), h);
  if (!server) return undefined;
  const exact = server.paths.find((p) => p.pathType === 'Exact' && p.path === reqPath);
  if (exact) return exact.backend;
  let best: PathRule | undefined;
  for (const p of server.paths) {
    if (p.pathType === 'Exact' || !matchPath(p.pathType, p.path, reqPath)) continue;
    if (!best || prefixLength(p) > prefixLength(best)) best = p;
  }
  return best?.backend ?? server.defaultBackend;
}

/**
 * Is this Ingress ingress-nginx's? Its class names an IngressClass of `k8s.io/ingress-nginx`, or
 * the legacy annotation says `nginx`, or it has no class while nginx's class is the default.
 */
export function isNginxIngress(ing: KubeObject, classes: KubeObject[]): boolean {
  const spec = (ing.spec ?? {}) as IngressSpec;
  const ann = ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  const ours = (c: KubeObject) =>
    (c.spec as { controller?: string } | undefined)?.controller === NGINX_CONTROLLER;
  if (spec.ingressClassName)
    return classes.some((c) => c.metadata.name === spec.ingressClassName && ours(c));
  if (ann !== undefined) return ann === 'nginx';
  return classes.some(
    (c) =>
      ours(c) && c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true',
  );
}
