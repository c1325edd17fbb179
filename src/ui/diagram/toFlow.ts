/**
 * The diagram's items and edges as React Flow nodes and edges. Objects of the previous call are
 * reused when nothing about them changed, so React Flow (and the memoised node components)
 * re-render only what a frame changed.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Diagram, DiagramEdge, DiagramItem } from './buildGraph';
import { handlesOf } from './handles';

/** Which side of its two ends an edge of each kind leaves from and arrives at. */
const HANDLES: Record<DiagramEdge['kind'], [string, string]> = {
  owner: ['right-src', 'left-tgt'],
  tree: ['bottom-src', 'left-tgt'],
  service: ['left-src', 'right-tgt'],
  ingress: ['left-src', 'right-tgt'],
  claim: ['right-src', 'left-tgt'],
  volume: ['right-src', 'left-tgt'],
};

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  }
  return true;
}

export interface FlowCache {
  nodes: Map<string, Node>;
  edges: Map<string, Edge>;
}

export function emptyCache(): FlowCache {
  return { nodes: new Map(), edges: new Map() };
}

function toNode(item: DiagramItem): Node {
  return {
    id: item.id,
    type: item.kind,
    position: { x: item.x, y: item.y },
    data: item as unknown as Record<string, unknown>,
    width: item.width,
    height: item.height,
    // Known sizes and handles: React Flow draws the node at once, without measuring it first.
    measured: { width: item.width, height: item.height },
    handles: handlesOf(item.kind, item.width, item.height),
    // Boxes under the edges, pods and objects over them.
    zIndex: item.kind === 'box' ? 0 : 2,
    draggable: false,
    selectable: false,
    connectable: false,
    focusable: false,
  };
}

function toEdge(e: DiagramEdge): Edge {
  const [sourceHandle, targetHandle] = HANDLES[e.kind];
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle,
    targetHandle,
    type: e.kind === 'service' ? 'pulse' : e.kind === 'tree' ? 'smoothstep' : 'default',
    className: `diagram-edge kind-${e.kind}`,
    data: e.kind === 'service' ? { service: e.service, pod: e.pod } : undefined,
    selectable: false,
    focusable: false,
    zIndex: 1,
  };
}

/** React Flow nodes and edges for a diagram, reusing `cache`'s objects; returns the new cache. */
export function toFlow(
  diagram: Diagram,
  cache: FlowCache,
): { nodes: Node[]; edges: Edge[]; cache: FlowCache } {
  const next = emptyCache();
  const nodes = diagram.items.map((item) => {
    const old = cache.nodes.get(item.id);
    const node = old && old.type === item.kind && shallowEqual(old.data, item) ? old : toNode(item);
    next.nodes.set(item.id, node);
    return node;
  });
  const edges = diagram.edges.map((e) => {
    const old = cache.edges.get(e.id);
    const edge =
      old &&
      old.source === e.source &&
      old.target === e.target &&
      old.className === `diagram-edge kind-${e.kind}`
        ? old
        : toEdge(e);
    next.edges.set(e.id, edge);
    return edge;
  });
  return { nodes, edges, cache: next };
}
