/**
 * `kubectl cluster-info` (k8s.io/kubectl/pkg/cmd/clusterinfo): the control plane's address and
 * the proxy URL of every service labelled kubernetes.io/cluster-service=true in kube-system.
 */
import { statusError } from '../errors';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';

interface Service {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec?: { ports?: { name?: string; port: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** The API server's address as the client was configured with it. */
export function serverHost(c: CommandContext): string {
  const flag = c.flags.str('server');
  if (flag) return flag;
  const ctx = c.kubeconfig.contexts[c.flags.str('context') || c.kubeconfig.currentContext];
  return c.kubeconfig.clusters[c.flags.str('cluster') || ctx?.cluster || '']?.server ?? '';
}

/** utilnet.JoinSchemeNamePort. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  if (port) return `${name}:${port}`;
  return name;
}

export async function runClusterInfo(c: CommandContext): Promise<number> {
  const host = serverHost(c);
  const namespace = c.explicitNamespace && c.namespace ? c.namespace : 'kube-system';
  const res = await c.transport.request({
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`,
    query: { labelSelector: 'kubernetes.io/cluster-service=true' },
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) {
    c.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    throw statusError(res.body, res.status);
  }
  let out = `Kubernetes control plane is running at ${host}\n`;
  for (const svc of (res.body as { items?: Service[] }).items ?? []) {
    let link = '';
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    const ports = svc.spec?.ports ?? [];
    if (ingress.length > 0) {
      const ip = ingress[0].ip || ingress[0].hostname || '';
      for (const p of ports) link += `http://${ip}:${p.port} `;
    } else {
      let name = svc.metadata.name;
      if (ports.length > 0) {
        const p = ports[0];
        const scheme = p.name === 'https' || p.port === 443 ? 'https' : '';
        name = joinSchemeNamePort(scheme, svc.metadata.name, p.name ?? '');
      }
      link = `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
    }
    const title = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
    out += `${title} is running at ${link}\n`;
  }
  c.out(
    out + "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
  );
  return 0;
}
