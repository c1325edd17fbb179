import { describe, expect, it } from 'vitest';
import { newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import type { PodOptions } from '../../testing/fixtures';
import { Code } from '../../types';
import { NodeAffinity } from '.';

const required = (...matchExpressions: object[]) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] },
  },
});

describe('NodeAffinity filter', () => {
  it.each<{ name: string; pod: PodOptions; fits: boolean }>([
    { name: 'nodeSelector matches', pod: { nodeSelector: { disk: 'ssd' } }, fits: true },
    { name: 'nodeSelector value differs', pod: { nodeSelector: { disk: 'hdd' } }, fits: false },
    { name: 'nodeSelector key missing', pod: { nodeSelector: { gpu: 'yes' } }, fits: false },
    {
      name: 'In',
      pod: { affinity: required({ key: 'zone', operator: 'In', values: ['a', 'b'] }) },
      fits: true,
    },
    {
      name: 'NotIn',
      pod: { affinity: required({ key: 'zone', operator: 'NotIn', values: ['a'] }) },
      fits: false,
    },
    {
      name: 'Exists',
      pod: { affinity: required({ key: 'disk', operator: 'Exists' }) },
      fits: true,
    },
    {
      name: 'DoesNotExist',
      pod: { affinity: required({ key: 'disk', operator: 'DoesNotExist' }) },
      fits: false,
    },
    {
      name: 'Gt',
      pod: { affinity: required({ key: 'cores', operator: 'Gt', values: ['4'] }) },
      fits: true,
    },
    {
      name: 'Lt',
      pod: { affinity: required({ key: 'cores', operator: 'Lt', values: ['4'] }) },
      fits: false,
    },
    {
      name: 'matchFields metadata.name',
      pod: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
              ],
            },
          },
        },
      },
      fits: true,
    },
    {
      name: 'terms are ORed',
      pod: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] },
                { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
              ],
            },
          },
        },
      },
      fits: true,
    },
  ])('$name', ({ pod, fits }) => {
    const node = nodeInfo(newNode({ labels: { disk: 'ssd', zone: 'a', cores: '8' } }));
    const s = NodeAffinity.filter!(new Map(), podInfo(newPod(pod)), node);
    if (fits) expect(s).toBeUndefined();
    else
      expect(s).toEqual({
        code: Code.UnschedulableAndUnresolvable,
        reasons: ["node(s) didn't match Pod's node affinity/selector"],
      });
  });

  it('skips pods without selector or required affinity at PreFilter', () => {
    expect(NodeAffinity.preFilter!(new Map(), podInfo(newPod()), undefined as never)?.code).toBe(
      Code.Skip,
    );
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalised to the best node', () => {
    const pod = podInfo(
      newPod({
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 80,
                preference: {
                  matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }],
                },
              },
              {
                weight: 20,
                preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
              },
            ],
          },
        },
      }),
    );
    const nodes = [
      nodeInfo(newNode({ name: 'a', labels: { disk: 'ssd', zone: 'a' } })),
      nodeInfo(newNode({ name: 'b', labels: { disk: 'ssd' } })),
      nodeInfo(newNode({ name: 'c', labels: { zone: 'a' } })),
      nodeInfo(newNode({ name: 'd' })),
    ];
    const state = new Map();
    expect(NodeAffinity.preScore!(state, pod, nodes, undefined as never)).toBeUndefined();
    const scores = nodes.map((n) => NodeAffinity.score!(state, pod, n));
    expect(scores).toEqual([100, 80, 20, 0]);
    NodeAffinity.normalizeScore!(state, pod, scores);
    expect(scores).toEqual([100, 80, 20, 0]);
  });
});
