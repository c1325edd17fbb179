/**
 * Golden cases of describe, events and cluster-info. They read the cluster only, so
 * they share the one cluster of golden.test.ts; the objects they need are added to its
 * fixtures (manifests written to a scratch folder and applied with the real kubectl), in their
 * own namespace `insp`, before the clock advances and the pods run. This module exports the
 * whole suite (the base cases and fixtures with these appended) for golden.test.ts.
 *
 * kubectl v1.32 walks ConfigMap and Secret data and LimitRange resources in Go map order
 * (random), so the fixtures give those one key each; events lists with many equal timestamps
 * are left out, since pdqsort orders ties by the list's order as the server returns it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES as BASE_CASES, FIXTURES as BASE_FIXTURES } from './cases';
import type { GoldenCase } from './cases';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-describe-fixtures-'));
function manifest(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const WORKLOADS = manifest(
  'workloads.yaml',
  `apiVersion: v1
kind: Pod
metadata:
  name: full
  namespace: insp
  labels: {app: full, tier: backend}
  annotations: {note: "a short note"}
spec:
  nodeSelector: {kubernetes.io/os: linux}
  tolerations:
  - {key: dedicated, operator: Equal, value: insp, effect: NoSchedule}
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "echo init"]
  containers:
  - name: app
    image: nginx
    ports:
    - {containerPort: 80, name: http}
    env:
    - {name: MODE, value: production}
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: NODE
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    - name: CPU_LIMIT
      valueFrom: {resourceFieldRef: {resource: limits.cpu}}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: password}}
    - name: COLOR
      valueFrom: {configMapKeyRef: {name: settings, key: color, optional: true}}
    envFrom:
    - configMapRef: {name: settings}
    - prefix: S_
      secretRef: {name: creds}
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {cpu: 200m, memory: 128Mi}
    readinessProbe:
      httpGet: {path: /, port: 80}
    livenessProbe:
      tcpSocket: {port: 80}
      initialDelaySeconds: 5
    volumeMounts:
    - {name: config, mountPath: /etc/config, readOnly: true}
    - {name: scratch, mountPath: /scratch}
    - {name: secret, mountPath: /etc/secret, subPath: password}
  - name: sidecar
    image: busybox
    args: ["sh", "-c", "while true; do echo tick; sleep 5; done"]
    resources:
      requests: {cpu: 50m, memory: 32Mi}
      limits: {cpu: 50m, memory: 32Mi}
  volumes:
  - name: config
    configMap: {name: settings}
  - name: scratch
    emptyDir: {}
  - name: secret
    secret: {secretName: creds}
  - name: host
    hostPath: {path: /var/log, type: Directory}
---
apiVersion: v1
kind: Pod
metadata:
  name: crasher
  namespace: insp-bad
spec:
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "echo failing; exit 3"]
---
apiVersion: v1
kind: Pod
metadata:
  name: stuck
  namespace: insp-bad
spec:
  containers:
  - name: main
    image: doesnotexist.example/none:1.0
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: insp
  labels: {app: agent}
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: insp
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - {port: 5432, name: pg}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: insp
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: nginx
        ports:
        - {containerPort: 5432, name: pg}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: insp
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox
            command: ["sh", "-c", "date"]
`,
);

const POLICIES = manifest(
  'policies.yaml',
  `apiVersion: v1
kind: ResourceQuota
metadata:
  name: quota
  namespace: insp
spec:
  hard: {pods: "20", requests.cpu: "4", requests.memory: 8Gi}
---
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
  namespace: insp
spec:
  limits:
  - type: Container
    default: {cpu: 500m}
    defaultRequest: {cpu: 100m}
    max: {cpu: "2"}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-access
  namespace: insp
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: shop}
    - namespaceSelector:
        matchLabels: {team: ops}
    ports:
    - {port: 5432}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-local
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /data/pv-local}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: insp
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources:
    requests: {storage: 1Gi}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: shop
  namespace: insp
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: shop}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              color: {type: string}
              tags: {type: array, items: {type: string}}
`,
);

const WIDGET = manifest(
  'widget.yaml',
  `apiVersion: example.com/v1
kind: Widget
metadata:
  name: gizmo
  namespace: insp
  labels: {kind: demo}
spec:
  size: 3
  color: blue
  tags: [a, b]
`,
);

/** Objects these cases describe, created with the real kubectl after the base fixtures. */
export const DESCRIBE_FIXTURES = [
  'create namespace insp',
  'create namespace insp-bad',
  'create configmap settings -n insp --from-literal=color=blue',
  'create secret generic creds -n insp --from-literal=password=s3cret',
  'create deployment shop -n insp --image=nginx --replicas=3 --port=80',
  'expose deployment shop -n insp --port=80 --target-port=80 --type=NodePort',
  'create service clusterip plain -n insp --tcp=8080:80',
  'create serviceaccount robot -n insp',
  'create job once -n insp --image=busybox -- echo done',
  'create ingress shop -n insp --class=nginx --rule=shop.example.com/*=shop:80 --rule=/api=plain:8080',
  'autoscale deployment shop -n insp --min=2 --max=5 --cpu-percent=80',
  `apply -f ${WORKLOADS}`,
  `apply -f ${POLICIES}`,
  `apply -f ${WIDGET}`,
];

