import { describe, expect, it } from 'vitest';
import { newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import { NodeName } from '.';

describe('NodeName filter', () => {
  it.each([
    { name: 'no nodeName fits anywhere', nodeName: undefined, fits: true },
    { name: 'the named node fits', nodeName: 'node-1', fits: true },
    { name: 'another node does not', nodeName: 'node-2', fits: false },
  ])('$name', ({ nodeName, fits }) => {
    const s = NodeName.filter!(new Map(), podInfo(newPod({ nodeName })), nodeInfo(newNode()));
    expect(s?.reasons).toEqual(fits ? undefined : ["node(s) didn't match the requested node name"]);
  });
});
