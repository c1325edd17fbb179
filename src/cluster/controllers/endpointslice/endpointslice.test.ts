import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster';
import {
  api,
  create,
  newCluster,
  newPod,
  newService,
  runPod,
  setPodStatus,
} from '../podutil/testkit';

const slices = (c: Cluster, svc = 'web') =>
  c.store
    .list('endpointslices.discovery.k8s.io', { namespace: 'default' })
    .items.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

describe('EndpointSlice controller', () => {
  it('keeps one slice per service with ready / serving / terminating conditions', () => {
    const c = newCluster();
    const svc = create(
      c,
      newService(
        'web',
        { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        { tier: 'front' },
      ),
    );
    expect(slices(c)).toHaveLength(1);
    const [empty] = slices(c);
    expect(empty.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(empty.metadata.labels).toEqual({
      tier: 'front',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(empty.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(empty.addressType).toBe('IPv4');
    expect(empty.endpoints ?? null).toBeNull();

    create(c, newPod('a', { app: 'web' }));
    create(c, newPod('b', { app: 'web' }));
    runPod(c, 'a', '10.244.0.5', true);
    runPod(c, 'b', '10.244.0.6', false);
    const [s] = slices(c);
    expect(s.metadata.name).toBe(empty.metadata.name);
    const a = c.store.get('pods', 'default', 'a')!;
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(s.endpoints).toEqual([
      {
        addresses: ['10.244.0.5'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'minikube',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata.uid },
      },
      expect.objectContaining({
        addresses: ['10.244.0.6'],
        conditions: { ready: false, serving: false, terminating: false },
      }),
    ]);

    // A terminating pod stays, serving but not ready; once gone it leaves the slice.
    setPodStatus(c, c.store.get('pods', 'default', 'b')!, 'Running', { ready: true });
    api(c, 'DELETE', '/api/v1/namespaces/default/pods/b');
    expect((slices(c)[0].endpoints as { conditions: unknown }[])[1].conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
    c.handle({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/pods/b',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
    });
    expect((slices(c)[0].endpoints as unknown[]).length).toBe(1);
  });

  it('labels headless slices, leaves selector-less services alone and goes with the service', () => {
    const c = newCluster();
    create(c, newService('db', { selector: { app: 'db' }, clusterIP: 'None' }));
    expect(slices(c, 'db')[0].metadata.labels).toMatchObject({
      'service.kubernetes.io/headless': '',
    });
    create(c, newService('manual', { ports: [{ port: 80 }] }));
    expect(slices(c, 'manual')).toHaveLength(0);
    api(c, 'DELETE', '/api/v1/namespaces/default/services/db');
    c.settle();
    expect(slices(c, 'db')).toHaveLength(0);
  });
});
