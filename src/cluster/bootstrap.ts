/**
 * What a fresh cluster holds before anyone types a command, as minikube starts it: the system
 * namespaces, the nodes (`minikube`, `minikube-m02`, …) with their status and leases, and the
 * `kubernetes` Service with its endpoints, and the default StorageClass `standard`.
 */
import type { ResourceType } from './api/registry';
import type { KubeObject } from './api/types';
import type { Client } from './client/Client';
import type { TypeRegistry } from './api/registry';

export interface NodeShape {
  cpu: string;
  memory: string;
  pods: string;
}

export const DEFAULT_NODE: NodeShape = { cpu: '2', memory: '4Gi', pods: '110' };

/** Node names as minikube gives them: the first is `minikube`, then `minikube-m02`, … */
export function nodeName(i: number): string {
  return i === 0 ? 'minikube' : `minikube-m${String(i + 1).padStart(2, '0')}`;
}

/** 192.168.49.2 for the first node, .3 for the next, as minikube's docker network. */
export function nodeIP(i: number): string {
  return `192.168.49.${i + 2}`;
}

/** The allocatable memory minikube's kubelet reports for a node of `memory` (no reservations). */
function memoryKi(memory: string): string {
  const m = /^(\d+)(Gi|Mi)$/.exec(memory);
  if (!m) return memory;
  const ki = Number(m[1]) * (m[2] === 'Gi' ? 1024 * 1024 : 1024);
  return `${ki}Ki`;
}

export function nodeObject(i: number, shape: NodeShape, timestamp: string): KubeObject {
  const name = nodeName(i);
  const capacity = {
    cpu: shape.cpu,
    'ephemeral-storage': '102626232Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: memoryKi(shape.memory),
    pods: shape.pods,
  };
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'minikube.k8s.io/commit': 'dd5d320e41b5451cdf3c01891bc4e13d189586ed-dirty',
    'minikube.k8s.io/name': 'minikube',
    'minikube.k8s.io/primary': i === 0 ? 'true' : 'false',
    'minikube.k8s.io/updated_at': timestamp.slice(0, 19).replace(/[-:]/g, '_').replace('T', 'T'),
    'minikube.k8s.io/version': 'v1.35.0',
  };
  if (i === 0) labels['node-role.kubernetes.io/control-plane'] = '';
  const condition = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: timestamp,
    lastTransitionTime: timestamp,
    message,
    reason,
    status,
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/cri-dockerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: {
      addresses: [
        { address: nodeIP(i), type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: { ...capacity },
      capacity,
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        condition(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [],
      nodeInfo: {
        architecture: 'amd64',
        bootID: `8a0c6e2e-0000-4000-8000-00000000000${i % 10}`,
        containerRuntimeVersion: 'docker://27.4.1',
        kernelVersion: '6.8.0-1017-gcp',
        kubeProxyVersion: 'v1.32.0',
        kubeletVersion: 'v1.32.0',
        machineID: `4c4b8e2f9c1d4d6c8f0a${String(i).padStart(12, '0')}`,
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: `3f0c2a41-7d7b-4b1a-9a5e-${String(i).padStart(12, '0')}`,
      },
    },
  };
}

function create(client: Client, rt: ResourceType | undefined, obj: KubeObject): KubeObject {
  if (!rt) throw new Error(`bootstrap: no kind for ${obj.kind}`);
  return client.create(rt, obj);
}

/** Creates the objects of a fresh minikube cluster through the API. */
export function bootstrapCluster(
  client: Client,
  registry: TypeRegistry,
  opts: { nodes: number; shape: NodeShape; timestamp: string },
): void {
  const core = (plural: string) => registry.byResource('', 'v1', plural);
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    create(client, core('namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (let i = 0; i < opts.nodes; i++) {
    const node = create(client, core('nodes'), nodeObject(i, opts.shape, opts.timestamp));
    create(client, registry.byResource('coordination.k8s.io', 'v1', 'leases'), {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: node.metadata.name,
        namespace: 'kube-node-lease',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! },
        ],
      },
      spec: {
        holderIdentity: node.metadata.name,
        leaseDurationSeconds: 40,
        renewTime: opts.timestamp.replace('Z', '.000000Z'),
      },
    });
  }
  create(client, core('services'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  });
  create(client, core('services'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  });
  create(client, core('endpoints'), {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: [{ ip: nodeIP(0) }],
        ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
      },
    ],
  });
  create(client, registry.byResource('discovery.k8s.io', 'v1', 'endpointslices'), {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [nodeIP(0)], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
  });
  create(
    client,
    registry.byResource('storage.k8s.io', 'v1', 'storageclasses'),
    standardStorageClass(),
  );
}

/** minikube's default-storageclass addon: `standard`, served by its hostpath provisioner. */
export function standardStorageClass(): KubeObject {
  const meta = {
    annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
    name: 'standard',
  };
  const applied = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta,
    provisioner: 'k8s.io/minikube-hostpath',
  };
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: 'standard',
      labels: { ...meta.labels },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) + '\n',
        ...meta.annotations,
      },
    },
    provisioner: 'k8s.io/minikube-hostpath',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  };
}
