/**
 * How kubectl names what the page holds: `pod web-1 -n default`, `node/minikube`. Names and
 * namespaces come from the API server, which only admits DNS names, so they need no quoting;
 * `shellWord` still refuses anything else rather than build a command line from it.
 */
import type { ObjectRef, WatchedResource } from '../../worker/protocol';

const KINDS: Record<WatchedResource, string> = {
  namespaces: 'namespace',
  nodes: 'node',
  pods: 'pod',
  services: 'service',
  deployments: 'deployment',
  replicasets: 'replicaset',
  statefulsets: 'statefulset',
  daemonsets: 'daemonset',
  jobs: 'job',
  cronjobs: 'cronjob',
  endpointslices: 'endpointslice',
  ingresses: 'ingress',
  persistentvolumeclaims: 'persistentvolumeclaim',
  persistentvolumes: 'persistentvolume',
  horizontalpodautoscalers: 'horizontalpodautoscaler',
};

/** Resources `kubectl scale` works on. */
export const SCALABLE: ReadonlySet<WatchedResource> = new Set([
  'deployments',
  'replicasets',
  'statefulsets',
]);

export interface KubectlTarget {
  kind: string;
  name: string;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  /** `pod/web-1`. */
  ref: string;
  /** ` -n default`, or nothing for cluster-scoped objects. */
  nsFlag: string;
}

function shellWord(s: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(s)) throw new Error(`not a Kubernetes name: ${s}`);
  return s;
}

export function kubectlTarget(sel: ObjectRef): KubectlTarget {
  const kind = KINDS[sel.resource];
  const slash = sel.key.indexOf('/');
  const namespace = slash < 0 ? '' : shellWord(sel.key.slice(0, slash));
  const name = shellWord(sel.key.slice(slash + 1));
  return {
    kind,
    name,
    namespace,
    ref: `${kind}/${name}`,
    nsFlag: namespace ? ` -n ${namespace}` : '',
  };
}
