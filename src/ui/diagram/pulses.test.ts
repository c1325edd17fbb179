import { describe, expect, it } from 'vitest';
import type { Pulse } from '../stores/trafficStore';
import { latestPulse } from './pulses';

const pulses: Pulse[] = [
  { id: 1, at: 0, service: 'default/web', pod: 'default/web-a' },
  { id: 2, at: 0, service: 'default/web', pod: 'default/web-b' },
  { id: 3, at: 0, service: 'default/api', pod: 'default/web-a' },
];

describe('latestPulse', () => {
  it('finds the latest request of this Service to this pod', () => {
    expect(latestPulse(pulses, 'default/web', (p) => p === 'default/web-a')?.id).toBe(1);
    expect(latestPulse(pulses, 'default/api', (p) => p === 'default/web-b')).toBeUndefined();
  });

  it('for a group, any pod drawn in it', () => {
    const group = new Map([
      ['default/web-a', 'group:g1'],
      ['default/web-b', 'group:g1'],
    ]);
    expect(latestPulse(pulses, 'default/web', (p) => group.get(p) === 'group:g1')?.id).toBe(2);
  });
});
