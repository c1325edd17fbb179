/** What every handler of the API server reaches: the store, the clock, the kinds and the plugins. */
import type { TypeRegistry, ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { Random } from '../clock/Random';
import type { VirtualClock } from '../clock/VirtualClock';
import type { Store } from '../store/types';
import type { AdmissionPlugin } from './admission/types';
import type { ClusterIPAllocator, NodePortAllocator } from './allocators';
import type { ApiRequest, ApiResponse, ResourcePath } from './types';

/**
 * Handlers that later layers plug in: the kubelet serves pod logs and exec, for instance. Until
 * one is plugged in, the route answers as a cluster without that part would.
 */
export interface ServerHooks {
  podLog?: (pod: KubeObject, container: string, req: ApiRequest) => ApiResponse;
  podExec?: (pod: KubeObject, container: string, req: ApiRequest) => ApiResponse;
  /** The metrics server behind metrics.k8s.io (an aggregated API upstream). */
  metrics?: (req: ApiRequest, rt: ResourceType, rp: ResourcePath) => ApiResponse;
}

export interface ServerContext {
  store: Store;
  clock: VirtualClock;
  random: Random;
  registry: TypeRegistry;
  ips: ClusterIPAllocator;
  ports: NodePortAllocator;
  admission: AdmissionPlugin[];
  hooks: ServerHooks;
  /** host:port the server is reached at, for discovery's serverAddressByClientCIDRs. */
  serverAddress: string;
}

/** GroupResource of a kind, for error messages. */
export function grOf(rt: ResourceType): { group: string; resource: string } {
  return { group: rt.group, resource: rt.plural };
}

/** GroupKind of a kind, for Invalid messages. */
export function gkOf(rt: ResourceType): { group: string; kind: string } {
  return { group: rt.group, kind: rt.kind };
}
