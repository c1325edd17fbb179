import { describe, expect, it } from 'vitest';
import { lister, newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import { PodTopologySpread } from '.';

describe('PodTopologySpread filter', () => {
  it('DoNotSchedule keeps the skew within maxSkew', () => {
    const web = (name: string) => newPod({ name, labels: { app: 'web' } });
    const nodes = [
      nodeInfo(newNode({ name: 'a', labels: { zone: '1' } }), [web('w0'), web('w1')]),
      nodeInfo(newNode({ name: 'b', labels: { zone: '2' } }), [web('w2')]),
      nodeInfo(newNode({ name: 'c' })),
    ];
    const pod = podInfo(
      newPod({
        labels: { app: 'web' },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'web' } },
          },
        ],
      }),
    );
    const state = new Map();
    expect(PodTopologySpread.preFilter!(state, pod, lister(nodes))).toBeUndefined();
    expect(nodes.map((n) => PodTopologySpread.filter!(state, pod, n)?.reasons[0])).toEqual([
      "node(s) didn't match pod topology spread constraints",
      undefined,
      "node(s) didn't match pod topology spread constraints (missing required label)",
    ]);
  });
});
