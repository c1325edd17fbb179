/**
 * minikube's `ingress` add-on as data: the objects of minikube v1.35's
 * deploy/addons/ingress/ingress-deploy.yaml.tmpl (ingress-nginx v1.11.3) that this cluster
 * serves, as API requests. `minikube addons enable ingress` in the shell and
 * `createCluster({ addons: ['ingress'] })` send the same requests, so the add-on is created
 * through the API either way. Left out, since their kinds are not served: the RBAC objects and
 * the ValidatingWebhookConfiguration. The webhook's certificate Secret, which the certgen Job
 * writes on a real cluster, is created here with the rest so the controller's volume mounts.
 */
import type { ApiRequest } from '../apiserver/types';

export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_CONTROLLER_IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.11.3';
export const INGRESS_CERTGEN_IMAGE = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4';

type Obj = Record<string, unknown>;

const NS = INGRESS_NAMESPACE;
const base = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': 'ingress-nginx',
};
const controllerLabels = { ...base, 'app.kubernetes.io/component': 'controller' };
const webhookLabels = { ...base, 'app.kubernetes.io/component': 'admission-webhook' };
const podNamespaceEnv = {
  name: 'POD_NAMESPACE',
  valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
};

function certgenJob(name: string, container: string, args: string[]): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS, labels: webhookLabels },
    spec: {
      template: {
        metadata: { name, labels: webhookLabels },
        spec: {
          containers: [
            {
              name: container,
              image: INGRESS_CERTGEN_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args,
              env: [podNamespaceEnv],
            },
          ],
          restartPolicy: 'OnFailure',
          serviceAccountName: 'ingress-nginx-admission',
          securityContext: { runAsNonRoot: true, runAsUser: 2000 },
        },
      },
    },
  };
}

/** The add-on's objects, in the order minikube applies them. */
export function ingressAddonObjects(): Obj[] {
  const b64 = (s: string) => btoa(s);
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: base } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'ingress-nginx', namespace: NS, labels: controllerLabels },
      automountServiceAccountToken: true,
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ingress-nginx-controller', namespace: NS, labels: controllerLabels },
      data: { hsts: 'false', 'allow-snippet-annotations': 'true' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'tcp-services', namespace: NS, labels: controllerLabels },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'udp-services', namespace: NS, labels: controllerLabels },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'ingress-nginx-controller-admission',
        namespace: NS,
        labels: controllerLabels,
      },
      spec: {
        type: 'ClusterIP',
        ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook', appProtocol: 'https' }],
        selector: controllerLabels,
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ingress-nginx-controller', namespace: NS, labels: controllerLabels },
      spec: {
        type: 'NodePort',
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', appProtocol: 'http' },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', appProtocol: 'https' },
        ],
        selector: controllerLabels,
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ingress-nginx-admission', namespace: NS },
      data: {
        ca: b64(
          '-----BEGIN CERTIFICATE-----\n(ingress-nginx admission CA)\n-----END CERTIFICATE-----\n',
        ),
        cert: b64(
          '-----BEGIN CERTIFICATE-----\n(ingress-nginx admission)\n-----END CERTIFICATE-----\n',
        ),
        key: b64(
          '-----BEGIN EC PRIVATE KEY-----\n(ingress-nginx admission)\n-----END EC PRIVATE KEY-----\n',
        ),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ingress-nginx-controller', namespace: NS, labels: controllerLabels },
      spec: {
        selector: { matchLabels: controllerLabels },
        revisionHistoryLimit: 10,
        minReadySeconds: 0,
        template: {
          metadata: { labels: { ...controllerLabels, 'gcp-auth-skip-secret': 'true' } },
          spec: {
            dnsPolicy: 'ClusterFirst',
            containers: [
              {
                name: 'controller',
                image: INGRESS_CONTROLLER_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
                args: [
                  '/nginx-ingress-controller',
                  '--election-id=ingress-controller-leader',
                  '--controller-class=k8s.io/ingress-nginx',
                  '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
                  '--report-node-internal-ip-address',
                  '--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services',
                  '--udp-services-configmap=$(POD_NAMESPACE)/udp-services',
                  '--validating-webhook=:8443',
                  '--validating-webhook-certificate=/usr/local/certificates/cert',
                  '--validating-webhook-key=/usr/local/certificates/key',
                ],
                securityContext: {
                  capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
                  runAsUser: 101,
                  allowPrivilegeEscalation: true,
                },
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  podNamespaceEnv,
                  { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
                ],
                livenessProbe: {
                  failureThreshold: 5,
                  httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  successThreshold: 1,
                  timeoutSeconds: 1,
                },
                readinessProbe: {
                  failureThreshold: 3,
                  httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  successThreshold: 1,
                  timeoutSeconds: 1,
                },
                ports: [
                  { name: 'http', containerPort: 80, protocol: 'TCP', hostPort: 80 },
                  { name: 'https', containerPort: 443, protocol: 'TCP', hostPort: 443 },
                  { name: 'webhook', containerPort: 8443, protocol: 'TCP' },
                ],
                volumeMounts: [
                  { name: 'webhook-cert', mountPath: '/usr/local/certificates/', readOnly: true },
                ],
                resources: { requests: { cpu: '100m', memory: '90Mi' } },
              },
            ],
            serviceAccountName: 'ingress-nginx',
            volumes: [{ name: 'webhook-cert', secret: { secretName: 'ingress-nginx-admission' } }],
          },
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {
        name: 'nginx',
        labels: controllerLabels,
        annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
      },
      spec: { controller: 'k8s.io/ingress-nginx' },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'ingress-nginx-admission', namespace: NS, labels: webhookLabels },
    },
    certgenJob('ingress-nginx-admission-create', 'create', [
      'create',
      '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc',
      '--namespace=$(POD_NAMESPACE)',
      '--secret-name=ingress-nginx-admission',
    ]),
    certgenJob('ingress-nginx-admission-patch', 'patch', [
      'patch',
      '--webhook-name=ingress-nginx-admission',
      '--namespace=$(POD_NAMESPACE)',
      '--patch-mutating=false',
      '--secret-name=ingress-nginx-admission',
      '--patch-failure-policy=Fail',
    ]),
  ];
}

