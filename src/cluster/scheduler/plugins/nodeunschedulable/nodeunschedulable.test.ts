import { describe, expect, it } from 'vitest';
import { newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import { Code } from '../../types';
import { NodeUnschedulable } from '.';

describe('NodeUnschedulable filter', () => {
  it.each([
    { name: 'schedulable node', unschedulable: false, tolerations: undefined, fits: true },
    { name: 'cordoned node', unschedulable: true, tolerations: undefined, fits: false },
    {
      name: 'cordoned node, pod tolerates the unschedulable taint',
      unschedulable: true,
      tolerations: [
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      ],
      fits: true,
    },
    {
      name: 'cordoned node, toleration for another effect',
      unschedulable: true,
      tolerations: [
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' },
      ],
      fits: false,
    },
  ])('$name', ({ unschedulable, tolerations, fits }) => {
    const s = NodeUnschedulable.filter!(
      new Map(),
      podInfo(newPod({ tolerations })),
      nodeInfo(newNode({ unschedulable })),
    );
    if (fits) expect(s).toBeUndefined();
    else
      expect(s).toEqual({
        code: Code.UnschedulableAndUnresolvable,
        reasons: ['node(s) were unschedulable'],
      });
  });
});
