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

const subsets = (c: Cluster, name = 'web') =>
  c.store.get('endpoints', 'default', name)?.subsets as
    { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[] | undefined;

describe('Endpoints controller', () => {
  it('lists ready pods in addresses and not-ready ones in notReadyAddresses, with named target ports', () => {
    const c = newCluster();
    create(
      c,
      newService(
        'web',
        { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        { tier: 'front' },
      ),
    );
    const ep = c.store.get('endpoints', 'default', 'web')!;
    expect(ep.subsets).toBeUndefined();
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
    create(c, newPod('a', { app: 'web' }));
    create(c, newPod('b', { app: 'web' }));
    create(c, newPod('other', { app: 'db' }));
    runPod(c, 'a', '10.244.0.5', true);
    runPod(c, 'b', '10.244.0.4', false);
    runPod(c, 'other', '10.244.0.6', true);
    const a = c.store.get('pods', 'default', 'a')!;
    expect(subsets(c)).toEqual([
      {
        addresses: [
          {
            ip: '10.244.0.5',
            nodeName: 'minikube',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata.uid },
          },
        ],
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.0.4' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(c.store.get('endpoints', 'default', 'web')!.metadata.annotations).toHaveProperty(
      'endpoints.kubernetes.io/last-change-trigger-time',
    );
    // b becomes ready; a loses its label.
    setPodStatus(c, c.store.get('pods', 'default', 'b')!, 'Running', { ready: true });
    c.handle({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { metadata: { labels: { app: 'other' } } },
    });
    expect(subsets(c)).toEqual([
      {
        addresses: [expect.objectContaining({ ip: '10.244.0.4' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it.each([
    {
      name: 'publishNotReadyAddresses lists unready pods as ready',
      spec: {
        selector: { app: 'web' },
        publishNotReadyAddresses: true,
        ports: [{ port: 80, targetPort: 9376 }],
      },
      want: [
        {
          addresses: [expect.objectContaining({ ip: '10.244.0.7' })],
          ports: [{ port: 9376, protocol: 'TCP' }],
        },
      ],
    },
    {
      name: 'a headless service without ports lists addresses only, with hostnames',
      spec: { selector: { app: 'web' }, clusterIP: 'None' },
      want: [{ notReadyAddresses: [expect.objectContaining({ ip: '10.244.0.7', hostname: 'p' })] }],
      labels: { 'service.kubernetes.io/headless': '' },
    },
    {
      name: 'a named port no container has leaves the pod out',
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] },
      want: undefined,
    },
  ])('$name', ({ spec, want, labels }) => {
    const c = newCluster();
    create(c, newService('web', spec));
    create(c, newPod('p', { app: 'web' }, { hostname: 'p', subdomain: 'web' }));
    runPod(c, 'p', '10.244.0.7', false);
    expect(subsets(c)).toEqual(want);
    if (labels) expect(c.store.get('endpoints', 'default', 'web')!.metadata.labels).toEqual(labels);
  });

  it('leaves services without a selector alone, and removes endpoints with their service', () => {
    const c = newCluster();
    create(c, newService('manual', { ports: [{ port: 80 }] }));
    expect(c.store.get('endpoints', 'default', 'manual')).toBeUndefined();
    expect(c.store.get('endpoints', 'default', 'kubernetes')!.subsets).toBeTruthy();
    create(c, newService('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(c.store.get('endpoints', 'default', 'web')).toBeTruthy();
    api(c, 'DELETE', '/api/v1/namespaces/default/services/web');
    expect(c.store.get('endpoints', 'default', 'web')).toBeUndefined();
  });

  it('gives ExternalName services no endpoints, even with a selector', () => {
    const c = newCluster();
    create(
      c,
      newService('ext', {
        type: 'ExternalName',
        externalName: 'example.com',
        selector: { app: 'ext' },
      }),
    );
    expect(c.store.get('endpoints', 'default', 'ext')).toBeUndefined();
  });

  it('sorts addresses as upstream LessEndpointAddress does: IPs compared as strings', () => {
    const c = newCluster();
    create(c, newService('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    create(c, newPod('a', { app: 'web' }));
    create(c, newPod('b', { app: 'web' }));
    runPod(c, 'a', '10.244.1.9', true);
    runPod(c, 'b', '10.244.1.10', true);
    expect(subsets(c)![0].addresses!.map((a) => a.ip)).toEqual(['10.244.1.10', '10.244.1.9']);
  });
});
