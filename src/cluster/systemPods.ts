/**
 * The kube-system workloads of a fresh minikube cluster, so `kubectl get pods -A` shows the parts
 * of the architecture a learner can point at: the control plane's static pods (etcd, API server,
 * controller manager, scheduler) mirrored from the first node, CoreDNS behind `kube-dns`,
 * kube-proxy on every node, and minikube's storage-provisioner.
 */
import type { KubeObject } from './api/types';

export const SYSTEM_IMAGES = {
  etcd: 'registry.k8s.io/etcd:3.5.16-0',
  apiserver: 'registry.k8s.io/kube-apiserver:v1.32.0',
  controllerManager: 'registry.k8s.io/kube-controller-manager:v1.32.0',
  scheduler: 'registry.k8s.io/kube-scheduler:v1.32.0',
  proxy: 'registry.k8s.io/kube-proxy:v1.32.0',
  coredns: 'registry.k8s.io/coredns/coredns:v1.11.3',
  storageProvisioner: 'gcr.io/k8s-minikube/storage-provisioner:v5',
  pause: 'registry.k8s.io/pause:3.10',
} as const;

const CRITICAL_TOLERATIONS = [{ effect: 'NoExecute', operator: 'Exists' }];

/** A control-plane component as the kubelet mirrors its static pod: `<component>-<node>`. */
export function staticPod(
  component: 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler',
  node: { name: string; uid: string; ip: string },
  hash: string,
  seen: string,
): KubeObject {
  const images: Record<string, string> = {
    etcd: SYSTEM_IMAGES.etcd,
    'kube-apiserver': SYSTEM_IMAGES.apiserver,
    'kube-controller-manager': SYSTEM_IMAGES.controllerManager,
    'kube-scheduler': SYSTEM_IMAGES.scheduler,
  };
  const command: Record<string, string[]> = {
    etcd: [
      'etcd',
      `--advertise-client-urls=https://${node.ip}:2379`,
      '--data-dir=/var/lib/minikube/etcd',
      `--name=${node.name}`,
    ],
    'kube-apiserver': [
      'kube-apiserver',
      `--advertise-address=${node.ip}`,
      '--secure-port=8443',
      '--service-cluster-ip-range=10.96.0.0/12',
    ],
    'kube-controller-manager': [
      'kube-controller-manager',
      '--cluster-cidr=10.244.0.0/16',
      '--leader-elect=false',
    ],
    'kube-scheduler': ['kube-scheduler', '--leader-elect=false'],
  };
  const annotations: Record<string, string> = {
    'kubernetes.io/config.hash': hash,
    'kubernetes.io/config.mirror': hash,
    'kubernetes.io/config.seen': seen,
    'kubernetes.io/config.source': 'file',
  };
  if (component === 'etcd')
    annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'] = `https://${node.ip}:2379`;
  if (component === 'kube-apiserver') {
    annotations['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'] =
      `${node.ip}:8443`;
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${node.name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations,
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true },
      ],
    },
    spec: {
      containers: [
        {
          name: component,
          image: images[component],
          command: command[component],
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      hostNetwork: true,
      nodeName: node.name,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      tolerations: CRITICAL_TOLERATIONS,
    },
  };
}

export function corednsDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          containers: [
            {
              name: 'coredns',
              image: SYSTEM_IMAGES.coredns,
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              readinessProbe: {
                httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' },
                periodSeconds: 10,
              },
              livenessProbe: {
                httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
                initialDelaySeconds: 60,
                timeoutSeconds: 5,
                failureThreshold: 5,
              },
            },
          ],
          dnsPolicy: 'Default',
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      },
    },
  };
}

export function kubeProxyDaemonSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          containers: [
            {
              name: 'kube-proxy',
              image: SYSTEM_IMAGES.proxy,
              command: [
                '/usr/local/bin/kube-proxy',
                '--config=/var/lib/kube-proxy/config.conf',
                '--hostname-override=$(NODE_NAME)',
              ],
              env: [
                {
                  name: 'NODE_NAME',
                  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                },
              ],
              securityContext: { privileged: true },
            },
          ],
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          tolerations: [{ operator: 'Exists' }],
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    },
  };
}

export function storageProvisionerPod(nodeName: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'storage-provisioner',
      namespace: 'kube-system',
      labels: {
        'addonmanager.kubernetes.io/mode': 'Reconcile',
        'integration-test': 'storage-provisioner',
      },
    },
    spec: {
      containers: [
        {
          name: 'storage-provisioner',
          image: SYSTEM_IMAGES.storageProvisioner,
          command: ['/storage-provisioner'],
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      hostNetwork: true,
      nodeName,
      serviceAccountName: 'storage-provisioner',
    },
  };
}

export const SYSTEM_SERVICE_ACCOUNTS = ['coredns', 'kube-proxy', 'storage-provisioner'];

/** The Corefile minikube's CoreDNS runs with (its `coredns` ConfigMap). */
export const COREFILE = `.:53 {
    log
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    hosts {
       192.168.49.1 host.minikube.internal
       fallthrough
    }
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;
