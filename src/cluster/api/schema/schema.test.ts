import { describe, expect, it } from 'vitest';
import {
  duplicateFields,
  openapiV3Doc,
  openapiV3Root,
  registerCustomResourceSchema,
  schemaFor,
  unknownFields,
  unregisterCustomResourceSchema,
} from './index';
import { crontabCrd } from './fixtures';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string }[];
        requestBody?: { content: Record<string, unknown> };
        'x-kubernetes-group-version-kind'?: unknown;
      }
    >
  >;
  components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> };
};

function newDeployment(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { 'any/key': 'v' }, annotations: { x: 'y' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] },
            { name: 'b', image: 'busybox', resources: { limits: { cpu: 1, memory: '64Mi' } } },
          ],
        },
      },
      ...spec,
    },
  };
}

describe('schemaFor', () => {
  it('navigates Deployment to its containers with their merge key', () => {
    const d = schemaFor('apps/v1', 'Deployment');
    expect(d?.ref).toBe('io.k8s.api.apps.v1.Deployment');
    const containers =
      d?.properties?.spec.properties?.template.properties?.spec.properties?.containers;
    expect(containers?.type).toBe('array');
    expect(containers?.patchMergeKey).toBe('name');
    expect(containers?.patchStrategy).toBe('merge');
    expect(containers?.items?.ref).toBe('io.k8s.api.core.v1.Container');
    expect(containers?.items?.required).toEqual(['name']);
    const ports = containers?.items?.properties?.ports;
    expect(ports?.patchMergeKey).toBe('containerPort');
    expect(ports?.listMapKeys).toEqual(['containerPort', 'protocol']);
    expect(d?.properties?.spec.properties?.strategy.patchStrategy).toBe('retainKeys');
  });

  it.each([
    ['v1', 'Service', ['spec', 'ports'], 'port', 'merge'],
    ['v1', 'Pod', ['spec', 'volumes'], 'name', 'merge,retainKeys'],
    ['v1', 'Pod', ['metadata', 'ownerReferences'], 'uid', 'merge'],
    ['v1', 'Node', ['status', 'conditions'], 'type', 'merge'],
    ['v1', 'Node', ['status', 'addresses'], 'type', 'merge'],
    ['apps/v1', 'Deployment', ['status', 'conditions'], 'type', 'merge'],
  ])('%s %s %j has merge key %s', (apiVersion, kind, path, key, strategy) => {
    let node = schemaFor(apiVersion, kind);
    for (const p of path) node = node?.properties?.[p];
    expect(node?.patchMergeKey).toBe(key);
    expect(node?.patchStrategy).toBe(strategy);
  });

  it('marks IntOrString and Quantity, and maps', () => {
    const spec = schemaFor('v1', 'Service')?.properties?.spec;
    const target = spec?.properties?.ports.items?.properties?.targetPort;
    expect(target?.intOrString).toBe(true);
    expect(target?.type).toBeUndefined();
    expect(spec?.properties?.selector.additionalProperties).toMatchObject({ type: 'string' });
    expect(schemaFor('v1', 'Pod')?.properties?.metadata.properties?.finalizers.listType).toBe(
      'set',
    );
  });

  it('knows every built-in kind and nothing else', () => {
    expect(schemaFor('autoscaling/v2', 'HorizontalPodAutoscaler')?.ref).toBe(
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
    );
    expect(schemaFor('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toBeDefined();
    expect(schemaFor('v1', 'NoSuchKind')).toBeUndefined();
  });
});

describe('unknownFields', () => {
  it.each([
    ['a valid object', newDeployment(), []],
    ['a typo at the top', { ...newDeployment(), sepc: {} }, ['unknown field "sepc"']],
    ['a typo in spec', newDeployment({ replica: 3 }), ['unknown field "spec.replica"']],
    [
      'a typo in metadata',
      { ...newDeployment(), metadata: { name: 'x', lables: { a: 'b' } } },
      ['unknown field "metadata.lables"'],
    ],
    [
      'a typo inside containers[1]',
      newDeployment({
        template: {
          spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolice: 'Always' }] },
        },
      }),
      ['unknown field "spec.template.spec.containers[1].imagePullPolice"'],
    ],
    [
      'several, in document order',
      { ...newDeployment({ replica: 1, paused: true, foo: { bar: 1 } }), extra: 1 },
      ['unknown field "spec.replica"', 'unknown field "spec.foo"', 'unknown field "extra"'],
    ],
    [
      'IntOrString given a number or a string',
      newDeployment({ strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } } }),
      [],
    ],
  ])('%s', (_name, obj, want) => {
    expect(unknownFields('apps/v1', 'Deployment', obj)).toEqual(want);
  });

  it('accepts any key in maps and anything in free-form fields', () => {
    expect(
      unknownFields('v1', 'ConfigMap', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: { 'a.b/c': 'd' } },
        data: { 'any.key': 'v' },
      }),
    ).toEqual([]);
    expect(
      unknownFields('apps/v1', 'ControllerRevision', {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name: 'r' },
        revision: 1,
        data: { anything: { goes: [1, 2] } },
      }),
    ).toEqual([]);
  });

  it('checks map values that are objects', () => {
    expect(
      unknownFields('v1', 'Pod', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1' }, limitz: {} } }] },
      }),
    ).toEqual(['unknown field "spec.containers[0].resources.limitz"']);
  });

  it('reports duplicate fields from the JSON text', () => {
    const text =
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"c","image":"x","image":"y"}]}}';
    expect(duplicateFields(text)).toEqual([
      'duplicate field "metadata.name"',
      'duplicate field "spec.containers[0].image"',
    ]);
    expect(unknownFields('v1', 'Pod', JSON.parse(text), text)).toEqual([
      'duplicate field "metadata.name"',
      'duplicate field "spec.containers[0].image"',
    ]);
    expect(duplicateFields('{not json')).toEqual([]);
  });

  it('returns nothing for kinds it does not know', () => {
    expect(unknownFields('example.com/v1', 'Thing', { anything: 1 })).toEqual([]);
  });
});

