/** Placeholder: port-forward over SPDY tunnelled through a WebSocket. */
import type { WebSocket } from 'ws';
import type { KubeObject } from '../cluster/api/types';
import type { Cluster } from '../cluster/cluster';

export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

export function servePortForward(_cluster: Cluster, ws: WebSocket, _pod: KubeObject): void {
  ws.close(1000);
}
