/**
 * Why the scheduler chose a node, in a few words for the page's timeline ("most free CPU and
 * memory"). Not part of any API object: upstream's `Scheduled` Event says only where the pod
 * went, and ours stays byte-identical; the Worker asks `Scheduler.explain(uid)` beside it.
 */

/** What a high score from each default score plugin means. */
const PHRASES: Record<string, string> = {
  NodeResourcesFit: 'most free CPU and memory',
  NodeResourcesBalancedAllocation: 'most balanced CPU and memory use',
  TaintToleration: 'fewest taints the pod does not tolerate',
  NodeAffinity: "preferred by the pod's node affinity",
  PodTopologySpread: 'spreads the pods most evenly',
  InterPodAffinity: "preferred by the pod's pod affinity",
};

/**
 * The plugin that gave the chosen node (`winner`) its biggest lead over the best other node.
 * `byPlugin`: each plugin's weighted, normalised scores of the feasible nodes, in their order.
 */
export function explainChoice(
  byPlugin: ReadonlyMap<string, readonly number[]>,
  winner: number,
  feasible: number,
  allNodes: number,
): string {
  if (feasible <= 1) return allNodes <= 1 ? 'the only node' : 'the only node that fits';
  let best: string | undefined;
  let bestLead = 0;
  for (const [name, scores] of byPlugin) {
    let other = -Infinity;
    for (let i = 0; i < scores.length; i++) if (i !== winner) other = Math.max(other, scores[i]);
    const lead = scores[winner] - other;
    if (lead > bestLead) {
      bestLead = lead;
      best = name;
    }
  }
  if (!best) return 'tied with other nodes, picked at random';
  return PHRASES[best] ?? `highest ${best} score`;
}
