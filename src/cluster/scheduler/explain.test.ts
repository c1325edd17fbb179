import { describe, expect, it } from 'vitest';
import { explainChoice } from './explain';

describe('explainChoice', () => {
  it.each([
    { name: 'one node in the cluster', scores: [], feasible: 1, all: 1, want: 'the only node' },
    { name: 'one node fits', scores: [], feasible: 1, all: 3, want: 'the only node that fits' },
    {
      name: 'the plugin with the biggest lead',
      scores: [
        ['TaintToleration', [100, 100]],
        ['NodeResourcesFit', [80, 40]],
        ['NodeResourcesBalancedAllocation', [90, 80]],
      ],
      feasible: 2,
      all: 2,
      want: 'most free CPU and memory',
    },
    {
      name: 'a tie',
      scores: [['NodeResourcesFit', [50, 50]]],
      feasible: 2,
      all: 2,
      want: 'tied with other nodes, picked at random',
    },
    {
      name: 'a plugin without a phrase',
      scores: [['Custom', [3, 1]]],
      feasible: 2,
      all: 2,
      want: 'highest Custom score',
    },
  ] as const)('$name', ({ scores, feasible, all, want }) => {
    const byPlugin = new Map(scores.map(([n, s]) => [n, [...s]]));
    expect(explainChoice(byPlugin, 0, feasible, all)).toBe(want);
  });
});
