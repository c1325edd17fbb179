/**
 * The Service registry's own work (pkg/registry/core/service/storage): ClusterIPs and NodePorts
 * are allocated on create, kept on update when the request leaves them out, and released when
 * the Service goes away or stops needing them.
 */
import type { FieldError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ClusterIPAllocator, NodePortAllocator } from './allocators';

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  externalName?: string;
  healthCheckNodePort?: number;
}

function specOf(svc: KubeObject): ServiceSpec {
  return (svc.spec ?? {}) as ServiceSpec;
}

function needsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** Every address and port a stored Service holds, for rebuilding the allocators. */
export function markService(
  svc: KubeObject,
  ips: ClusterIPAllocator,
  ports: NodePortAllocator,
): void {
  const spec = specOf(svc);
  for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) {
    if (ip !== 'None') ips.mark(ip);
  }
  for (const p of spec.ports ?? []) if (p.nodePort) ports.mark(p.nodePort);
}

export function releaseService(
  svc: KubeObject,
  ips: ClusterIPAllocator,
  ports: NodePortAllocator,
): void {
  const spec = specOf(svc);
  for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) {
    if (ip !== 'None') ips.release(ip);
  }
  for (const p of spec.ports ?? []) if (p.nodePort) ports.release(p.nodePort);
}

/**
 * Fills in spec.clusterIP(s) and nodePorts of a Service being created (old undefined) or updated.
 * Returns upstream's field errors when a requested address or port cannot be had; on error
 * nothing stays allocated. `commit` releases what the old object held and no longer does.
 */
export function allocateService(
  svc: KubeObject,
  old: KubeObject | undefined,
  ips: ClusterIPAllocator,
  ports: NodePortAllocator,
): { errors: FieldError[]; commit: () => void; rollback: () => void } {
  const spec = specOf(svc);
  svc.spec = spec;
  const oldSpec = old ? specOf(old) : undefined;
  const taken: { ip?: string; port?: number }[] = [];
  const errors: FieldError[] = [];

  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
  } else {
    const oldIP = oldSpec?.clusterIP;
    const wanted = spec.clusterIP ?? spec.clusterIPs?.[0];
    if (oldIP && oldSpec?.type !== 'ExternalName' && (wanted === undefined || wanted === oldIP)) {
      spec.clusterIP = oldIP;
    } else if (wanted === 'None') {
      spec.clusterIP = 'None';
    } else if (wanted) {
      const err = ips.allocate(wanted, 'spec.clusterIPs');
      if (err) errors.push(err);
      else taken.push({ ip: wanted });
    } else {
      const ip = ips.allocateNext();
      taken.push({ ip });
      spec.clusterIP = ip;
    }
    spec.clusterIPs = [spec.clusterIP!];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }

  const oldPorts = new Map<string, number>();
  if (oldSpec && needsNodePorts(oldSpec)) {
    for (const p of oldSpec.ports ?? []) {
      if (p.nodePort) oldPorts.set(`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort);
    }
  }
  const oldHeld = new Set(oldPorts.values());
  const kept = new Set<number>();
  (spec.ports ?? []).forEach((p, i) => {
    if (!needsNodePorts(spec)) {
      delete p.nodePort;
      return;
    }
    const field = `spec.ports[${i}].nodePort`;
    const prior = oldPorts.get(`${p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort === undefined || p.nodePort === 0) {
      if (prior !== undefined && !kept.has(prior)) {
        p.nodePort = prior;
        kept.add(prior);
      } else {
        p.nodePort = ports.allocateNext();
        taken.push({ port: p.nodePort });
      }
    } else if (oldHeld.has(p.nodePort) && !kept.has(p.nodePort)) {
      kept.add(p.nodePort);
    } else {
      const err = ports.allocate(p.nodePort, field);
      if (err) errors.push(err);
      else taken.push({ port: p.nodePort });
    }
  });

  const rollback = () => {
    for (const t of taken) {
      if (t.ip) ips.release(t.ip);
      if (t.port) ports.release(t.port);
    }
  };
  if (errors.length) rollback();
  const commit = () => {
    if (!oldSpec) return;
    const oldIP = oldSpec.clusterIP;
    if (oldIP && oldIP !== 'None' && oldIP !== spec.clusterIP) ips.release(oldIP);
    for (const port of oldHeld) if (!kept.has(port)) ports.release(port);
  };
  return { errors, commit, rollback };
}
