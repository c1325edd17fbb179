/**
 * The commands that look at the cluster without changing it, beyond `get`: describe, events
 * and cluster-info (explain is still to come). index.ts hands them the command context and
 * the client's clock.
 */
import { cmdError } from '../errors';
import { runClusterInfo } from './clusterinfo';
import type { CommandContext } from './context';
import { runEvents } from './events';

export const INSPECT_COMMANDS = ['describe', 'events', 'cluster-info'];

/** Runs one of INSPECT_COMMANDS; `now` is the client's clock (ages are computed against it). */
export async function runInspect(
  command: string,
  c: CommandContext,
  now: () => number = () => Date.now(),
): Promise<number> {
  switch (command) {
    case 'describe':
      // Loaded when first used: the page's Worker boots (and prints its prompt) without it.
      return (await import('./describe/describe')).runDescribe(c, now());
    case 'events':
      return runEvents(c, now);
    case 'cluster-info':
      if (c.args[0] === 'dump')
        throw cmdError('"kubectl cluster-info dump" is not available in this playground yet');
      return runClusterInfo(c);
  }
  return 0;
}
