/** NodeName: a pod that names its node (spec.nodeName) fits only there. */
import type { NodeInfo, Plugin, PodInfo, Result } from '../../types';
import { Code, SKIP, status } from '../../types';

export const ERR_REASON = "node(s) didn't match the requested node name";

export function fits(pod: PodInfo, node: NodeInfo): boolean {
  const want = (pod.pod.spec as { nodeName?: string } | undefined)?.nodeName;
  return !want || want === node.name;
}

export const NodeName: Plugin = {
  name: 'NodeName',
  preFilter(_state, pod): Result {
    return (pod.pod.spec as { nodeName?: string } | undefined)?.nodeName ? undefined : SKIP;
  },
  filter(_state, pod, node): Result {
    return fits(pod, node) ? undefined : status(Code.UnschedulableAndUnresolvable, ERR_REASON);
  },
  isSchedulableAfter(pod, event) {
    return event.kind === 'NodeAdd' && fits(pod, event.node);
  },
};
