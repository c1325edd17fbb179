/**
 * Fixture builders and world queries for controller tests, over a whole in-process cluster.
 */
import type { KubeObject } from '../../api/types';
import type { Cluster } from '../../cluster';
import { createCluster } from '../../cluster';
import type { FakeKubeletOptions } from './fakeKubelet';
import { FakeKubelet, TEST_SCHEDULER } from './fakeKubelet';

export function newWorld(opts: FakeKubeletOptions = {}): { c: Cluster; kubelet: FakeKubelet } {
  const c = createCluster({ seed: 7, epochMs: Date.UTC(2025, 0, 1) });
  return { c, kubelet: new FakeKubelet(c, opts) };
}

export function podTemplate(labels: Record<string, string>, image = 'nginx:1.27') {
  return {
    metadata: { labels },
    spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'app', image }] },
  };
}

export function newReplicaSet(
  name: string,
  replicas: number,
  labels: Record<string, string> = { app: name },
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels), ...extra },
  };
}

export function newReplicationController(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { app: name }, template: podTemplate({ app: name }) },
  };
}

export function newDeployment(
  name: string,
  replicas: number,
  opts: {
    image?: string;
    strategy?: Record<string, unknown>;
    spec?: Record<string, unknown>;
    annotations?: Record<string, string>;
  } = {},
): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'default',
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: podTemplate(labels, opts.image),
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(opts.spec ?? {}),
    },
  };
}

const PATHS: Record<string, string> = {
  Pod: '/api/v1/namespaces/default/pods',
  ReplicaSet: '/apis/apps/v1/namespaces/default/replicasets',
  ReplicationController: '/api/v1/namespaces/default/replicationcontrollers',
  Deployment: '/apis/apps/v1/namespaces/default/deployments',
  ResourceQuota: '/api/v1/namespaces/default/resourcequotas',
  Event: '/api/v1/namespaces/default/events',
};

/** Sends a request and fails the test on an error status. */
export function call(c: Cluster, method: string, path: string, body?: unknown, headers = {}) {
  const res = c.handle({ method, path, body, headers });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body as KubeObject;
}

export function create(c: Cluster, obj: KubeObject): KubeObject {
  return call(c, 'POST', PATHS[obj.kind], obj);
}

export function get(c: Cluster, kind: string, name: string): KubeObject {
  return call(c, 'GET', `${PATHS[kind]}/${name}`);
}

export function list(c: Cluster, kind: string, labelSelector?: string): KubeObject[] {
  const res = c.handle({
    method: 'GET',
    path: PATHS[kind],
    query: labelSelector ? { labelSelector } : undefined,
  });
  return (res.body as { items: KubeObject[] }).items;
}

export function patch(
  c: Cluster,
  kind: string,
  name: string,
  body: unknown,
  type: 'merge' | 'json' | 'strategic' = 'merge',
): KubeObject {
  const ct = {
    merge: 'application/merge-patch+json',
    json: 'application/json-patch+json',
    strategic: 'application/strategic-merge-patch+json',
  }[type];
  return call(c, 'PATCH', `${PATHS[kind]}/${name}`, body, { 'content-type': ct });
}

export function del(c: Cluster, kind: string, name: string): void {
  call(c, 'DELETE', `${PATHS[kind]}/${name}`);
}

/** Pods that are not being deleted. */
export function livePods(c: Cluster, labelSelector?: string): KubeObject[] {
  return list(c, 'Pod', labelSelector).filter((p) => !p.metadata.deletionTimestamp);
}

export function events(c: Cluster, objName?: string, reason?: string): string[] {
  return list(c, 'Event')
    .filter(
      (e) =>
        (!objName || (e.involvedObject as { name: string }).name === objName) &&
        (!reason || e.reason === reason),
    )
    .map((e) => `${e.reason}: ${e.message}`);
}

export function statusOf<T = Record<string, unknown>>(obj: KubeObject): T {
  return (obj.status ?? {}) as T;
}

export function condition(obj: KubeObject, type: string) {
  const conds = (statusOf(obj).conditions ?? []) as {
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }[];
  return conds.find((x) => x.type === type);
}

export function rsReplicas(obj: KubeObject): number {
  return (obj.spec as { replicas: number }).replicas;
}
