/** Fixture builders for the store's tests and benchmarks. */
import type { KubeObject, OwnerReference } from '../api/types';

export interface PodSpec {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  owners?: string[];
  resourceVersion?: string;
  phase?: string;
}

export function newPod({
  name,
  namespace = 'default',
  labels,
  owners,
  resourceVersion,
  phase,
}: PodSpec): KubeObject {
  const metadata: KubeObject['metadata'] = { name, namespace };
  if (labels) metadata.labels = { ...labels };
  if (owners)
    metadata.ownerReferences = owners.map((uid): OwnerReference => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: `rs-${uid}`,
      uid,
      controller: true,
    }));
  if (resourceVersion !== undefined) metadata.resourceVersion = resourceVersion;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    status: { phase: phase ?? 'Pending' },
  };
}

export function newDeployment(name: string, namespace = 'default', replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } } },
  };
}

export function newNamespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
