/**
 * Cluster DNS as CoreDNS answers it on minikube: Services at `<svc>.<ns>.svc.cluster.local`
 * (ClusterIP; headless services answer their ready pod IPs; ExternalName a CNAME), pods of a
 * headless service at `<hostname>.<subdomain>.<ns>.svc.cluster.local`, and the search path
 * `<ns>.svc.cluster.local svc.cluster.local cluster.local` with ndots 5.
 */
import type { KubeObject } from '../api/types';
import type { Store } from '../store/types';

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_SERVICE_IP = '10.96.0.10';

export type DnsAnswer = { ips: string[]; canonical: string } | { error: string };

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  externalName?: string;
}

interface EndpointsSubset {
  addresses?: { ip: string; hostname?: string }[];
}

function readyIPs(store: Store, ns: string, svc: string): { ip: string; hostname?: string }[] {
  const ep = store.get('endpoints', ns, svc);
  const subsets = (ep?.subsets ?? []) as EndpointsSubset[];
  return subsets.flatMap((s) => s.addresses ?? []);
}

function answerService(store: Store, svc: KubeObject, fqdn: string): DnsAnswer {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  if (spec.type === 'ExternalName') {
    return { error: `CNAME ${spec.externalName}: the cluster has no route to the internet` };
  }
  if (spec.clusterIP === 'None') {
    const ips = readyIPs(store, svc.metadata.namespace!, svc.metadata.name!).map((a) => a.ip);
    return ips.length ? { ips, canonical: fqdn } : { error: 'NXDOMAIN' };
  }
  return spec.clusterIP ? { ips: [spec.clusterIP], canonical: fqdn } : { error: 'NXDOMAIN' };
}

/** Answers one fully qualified name (without the trailing dot). */
export function lookupFQDN(store: Store, fqdn: string): DnsAnswer | undefined {
  const name = fqdn.replace(/\.$/, '').toLowerCase();
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (name.endsWith(suffix)) {
    const parts = name.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const [svcName, ns] = parts;
      const svc = store.get('services', ns, svcName);
      return svc ? answerService(store, svc, name) : undefined;
    }
    if (parts.length === 3) {
      const [host, svcName, ns] = parts;
      const match = readyIPs(store, ns, svcName).find((a) => a.hostname === host);
      return match ? { ips: [match.ip], canonical: name } : undefined;
    }
    return undefined;
  }
  const podSuffix = `.pod.${CLUSTER_DOMAIN}`;
  if (name.endsWith(podSuffix)) {
    const parts = name.slice(0, -podSuffix.length).split('.');
    if (parts.length === 2 && /^\d+-\d+-\d+-\d+$/.test(parts[0])) {
      return { ips: [parts[0].replace(/-/g, '.')], canonical: name };
    }
  }
  return undefined;
}

/** Resolves `name` as a pod in `namespace` would, through the search path. */
export function resolve(store: Store, namespace: string, name: string): DnsAnswer {
  const n = name.replace(/\.$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) return { ips: [n], canonical: n };
  const candidates: string[] = [];
  const absolute = name.endsWith('.');
  const dots = n.split('.').length - 1;
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  if (absolute || dots >= 5) candidates.push(n);
  if (!absolute) for (const s of search) candidates.push(`${n}.${s}`);
  if (!absolute && dots < 5) candidates.push(n);
  for (const c of candidates) {
    const a = lookupFQDN(store, c);
    if (a) return a;
  }
  return { error: 'NXDOMAIN' };
}
