import { describe, expect, it } from 'vitest';
import type { Diagram, PodItem } from './buildGraph';
import { emptyCache, toFlow } from './toFlow';

function pod(name: string, status: string, x = 0): PodItem {
  return {
    kind: 'pod',
    id: `pods:default/${name}`,
    key: `default/${name}`,
    name,
    namespace: 'default',
    status,
    ready: '1/1',
    restarts: '0',
    look: status === 'Running' ? 'running' : 'progress',
    x,
    y: 0,
    width: 150,
    height: 44,
  };
}

const diagram = (items: PodItem[]): Diagram => ({
  items,
  edges: [],
  grouped: false,
  podCount: items.length,
  podItem: new Map(),
});

describe('toFlow', () => {
  it('reuses the React Flow node of every item that did not change', () => {
    const first = toFlow(diagram([pod('a', 'Pending'), pod('b', 'Running')]), emptyCache());
    const second = toFlow(diagram([pod('a', 'Running'), pod('b', 'Running')]), first.cache);
    expect(second.nodes[0]).not.toBe(first.nodes[0]);
    expect(second.nodes[0].data).toMatchObject({ status: 'Running' });
    expect(second.nodes[1]).toBe(first.nodes[1]);
  });

  it('makes a new node when an item moves', () => {
    const first = toFlow(diagram([pod('a', 'Running')]), emptyCache());
    const second = toFlow(diagram([pod('a', 'Running', 200)]), first.cache);
    expect(second.nodes[0]).not.toBe(first.nodes[0]);
    expect(second.nodes[0].position).toEqual({ x: 200, y: 0 });
  });

  it('gives each node its size and the handles its edges attach to, so a new pod is drawn at once', () => {
    const { nodes } = toFlow(diagram([pod('a', 'Running')]), emptyCache());
    expect(nodes[0].measured).toEqual({ width: 150, height: 44 });
    const at = Object.fromEntries(
      (nodes[0].handles ?? []).map((h) => [h.id, [h.type, h.position, h.x, h.y]]),
    );
    // An owner's edge comes in on the left, a Service's on the right; claims go out on the right.
    expect(at).toEqual({
      'left-tgt': ['target', 'left', 0, 21.5],
      'right-tgt': ['target', 'right', 149, 21.5],
      'right-src': ['source', 'right', 149, 21.5],
    });
  });

  it('pulse edges carry the Service and pod a traffic report names', () => {
    const d = diagram([pod('a', 'Running')]);
    d.edges = [
      {
        id: 's->p',
        source: 'services:default/web',
        target: 'pods:default/a',
        kind: 'service',
        service: 'default/web',
        pod: 'default/a',
      },
    ];
    const { edges } = toFlow(d, emptyCache());
    expect(edges[0]).toMatchObject({
      type: 'pulse',
      sourceHandle: 'left-src',
      targetHandle: 'right-tgt',
      data: { service: 'default/web', pod: 'default/a' },
    });
  });
});
