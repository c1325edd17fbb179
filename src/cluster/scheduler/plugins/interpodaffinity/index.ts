/**
 * InterPodAffinity: required pod affinity and anti-affinity by topology domain, both the
 * incoming pod's and the existing pods' (filter); preferred terms of both sides, and existing
 * pods' required affinity with weight 1, pull or push (score, min-max normalised).
 */
import type {
  AffinityTerm,
  CycleState,
  NodeInfo,
  Plugin,
  PodInfo,
  Result,
  SharedLister,
} from '../../types';
import { Code, MAX_NODE_SCORE, SKIP, status } from '../../types';

const NAME = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** args.HardPodAffinityWeight of the default profile. */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Topology pair "key\0value" → count. */
type Counts = Map<string, number>;

interface PreFilterState {
  lister: SharedLister;
  existingAntiAffinityCounts: Counts;
  affinityCounts: Counts;
  antiAffinityCounts: Counts;
}

const pair = (k: string, v: string) => `${k}\u0000${v}`;
const bump = (m: Counts, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and has matching labels. */
export function termMatches(term: AffinityTerm, pod: PodInfo, lister: SharedLister): boolean {
  if (!term.selector) return false;
  let nsOk = term.namespaces.has(pod.namespace);
  if (!nsOk && term.namespaceSelector) {
    nsOk = term.namespaceSelector(lister.namespaceLabels(pod.namespace) ?? {});
  }
  return nsOk && term.selector(pod.labels);
}

function matchesAll(terms: AffinityTerm[], pod: PodInfo, lister: SharedLister): boolean {
  if (!terms.length) return false;
  for (const t of terms) if (!termMatches(t, pod, lister)) return false;
  return true;
}

function preFilter(pod: PodInfo, lister: SharedLister): PreFilterState {
  const s: PreFilterState = {
    lister,
    existingAntiAffinityCounts: new Map(),
    affinityCounts: new Map(),
    antiAffinityCounts: new Map(),
  };
  for (const node of lister.havePodsWithRequiredAntiAffinity()) {
    for (const existing of node.podsWithRequiredAntiAffinity) {
      for (const t of existing.requiredAntiAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && termMatches(t, pod, lister)) {
          bump(s.existingAntiAffinityCounts, pair(t.topologyKey, v));
        }
      }
    }
  }
  if (!pod.requiredAffinity.length && !pod.requiredAntiAffinity.length) return s;
  for (const node of lister.nodes()) {
    for (const existing of node.pods.values()) {
      if (matchesAll(pod.requiredAffinity, existing, lister)) {
        for (const t of pod.requiredAffinity) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined) bump(s.affinityCounts, pair(t.topologyKey, v));
        }
      }
      for (const t of pod.requiredAntiAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && termMatches(t, existing, lister)) {
          bump(s.antiAffinityCounts, pair(t.topologyKey, v));
        }
      }
    }
  }
  return s;
}

function satisfyPodAffinity(
  s: PreFilterState,
  pod: PodInfo,
  node: NodeInfo,
  lister: SharedLister,
): boolean {
  let podsExist = true;
  for (const t of pod.requiredAffinity) {
    const v = node.labels[t.topologyKey];
    if (v === undefined) return false;
    if ((s.affinityCounts.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere with the topology labels.
  return s.affinityCounts.size === 0 && matchesAll(pod.requiredAffinity, pod, lister);
}

function satisfyPodAntiAffinity(s: PreFilterState, pod: PodInfo, node: NodeInfo): boolean {
  if (!s.antiAffinityCounts.size) return true;
  for (const t of pod.requiredAntiAffinity) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && (s.antiAffinityCounts.get(pair(t.topologyKey, v)) ?? 0) > 0) {
      return false;
    }
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (!s.existingAntiAffinityCounts.size) return true;
  for (const k in node.labels) {
    if ((s.existingAntiAffinityCounts.get(pair(k, node.labels[k])) ?? 0) > 0) return false;
  }
  return true;
}

type TopologyScore = Map<string, Map<string, number>>;

function processTerm(
  m: TopologyScore,
  term: AffinityTerm,
  weight: number,
  pod: PodInfo,
  node: NodeInfo,
  multiplier: number,
  lister: SharedLister,
): void {
  if (!termMatches(term, pod, lister)) return;
  const v = node.labels[term.topologyKey];
  if (v === undefined) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight * multiplier);
}

function processExistingPod(
  m: TopologyScore,
  incoming: PodInfo,
  existing: PodInfo,
  node: NodeInfo,
  lister: SharedLister,
): void {
  for (const t of incoming.preferredAffinity)
    processTerm(m, t, t.weight, existing, node, 1, lister);
  for (const t of incoming.preferredAntiAffinity) {
    processTerm(m, t, t.weight, existing, node, -1, lister);
  }
  for (const t of existing.requiredAffinity) {
    processTerm(m, t, HARD_POD_AFFINITY_WEIGHT, incoming, node, 1, lister);
  }
  for (const t of existing.preferredAffinity)
    processTerm(m, t, t.weight, incoming, node, 1, lister);
  for (const t of existing.preferredAntiAffinity) {
    processTerm(m, t, t.weight, incoming, node, -1, lister);
  }
}

export const InterPodAffinity: Plugin = {
  name: NAME,
  weight: 2,
  preFilter(state: CycleState, pod, lister): Result {
    const s = preFilter(pod, lister);
    if (
      !pod.requiredAffinity.length &&
      !pod.requiredAntiAffinity.length &&
      !s.existingAntiAffinityCounts.size
    ) {
      return SKIP;
    }
    state.set(NAME, s);
    return undefined;
  },
  filter(state, pod, node): Result {
    const s = state.get(NAME) as PreFilterState;
    if (!satisfyPodAffinity(s, pod, node, s.lister)) {
      return status(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY);
    }
    if (!satisfyPodAntiAffinity(s, pod, node)) {
      return status(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY);
    }
    if (!satisfyExistingPodsAntiAffinity(s, node)) {
      return status(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY);
    }
    return undefined;
  },
  preScore(state, pod, _nodes, lister): Result {
    const hasConstraints = pod.preferredAffinity.length > 0 || pod.preferredAntiAffinity.length > 0;
    const m: TopologyScore = new Map();
    for (const node of hasConstraints ? lister.nodes() : lister.havePodsWithAffinity()) {
      if (!Object.keys(node.labels).length) continue;
      const pods = hasConstraints ? node.pods.values() : node.podsWithAffinity.values();
      for (const existing of pods) processExistingPod(m, pod, existing, node, lister);
    }
    if (!m.size) return SKIP;
    state.set(NAME + '/score', m);
    return undefined;
  },
  score(state, _pod, node) {
    const m = state.get(NAME + '/score') as TopologyScore;
    let score = 0;
    for (const [k, byValue] of m) {
      const v = node.labels[k];
      if (v !== undefined) score += byValue.get(v) ?? 0;
    }
    return score;
  },
  normalizeScore(_state, _pod, scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      if (s > max) max = s;
      if (s < min) min = s;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
    }
  },
  isSchedulableAfter() {
    // Any change to bound pods or to node labels can satisfy an affinity or free a domain.
    return true;
  },
};
