/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate
 * node.kubernetes.io/unschedulable:NoSchedule.
 */
import { tolerationsTolerateTaint } from '../../helpers';
import type { NodeInfo, Plugin, PodInfo, Result, Toleration } from '../../types';
import { Code, status } from '../../types';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function fits(pod: PodInfo, node: NodeInfo): boolean {
  if (!node.unschedulable) return true;
  const tolerations = ((pod.pod.spec as { tolerations?: Toleration[] })?.tolerations ??
    []) as Toleration[];
  return tolerationsTolerateTaint(tolerations, UNSCHEDULABLE_TAINT);
}

export const NodeUnschedulable: Plugin = {
  name: 'NodeUnschedulable',
  filter(_state, pod, node): Result {
    return fits(pod, node)
      ? undefined
      : status(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
  },
  isSchedulableAfter(pod, event) {
    return (event.kind === 'NodeAdd' || event.kind === 'NodeUpdate') && fits(pod, event.node);
  },
};
