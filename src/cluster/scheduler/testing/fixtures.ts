/** Fixture builders for scheduler tests: API objects and their cache views. */
import type { KubeObject } from '../../api/types';
import { addPod, newNodeInfo, newPodInfo, setNode } from '../podInfo';
import type { NodeInfo, PodInfo, SharedLister, Taint } from '../types';

export interface NodeOptions {
  name?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
}

export function newNode(o: NodeOptions = {}): KubeObject {
  const name = o.name ?? 'node-1';
  const allocatable = {
    cpu: o.cpu ?? '2',
    memory: o.memory ?? '4Gi',
    pods: o.pods ?? '110',
    ...o.extra,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable, capacity: allocatable },
  };
}

export interface PodOptions {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: object[];
  affinity?: object;
  initContainers?: object[];
  overhead?: Record<string, string>;
  hostPort?: number;
  topologySpreadConstraints?: object[];
  priority?: number;
}

export function newPod(o: PodOptions = {}): KubeObject {
  const name = o.name ?? 'pod-1';
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${o.namespace ?? 'default'}-${name}`,
      labels: o.labels,
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          resources: { requests },
          ports: o.hostPort ? [{ containerPort: 80, hostPort: o.hostPort }] : undefined,
        },
      ],
      initContainers: o.initContainers,
      overhead: o.overhead,
      nodeName: o.nodeName,
      nodeSelector: o.nodeSelector,
      tolerations: o.tolerations,
      affinity: o.affinity,
      topologySpreadConstraints: o.topologySpreadConstraints,
      priority: o.priority,
    },
  };
}

/** A NodeInfo holding `pods`. */
export function nodeInfo(node: KubeObject, pods: KubeObject[] = []): NodeInfo {
  const ni = newNodeInfo(node.metadata.name!);
  setNode(ni, node);
  for (const p of pods) addPod(ni, newPodInfo(p));
  return ni;
}

export function podInfo(pod: KubeObject): PodInfo {
  return newPodInfo(pod);
}

export function lister(
  nodes: NodeInfo[],
  nsLabels: Record<string, Record<string, string>> = {},
): SharedLister {
  return {
    nodes: () => nodes,
    havePodsWithAffinity: () => nodes.filter((n) => n.podsWithAffinity.size),
    havePodsWithRequiredAntiAffinity: () =>
      nodes.filter((n) => n.podsWithRequiredAntiAffinity.size),
    namespaceLabels: (ns) => nsLabels[ns],
  };
}
