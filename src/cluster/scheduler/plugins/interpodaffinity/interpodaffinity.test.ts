import { describe, expect, it } from 'vitest';
import { lister, newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import type { NodeInfo } from '../../types';
import { InterPodAffinity } from '.';

const term = (app: string, topologyKey = 'kubernetes.io/hostname') => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
});
const anti = (app: string, topologyKey?: string) => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app, topologyKey)] },
});
const aff = (app: string, topologyKey?: string) => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app, topologyKey)] },
});

function filterAll(nodes: NodeInfo[], pod: ReturnType<typeof newPod>): (string | undefined)[] {
  const state = new Map();
  const pi = podInfo(pod);
  const pre = InterPodAffinity.preFilter!(state, pi, lister(nodes));
  if (pre) return nodes.map(() => undefined);
  return nodes.map((n) => InterPodAffinity.filter!(state, pi, n)?.reasons[0]);
}

describe('InterPodAffinity filter', () => {
  const zone = (name: string, z: string, pods: ReturnType<typeof newPod>[] = []) =>
    nodeInfo(newNode({ name, labels: { zone: z } }), pods);

  it('anti-affinity keeps a pod off nodes with matching pods', () => {
    const nodes = [
      zone('a', '1', [newPod({ name: 'web-0', labels: { app: 'web' } })]),
      zone('b', '1'),
    ];
    expect(filterAll(nodes, newPod({ labels: { app: 'web' }, affinity: anti('web') }))).toEqual([
      "node(s) didn't match pod anti-affinity rules",
      undefined,
    ]);
  });

  it('anti-affinity by zone covers every node of the zone', () => {
    const nodes = [
      zone('a', '1', [newPod({ name: 'web-0', labels: { app: 'web' } })]),
      zone('b', '1'),
      zone('c', '2'),
    ];
    expect(filterAll(nodes, newPod({ affinity: anti('web', 'zone') }))).toEqual([
      "node(s) didn't match pod anti-affinity rules",
      "node(s) didn't match pod anti-affinity rules",
      undefined,
    ]);
  });

  it("an existing pod's anti-affinity keeps matching pods away", () => {
    const nodes = [
      zone('a', '1', [newPod({ name: 'db-0', labels: { app: 'db' }, affinity: anti('web') })]),
      zone('b', '1'),
    ];
    expect(filterAll(nodes, newPod({ labels: { app: 'web' } }))).toEqual([
      "node(s) didn't satisfy existing pods anti-affinity rules",
      undefined,
    ]);
  });

  it('affinity needs a matching pod in the domain', () => {
    const nodes = [
      zone('a', '1', [newPod({ name: 'db-0', labels: { app: 'db' } })]),
      zone('b', '1'),
      zone('c', '2'),
    ];
    expect(filterAll(nodes, newPod({ affinity: aff('db', 'zone') }))).toEqual([
      undefined,
      undefined,
      "node(s) didn't match pod affinity rules",
    ]);
  });

  it('the first pod of a self-affine group may go anywhere', () => {
    const nodes = [zone('a', '1'), zone('b', '2')];
    expect(
      filterAll(nodes, newPod({ labels: { app: 'web' }, affinity: aff('web', 'zone') })),
    ).toEqual([undefined, undefined]);
  });

  it('other namespaces do not count', () => {
    const nodes = [
      zone('a', '1', [newPod({ name: 'web-0', namespace: 'other', labels: { app: 'web' } })]),
    ];
    expect(filterAll(nodes, newPod({ affinity: anti('web') }))).toEqual([undefined]);
  });
});

describe('InterPodAffinity score', () => {
  it('prefers nodes near preferred pods and away from anti-preferred ones, min-max normalised', () => {
    const nodes = [
      nodeInfo(newNode({ name: 'a' }), [newPod({ name: 'cache', labels: { app: 'cache' } })]),
      nodeInfo(newNode({ name: 'b' })),
      nodeInfo(newNode({ name: 'c' }), [newPod({ name: 'web-0', labels: { app: 'web' } })]),
    ];
    const pod = podInfo(
      newPod({
        labels: { app: 'web' },
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, podAffinityTerm: term('cache') },
            ],
          },
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: term('web') },
            ],
          },
        },
      }),
    );
    const state = new Map();
    expect(InterPodAffinity.preScore!(state, pod, nodes, lister(nodes))).toBeUndefined();
    const scores = nodes.map((n) => InterPodAffinity.score!(state, pod, n));
    expect(scores).toEqual([50, 0, -100]);
    InterPodAffinity.normalizeScore!(state, pod, scores);
    expect(scores).toEqual([100, 66, 0]);
  });
});
