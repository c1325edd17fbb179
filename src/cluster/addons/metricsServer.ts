/**
 * What `minikube addons enable metrics-server` (minikube v1.35) applies, from minikube's
 * deploy/addons/metrics-server: the ServiceAccount, the Deployment and the Service in
 * kube-system, as API requests. The shell's `minikube addons enable metrics-server` and
 * `createCluster({ addons: ['metrics-server'] })` send the same requests. The APIService `v1beta1.metrics.k8s.io` and the RBAC objects are left out, as
 * this cluster serves neither apiregistration.k8s.io nor rbac.authorization.k8s.io; the API
 * server plays the aggregator for metrics.k8s.io itself (metrics/MetricsServer.ts).
 *
 * One deliberate difference: minikube runs metrics-server with `--metric-resolution=60s`; here
 * it is 15s, metrics-server's own manifest's value, so the HPA walkthrough moves at the pace the
 * Kubernetes docs show (metrics/MetricsServer.ts METRIC_RESOLUTION_MS).
 */
import type { KubeObject } from '../api/types';
import type { ApiRequest } from '../apiserver/types';

export const METRICS_SERVER_NAMESPACE = 'kube-system';
/** The label of the add-on's pods. */
export const METRICS_SERVER_SELECTOR = 'k8s-app=metrics-server';
export const METRICS_SERVER_IMAGE = 'registry.k8s.io/metrics-server/metrics-server:v0.7.2';

const ADDON_LABELS = {
  'kubernetes.io/minikube-addons': 'metrics-server',
  'addonmanager.kubernetes.io/mode': 'Reconcile',
};

/** The add-on's objects, in the order minikube applies them (and the reverse to remove them). */
export function metricsServerObjects(): KubeObject[] {
  const ns = METRICS_SERVER_NAMESPACE;
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'metrics-server',
        namespace: ns,
        labels: { 'k8s-app': 'metrics-server', ...ADDON_LABELS },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'metrics-server',
        namespace: ns,
        labels: { 'k8s-app': 'metrics-server', ...ADDON_LABELS },
      },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'metrics-server' } },
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: {
          metadata: { name: 'metrics-server', labels: { 'k8s-app': 'metrics-server' } },
          spec: {
            serviceAccountName: 'metrics-server',
            volumes: [{ name: 'tmp-dir', emptyDir: {} }],
            priorityClassName: 'system-cluster-critical',
            containers: [
              {
                name: 'metrics-server',
                image: METRICS_SERVER_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '--cert-dir=/tmp',
                  '--secure-port=4443',
                  '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
                  '--kubelet-use-node-status-port',
                  '--metric-resolution=15s',
                  '--kubelet-insecure-tls',
                ],
                resources: { requests: { cpu: '100m', memory: '200Mi' } },
                ports: [{ name: 'https', containerPort: 4443, protocol: 'TCP' }],
                readinessProbe: {
                  httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' },
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                livenessProbe: {
                  httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' },
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                securityContext: {
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsUser: 1000,
                },
                volumeMounts: [{ name: 'tmp-dir', mountPath: '/tmp' }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'metrics-server',
        namespace: ns,
        labels: {
          'k8s-app': 'metrics-server',
          'kubernetes.io/name': 'Metrics-server',
          'kubernetes.io/minikube-addons': 'metrics-server',
          'kubernetes.io/minikube-addons-endpoint': 'metrics-server',
          'addonmanager.kubernetes.io/mode': 'Reconcile',
        },
      },
      spec: {
        selector: { 'k8s-app': 'metrics-server' },
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }],
      },
    },
  ];
}

/** The images the add-on's pods run (minikube pulls them when enabled at start). */
export const METRICS_SERVER_ADDON_IMAGES = [METRICS_SERVER_IMAGE];

/** The collection an object is created in: "/apis/apps/v1/namespaces/kube-system/deployments". */
function collectionPath(obj: KubeObject): string {
  const plural = `${obj.kind!.toLowerCase()}s`;
  const root = obj.apiVersion!.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = obj.metadata.namespace;
  return `${root}${ns ? `/namespaces/${ns}` : ''}/${plural}`;
}

/** The requests that create the add-on (as `kubectl apply` of minikube's manifests would, once). */
export function metricsServerAddonRequests(): ApiRequest[] {
  return metricsServerObjects().map((body) => ({
    method: 'POST',
    path: collectionPath(body),
    headers: { 'content-type': 'application/json' },
    body,
  }));
}

/** The requests that remove it again (`minikube addons disable metrics-server`), in reverse. */
export function metricsServerAddonDeleteRequests(): ApiRequest[] {
  return metricsServerObjects()
    .reverse()
    .map((obj) => ({ method: 'DELETE', path: `${collectionPath(obj)}/${obj.metadata.name}` }));
}

/** Sends the add-on's requests; an object that exists already is left as it is (409). */
export function enableMetricsServerAddon(api: { handle(req: ApiRequest): unknown }): void {
  for (const req of metricsServerAddonRequests()) api.handle(req);
}