const c = (name: string, ...steps: string[]): GoldenCase => ({ name, steps });

export const DESCRIBE_CASES: GoldenCase[] = [
  // describe: pods
  c('describe pod full', 'describe pod full -n insp'),
  c('describe pod/full', 'describe pod/full -n insp'),
  c('describe crashing pod', 'describe pod crasher -n insp-bad'),
  c('describe pod with bad image', 'describe pod stuck -n insp-bad'),
  c('describe pods in namespace', 'describe pods -n insp'),
  c('describe pods by prefix', 'describe pods shop -n insp'),
  c('describe pods by label', 'describe pods -l app=shop -n insp'),
  c('describe pods without events', 'describe pods -n insp --show-events=false'),
  c('describe po short name', 'describe po full -n insp'),
  c('describe pods all namespaces', 'describe pods -A'),
  c('describe mirror pod', 'describe pod etcd-minikube -n kube-system'),
  c('describe coredns pod', 'describe pods -n kube-system -l k8s-app=kube-dns'),
  // describe: workloads
  c('describe deployment', 'describe deployment shop -n insp'),
  c('describe deploy in default', 'describe deploy web'),
  c('describe deploy by type only', 'describe deploy -n insp'),
  c('describe replicaset', 'describe rs -n insp'),
  c('describe daemonset', 'describe ds agent -n insp'),
  c('describe kube-proxy daemonset', 'describe daemonset -n kube-system'),
  c('describe statefulset', 'describe sts db -n insp'),
  c('describe job', 'describe job once -n insp'),
  c('describe job in default', 'describe jobs'),
  c('describe cronjob', 'describe cronjob nightly -n insp'),
  c('describe hpa', 'describe hpa shop -n insp'),
  c('describe pdb', 'describe pdb shop -n insp'),
  // describe: networking
  c('describe service nodeport', 'describe svc shop -n insp'),
  c('describe service clusterip', 'describe service plain -n insp'),
  c('describe headless service', 'describe svc db -n insp'),
  c('describe kubernetes service', 'describe svc kubernetes'),
  c('describe kube-dns', 'describe svc kube-dns -n kube-system'),
  c('describe endpoints', 'describe endpoints shop -n insp'),
  c(
    'describe endpointslices',
    'describe endpointslices -n insp -l kubernetes.io/service-name=shop',
  ),
  c('describe ingress', 'describe ingress shop -n insp'),
  c('describe ingressclass', 'describe ingressclass nginx'),
  c('describe networkpolicy', 'describe netpol db-access -n insp'),
  // describe: cluster and configuration
  c('describe node', 'describe node minikube'),
  c('describe nodes', 'describe nodes'),
  c('describe node without events', 'describe no minikube --show-events=false'),
  c('describe namespace with quota and limits', 'describe ns insp'),
  c('describe namespace default', 'describe namespace default'),
  c('describe namespaces', 'describe ns'),
  c('describe configmap', 'describe cm settings -n insp'),
  c('describe configmaps in default', 'describe configmaps'),
  c('describe secret', 'describe secret creds -n insp'),
  c('describe serviceaccount', 'describe sa robot -n insp'),
  c('describe serviceaccounts', 'describe sa -n insp'),
  c('describe resourcequota', 'describe quota -n insp'),
  c('describe limitrange', 'describe limits limits -n insp'),
  c('describe pv', 'describe pv pv-local'),
  c('describe pvc', 'describe pvc data -n insp'),
  c('describe storageclass', 'describe sc'),
  c('describe crd', 'describe crd widgets.example.com'),
  c('describe custom resource', 'describe widget gizmo -n insp'),
  c('describe custom resource by short name', 'describe wd -n insp'),
  c('describe lease', 'describe lease minikube -n kube-node-lease'),
  // describe: several objects and forms
  c('describe two kinds', 'describe deploy,svc -n insp --show-events=false'),
  c('describe type/name of two kinds', 'describe deploy/shop svc/shop -n insp'),
  c('describe two names', 'describe cm settings kube-root-ca.crt -n insp'),
  c('describe all in namespace', 'describe all -n insp --show-events=false'),
  // describe: errors
  c('describe no args', 'describe'),
  c('describe not found', 'describe pod nope'),
  c('describe not found type/name', 'describe pod/nope'),
  c('describe two not found', 'describe pods nope nope2'),
  c('describe found and not found', 'describe cm settings nope -n insp'),
  c('describe unknown type', 'describe pdos'),
  c('describe no prefix match', 'describe deploy zzz -n insp'),
  c('describe empty namespace', 'describe pods -n dev'),
  c('describe no match -A', 'describe pods -A -l app=nothing'),
  c('describe name with selector', 'describe pods full -l app=full -n insp'),
  c('describe bad flag', 'describe pods --bogus'),
  c('describe bad show-events', 'describe pods --show-events=maybe'),
  c('describe help', 'describe --help'),
  // events
  c('events for a deployment', 'events -n insp --for deployment/shop'),
  c('events default', 'events'),
  // Not `events -A`: cases running beside it add events cluster-wide between the real run and ours.
  c('events -A for one object', 'events -A --for pod/crasher'),
  c('events of a crashing pod', 'events -n insp-bad'),
  c('events --for pod', 'events -n insp-bad --for pod/crasher'),
  c('events --for deployment', 'events -n insp --for deployment/shop'),
  c('events --types Warning', 'events -n insp-bad --types=Warning'),
  c('events --types Normal,Warning', 'events -n insp --for deployment/shop --types=Normal,Warning'),
  c('events --no-headers', 'events -n insp --for pod/full --no-headers'),
  c('events -o yaml', 'events -n insp --for pod/full -o yaml'),
  c('events empty namespace', 'events -n dev'),
  c('events bad type', 'events --types=Info'),
  c('events bad --for', 'events --for web'),
  c('events --for unknown kind', 'events --for pdo/web'),
  c('events bad output', 'events -o wide'),
  // cluster-info
  c('cluster-info', 'cluster-info'),
  c('cluster-info -n default', 'cluster-info -n default'),
  c('cluster-info help', 'cluster-info --help'),
];

export const FIXTURES = [...BASE_FIXTURES, ...DESCRIBE_FIXTURES];
export const CASES: GoldenCase[] = [...BASE_CASES, ...DESCRIBE_CASES];
