/**
 * The scheduler: `startScheduler(ctx)` runs kube-scheduler's default profile against the
 * cluster's API (see scheduler.ts); `stop()` ends its watches.
 */
import type { ControllerContext } from '../controllers/types';
import { Scheduler } from './scheduler';

export { Scheduler } from './scheduler';

export function startScheduler(ctx: ControllerContext): Scheduler {
  const s = new Scheduler(ctx);
  s.start();
  return s;
}
