import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import { persistentVolumeDir } from '../../kubelet/volumes';

const NS = '/api/v1/namespaces/default';
const COUNTER =
  'n=$(wc -l < /data/log 2>/dev/null || echo 0); while true; do n=$((n+1)); echo $n >> /data/log; sleep 1; done';

function post(c: Cluster, path: string, body: unknown) {
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

function counterPod(claim: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'counter' },
    spec: {
      containers: [
        {
          name: 'counter',
          image: 'busybox',
          command: ['sh', '-c', COUNTER],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
    },
  };
}

function events(c: Cluster, name: string): string[] {
  return c.store
    .list('events', { namespace: 'default' })
    .items.filter(
      (e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name,
    )
    .map((e) => `${(e as { reason?: string }).reason}: ${(e as { message?: string }).message}`);
}

describe('pods on persistent volumes', () => {
  it('keeps what a container wrote on its claim across pod deletion and re-creation', () => {
    const c = createCluster({ systemPods: false });
    post(c, `${NS}/persistentvolumeclaims`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    post(c, `${NS}/pods`, counterPod('data'));
    c.advance(30_000);
    expect(get(c, `${NS}/pods/counter`).status.phase).toBe('Running');
    const pv = get(c, `${NS}/persistentvolumeclaims/data`).spec.volumeName as string;
    const before = persistentVolumeDir(c.store, pv).files.get('log')!.trim().split('\n');
    expect(before.length).toBeGreaterThan(5);
    c.handle({ method: 'DELETE', path: `${NS}/pods/counter` });
    c.advance(40_000);
    expect(c.handle({ method: 'GET', path: `${NS}/pods/counter` }).status).toBe(404);
    const kept = persistentVolumeDir(c.store, pv).files.get('log')!.trim().split('\n');
    post(c, `${NS}/pods`, counterPod('data'));
    c.advance(20_000);
    const after = persistentVolumeDir(c.store, pv).files.get('log')!.trim().split('\n');
    // The new pod counts on from the last line the old one wrote.
    expect(after.slice(0, kept.length)).toEqual(kept);
    expect(after[kept.length]).toBe(String(kept.length + 1));
  });

  it('holds a pod whose claim is unbound in Pending with upstream FailedScheduling', () => {
    const c = createCluster({ systemPods: false });
    post(c, `${NS}/persistentvolumeclaims`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'huge' },
      spec: {
        storageClassName: '',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '100Gi' } },
      },
    });
    post(c, `${NS}/pods`, counterPod('huge'));
    c.advance(5_000);
    const pod = get(c, `${NS}/pods/counter`);
    expect(pod.status.phase).toBe('Pending');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(events(c, 'counter')).toContain(
      'FailedScheduling: 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    // A volume that fits arrives: the claim binds and the pod is scheduled at once.
    post(c, '/api/v1/persistentvolumes', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-big' },
      spec: {
        storageClassName: '',
        capacity: { storage: '200Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/mnt/big' },
      },
    });
    c.advance(15_000);
    expect(get(c, `${NS}/pods/counter`).status.phase).toBe('Running');
  });

  it('gives each StatefulSet pod its claim, and keeps the claims after the set is deleted', () => {
    const c = createCluster({ systemPods: false });
    post(c, '/apis/apps/v1/namespaces/default/statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                volumeMounts: [{ name: 'data', mountPath: '/usr/share/nginx/html' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    });
    c.advance(60_000);
    for (const n of [0, 1]) {
      const claim = get(c, `${NS}/persistentvolumeclaims/data-web-${n}`);
      expect(claim.status.phase).toBe('Bound');
      expect(claim.metadata.labels).toEqual({ app: 'web' });
      expect(claim.metadata.ownerReferences).toBeUndefined();
      const pod = get(c, `${NS}/pods/web-${n}`);
      expect(pod.status.phase).toBe('Running');
      expect(pod.spec.volumes).toContainEqual({
        name: 'data',
        persistentVolumeClaim: { claimName: `data-web-${n}` },
      });
    }
    expect(events(c, 'web')).toContain(
      'SuccessfulCreate: create Claim data-web-0 Pod web-0 in StatefulSet web success',
    );
    c.handle({ method: 'DELETE', path: '/apis/apps/v1/namespaces/default/statefulsets/web' });
    c.advance(60_000);
    expect(c.handle({ method: 'GET', path: `${NS}/pods/web-0` }).status).toBe(404);
    expect(get(c, `${NS}/persistentvolumeclaims/data-web-0`).status.phase).toBe('Bound');
    expect(get(c, `${NS}/persistentvolumeclaims/data-web-1`).status.phase).toBe('Bound');
  });

  it('keeps an emptyDir across a container restart but not across pods', () => {
    const c = createCluster({ systemPods: false });
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox',
            command: ['sh', '-c', 'echo x >> /cache/runs; wc -l < /cache/runs; sleep 5; exit 1'],
            volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
          },
        ],
        volumes: [{ name: 'cache', emptyDir: {} }],
      },
    });
    post(c, `${NS}/pods`, pod('a'));
    c.advance(60_000);
    const restarts = (
      get(c, `${NS}/pods/a`).status.containerStatuses as { restartCount: number }[]
    )[0].restartCount;
    expect(restarts).toBeGreaterThan(0);
    const log = c.handle({ method: 'GET', path: `${NS}/pods/a/log` }).body as string;
    expect(Number(log.trim())).toBe(restarts + 1);
    post(c, `${NS}/pods`, pod('b'));
    c.advance(3_000);
    const first = c.handle({ method: 'GET', path: `${NS}/pods/b/log` }).body as string;
    expect(first.trim()).toBe('1');
  });
});
