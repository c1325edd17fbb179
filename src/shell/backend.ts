/**
 * What the shell needs from the cluster: the API (for kubectl), the virtual clock (`sleep`,
 * `watch`), the network as seen from the host (`curl`, `wget`), and minikube's node handling.
 */
import { nodeObject, DEFAULT_NODE } from '../cluster/bootstrap';
import type { Cluster } from '../cluster/cluster';
import type { HttpRequest, HttpResponse } from '../cluster/runtime/types';
import { InProcessTransport } from '../kubectl/transport';
import type { Transport } from '../kubectl/transport';

export type { HttpRequest, HttpResponse };

export interface ShellBackend {
  transport: Transport;
  /** Virtual time now, in ms since the epoch. */
  now(): number;
  /** Runs the cluster `ms` of virtual time forward. */
  advance(ms: number): void;
  /** An HTTP request from the host: NodePorts on node IPs, LoadBalancer IPs. */
  fromOutside(req: HttpRequest): HttpResponse | { error: string };
  /** `minikube node add`: a new worker node with its kubelet; returns its name. */
  addNode(): string;
  /**
   * `kubectl edit`'s editor: shows `text` (as a file named like `fileName`) and resolves with
   * the saved text, or undefined when the edit is cancelled or `signal` aborts. Without it,
   * kubectl edit fails as it does when no editor can start.
   */
  edit?(fileName: string, text: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** The backend of a cluster in the same process. */
export function clusterBackend(cluster: Cluster): ShellBackend {
  return {
    transport: new InProcessTransport(cluster),
    now: () => cluster.clock.now(),
    advance: (ms) => cluster.advance(ms),
    fromOutside: (req) => cluster.network.fromOutside(req),
    addNode() {
      const nodes = cluster.store.list('nodes').items;
      const index = nodes.length;
      const obj = nodeObject(index, DEFAULT_NODE, cluster.clock.timestamp());
      const core = (plural: string) => cluster.registry.byResource('', 'v1', plural);
      const nodeType = core('nodes');
      if (!nodeType) throw new Error('no Node kind');
      const node = cluster.client.create(nodeType, obj);
      const leases = cluster.registry.byResource('coordination.k8s.io', 'v1', 'leases');
      if (leases) {
        cluster.client.create(leases, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: node.metadata.name,
            namespace: 'kube-node-lease',
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'Node',
                name: node.metadata.name!,
                uid: node.metadata.uid!,
              },
            ],
          },
          spec: {
            holderIdentity: node.metadata.name,
            leaseDurationSeconds: 40,
            renewTime: cluster.clock.timestamp().replace('Z', '.000000Z'),
          },
        });
      }
      cluster.kubelets.add(node.metadata.name!);
      cluster.settle();
      return node.metadata.name!;
    },
  };
}
