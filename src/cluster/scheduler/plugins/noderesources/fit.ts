/**
 * NodeResourcesFit: the pod's requests must fit in what the node's allocatable leaves after
 * the pods bound there (filter); LeastAllocated favours nodes with the most left (score).
 */
import type { NodeInfo, Plugin, PodInfo, Result } from '../../types';
import { Code, MAX_NODE_SCORE, status } from '../../types';

/** The reasons fitsRequest gives, in its order: pods, cpu, memory, ephemeral-storage, scalars. */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const out: string[] = [];
  if (node.pods.size + 1 > node.allowedPodNumber) out.push('Too many pods');
  const r = pod.requests;
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && r.scalar.size === 0) {
    return out;
  }
  const a = node.allocatable;
  const used = node.requested;
  if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - used.milliCPU) out.push('Insufficient cpu');
  if (r.memory > 0 && r.memory > a.memory - used.memory) out.push('Insufficient memory');
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) {
    out.push('Insufficient ephemeral-storage');
  }
  for (const [name, q] of r.scalar) {
    if (q === 0) continue;
    if (q > (a.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) {
      out.push(`Insufficient ${name}`);
    }
  }
  return out;
}

/** fitsRequest without building reasons: the filter's hot path, allocation-free. */
export function fitsRequest(pod: PodInfo, node: NodeInfo): boolean {
  if (node.pods.size + 1 > node.allowedPodNumber) return false;
  const r = pod.requests;
  const a = node.allocatable;
  const used = node.requested;
  if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - used.milliCPU) return false;
  if (r.memory > 0 && r.memory > a.memory - used.memory) return false;
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) {
    return false;
  }
  return r.scalar.size === 0 || insufficientResources(pod, node).length === 0;
}

/** leastRequestedScore: the share of the node left free, 0..100. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory, weight 1 each, with the scoring (non-zero) requests. */
export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  let score = 0;
  let weights = 0;
  if (node.allocatable.milliCPU !== 0) {
    score += leastRequestedScore(
      node.nonZeroMilliCPU + pod.nonZeroMilliCPU,
      node.allocatable.milliCPU,
    );
    weights++;
  }
  if (node.allocatable.memory !== 0) {
    score += leastRequestedScore(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.memory);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

export const NodeResourcesFit: Plugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  filter(_state, pod, node): Result {
    if (fitsRequest(pod, node)) return undefined;
    return status(Code.Unschedulable, ...insufficientResources(pod, node));
  },
  score(_state, pod, node) {
    return leastAllocatedScore(pod, node);
  },
  isSchedulableAfter(pod, event) {
    switch (event.kind) {
      case 'AssignedPodDelete':
        return true;
      case 'NodeAdd':
      case 'NodeUpdate':
        return insufficientResources(pod, event.node).length === 0;
      default:
        return false;
    }
  },
};
