/**
 * The scheduler's cache (upstream internal/cache): one NodeInfo per node with the pods bound to
 * it and their requests summed, kept incrementally from watch events, so a scheduling attempt
 * reads a node's free room in O(1). Terminal pods (Succeeded, Failed) do not count, as the
 * scheduler's pod informer leaves them out.
 */
import type { KubeObject } from '../api/types';
import { addPod, newNodeInfo, newPodInfo, removePod, setNode } from './podInfo';
import type { ClusterEvent, NodeInfo, PodInfo, SharedLister } from './types';

export function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The node a pod occupies in the cache's eyes: bound and not terminal. */
export function assignedNode(pod: KubeObject): string | undefined {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  return nodeName && !isTerminal(pod) ? nodeName : undefined;
}

export class SchedulerCache implements SharedLister {
  private infos = new Map<string, NodeInfo>();
  /** Nodes that exist, in the order they were added (upstream's node tree without zones). */
  private list: NodeInfo[] = [];
  private podNode = new Map<string, { node: NodeInfo; info: PodInfo }>();
  private withAffinity = new Set<NodeInfo>();
  private withAntiAffinity = new Set<NodeInfo>();
  private nsLabels = new Map<string, Record<string, string>>();

  constructor(private onEvent: (ev: ClusterEvent) => void = () => {}) {}

  nodes(): readonly NodeInfo[] {
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    const ni = this.infos.get(name);
    return ni?.node ? ni : undefined;
  }

  havePodsWithAffinity(): Iterable<NodeInfo> {
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinity(): Iterable<NodeInfo> {
    return this.withAntiAffinity;
  }

  namespaceLabels(ns: string): Record<string, string> | undefined {
    return this.nsLabels.get(ns);
  }

  setNamespace(name: string, labels: Record<string, string> | undefined): void {
    if (labels) this.nsLabels.set(name, labels);
    else this.nsLabels.delete(name);
  }

  /** Forgets everything (before a relist). */
  clear(): void {
    this.infos.clear();
    this.list = [];
    this.podNode.clear();
    this.withAffinity.clear();
    this.withAntiAffinity.clear();
    this.nsLabels.clear();
  }

  setNodeObject(node: KubeObject): void {
    const name = node.metadata.name!;
    let ni = this.infos.get(name);
    if (!ni) this.infos.set(name, (ni = newNodeInfo(name)));
    const added = !ni.node;
    setNode(ni, node);
    if (added) this.list.push(ni);
    this.onEvent({ kind: added ? 'NodeAdd' : 'NodeUpdate', node: ni });
  }

  removeNode(name: string): void {
    const ni = this.infos.get(name);
    if (!ni?.node) return;
    ni.node = undefined;
    this.list.splice(this.list.indexOf(ni), 1);
    // Pods still bound to it keep their accounting until they go (a "ghost" node upstream).
    if (!ni.pods.size) this.infos.delete(name);
  }

  /** Applies a pod's new state (undefined when deleted) and reports what changed. */
  updatePod(uid: string, pod: KubeObject | undefined): void {
    const prior = this.podNode.get(uid);
    const nodeName = pod ? assignedNode(pod) : undefined;
    if (prior) {
      removePod(prior.node, prior.info);
      this.podNode.delete(uid);
      this.tidy(prior.node);
    }
    if (!nodeName) {
      if (prior) this.onEvent({ kind: 'AssignedPodDelete', pod: prior.info });
      return;
    }
    let ni = this.infos.get(nodeName);
    if (!ni) this.infos.set(nodeName, (ni = newNodeInfo(nodeName)));
    const info = newPodInfo(pod!);
    addPod(ni, info);
    this.podNode.set(uid, { node: ni, info });
    if (ni.podsWithAffinity.size) this.withAffinity.add(ni);
    if (ni.podsWithRequiredAntiAffinity.size) this.withAntiAffinity.add(ni);
    this.onEvent({ kind: prior ? 'AssignedPodUpdate' : 'AssignedPodAdd', pod: info });
  }

  /** The node a pod is counted on, if any. */
  podNodeName(uid: string): string | undefined {
    return this.podNode.get(uid)?.node.name;
  }

  private tidy(ni: NodeInfo): void {
    if (!ni.podsWithAffinity.size) this.withAffinity.delete(ni);
    if (!ni.podsWithRequiredAntiAffinity.size) this.withAntiAffinity.delete(ni);
    if (!ni.node && !ni.pods.size) this.infos.delete(ni.name);
  }
}
