import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';

function claim(name: string, storage: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
  };
}

function volume(name: string, storage: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: `/mnt/${name}` },
      ...extra,
    },
  };
}

const PVCS = '/api/v1/namespaces/default/persistentvolumeclaims';

function post(c: Cluster, path: string, body: KubeObject) {
  const r = c.handle({ method: 'POST', path, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as KubeObject;
}

function get(c: Cluster, path: string) {
  return c.handle({ method: 'GET', path }).body as KubeObject & {
    spec: Record<string, unknown>;
    status: Record<string, unknown>;
  };
}

function reasons(c: Cluster, name: string): string[] {
  return c.store
    .list('events', { namespace: 'default' })
    .items.filter(
      (e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name,
    )
    .map((e) => `${(e as { reason?: string }).reason}: ${(e as { message?: string }).message}`);
}

describe('PersistentVolume controller and the minikube hostpath provisioner', () => {
  it('gives a claim without a class the default class and a provisioned volume at once', () => {
    const c = createCluster({ systemPods: false });
    const created = post(c, PVCS, claim('data', '1Gi'));
    expect((created.spec as { storageClassName?: string }).storageClassName).toBe('standard');
    const pvc = get(c, `${PVCS}/data`);
    const pvName = `pvc-${pvc.metadata.uid}`;
    expect(pvc.spec.volumeName).toBe(pvName);
    expect(pvc.status).toMatchObject({
      phase: 'Bound',
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
    });
    expect(pvc.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'k8s.io/minikube-hostpath',
      'volume.kubernetes.io/storage-provisioner': 'k8s.io/minikube-hostpath',
    });
    const pv = get(c, `/api/v1/persistentvolumes/${pvName}`);
    expect(pv.status.phase).toBe('Bound');
    expect(pv.spec).toMatchObject({
      hostPath: { path: '/tmp/hostpath-provisioner/default/data' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      claimRef: { name: 'data', namespace: 'default', uid: pvc.metadata.uid },
    });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe(
      'k8s.io/minikube-hostpath',
    );
    expect(reasons(c, 'data').map((r) => r.split(':')[0])).toEqual([
      'ExternalProvisioning',
      'Provisioning',
      'ProvisioningSucceeded',
    ]);

    // Reclaim Delete: the provisioned volume goes with its claim.
    c.handle({ method: 'DELETE', path: `${PVCS}/data` });
    c.advance(1000);
    expect(c.handle({ method: 'GET', path: `/api/v1/persistentvolumes/${pvName}` }).status).toBe(
      404,
    );
  });

  it('binds a classless claim to the smallest fitting volume; Retain leaves it Released', () => {
    const c = createCluster({ systemPods: false });
    post(c, '/api/v1/persistentvolumes', volume('big', '10Gi', { storageClassName: '' }));
    post(c, '/api/v1/persistentvolumes', volume('small', '2Gi', { storageClassName: '' }));
    post(c, '/api/v1/persistentvolumes', volume('tiny', '500Mi', { storageClassName: '' }));
    post(
      c,
      '/api/v1/persistentvolumes',
      volume('rox', '1Gi', { storageClassName: '', accessModes: ['ReadOnlyMany'] }),
    );
    expect(get(c, '/api/v1/persistentvolumes/small').status.phase).toBe('Available');
    post(c, PVCS, claim('data', '1Gi', { storageClassName: '' }));
    const pvc = get(c, `${PVCS}/data`);
    expect(pvc.spec.volumeName).toBe('small');
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '2Gi' } });
    const pv = get(c, '/api/v1/persistentvolumes/small');
    expect(pv.status.phase).toBe('Bound');
    expect(pv.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });

    c.handle({ method: 'DELETE', path: `${PVCS}/data` });
    c.advance(1000);
    expect(get(c, '/api/v1/persistentvolumes/small').status.phase).toBe('Released');
  });

  it('keeps a claim larger than any volume and without a class Pending, and says why', () => {
    const c = createCluster({ systemPods: false });
    post(c, '/api/v1/persistentvolumes', volume('pv1', '1Gi', { storageClassName: '' }));
    post(c, PVCS, claim('huge', '100Gi', { storageClassName: '' }));
    c.advance(10_000);
    expect(get(c, `${PVCS}/huge`).status.phase).toBe('Pending');
    expect(reasons(c, 'huge')).toContain(
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
    );
    expect(get(c, '/api/v1/persistentvolumes/pv1').status.phase).toBe('Available');
  });

  it('fails a static volume whose reclaim policy is Delete', () => {
    const c = createCluster({ systemPods: false });
    post(
      c,
      '/api/v1/persistentvolumes',
      volume('pv1', '1Gi', { storageClassName: '', persistentVolumeReclaimPolicy: 'Delete' }),
    );
    post(c, PVCS, claim('data', '1Gi', { storageClassName: '' }));
    c.handle({ method: 'DELETE', path: `${PVCS}/data` });
    c.advance(1000);
    const pv = get(c, '/api/v1/persistentvolumes/pv1');
    expect(pv.status.phase).toBe('Failed');
    expect(pv.status.message).toBe(
      'error getting deleter volume plugin for volume "pv1": no deletable volume plugin matched',
    );
  });

  it('waits for the first consumer with a WaitForFirstConsumer class', () => {
    const c = createCluster({ systemPods: false });
    post(c, '/apis/storage.k8s.io/v1/storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local' },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer',
    } as KubeObject);
    post(c, PVCS, claim('data', '1Gi', { storageClassName: 'local' }));
    expect(get(c, `${PVCS}/data`).status.phase).toBe('Pending');
    expect(reasons(c, 'data')).toEqual([
      'WaitForFirstConsumer: waiting for first consumer to be created before binding',
    ]);
  });
});
