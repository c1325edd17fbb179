/**
 * Dispatch of the commands that change workloads in place or around them: replace, expose,
 * set, rollout, autoscale, edit and diff.
 */
import { runAutoscale } from './autoscale';
import type { CommandContext } from './context';
import { runDiff } from './diff';
import { runEdit } from './edit';
import { runExpose } from './expose';
import type { MutateIO } from './mutate';
import { runReplace } from './replace';
import { runRollout } from './rollout';
import { runSet } from './set';

export const UPDATE_COMMANDS = ['replace', 'expose', 'set', 'rollout', 'autoscale', 'edit', 'diff'];

export async function runUpdate(path: string, c: CommandContext, io: MutateIO): Promise<number> {
  switch (path.split(' ')[0]) {
    case 'replace':
      return runReplace(c, io);
    case 'expose':
      return runExpose(c, io);
    case 'set':
      return runSet(path, c, io);
    case 'rollout':
      return runRollout(path, c, io);
    case 'autoscale':
      return runAutoscale(c, io);
    case 'edit':
      return runEdit(c, io);
    case 'diff':
      return runDiff(c, io);
  }
  return 1;
}
