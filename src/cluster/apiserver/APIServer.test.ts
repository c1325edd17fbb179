import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { WatchEvent } from './types';

function newCluster() {
  return createCluster({ seed: 42, epochMs: Date.UTC(2025, 0, 1) });
}

const cm = (name: string, labels: Record<string, string> = {}, ns = 'default') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels },
  data: { k: name },
});

describe('APIServer', () => {
  it('serves discovery, version and a v3 OpenAPI index', () => {
    const c = newCluster();
    expect(c.handle({ method: 'GET', path: '/version' }).body).toMatchObject({
      gitVersion: 'v1.32.0',
    });
    const agg = c.handle({
      method: 'GET',
      path: '/apis',
      headers: {
        accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(agg.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const paths = (c.handle({ method: 'GET', path: '/openapi/v3' }).body as { paths: object })
      .paths;
    expect(Object.keys(paths)).toContain('apis/apps/v1');
  });

  it('lists in pages with limit and continue', () => {
    const c = newCluster();
    for (const n of ['a', 'b', 'c', 'd', 'e'])
      c.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm(n) });
    const seen: string[] = [];
    let cont: string | undefined;
    do {
      const r = c.handle({
        method: 'GET',
        path: '/api/v1/namespaces/default/configmaps',
        query: { limit: '2', ...(cont ? { continue: cont } : {}) },
      });
      const body = r.body as {
        items: { metadata: { name: string } }[];
        metadata: { continue?: string };
      };
      seen.push(...body.items.map((i) => i.metadata.name));
      cont = body.metadata.continue;
    } while (cont);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'kube-root-ca.crt']);
  });

  it('watch replays from a resourceVersion, and a compacted one ends with 410', () => {
    const c = newCluster();
    const created = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: cm('w'),
    });
    const rv = (created.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    c.handle({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/configmaps/w',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: { data: { k: 'v2' } },
    });
    const events: WatchEvent[] = [];
    const w = c.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps',
      query: { watch: 'true', resourceVersion: rv },
    });
    const stop = w.watch!.start(
      (e) => events.push(e),
      () => {},
    );
    c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/w' });
    stop();
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);

    const old = c.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: { watch: '1', resourceVersion: '0' },
    });
    const initial: WatchEvent[] = [];
    old.watch!.start(
      (e) => initial.push(e),
      () => {},
    )();
    expect(initial).toEqual([]);
  });

  it('a stale update is a 409 Conflict and changes nothing', () => {
    const c = newCluster();
    const r1 = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: cm('x'),
    });
    const obj = r1.body as { metadata: { resourceVersion: string }; data: Record<string, string> };
    c.handle({
      method: 'PUT',
      path: '/api/v1/namespaces/default/configmaps/x',
      body: { ...obj, data: { k: 'new' } },
    });
    const stale = c.handle({
      method: 'PUT',
      path: '/api/v1/namespaces/default/configmaps/x',
      body: { ...obj, data: { k: 'lost' } },
    });
    expect(stale.status).toBe(409);
    expect((stale.body as { message: string }).message).toBe(
      'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    const now = c.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/x' })
      .body as { data: Record<string, string> };
    expect(now.data.k).toBe('new');
  });

  it('generateName gets a 5-character suffix from the upstream alphabet', () => {
    const c = newCluster();
    const r = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } },
    });
    expect((r.body as { metadata: { name: string } }).metadata.name).toMatch(
      /^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
  });

  it('dryRun=All validates and defaults without storing', () => {
    const c = newCluster();
    const r = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      query: { dryRun: 'All' },
      body: cm('dry'),
    });
    expect(r.status).toBe(201);
    expect(
      c.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/dry' }).status,
    ).toBe(404);
  });

  it('the garbage collector deletes dependents whose owner is gone, and orphans on request', () => {
    const c = newCluster();
    const owner = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: cm('owner'),
    }).body as { metadata: { uid: string } };
    const dep = (name: string) => ({
      ...cm(name),
      metadata: {
        ...cm(name).metadata,
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid },
        ],
      },
    });
    c.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: dep('child') });
    c.handle({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/configmaps/owner',
      body: { propagationPolicy: 'Background' },
    });
    expect(
      c.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/child' }).status,
    ).toBe(404);

    const owner2 = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: cm('owner'),
    }).body as { metadata: { uid: string } };
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: {
        ...dep('kept'),
        metadata: {
          ...dep('kept').metadata,
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner2.metadata.uid },
          ],
        },
      },
    });
    c.handle({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/configmaps/owner',
      body: { propagationPolicy: 'Orphan' },
    });
    const kept = c.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/kept' });
    expect(kept.status).toBe(200);
    expect(
      (kept.body as { metadata: { ownerReferences?: unknown } }).metadata.ownerReferences,
    ).toBeUndefined();
    expect(
      c.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/owner' }).status,
    ).toBe(404);
  });

  it('a patch removing the last owner reference or label leaves the field absent (omitempty)', () => {
    const c = newCluster();
    const { uid } = (
      c.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('o') })
        .body as { metadata: { uid: string } }
    ).metadata;
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: {
        ...cm('child', { app: 'x' }),
        metadata: {
          ...cm('child', { app: 'x' }).metadata,
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid }],
        },
      },
    });
    const r = c.handle({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/configmaps/child',
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: {
        metadata: { ownerReferences: [{ $patch: 'delete', uid }], labels: { app: null } },
      },
    });
    expect(r.status).toBe(200);
    const meta = (r.body as { metadata: Record<string, unknown> }).metadata;
    expect(meta).not.toHaveProperty('ownerReferences');
    expect(meta).not.toHaveProperty('labels');
  });

  it('a deleted namespace is Terminating until its content is gone, and refuses new content', () => {
    const c = newCluster();
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
    });
    expect(
      c.handle({ method: 'GET', path: '/api/v1/namespaces/team/serviceaccounts/default' }).status,
    ).toBe(200);
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/team/configmaps',
      body: cm('a', {}, 'team'),
    });
    const del = c.api.handle({ method: 'DELETE', path: '/api/v1/namespaces/team' });
    expect((del.body as { status: { phase: string } }).status.phase).toBe('Terminating');
    const refused = c.api.handle({
      method: 'POST',
      path: '/api/v1/namespaces/team/configmaps',
      body: cm('b', {}, 'team'),
    });
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toBe(
      'configmaps "b" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
    c.settle();
    expect(c.handle({ method: 'GET', path: '/api/v1/namespaces/team' }).status).toBe(404);
  });

  it('the default namespace may not be deleted', () => {
    const c = newCluster();
    const r = c.handle({ method: 'DELETE', path: '/api/v1/namespaces/default' });
    expect(r.status).toBe(403);
    expect((r.body as { message: string }).message).toBe(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });

  it('a ResourceQuota refuses a pod over its count with upstream wording', () => {
    const c = newCluster();
    c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/resourcequotas',
      body: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'q' },
        spec: { hard: { pods: '1' } },
      },
    });
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    expect(
      c.handle({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('p1') }).status,
    ).toBe(201);
    const r = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: pod('p2'),
    });
    expect(r.status).toBe(403);
    expect((r.body as { message: string }).message).toBe(
      'pods "p2" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });

  it('a pod gets its service account token volume, tolerations and priority', () => {
    const c = newCluster();
    const r = c.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    });
    const spec = (r.body as { spec: Record<string, unknown> }).spec as {
      serviceAccountName: string;
      volumes: { name: string }[];
      tolerations: { key: string }[];
      priority: number;
      containers: { volumeMounts: { mountPath: string }[] }[];
    };
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.containers[0].volumeMounts[0].mountPath).toBe(
      '/var/run/secrets/kubernetes.io/serviceaccount',
    );
    expect(spec.tolerations.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
    expect(spec.priority).toBe(0);
    expect((r.body as { status: unknown }).status).toEqual({
      phase: 'Pending',
      qosClass: 'BestEffort',
    });
  });

  it('a CustomResourceDefinition makes its kind servable at once', () => {
    const c = newCluster();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'crontabs.stable.example.com' },
      spec: {
        group: 'stable.example.com',
        scope: 'Namespaced',
        names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', properties: { cronSpec: { type: 'string' } } },
                },
              },
            },
          },
        ],
      },
    };
    expect(
      c.handle({
        method: 'POST',
        path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        body: crd,
      }).status,
    ).toBe(201);
    const cr = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'my' },
      spec: { cronSpec: '* * * * */5' },
    };
    expect(
      c.handle({
        method: 'POST',
        path: '/apis/stable.example.com/v1/namespaces/default/crontabs',
        body: cr,
      }).status,
    ).toBe(201);
    const bad = c.handle({
      method: 'POST',
      path: '/apis/stable.example.com/v1/namespaces/default/crontabs',
      query: { fieldValidation: 'Strict' },
      body: { ...cr, metadata: { name: 'bad' }, spec: { cronSpc: 'x' } },
    });
    expect(bad.status).toBe(400);
    c.handle({
      method: 'DELETE',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com',
    });
    expect(
      c.handle({ method: 'GET', path: '/apis/stable.example.com/v1/namespaces/default/crontabs' })
        .status,
    ).toBe(404);
  });

  it('serves one Event storage through core/v1 and events.k8s.io/v1, converted', () => {
    const c = newCluster();
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Started',
      message: 'Started container nginx',
      type: 'Normal',
      source: { component: 'kubelet' },
      count: 1,
    };
    expect(
      c.handle({ method: 'POST', path: '/api/v1/namespaces/default/events', body: core }).status,
    ).toBe(201);
    const viaNew = c.handle({
      method: 'GET',
      path: '/apis/events.k8s.io/v1/namespaces/default/events/e1',
    }).body as Record<string, unknown>;
    expect(viaNew).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: core.involvedObject,
      note: 'Started container nginx',
      deprecatedSource: { component: 'kubelet' },
      deprecatedCount: 1,
    });
    expect(viaNew.message).toBeUndefined();
    const made = c.handle({
      method: 'POST',
      path: '/apis/events.k8s.io/v1/namespaces/default/events',
      body: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'e2' },
        eventTime: '2025-01-01T00:00:00.000000Z',
        reportingController: 'me',
        reportingInstance: 'me-1',
        action: 'Did',
        reason: 'Done',
        type: 'Normal',
        note: 'hello',
        regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
      },
    });
    expect(made.status).toBe(201);
    const viaCore = c.handle({ method: 'GET', path: '/api/v1/namespaces/default/events/e2' })
      .body as Record<string, unknown>;
    expect(viaCore).toMatchObject({
      apiVersion: 'v1',
      message: 'hello',
      reportingComponent: 'me',
      involvedObject: { name: 'web' },
    });
  });

  it('is deterministic: the same seed and requests give byte-identical snapshots', () => {
    const run = () => {
      const c = newCluster();
      for (let i = 0; i < 5; i++) {
        c.handle({
          method: 'POST',
          path: '/api/v1/namespaces/default/configmaps',
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'g-' } },
        });
        c.handle({
          method: 'POST',
          path: '/api/v1/namespaces/default/services',
          body: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: `s${i}` },
            spec: { type: 'NodePort', ports: [{ port: 80 }] },
          },
        });
      }
      c.advance(60_000);
      return JSON.stringify(c.snapshot());
    };
    expect(run()).toBe(run());
  });
});
