/**
 * Starts the kube-system workloads of a minikube cluster through the API, with their images
 * already on every node (minikube's preload), and lets them come up.
 */
import type { TypeRegistry } from './api/registry';
import type { KubeObject } from './api/types';
import type { Client } from './client/Client';
import type { KubeletSet } from './kubelet';
import { defaultRegistry } from './runtime/images';
import {
  COREFILE,
  corednsDeployment,
  kubeProxyDaemonSet,
  staticPod,
  storageProvisionerPod,
  SYSTEM_IMAGES,
  SYSTEM_SERVICE_ACCOUNTS,
} from './systemPods';

/** A stable 32-hex-digit config hash for a static pod, as the kubelet derives from its manifest. */
function configHash(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let out = '';
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < seed.length; i++) {
      h1 = Math.imul(h1 ^ seed.charCodeAt(i), 16777619) >>> 0;
      h2 = Math.imul(h2 ^ (seed.charCodeAt(i) + round), 2246822519) >>> 0;
    }
    out += ((h1 ^ h2) >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

export function preloadSystemImages(kubelets: KubeletSet): void {
  preloadImages(kubelets, Object.values(SYSTEM_IMAGES));
}

/** Puts images on every node, as minikube's preload tarball (or a pull at start) does. */
export function preloadImages(kubelets: KubeletSet, images: string[]): void {
  for (const kubelet of kubelets.kubelets.values()) {
    for (const image of images) {
      const r = defaultRegistry.pull(image);
      if (!r.ok) continue;
      kubelet.addImage({
        name: image,
        repository: r.ref.repository,
        tag: r.tag,
        digest: r.digest,
        sizeBytes: r.sizeBytes,
      });
    }
  }
}

export function bootstrapSystemWorkloads(
  client: Client,
  registry: TypeRegistry,
  timestamp: string,
): void {
  const rt = (group: string, plural: string) =>
    registry.byResource(group, group === 'apps' ? 'v1' : 'v1', plural)!;
  const create = (group: string, plural: string, obj: KubeObject) =>
    client.create(rt(group, plural), obj);
  for (const name of SYSTEM_SERVICE_ACCOUNTS) {
    create('', 'serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'kube-system' },
    });
  }
  create('', 'configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: { Corefile: COREFILE },
  });
  const first = client.get(rt('', 'nodes'), '', 'minikube');
  const node = { name: 'minikube', uid: first.metadata.uid!, ip: '192.168.49.2' };
  for (const component of [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
  ] as const) {
    create('', 'pods', staticPod(component, node, configHash(component), timestamp));
  }
  create('', 'pods', storageProvisionerPod('minikube'));
  create('apps', 'deployments', corednsDeployment());
  create('apps', 'daemonsets', kubeProxyDaemonSet());
}