describe('custom resources', () => {
  it('serves a CRD version through schemaFor, unknownFields and its document, until removed', () => {
    const crd = crontabCrd();
    registerCustomResourceSchema(crd);
    const s = schemaFor('stable.example.com/v1', 'CronTab');
    expect(s?.ref).toBe('com.example.stable.v1.CronTab');
    expect(s?.properties?.metadata.ref).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const obj = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'c', labelz: {} },
      spec: { cronSpec: '* * * * *', replica: 1, extra: { any: { thing: 1 } }, port: 'http' },
      status: {},
    };
    expect(unknownFields('stable.example.com/v1', 'CronTab', obj)).toEqual([
      'unknown field "metadata.labelz"',
      'unknown field "spec.replica"',
      'unknown field "status"',
    ]);
    const root = openapiV3Root() as { paths: Record<string, { serverRelativeURL: string }> };
    expect(root.paths['apis/stable.example.com/v1'].serverRelativeURL).toMatch(
      /^\/openapi\/v3\/apis\/stable\.example\.com\/v1\?hash=[0-9A-F]{128}$/,
    );
    expect(root.paths['apis/stable.example.com']).toBeDefined();
    const doc = openapiV3Doc('apis/stable.example.com/v1') as Doc;
    expect(
      doc.components.schemas['com.example.stable.v1.CronTab']['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }]);
    expect(doc.components.schemas['com.example.stable.v1.CronTabList']).toBeDefined();
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    const patch =
      doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch;
    expect(patch.parameters?.map((p) => p.name)).toContain('fieldValidation');
    // No strategic merge patch for custom resources: kubectl apply then sends a JSON merge patch.
    expect(Object.keys(patch.requestBody?.content ?? {})).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);

    unregisterCustomResourceSchema(crd);
    expect(schemaFor('stable.example.com/v1', 'CronTab')).toBeUndefined();
    expect(openapiV3Doc('apis/stable.example.com/v1')).toBeUndefined();
    expect(
      (openapiV3Root() as { paths: Record<string, unknown> }).paths['apis/stable.example.com/v1'],
    ).toBeUndefined();
  });
});

describe('openapi v3 documents', () => {
  it('indexes every group-version with a stable content hash', () => {
    const root = openapiV3Root() as { paths: Record<string, { serverRelativeURL: string }> };
    for (const p of [
      'api',
      'api/v1',
      'apis',
      'apis/apps',
      'apis/apps/v1',
      'apis/batch/v1',
      'apis/autoscaling/v2',
      'version',
    ])
      expect(root.paths[p]?.serverRelativeURL).toMatch(
        new RegExp(`^/openapi/v3/${p}\\?hash=[0-9A-F]{128}$`),
      );
    expect(openapiV3Root()).toEqual(root);
  });

  it('serves a group-version document with paths and GVK-tagged schemas', () => {
    const doc = openapiV3Doc('apis/apps/v1') as Doc;
    expect(doc.openapi).toBe('3.0.0');
    expect(doc.info.title).toBe('Kubernetes');
    expect(
      doc.components.schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(doc.components.schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(doc.components.schemas['io.k8s.api.core.v1.Pod']).toBeUndefined();
    const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    });
    expect(item.patch.parameters?.map((p) => p.name)).toEqual([
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    expect(
      doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'],
    ).toBeDefined();
    expect(doc.paths['/apis/apps/v1/deployments']).toBeDefined();
    expect(openapiV3Doc('apis/nope/v1')).toBeUndefined();
  });

  it('every $ref in every document resolves inside it', () => {
    const root = openapiV3Root() as { paths: Record<string, unknown> };
    for (const p of Object.keys(root.paths)) {
      const doc = openapiV3Doc(p) as Doc;
      const text = JSON.stringify(doc);
      for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
        expect(doc.components.schemas[m[1]], `${p}: ${m[1]}`).toBeDefined();
    }
  });
});