const PLURALS: Record<string, string> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Service: 'services',
  Deployment: 'deployments',
  IngressClass: 'ingressclasses',
  Job: 'jobs',
};

/** The collection an object is created in: "/apis/apps/v1/namespaces/ingress-nginx/deployments". */
function collectionPath(obj: Obj): string {
  const apiVersion = obj.apiVersion as string;
  const kind = obj.kind as string;
  const ns = (obj.metadata as { namespace?: string }).namespace;
  const root = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${root}${ns ? `/namespaces/${ns}` : ''}/${PLURALS[kind]}`;
}

/** The requests that create the add-on (as `kubectl apply` of the manifest would, once). */
export function ingressAddonRequests(): ApiRequest[] {
  return ingressAddonObjects().map((body) => ({
    method: 'POST',
    path: collectionPath(body),
    headers: { 'content-type': 'application/json' },
    body,
  }));
}

/** The requests that remove it again (`minikube addons disable ingress`). */
export function ingressAddonDeleteRequests(): ApiRequest[] {
  return [
    { method: 'DELETE', path: '/apis/networking.k8s.io/v1/ingressclasses/nginx' },
    { method: 'DELETE', path: `/api/v1/namespaces/${NS}` },
  ];
}

/** Is the add-on's controller pod Ready? (minikube's "Verifying ingress addon..." waits for it.) */
export function ingressControllerReady(
  pods: { metadata: { labels?: Record<string, string> }; status?: unknown }[],
): boolean {
  return pods.some((p) => {
    const l = p.metadata.labels ?? {};
    if (l['app.kubernetes.io/component'] !== 'controller') return false;
    const conds = (p.status as { conditions?: { type: string; status: string }[] } | undefined)
      ?.conditions;
    return !!conds?.some((c) => c.type === 'Ready' && c.status === 'True');
  });
}

/** The images the add-on's pods run (minikube pulls them when enabled at start). */
export const INGRESS_ADDON_IMAGES = [INGRESS_CONTROLLER_IMAGE, INGRESS_CERTGEN_IMAGE];

/** Sends the add-on's requests; an object that exists already is left as it is (409). */
export function enableIngressAddon(api: { handle(req: ApiRequest): unknown }): void {
  for (const req of ingressAddonRequests()) api.handle(req);
}
