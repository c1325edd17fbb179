/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal
 * shares after placing the pod (1 - standard deviation of the shares, times 100).
 */
import type { NodeInfo, Plugin, PodInfo } from '../../types';
import { MAX_NODE_SCORE } from '../../types';

/** balancedResourceScorer over cpu and memory, with the pods' actual requests. */
export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const fractions: number[] = [];
  const a = node.allocatable;
  if (a.milliCPU !== 0) {
    fractions.push(Math.min(1, (node.requested.milliCPU + pod.requests.milliCPU) / a.milliCPU));
  }
  if (a.memory !== 0) {
    fractions.push(Math.min(1, (node.requested.memory + pod.requests.memory) / a.memory));
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const NodeResourcesBalancedAllocation: Plugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(_state, pod, node) {
    return balancedAllocationScore(pod, node);
  },
};
