/**
 * Every active namespace gets a `default` ServiceAccount (serviceaccounts-controller) and the
 * `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher), and gets them back if they are deleted.
 */
import { isApiError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';

/** The cluster CA every pod sees at /var/run/secrets/kubernetes.io/serviceaccount/ca.crt. */
export const ROOT_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIDBjCCAe6gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwptaW5p
a3ViZUNBMB4XDTI0MDEwMTAwMDAwMFoXDTM0MDEwMTAwMDAwMFowFTETMBEGA1UE
AxMKbWluaWt1YmVDQTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKpl
YXlncm91bmQtY2x1c3Rlci1jZXJ0aWZpY2F0ZS1hdXRob3JpdHktZm9yLWxlYXJu
-----END CERTIFICATE-----
`;

export class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount-controller';
  private queue: WorkQueue;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (ns) => this.syncNamespace(ns));
  }

  start(): void {
    this.ctx.store.watch('namespaces', {}, (ev) => {
      if (ev.type !== 'DELETED') this.queue.add(ev.object.metadata.name!);
    });
    const watchOne = (resource: string, name: string) =>
      this.ctx.store.watch(resource, {}, (ev) => {
        if (ev.type === 'DELETED' && ev.object.metadata.name === name) {
          this.queue.add(ev.object.metadata.namespace!);
        }
      });
    watchOne('serviceaccounts', 'default');
    watchOne('configmaps', 'kube-root-ca.crt');
    for (const ns of this.ctx.store.list('namespaces').items) this.queue.add(ns.metadata.name!);
  }

  private syncNamespace(name: string): void {
    const ns = this.ctx.store.get('namespaces', '', name);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (!this.ctx.store.get('serviceaccounts', name, 'default')) {
      this.createQuietly('serviceaccounts', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: name },
      });
    }
    if (!this.ctx.store.get('configmaps', name, 'kube-root-ca.crt')) {
      this.createQuietly('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kube-root-ca.crt',
          namespace: name,
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: { 'ca.crt': ROOT_CA_PEM },
      });
    }
  }

  private createQuietly(plural: string, obj: KubeObject): void {
    const rt = this.ctx.registry.byResource('', 'v1', plural)!;
    try {
      this.ctx.client.create(rt, obj);
    } catch (e) {
      if (isApiError(e) && (e.code === 409 || e.code === 403 || e.code === 404)) return;
      throw e;
    }
  }
}
