/** NodePorts: a pod's host ports must be free on the node. */
import { portConflict } from '../../podInfo';
import type { NodeInfo, Plugin, PodInfo, Result } from '../../types';
import { Code, SKIP, status } from '../../types';

export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

function fits(pod: PodInfo, node: NodeInfo): boolean {
  for (const hp of pod.hostPorts) if (portConflict(node, hp)) return false;
  return true;
}

export const NodePorts: Plugin = {
  name: 'NodePorts',
  preFilter(_state, pod): Result {
    return pod.hostPorts.length ? undefined : SKIP;
  },
  filter(_state, pod, node): Result {
    return fits(pod, node) ? undefined : status(Code.Unschedulable, ERR_REASON);
  },
  isSchedulableAfter(pod, event) {
    if (event.kind === 'AssignedPodDelete') return event.pod.hostPorts.length > 0;
    return event.kind === 'NodeAdd' && fits(pod, event.node);
  },
};
