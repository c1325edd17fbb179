/**
 * TaintToleration: NoSchedule and NoExecute taints the pod does not tolerate keep it off a node
 * (filter); PreferNoSchedule taints it does not tolerate count against a node (score, reversed).
 */
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../../helpers';
import type { NodeInfo, Plugin, PodInfo, Result, Taint, Toleration } from '../../types';
import { Code, defaultNormalizeScore, status } from '../../types';

const NAME = 'TaintToleration';

function tolerationsOf(pod: PodInfo): Toleration[] {
  return ((pod.pod.spec as { tolerations?: Toleration[] })?.tolerations ?? []) as Toleration[];
}

const doNotSchedule = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

function untolerated(pod: PodInfo, node: NodeInfo): Taint | undefined {
  if (!node.taints.length) return undefined;
  return findUntoleratedTaint(node.taints, tolerationsOf(pod), doNotSchedule);
}

export const TaintToleration: Plugin = {
  name: NAME,
  weight: 3,
  filter(_state, pod, node): Result {
    const taint = untolerated(pod, node);
    if (!taint) return undefined;
    return status(
      Code.UnschedulableAndUnresolvable,
      `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
    );
  },
  preScore(state, pod) {
    // Only tolerations with effect PreferNoSchedule or none can tolerate a PreferNoSchedule taint.
    state.set(
      NAME,
      tolerationsOf(pod).filter((t) => !t.effect || t.effect === 'PreferNoSchedule'),
    );
    return undefined;
  },
  score(state, _pod, node) {
    if (!node.taints.length) return 0;
    const tolerations = state.get(NAME) as Toleration[];
    let n = 0;
    for (const taint of node.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
    }
    return n;
  },
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(scores, true);
  },
  isSchedulableAfter(pod, event) {
    return (
      (event.kind === 'NodeAdd' || event.kind === 'NodeUpdate') && !untolerated(pod, event.node)
    );
  },
};
