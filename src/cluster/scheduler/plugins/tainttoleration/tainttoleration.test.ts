import { describe, expect, it } from 'vitest';
import { newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import { TaintToleration } from '.';

const dedicated = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('TaintToleration filter', () => {
  it.each([
    { name: 'no taints', taints: [], tolerations: [], reason: undefined },
    {
      name: 'untolerated NoSchedule taint',
      taints: [dedicated],
      tolerations: [],
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'tolerated by Equal',
      taints: [dedicated],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      reason: undefined,
    },
    {
      name: 'wrong value',
      taints: [dedicated],
      tolerations: [{ key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }],
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'empty key with Exists tolerates everything',
      taints: [dedicated, { key: 'x', effect: 'NoExecute' }],
      tolerations: [{ operator: 'Exists' }],
      reason: undefined,
    },
    {
      name: 'PreferNoSchedule never filters',
      taints: [{ key: 'soft', value: 'yes', effect: 'PreferNoSchedule' }],
      tolerations: [],
      reason: undefined,
    },
    {
      name: 'control-plane taint without a value',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      tolerations: [],
      reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
  ])('$name', ({ taints, tolerations, reason }) => {
    const s = TaintToleration.filter!(
      new Map(),
      podInfo(newPod({ tolerations })),
      nodeInfo(newNode({ taints })),
    );
    expect(s?.reasons[0]).toBe(reason);
  });
});

describe('TaintToleration score', () => {
  it('counts untolerated PreferNoSchedule taints, reversed to 0..100', () => {
    const soft = (key: string) => ({ key, value: 'v', effect: 'PreferNoSchedule' });
    const nodes = [
      nodeInfo(newNode({ name: 'a' })),
      nodeInfo(newNode({ name: 'b', taints: [soft('x')] })),
      nodeInfo(newNode({ name: 'c', taints: [soft('x'), soft('y')] })),
      nodeInfo(newNode({ name: 'd', taints: [soft('t')] })),
    ];
    const pod = podInfo(newPod({ tolerations: [{ key: 't', operator: 'Exists' }] }));
    const state = new Map();
    TaintToleration.preScore!(state, pod, nodes, undefined as never);
    const scores = nodes.map((n) => TaintToleration.score!(state, pod, n));
    expect(scores).toEqual([0, 1, 2, 0]);
    TaintToleration.normalizeScore!(state, pod, scores);
    expect(scores).toEqual([100, 50, 0, 100]);
  });
});
