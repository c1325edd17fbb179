/**
 * DefaultPreemption's PostFilter message when no node fits. Nodes rejected as Unschedulable
 * might fit after evicting lower-priority pods; the rest are "not helpful". Evicting victims is
 * not simulated yet: a node with no lower-priority pod has "No preemption victims found".
 */
import type { Diagnosis } from './framework';
import { reasonHistogram } from './framework';
import type { NodeInfo, PodInfo } from './types';
import { Code } from './types';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export function preemptionMessage(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  diagnosis: Diagnosis,
): string {
  const policy = (pod.pod.spec as { preemptionPolicy?: string } | undefined)?.preemptionPolicy;
  if (policy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const s = diagnosis.nodeToStatus.get(node);
    const reason = s?.code === Code.Unschedulable ? NO_VICTIMS : NOT_HELPFUL;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const histogram = reasonHistogram([], counts);
  return `preemption: 0/${nodes.length} nodes are available: ${histogram.join(', ')}.`;
}
