/**
 * The scheduling framework's shapes, after upstream's pkg/scheduler/framework: a pod's and a
 * node's pre-computed view (PodInfo, NodeInfo), the Status a plugin answers with, and the
 * extension points (PreFilter, Filter, PreScore, Score) the default profile runs.
 */
import type { KubeObject } from '../api/types';

/** framework.Code: how a plugin's answer counts. */
export const enum Code {
  Success = 0,
  Error = 1,
  /** The node does not fit now; preemption might make room. */
  Unschedulable = 2,
  /** The node does not fit, and removing pods would not change that. */
  UnschedulableAndUnresolvable = 3,
  /** The plugin has nothing to do for this pod (PreFilter / PreScore). */
  Skip = 5,
}

/** A failed (or skipped) plugin answer; success is `undefined`, so the hot path allocates nothing. */
export interface Status {
  code: Code;
  reasons: string[];
}

export type Result = Status | undefined;

export function status(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

export const SKIP: Status = { code: Code.Skip, reasons: [] };

/** Resource amounts as the scheduler counts them: milli-CPU, bytes, and any scalar resource. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and hugepages resources, by name. */
  scalar: Map<string, number>;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

/** A label selector already decided: `null` matches nothing (as a nil metav1.LabelSelector). */
export type Matcher = ((labels: Record<string, string> | undefined) => boolean) | null;

/** One pod (anti-)affinity term, compiled (framework.AffinityTerm). */
export interface AffinityTerm {
  /** Explicit namespaces; with none and no namespaceSelector, the pod's own namespace. */
  namespaces: Set<string>;
  /** Matches namespaces by their labels; undefined when the term has no namespaceSelector. */
  namespaceSelector?: Matcher;
  selector: Matcher;
  topologyKey: string;
  weight: number;
}

export interface HostPort {
  protocol: string;
  hostIP: string;
  port: number;
}

/** framework.PodInfo: a pod and what the plugins read of it, computed once per version. */
export interface PodInfo {
  pod: KubeObject;
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  priority: number;
  /** What the pod asks for (containers, max init container, overhead). */
  requests: Resource;
  /** As `requests`, with 100m CPU and 200Mi memory for containers that ask for none (scoring). */
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
  hostPorts: HostPort[];
}

/** framework.NodeInfo: a node and the pods bound to it, with their requests summed. */
export interface NodeInfo {
  name: string;
  /** Undefined while pods name a node the cache has not seen (yet). */
  node: KubeObject | undefined;
  labels: Record<string, string>;
  allocatable: Resource;
  allowedPodNumber: number;
  requested: Resource;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  pods: Map<string, PodInfo>;
  podsWithAffinity: Set<PodInfo>;
  podsWithRequiredAntiAffinity: Set<PodInfo>;
  /** "protocol/hostIP/port" of every host port in use. */
  usedPorts: Set<string>;
  taints: Taint[];
  unschedulable: boolean;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** What plugins may read beyond the pod and node: every node, and namespace labels. */
export interface SharedLister {
  nodes(): readonly NodeInfo[];
  /** Nodes with a bound pod that has any pod (anti-)affinity term. */
  havePodsWithAffinity(): Iterable<NodeInfo>;
  /** Nodes with a bound pod that has a required anti-affinity term. */
  havePodsWithRequiredAntiAffinity(): Iterable<NodeInfo>;
  namespaceLabels(ns: string): Record<string, string> | undefined;
}

/** Per-attempt plugin state (framework.CycleState). */
export type CycleState = Map<string, unknown>;

/** What changed in the cluster; unschedulable pods are retried when a rejecting plugin cares. */
export type ClusterEvent =
  | { kind: 'NodeAdd'; node: NodeInfo }
  | { kind: 'NodeUpdate'; node: NodeInfo }
  | { kind: 'AssignedPodAdd'; pod: PodInfo }
  | { kind: 'AssignedPodUpdate'; pod: PodInfo }
  | { kind: 'AssignedPodDelete'; pod: PodInfo }
  /** A PersistentVolumeClaim, PersistentVolume or StorageClass was added or changed. */
  | { kind: 'VolumeChange' };

export interface Plugin {
  readonly name: string;
  /** Weight of the Score extension in the default profile. */
  readonly weight?: number;
  preFilter?(state: CycleState, pod: PodInfo, lister: SharedLister): Result;
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
  preScore?(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    lister: SharedLister,
  ): Result;
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescales the scores of every feasible node to 0..100 (ScoreExtensions.NormalizeScore). */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: number[]): void;
  /**
   * The queueing hint (EnqueueExtensions): true when `event` may make `pod`, rejected by this
   * plugin, schedulable. Plugins without one are not retried on events, only by the periodic flush.
   */
  isSchedulableAfter?(pod: PodInfo, event: ClusterEvent): boolean;
}

/** framework.MaxNodeScore */
export const MAX_NODE_SCORE = 100;

/** DefaultNormalizeScore of upstream's helper package. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    if (reverse) s = MAX_NODE_SCORE - s;
    scores[i] = s;
  }
}
