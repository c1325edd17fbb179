import { describe, expect, it } from 'vitest';
import { podRequests } from '../../podInfo';
import { newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import { Code } from '../../types';
import { NodeResourcesBalancedAllocation, NodeResourcesFit } from '.';

describe('NodeResourcesFit filter', () => {
  it.each([
    { name: 'fits', cpu: '500m', memory: '1Gi', bound: [], reasons: undefined },
    { name: 'too much cpu', cpu: '3', memory: undefined, bound: [], reasons: ['Insufficient cpu'] },
    {
      name: 'cpu left by bound pods is too little',
      cpu: '1',
      memory: undefined,
      bound: [newPod({ name: 'a', cpu: '1500m' })],
      reasons: ['Insufficient cpu'],
    },
    {
      name: 'cpu and memory',
      cpu: '3',
      memory: '5Gi',
      bound: [],
      reasons: ['Insufficient cpu', 'Insufficient memory'],
    },
    {
      name: 'pods count, even for a pod that requests nothing',
      cpu: undefined,
      memory: undefined,
      bound: [newPod({ name: 'a' }), newPod({ name: 'b' })],
      pods: '2',
      reasons: ['Too many pods'],
    },
  ])('$name', ({ cpu, memory, bound, reasons, ...rest }) => {
    const node = nodeInfo(newNode({ pods: (rest as { pods?: string }).pods }), bound);
    const s = NodeResourcesFit.filter!(new Map(), podInfo(newPod({ cpu, memory })), node);
    if (!reasons) expect(s).toBeUndefined();
    else expect(s).toEqual({ code: Code.Unschedulable, reasons });
  });

  it('counts the largest init container, sidecars and overhead (PodRequests)', () => {
    const pod = newPod({
      cpu: '100m',
      initContainers: [
        { name: 'init', image: 'busybox', resources: { requests: { cpu: '1' } } },
        {
          name: 'sidecar',
          image: 'envoy',
          restartPolicy: 'Always',
          resources: { requests: { cpu: '200m' } },
        },
      ],
      overhead: { cpu: '50m' },
    });
    // max(100m + 200m sidecar, 1 init) + 50m overhead
    expect(podRequests(pod).milliCPU).toBe(1050);
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it.each([
    // (2000-500)/2000*100 = 75 for cpu, (4Gi-1Gi)/4Gi*100 = 75 for memory
    { name: 'empty node', bound: [], cpu: '500m', memory: '1Gi', score: 75 },
    // cpu (2000-1500)/2000 = 25, memory (4096-2048)/4096 = 50 → 37
    {
      name: 'half-used node',
      bound: [newPod({ name: 'a', cpu: '1', memory: '1Gi' })],
      cpu: '500m',
      memory: '1Gi',
      score: 37,
    },
    // a pod without requests counts as 100m / 200Mi: 95 and 95
    { name: 'best-effort pod', bound: [], cpu: undefined, memory: undefined, score: 95 },
  ])('$name', ({ bound, cpu, memory, score }) => {
    const s = NodeResourcesFit.score!(
      new Map(),
      podInfo(newPod({ cpu, memory })),
      nodeInfo(newNode(), bound),
    );
    expect(s).toBe(score);
  });
});

describe('NodeResourcesBalancedAllocation score', () => {
  it.each([
    { name: 'equal shares', cpu: '1', memory: '2Gi', score: 100 },
    // cpu 0.5, memory 0.125 → std 0.1875 → 81
    { name: 'unequal shares', cpu: '1', memory: '512Mi', score: 81 },
    { name: 'nothing requested', cpu: undefined, memory: undefined, score: 100 },
  ])('$name', ({ cpu, memory, score }) => {
    const s = NodeResourcesBalancedAllocation.score!(
      new Map(),
      podInfo(newPod({ cpu, memory })),
      nodeInfo(newNode()),
    );
    expect(s).toBe(score);
  });
});
