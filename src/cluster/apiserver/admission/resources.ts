/**
 * Container resource arithmetic shared by LimitRanger and ResourceQuota: quantities parsed into
 * numbers of base units (cores, bytes) and printed back in Kubernetes' canonical form.
 */
import { parseQuantity } from '../../api/quantity';
import type { KubeObject } from '../../api/types';

export interface ContainerResources {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export function quantityValue(q: unknown): number {
  if (q === undefined || q === null) return 0;
  return parseQuantity(q as string | number).value;
}

/** Canonical text of a sum: "500m", "2", "1Gi", "1500Mi". */
export function formatAmount(resource: string, value: number): string {
  if (value === 0) return '0';
  const base = resource.replace(/^(requests|limits)\./, '');
  if (base === 'cpu') {
    const milli = Math.round(value * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  if (base === 'memory' || base === 'ephemeral-storage' || base === 'storage') {
    const units: [string, number][] = [
      ['Ei', 2 ** 60],
      ['Pi', 2 ** 50],
      ['Ti', 2 ** 40],
      ['Gi', 2 ** 30],
      ['Mi', 2 ** 20],
      ['Ki', 2 ** 10],
    ];
    for (const [suffix, size] of units) if (value % size === 0) return `${value / size}${suffix}`;
    const dec: [string, number][] = [
      ['T', 1e12],
      ['G', 1e9],
      ['M', 1e6],
      ['k', 1e3],
    ];
    for (const [suffix, size] of dec) if (value % size === 0) return `${value / size}${suffix}`;
    return String(value);
  }
  return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
}

export function containersOf(pod: KubeObject): ContainerResources[] {
  const spec = (pod.spec ?? {}) as {
    containers?: ContainerResources[];
    initContainers?: ContainerResources[];
  };
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
}

/**
 * The pod's effective request or limit of one resource: the sum over app containers, or the
 * largest init container if that is larger (upstream's PodRequests).
 */
export function podAmount(pod: KubeObject, kind: 'requests' | 'limits', resource: string): number {
  const spec = (pod.spec ?? {}) as {
    containers?: ContainerResources[];
    initContainers?: ContainerResources[];
  };
  let sum = 0;
  for (const c of spec.containers ?? []) sum += quantityValue(c.resources?.[kind]?.[resource]);
  let initMax = 0;
  for (const c of spec.initContainers ?? []) {
    initMax = Math.max(initMax, quantityValue(c.resources?.[kind]?.[resource]));
  }
  return Math.max(sum, initMax);
}
