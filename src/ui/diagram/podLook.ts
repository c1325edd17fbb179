/**
 * How a pod looks in the diagram, from the STATUS and READY that `kubectl get pods` prints for
 * it: running and ready, on its way (Pending, ContainerCreating, running but not ready yet), in
 * trouble (CrashLoopBackOff, Error, ImagePullBackOff, …), terminating, or completed.
 */
import { statusTone } from '../resources/statusTone';

export type PodLook = 'running' | 'progress' | 'bad' | 'terminating' | 'completed';

/** True for a READY cell such as "2/2" (every container ready); "0/1", "" are not. */
function allReady(ready: string): boolean {
  const m = /^(\d+)\/(\d+)$/.exec(ready);
  return !!m && m[1] === m[2] && m[2] !== '0';
}

export function podLook(status: string, ready: string): PodLook {
  if (status === 'Terminating') return 'terminating';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  const tone = statusTone(status);
  if (tone === 'bad') return 'bad';
  if (status === 'Running') return allReady(ready) ? 'running' : 'progress';
  return tone === 'ok' ? 'running' : 'progress';
}
