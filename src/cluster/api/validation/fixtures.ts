/**
 * Fixture builders for validation and defaulting tests: each returns a minimal valid object of its
 * kind, which a test then breaks in one way.
 */
import { BUILTIN_TYPES, type ResourceType } from '../registry';
import type { KubeObject } from '../types';

export function typeOf(apiVersion: string, kind: string): ResourceType {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
  const rt = BUILTIN_TYPES.find(
    (t) => t.group === group && t.version === version && t.kind === kind,
  );
  if (!rt) throw new Error(`no type ${apiVersion} ${kind}`);
  return rt;
}

const podSpec = () => ({ containers: [{ name: 'web', image: 'nginx:1.27' }] });
const template = (labels: Record<string, string> = { app: 'web' }) => ({
  metadata: { labels },
  spec: podSpec(),
});

export function newPod(spec: Record<string, unknown> = podSpec()): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec };
}

export function newDeployment(
  replicas = 3,
  selector: unknown = { matchLabels: { app: 'web' } },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector, template: template() },
  };
}

export function newReplicaSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

export function newDaemonSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

export function newStatefulSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

export function newReplicationController(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 1, template: template() },
  };
}

export function newJob(): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
    spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } },
  };
}

export function newCronJob(schedule = '*/5 * * * *'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      schedule,
      jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } },
    },
  };
}

export function newService(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  };
}

export function newConfigMap(data: Record<string, string> = { 'app.conf': 'x=1' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default' },
    data,
  };
}

export function newSecret(data: Record<string, string> = { password: 'c2VjcmV0' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace: 'default' },
    data,
  };
}

export function newNamespace(name = 'team-a'): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function newNode(): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } };
}

export function newPV(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1' },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/data' },
    },
  };
}

export function newPVC(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

export function newSimple(
  apiVersion: string,
  kind: string,
  extra: Record<string, unknown> = {},
  namespaced = true,
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: namespaced ? { name: 'x', namespace: 'default' } : { name: 'x' },
    ...extra,
  };
}

export function newIngress(
  paths: unknown[] = [
    { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
  ],
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default' },
    spec: { rules: [{ host: 'example.com', http: { paths } }] },
  };
}

export function newHPA(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      maxReplicas: 5,
      ...spec,
    },
  };
}

export function newCRD(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object' } },
        },
      ],
    },
  };
}
