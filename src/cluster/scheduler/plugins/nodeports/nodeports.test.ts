import { describe, expect, it } from 'vitest';
import { newNode, newPod, nodeInfo, podInfo } from '../../testing/fixtures';
import { NodePorts } from '.';

describe('NodePorts filter', () => {
  it.each([
    { name: 'free port', used: 8080, wanted: 9090, fits: true },
    { name: 'port taken', used: 8080, wanted: 8080, fits: false },
  ])('$name', ({ used, wanted, fits }) => {
    const node = nodeInfo(newNode(), [newPod({ name: 'other', hostPort: used })]);
    const s = NodePorts.filter!(new Map(), podInfo(newPod({ hostPort: wanted })), node);
    expect(s?.reasons).toEqual(
      fits ? undefined : ["node(s) didn't have free ports for the requested pod ports"],
    );
  });
});
