/** The watched resource of an Event's object kind, so the timeline can select it. */
import type { WatchedResource } from '../../worker/protocol';

const BY_KIND: Record<string, WatchedResource> = {
  Namespace: 'namespaces',
  Node: 'nodes',
  Pod: 'pods',
  Service: 'services',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  EndpointSlice: 'endpointslices',
  Ingress: 'ingresses',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
};

export function kindResource(kind: string): WatchedResource | undefined {
  return BY_KIND[kind];
}
