/**
 * Where edges attach to the diagram's nodes. React Flow's `<Handle>` is a component subscribed to
 * React Flow's store (for connecting, which the diagram never does) and an element to measure,
 * five per node: for hundreds of pods that is thousands of store selectors on every update and
 * elements to style and lay out. Instead each node's handles are given as data (`handlesOf`, so
 * React Flow draws a new pod's edges without measuring it), and the node marks the same points
 * with plain empty elements (`handleMarks`), because React Flow re-measures a node from the DOM
 * whenever its ResizeObserver reports it.
 */
import { Position } from '@xyflow/react';
import type { NodeHandle } from '@xyflow/react';
import type { DiagramItem } from './buildGraph';

export type HandleId = 'left-tgt' | 'left-src' | 'right-tgt' | 'right-src' | 'bottom-src';

const SIDE: Record<HandleId, { type: 'source' | 'target'; position: Position }> = {
  'left-tgt': { type: 'target', position: Position.Left },
  'left-src': { type: 'source', position: Position.Left },
  'right-tgt': { type: 'target', position: Position.Right },
  'right-src': { type: 'source', position: Position.Right },
  'bottom-src': { type: 'source', position: Position.Bottom },
};

/**
 * The handles each kind of item needs: a pod (or group) is an owner's target on the left, a
 * Service's on the right, and the source of its claims on the right; objects are all of these
 * (a Deployment's ReplicaSets hang from its bottom); boxes have no edges.
 */
export const HANDLES: Record<DiagramItem['kind'], readonly HandleId[]> = {
  pod: ['left-tgt', 'right-tgt', 'right-src'],
  group: ['left-tgt', 'right-tgt', 'right-src'],
  object: ['left-tgt', 'left-src', 'right-tgt', 'right-src', 'bottom-src'],
  box: [],
};

/**
 * The handles of an item of this kind and size, where its marks sit (diagram.css): 1 px, at
 * the middle of the left and right sides and of the bottom, inside the node.
 */
export function handlesOf(kind: DiagramItem['kind'], width: number, height: number): NodeHandle[] {
  return HANDLES[kind].map((id) => {
    const { type, position } = SIDE[id];
    const x =
      position === Position.Left ? 0 : position === Position.Right ? width - 1 : width / 2 - 0.5;
    const y = position === Position.Bottom ? height - 1 : height / 2 - 0.5;
    return { id, type, position, x, y, width: 1, height: 1 };
  });
}

/** What React Flow reads from a handle element when it measures a node. */
export function handleMarkProps(id: HandleId) {
  const { type, position } = SIDE[id];
  return {
    className: `diagram-handle ${type} ${position}`,
    'data-handleid': id,
    'data-handlepos': position,
  };
}
