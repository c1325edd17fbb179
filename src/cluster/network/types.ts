/**
 * The cluster network's contract: pod IPs from each node's pod CIDR, DNS for Services and pods,
 * and kube-proxy's routing of Service traffic to ready endpoints. Kubelets register running
 * containers here so that traffic can reach them.
 */
import type { ContainerProcess, HttpRequest, HttpResponse, NetworkClient } from '../runtime/types';

/** A running pod as the network knows it. */
export interface PodEndpoint {
  namespace: string;
  name: string;
  ip: string;
  node: string;
  /** The pod's containers that are running, each with the ports it declares. */
  containers: { name: string; process: ContainerProcess }[];
}

/** A request that a Service routed to one of its pods: which Service, and which pod answered. */
export interface ServedRequest {
  service: { namespace: string; name: string };
  pod: { namespace: string; name: string };
}

export interface ClusterNetwork {
  /** A pod IP from the node's pod CIDR (10.244.N.0/24); released when the pod goes. */
  allocatePodIP(node: string): string;
  releasePodIP(ip: string): void;
  /** Kubelets register a pod's running containers, and unregister when they stop. */
  registerPod(ep: PodEndpoint): void;
  unregisterPod(ip: string): void;
  /** The view of the network from inside a pod (its namespace decides the DNS search path). */
  clientFor(namespace: string, podName: string): NetworkClient;
  /** A request from outside the cluster: to a node IP and NodePort, or a LoadBalancer IP. */
  fromOutside(req: HttpRequest): HttpResponse | { error: string };
  /** Called for every request that reaches a pod, for the diagram to animate. */
  onRequest(
    listener: (from: string, to: string, req: HttpRequest, res: HttpResponse) => void,
  ): () => void;
  /** Called for every request a Service routed to a pod that answered; returns the unsubscriber. */
  onServed(listener: (served: ServedRequest) => void): () => void;
}
