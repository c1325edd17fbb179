/**
 * The default profile's scheduling algorithm (upstream schedule_one.go): PreFilter, Filter over
 * the nodes (stopping once enough fit, as percentageOfNodesToScore), PreScore, Score with
 * NormalizeScore and weights, and selectHost, which breaks ties between the best nodes at random.
 */
import type { Random } from '../clock/Random';
import { InterPodAffinity } from './plugins/interpodaffinity';
import { NodeAffinity } from './plugins/nodeaffinity';
import { NodeName } from './plugins/nodename';
import { NodePorts } from './plugins/nodeports';
import { NodeResourcesBalancedAllocation, NodeResourcesFit } from './plugins/noderesources';
import { NodeUnschedulable } from './plugins/nodeunschedulable';
import { PodTopologySpread } from './plugins/podtopologyspread';
import { TaintToleration } from './plugins/tainttoleration';
import type { CycleState, NodeInfo, Plugin, PodInfo, SharedLister, Status } from './types';
import { Code } from './types';

/** Filter plugins in the default profile's order; the first that rejects a node decides. */
export const DEFAULT_FILTERS: Plugin[] = [
  NodeUnschedulable,
  NodeName,
  TaintToleration,
  NodeAffinity,
  NodePorts,
  NodeResourcesFit,
  PodTopologySpread,
  InterPodAffinity,
];

export const DEFAULT_SCORES: Plugin[] = [
  TaintToleration,
  NodeAffinity,
  NodeResourcesFit,
  PodTopologySpread,
  InterPodAffinity,
  NodeResourcesBalancedAllocation,
];

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind with the adaptive percentage (percentageOfNodesToScore unset). */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = 50 - Math.trunc(numAllNodes / 125);
  if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
    percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Why nodes were rejected: each rejected node's status and the plugin that gave it. */
export interface Diagnosis {
  nodeToStatus: Map<NodeInfo, Status>;
  unschedulablePlugins: Set<string>;
  preFilterMsg?: string;
}

export interface FitResult {
  feasible: NodeInfo[];
  diagnosis: Diagnosis;
  /** Nodes whose filters ran. */
  processed: number;
}

export class Framework {
  private nextStartNodeIndex = 0;

  constructor(
    private lister: SharedLister,
    private random: Random,
    private filters: Plugin[] = DEFAULT_FILTERS,
    private scorers: Plugin[] = DEFAULT_SCORES,
  ) {}

  /** PreFilter and Filter: the nodes the pod fits, looking at enough of them, round-robin. */
  findNodesThatFit(state: CycleState, pod: PodInfo): FitResult {
    const diagnosis: Diagnosis = { nodeToStatus: new Map(), unschedulablePlugins: new Set() };
    const active: Plugin[] = [];
    for (const p of this.filters) {
      if (!p.filter) continue;
      const s = p.preFilter?.(state, pod, this.lister);
      if (s?.code === Code.Skip) continue;
      if (s) {
        diagnosis.preFilterMsg = s.reasons.join(', ');
        diagnosis.unschedulablePlugins.add(p.name);
        return { feasible: [], diagnosis, processed: 0 };
      }
      active.push(p);
    }
    const nodes = this.lister.nodes();
    const n = nodes.length;
    const want = numFeasibleNodesToFind(n);
    const feasible: NodeInfo[] = [];
    let processed = 0;
    const start = n ? this.nextStartNodeIndex % n : 0;
    for (let i = 0; i < n && feasible.length < want; i++) {
      const node = nodes[(start + i) % n];
      processed++;
      let failed: Status | undefined;
      for (const p of active) {
        failed = p.filter!(state, pod, node);
        if (failed) {
          diagnosis.unschedulablePlugins.add(p.name);
          break;
        }
      }
      if (failed) diagnosis.nodeToStatus.set(node, failed);
      else feasible.push(node);
    }
    if (n) this.nextStartNodeIndex = (start + processed) % n;
    return { feasible, diagnosis, processed };
  }

  /**
   * PreScore, Score, NormalizeScore and weights: each feasible node's total. `byPlugin`, if
   * given, receives each plugin's weighted scores (to explain the choice).
   */
  prioritizeNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: NodeInfo[],
    byPlugin?: Map<string, number[]>,
  ): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    for (const p of this.scorers) {
      if (!p.score) continue;
      const s = p.preScore?.(state, pod, nodes, this.lister);
      if (s?.code === Code.Skip) continue;
      const w = p.weight ?? 1;
      const scores = new Array<number>(nodes.length);
      for (let i = 0; i < nodes.length; i++) scores[i] = p.score(state, pod, nodes[i]);
      p.normalizeScore?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) totals[i] += scores[i] * w;
      if (byPlugin)
        byPlugin.set(
          p.name,
          scores.map((s) => s * w),
        );
    }
    return totals;
  }

  /** selectHost: the highest total; among equals each is as likely (reservoir sampling). */
  selectHost(nodes: NodeInfo[], totals: number[]): NodeInfo {
    let best = 0;
    let count = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        count = 1;
      } else if (totals[i] === totals[best]) {
        count++;
        if (this.random.int(count) === 0) best = i;
      }
    }
    return nodes[best];
  }

  /** The plugin that knows how to answer "may this event help?" for a rejecting plugin. */
  plugin(name: string): Plugin | undefined {
    return this.filters.find((p) => p.name === name);
  }
}

/** framework.FitError.Error(): "0/3 nodes are available: 3 Insufficient cpu. <postFilterMsg>" */
export function fitErrorMessage(
  numAllNodes: number,
  diagnosis: Diagnosis,
  postFilterMsg: string,
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg) {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(diagnosis.nodeToStatus.values());
    if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

/** sortReasonsHistogram: "<count> <reason>" per reason, sorted as strings. */
export function reasonHistogram(statuses: Iterable<Status>, extra?: Map<string, number>): string[] {
  const counts = new Map<string, number>(extra);
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const out: string[] = [];
  for (const [r, c] of counts) out.push(`${c} ${r}`);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
