/**
 * PodTopologySpread: spec.topologySpreadConstraints. DoNotSchedule constraints are a filter
 * (the skew after placing the pod may not pass maxSkew); ScheduleAnyway ones are a score
 * (fewer matching pods in the node's domain is better).
 */
import { compileSelector } from '../../podInfo';
import type { Matcher, NodeInfo, Plugin, PodInfo, Result, SharedLister } from '../../types';
import { Code, MAX_NODE_SCORE, SKIP, status } from '../../types';

const NAME = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH =
  "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH =
  ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

interface RawConstraint {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: Parameters<typeof compileSelector>[0];
  minDomains?: number;
}

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Matcher;
  minDomains: number;
}

function constraints(pod: PodInfo, when: string): Constraint[] {
  const raw = ((pod.pod.spec as { topologySpreadConstraints?: RawConstraint[] } | undefined)
    ?.topologySpreadConstraints ?? []) as RawConstraint[];
  return raw
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => ({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey ?? '',
      selector: compileSelector(c.labelSelector),
      minDomains: c.minDomains ?? 1,
    }));
}

/** Matching pods (same namespace, selector) per domain value of each constraint's key. */
function countByDomain(
  pod: PodInfo,
  cs: Constraint[],
  lister: SharedLister,
  eligible: (n: NodeInfo) => boolean,
): Map<string, number>[] {
  const out = cs.map(() => new Map<string, number>());
  for (const node of lister.nodes()) {
    if (!eligible(node)) continue;
    // Only nodes with every constraint's key count (nodeLabelsMatchSpreadConstraints).
    if (cs.some((c) => node.labels[c.topologyKey] === undefined)) continue;
    cs.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      let n = 0;
      for (const p of node.pods.values()) {
        if (p.namespace === pod.namespace && c.selector?.(p.labels)) n++;
      }
      out[i].set(v, (out[i].get(v) ?? 0) + n);
    });
  }
  return out;
}

interface FilterState {
  cs: Constraint[];
  counts: Map<string, number>[];
}

interface ScoreState {
  cs: Constraint[];
  counts: Map<string, number>[];
  weights: number[];
}

export const PodTopologySpread: Plugin = {
  name: NAME,
  weight: 2,
  preFilter(state, pod, lister): Result {
    const cs = constraints(pod, 'DoNotSchedule');
    if (!cs.length) return SKIP;
    // Nodes the pod could go to by node affinity / selector count (nodeAffinityPolicy Honor).
    const counts = countByDomain(pod, cs, lister, () => true);
    state.set(NAME, { cs, counts } satisfies FilterState);
    return undefined;
  },
  filter(state, pod, node): Result {
    const s = state.get(NAME) as FilterState;
    for (let i = 0; i < s.cs.length; i++) {
      const c = s.cs[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) {
        return status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
      }
      const counts = s.counts[i];
      let min = Infinity;
      for (const n of counts.values()) if (n < min) min = n;
      if (counts.size < c.minDomains || min === Infinity) min = 0;
      const self = c.selector?.(pod.labels) ? 1 : 0;
      const skew = (counts.get(v) ?? 0) + self - min;
      if (skew > c.maxSkew) return status(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return undefined;
  },
  preScore(state, pod, nodes, lister): Result {
    const cs = constraints(pod, 'ScheduleAnyway');
    if (!cs.length) return SKIP;
    const counts = countByDomain(pod, cs, lister, () => true);
    // topologyNormalizingWeight: log(domains + 2), so keys with more domains weigh more.
    const weights = cs.map((c) => {
      const domains = new Set(nodes.map((n) => n.labels[c.topologyKey]).filter((v) => v));
      return Math.log(domains.size + 2);
    });
    state.set(NAME + '/score', { cs, counts, weights } satisfies ScoreState);
    return undefined;
  },
  score(state, _pod, node) {
    const s = state.get(NAME + '/score') as ScoreState;
    let score = 0;
    for (let i = 0; i < s.cs.length; i++) {
      const v = node.labels[s.cs[i].topologyKey];
      if (v === undefined) continue;
      score += (s.counts[i].get(v) ?? 0) * s.weights[i] + (s.cs[i].maxSkew - 1);
    }
    return Math.round(score);
  },
  normalizeScore(_state, _pod, scores) {
    let min = Infinity;
    let max = 0;
    for (const s of scores) {
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < scores.length; i++) {
      scores[i] =
        max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
  isSchedulableAfter() {
    return true;
  },
};
