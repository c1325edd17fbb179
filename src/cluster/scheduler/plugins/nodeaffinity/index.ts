/**
 * NodeAffinity: spec.nodeSelector and required node affinity must hold (filter); preferred
 * terms add their weights (score, normalised to 0..100).
 */
import { matchNodeSelectorTerm, matchNodeSelectorTerms } from '../../helpers';
import type { NodeSelectorTerm } from '../../helpers';
import type { NodeInfo, Plugin, PodInfo, Result } from '../../types';
import { Code, SKIP, defaultNormalizeScore, status } from '../../types';

const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

interface NodeAffinitySpec {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: {
    weight?: number;
    preference?: NodeSelectorTerm;
  }[];
}

function specOf(pod: PodInfo) {
  const spec = (pod.pod.spec ?? {}) as {
    nodeSelector?: Record<string, string>;
    affinity?: { nodeAffinity?: NodeAffinitySpec };
  };
  return { nodeSelector: spec.nodeSelector, affinity: spec.affinity?.nodeAffinity };
}

/** GetRequiredNodeAffinity(pod).Match(node) */
export function matchesRequired(pod: PodInfo, node: NodeInfo): boolean {
  const { nodeSelector, affinity } = specOf(pod);
  if (nodeSelector) {
    for (const k in nodeSelector) if (node.labels[k] !== nodeSelector[k]) return false;
  }
  const required = affinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required)
    return matchNodeSelectorTerms(required.nodeSelectorTerms ?? [], node.labels, node.name);
  return true;
}

export const NodeAffinity: Plugin = {
  name: NAME,
  weight: 2,
  preFilter(_state, pod): Result {
    const { nodeSelector, affinity } = specOf(pod);
    const hasSelector = nodeSelector && Object.keys(nodeSelector).length > 0;
    if (!hasSelector && !affinity?.requiredDuringSchedulingIgnoredDuringExecution) return SKIP;
    return undefined;
  },
  filter(_state, pod, node): Result {
    return matchesRequired(pod, node)
      ? undefined
      : status(Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
  },
  preScore(state, pod): Result {
    const preferred = (
      specOf(pod).affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
    ).filter(
      (t) =>
        (t.weight ?? 0) !== 0 &&
        ((t.preference?.matchExpressions?.length ?? 0) > 0 ||
          (t.preference?.matchFields?.length ?? 0) > 0),
    );
    if (!preferred.length) return SKIP;
    state.set(NAME, preferred);
    return undefined;
  },
  score(state, _pod, node) {
    const preferred = state.get(NAME) as { weight: number; preference: NodeSelectorTerm }[];
    let score = 0;
    for (const t of preferred) {
      if (matchNodeSelectorTerm(t.preference, node.labels, node.name)) score += t.weight;
    }
    return score;
  },
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(scores, false);
  },
  isSchedulableAfter(pod, event) {
    return (
      (event.kind === 'NodeAdd' || event.kind === 'NodeUpdate') && matchesRequired(pod, event.node)
    );
  },
};
