export { ClusterNetworkImpl, parseUrl } from './ClusterNetworkImpl';
export { resolve, lookupFQDN, CLUSTER_DOMAIN, DNS_SERVICE_IP } from './dns';
export type { ClusterNetwork, PodEndpoint, ServedRequest } from './types';
