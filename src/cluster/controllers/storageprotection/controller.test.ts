import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';

const pvc = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
};

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'user' },
  spec: {
    nodeSelector: { nowhere: 'true' },
    containers: [{ name: 'c', image: 'nginx' }],
    volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }],
  },
};

describe('storage object in-use protection', () => {
  it('adds the protection finalizers to new claims and volumes', () => {
    const c = createCluster({ systemPods: false });
    const claim = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/persistentvolumeclaims',
      body: pvc,
    });
    expect((claim.body as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual([
      'kubernetes.io/pvc-protection',
    ]);
    const pv = c.handle({
      method: 'POST',
      path: '/api/v1/persistentvolumes',
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv1' },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          hostPath: { path: '/data' },
        },
      },
    });
    expect((pv.body as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual([
      'kubernetes.io/pv-protection',
    ]);
    c.handle({ method: 'DELETE', path: '/api/v1/persistentvolumes/pv1' });
    expect(c.handle({ method: 'GET', path: '/api/v1/persistentvolumes/pv1' }).status).toBe(404);
  });

  it('keeps a claim Terminating while a pod uses it, and lets it go after', () => {
    const c = createCluster({ systemPods: false });
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/persistentvolumeclaims',
      body: pvc,
    });
    c.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod });
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/persistentvolumeclaims/data' });
    c.advance(5000);
    const held = c.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/persistentvolumeclaims/data',
    });
    expect(held.status).toBe(200);
    expect(
      (held.body as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp,
    ).toBeDefined();
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/user' });
    c.advance(1000);
    expect(
      c.handle({ method: 'GET', path: '/api/v1/namespaces/default/persistentvolumeclaims/data' })
        .status,
    ).toBe(404);
  });
});
