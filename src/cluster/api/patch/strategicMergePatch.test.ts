import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiError } from '../errors';
import { applyStrategicMergePatch } from './index';
import {
  configMapSchema,
  deploymentSchema,
  mergeItemSchema,
  podSchema,
  serviceSchema,
} from './testSchemas';

const y = (s: string): unknown => parse(s) ?? {};

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

/**
 * Ported from upstream's strategicpatch/patch_test.go (customStrategicMergePatchTestCaseData,
 * createStrategicMergePatchTestCaseData, strategicMergePatchRawTestCases): the patch applied to
 * the first document gives the last, against the MergeItem test type.
 */
const upstreamCases: { name: string; original: string; patch: string; result: string }[] = [
  {
    name: 'unique scalars when merging lists',
    original: 'mergingIntList: [1, 2]',
    patch: 'mergingIntList: [2, 3]',
    result: 'mergingIntList: [1, 2, 3]',
  },
  {
    name: 'delete map from nested map',
    original: 'simpleMap: {key1: 1, key2: 1}',
    patch: 'simpleMap: {$patch: delete}',
    result: 'simpleMap: {}',
  },
  {
    name: 'delete all items from merging list',
    original: 'mergingList: [{name: 1}, {name: 2}]',
    patch: 'mergingList: [{$patch: replace}]',
    result: 'mergingList: []',
  },
  {
    name: 'merge empty merging lists',
    original: 'mergingList: []',
    patch: 'mergingList: []',
    result: 'mergingList: []',
  },
  {
    name: 'delete all keys from map',
    original: '{name: 1, value: 1}',
    patch: '{$patch: replace}',
    result: '{}',
  },
  {
    name: 'add key and delete all keys from map',
    original: '{name: 1, value: 1}',
    patch: '{other: a, $patch: replace}',
    result: '{other: a}',
  },
  {
    name: 'de-duplicate entries in a merging list',
    original: 'mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]',
    patch: 'mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]',
    result: 'mergingList: [{name: 2, value: a}]',
  },
  {
    name: 'retainKeys map can add a field when no retainKeys directive present',
    original: 'retainKeysMap: {name: foo}',
    patch: 'retainKeysMap: {value: bar}',
    result: 'retainKeysMap: {name: foo, value: bar}',
  },
  {
    name: 'retainKeys map can delete a field when no retainKeys directive present',
    original: 'retainKeysMap: {name: foo, value: a}',
    patch: 'retainKeysMap: {value: null}',
    result: 'retainKeysMap: {name: foo}',
  },
  {
    name: 'retainKeys list can change a field when no retainKeys directive present',
    original: 'retainKeysMergingList: [{name: bar}, {name: foo, value: a}]',
    patch: 'retainKeysMergingList: [{name: foo, value: b}]',
    result: 'retainKeysMergingList: [{name: bar}, {name: foo, value: b}]',
  },
  {
    name: 'preserve the order from the patch in a merging list',
    original: 'mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]',
    patch: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, other: x}]',
    result:
      'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, value: b, other: x}]',
  },
  {
    name: 'preserve the order from the patch in a merging list 2',
    original: 'mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]',
    patch: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}]',
    result: 'mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]',
  },
  {
    name: 'preserve the order from the patch in a merging int list',
    original: 'mergingIntList: [1, 2, 3]',
    patch: 'mergingIntList: [3, 1, 2]',
    result: 'mergingIntList: [3, 1, 2]',
  },
  {
    name: 'preserve the order from the patch in a merging int list 2',
    original: 'mergingIntList: [1, 2, 3]',
    patch: 'mergingIntList: [3, 1]',
    result: 'mergingIntList: [2, 3, 1]',
  },
  {
    name: '$setElementOrder contains item that is not present in the list to be merged',
    original: 'mergingList: [{name: 1}, {name: 3}]',
    patch: `
$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}]
mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]`,
    result: 'mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]',
  },
  {
    name: '$setElementOrder contains item that is not present in the int list to be merged',
    original: 'mergingIntList: [1, 3]',
    patch: '$setElementOrder/mergingIntList: [3, 2, 1]',
    result: 'mergingIntList: [3, 1]',
  },
  {
    name: 'add field and delete field from map (null deletion)',
    original: '{name: 1, other: a}',
    patch: '{name: null, value: 1}',
    result: '{other: a, value: 1}',
  },
  {
    name: 'delete field from nested map',
    original: 'simpleMap: {key1: 1, key2: 1, other: a}',
    patch: 'simpleMap: {key2: null}',
    result: 'simpleMap: {key1: 1, other: a}',
  },
  {
    name: 'defined null values are not added',
    original: '{name: a, other: a}',
    patch: '{name: 1, value: 1, other: null}',
    result: '{name: 1, value: 1}',
  },
  {
    name: 'replace list of scalars',
    original: 'nonMergingIntList: [1, 2]',
    patch: 'nonMergingIntList: [2, 3]',
    result: 'nonMergingIntList: [2, 3]',
  },
  {
    name: 'delete all maps from merging list',
    original: 'mergingList: [{name: 1, other: a}, {name: 2, other: b}]',
    patch: 'mergingList: [{name: 1, $patch: delete}, {name: 2, $patch: delete}]',
    result: 'mergingList: []',
  },
  {
    name: 'delete items in lists of scalars',
    original: 'mergingIntList: [1, 2, 3, 4]',
    patch: `
$setElementOrder/mergingIntList: [1, 2]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: 'mergingIntList: [1, 2, 4]',
  },
  {
    name: 'delete all duplicate items in lists of scalars',
    original: 'mergingIntList: [1, 2, 3, 3, 4]',
    patch: `
$setElementOrder/mergingIntList: [1, 2]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: 'mergingIntList: [1, 2, 4]',
  },
  {
    name: 'add and delete items in lists of scalars',
    original: 'mergingIntList: [1, 2, 3]',
    patch: `
$setElementOrder/mergingIntList: [1, 2, 4]
$deleteFromPrimitiveList/mergingIntList: [3]
mergingIntList: [4]`,
    result: 'mergingIntList: [1, 2, 4]',
  },
  {
    name: 'merge lists of maps',
    original: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]',
    patch: `
$setElementOrder/mergingList: [{name: 4}, {name: 1}, {name: 2}, {name: 3}]
mergingList: [{name: 4, value: 4}, {name: 3, value: 3}]`,
    result: `
mergingList:
  - {name: 4, value: 4}
  - {name: 1, other: a}
  - {name: 2, value: 2, other: b}
  - {name: 3, value: 3}`,
  },
  {
    name: 'add field to map in merging list',
    original: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]',
    patch: `
$setElementOrder/mergingList: [{name: 1}, {name: 2}]
mergingList: [{name: 1, value: 1}]`,
    result: 'mergingList: [{name: 1, other: a, value: 1}, {name: 2, value: 2, other: b}]',
  },
  {
    name: 'retainKeys directive clears the fields it does not list',
    original: 'retainKeysMap: {name: foo, value: a, other: b}',
    patch: 'retainKeysMap: {$retainKeys: [name, value], value: c}',
    result: 'retainKeysMap: {name: foo, value: c}',
  },
  {
    // Checked against kubectl patch --local (v1.32): upstream's in-place slice deletion and
    // append are visible to the live order used for server-only items.
    name: 'regression: delete, add and reorder with $setElementOrder keeps upstream order',
    original: 'mergingList: [{name: a}, {name: b}, {name: c}, {name: d}]',
    patch: `
$setElementOrder/mergingList: [{name: c}, {name: x}, {name: a}]
mergingList: [{name: x}, {name: b, $patch: delete}]`,
    result: 'mergingList: [{name: c}, {name: d}, {name: x}, {name: a}]',
  },
  {
    name: 'a server-only item is placed by its position in the live list',
    original: 'mergingList: [{name: 1}, {name: server}, {name: 2}]',
    patch: `
$setElementOrder/mergingList: [{name: 2}, {name: 1}]`,
    result: 'mergingList: [{name: server}, {name: 2}, {name: 1}]',
  },
];

describe('applyStrategicMergePatch: upstream cases on MergeItem', () => {
  it.each(upstreamCases)('$name', ({ original, patch, result }) => {
    expect(applyStrategicMergePatch(y(original), y(patch), mergeItemSchema)).toEqual(y(result));
  });
});

function deployment(containers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...extra } },
    },
  };
}

const nginx = {
  name: 'nginx',
  image: 'nginx:1.25',
  ports: [{ containerPort: 80 }],
  env: [{ name: 'A', value: '1' }],
};

describe('applyStrategicMergePatch: Kubernetes kinds', () => {
  const cases: { name: string; doc: unknown; patch: unknown; expected: (d: unknown) => unknown }[] =
    [
      {
        name: 'containers merge by name: image changes, other fields stay',
        doc: deployment([nginx]),
        patch: {
          spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
        },
        expected: () => deployment([{ ...nginx, image: 'nginx:1.27' }]),
      },
      {
        // As the kubectl patch task page shows: the patched container goes first.
        name: 'a new container is placed before the server-only ones',
        doc: deployment([nginx]),
        patch: {
          spec: { template: { spec: { containers: [{ name: 'redis', image: 'redis' }] } } },
        },
        expected: () => deployment([{ name: 'redis', image: 'redis' }, nginx]),
      },
      {
        name: 'container ports merge by containerPort, env by name',
        doc: deployment([nginx]),
        patch: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'nginx',
                    ports: [{ containerPort: 443 }],
                    env: [
                      { name: 'A', value: '2' },
                      { name: 'B', value: '3' },
                    ],
                  },
                ],
              },
            },
          },
        },
        expected: () =>
          deployment([
            {
              ...nginx,
              ports: [{ containerPort: 443 }, { containerPort: 80 }],
              env: [
                { name: 'A', value: '2' },
                { name: 'B', value: '3' },
              ],
            },
          ]),
      },
      {
        name: 'volumeMounts merge by mountPath',
        doc: deployment([{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/a' }] }]),
        patch: {
          spec: {
            template: {
              spec: { containers: [{ name: 'c', volumeMounts: [{ name: 'w', mountPath: '/a' }] }] },
            },
          },
        },
        expected: () => deployment([{ name: 'c', volumeMounts: [{ name: 'w', mountPath: '/a' }] }]),
      },
      {
        name: 'args and command are atomic: replaced',
        doc: deployment([{ name: 'c', command: ['sh', '-c'], args: ['a', 'b'] }]),
        patch: { spec: { template: { spec: { containers: [{ name: 'c', args: ['z'] }] } } } },
        expected: () => deployment([{ name: 'c', command: ['sh', '-c'], args: ['z'] }]),
      },
      {
        name: 'tolerations are atomic: replaced',
        doc: deployment([nginx], { tolerations: [{ key: 'a', operator: 'Exists' }] }),
        patch: {
          spec: { template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } } },
        },
        expected: () => deployment([nginx], { tolerations: [{ key: 'b', operator: 'Exists' }] }),
      },
      {
        name: '$patch: delete removes a container',
        doc: deployment([nginx, { name: 'side', image: 'busybox' }]),
        patch: {
          spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } },
        },
        expected: () => deployment([nginx]),
      },
      {
        name: '$patch: replace on a list replaces it',
        doc: deployment([nginx, { name: 'side', image: 'busybox' }]),
        patch: {
          spec: {
            template: {
              spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] },
            },
          },
        },
        expected: () => deployment([{ name: 'only', image: 'x' }]),
      },
      {
        name: '$patch: replace on a map replaces it',
        doc: deployment([nginx]),
        patch: { metadata: { labels: { $patch: 'replace', tier: 'front' } } },
        expected: () => ({
          ...deployment([nginx]),
          metadata: { name: 'web', labels: { tier: 'front' } },
        }),
      },
      {
        name: 'null deletes a label; maps merge',
        doc: deployment([nginx]),
        patch: { metadata: { labels: { app: null, tier: 'front' } } },
        expected: () => ({
          ...deployment([nginx]),
          metadata: { name: 'web', labels: { tier: 'front' } },
        }),
      },
      {
        name: 'DeploymentStrategy retainKeys: switching to Recreate clears rollingUpdate',
        doc: deployment([nginx]),
        patch: {
          spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } },
        },
        expected: () => {
          const d = deployment([nginx]);
          return { ...d, spec: { ...d.spec, strategy: { type: 'Recreate' } } };
        },
      },
      {
        name: 'kubectl apply: $setElementOrder with a deletion and an addition',
        doc: deployment([nginx, { name: 'old', image: 'o' }]),
        patch: {
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': [{ name: 'new' }, { name: 'nginx' }],
                containers: [
                  { name: 'new', image: 'n' },
                  { name: 'old', $patch: 'delete' },
                ],
              },
            },
          },
        },
        expected: () => deployment([{ name: 'new', image: 'n' }, nginx]),
      },
    ];

  it.each(cases)('$name', ({ doc, patch, expected }) => {
    expect(applyStrategicMergePatch(doc, patch, deploymentSchema)).toEqual(expected(doc));
  });

  it('service ports merge by port', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    };
    const out = applyStrategicMergePatch(
      svc,
      {
        spec: {
          ports: [
            { port: 80, targetPort: 9090 },
            { port: 443, targetPort: 8443 },
          ],
        },
      },
      serviceSchema,
    );
    expect(out).toEqual({
      ...svc,
      spec: {
        ports: [
          { port: 80, targetPort: 9090 },
          { port: 443, targetPort: 8443 },
        ],
      },
    });
  });

  it.each([
    {
      name: 'finalizers (a primitive list with strategy merge) are unioned',
      patch: { metadata: { finalizers: ['b', 'c'] } },
      expected: ['a', 'b', 'c'],
    },
    {
      name: '$deleteFromPrimitiveList removes finalizers',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      expected: ['b'],
    },
  ])('$name', ({ patch, expected }) => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['a', 'b'] } };
    const out = applyStrategicMergePatch(pod, patch, podSchema) as {
      metadata: { finalizers: string[] };
    };
    expect(out.metadata.finalizers).toEqual(expected);
  });

  it('$deleteFromPrimitiveList on a missing list adds nothing', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    const out = applyStrategicMergePatch(
      pod,
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      podSchema,
    );
    expect(out).toEqual(pod);
  });

  it('fields the schema does not know: maps merge, lists are replaced', () => {
    const doc = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      extra: { a: 1, l: [1, 2] },
    };
    const out = applyStrategicMergePatch(doc, { extra: { b: 2, l: [3] } }, podSchema);
    expect(out).toEqual({ ...doc, extra: { a: 1, l: [3], b: 2 } });
  });

  it('nulls and directives inside a newly added field are dropped', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    const out = applyStrategicMergePatch(
      pod,
      {
        spec: { nodeSelector: { a: 'x', b: null }, containers: [{ name: 'c', $patch: 'replace' }] },
      },
      podSchema,
    );
    expect(out).toEqual({ ...pod, spec: { nodeSelector: { a: 'x' }, containers: [] } });
  });
});

describe('applyStrategicMergePatch: errors as the API server returns them', () => {
  const doc = deployment([{ ...nginx, volumeMounts: [] }]);
  it.each([
    {
      name: 'unknown $patch value on a map is a 500 with the library message',
      patch: { metadata: { labels: { $patch: 'bogus' } } },
      code: 500,
      reason: '',
      message: 'unknown patch type: bogus in map: map[$patch:bogus]',
    },
    {
      name: 'unknown $patch value in a list element',
      patch: { spec: { template: { spec: { containers: [{ name: 'nginx', $patch: 'nope' }] } } } },
      code: 500,
      reason: '',
      message: 'unknown patch type: nope in map: map[$patch:nope name:nginx]',
    },
    {
      name: '$patch: merge in a list element',
      patch: { spec: { template: { spec: { containers: [{ name: 'nginx', $patch: 'merge' }] } } } },
      code: 500,
      reason: '',
      message: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'missing merge key',
      patch: { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      code: 500,
      reason: '',
      message: 'map: map[image:x] does not contain declared merge key: name',
    },
    {
      name: 'malformed $retainKeys',
      patch: { spec: { strategy: { $retainKeys: 'type' } } },
      code: 400,
      reason: 'BadRequest',
      message: 'invalid patch format of retainKeys',
    },
    {
      name: 'a field outside $retainKeys',
      patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } },
      code: 400,
      reason: 'BadRequest',
      message: 'invalid patch format of retainKeys',
    },
    {
      name: 'malformed $deleteFromPrimitiveList key',
      patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
      code: 400,
      reason: 'BadRequest',
      message: 'invalid patch format of primitive list',
    },
    {
      name: 'lists of lists',
      patch: {
        spec: { template: { spec: { containers: [{ name: 'nginx', volumeMounts: [['a']] }] } } },
      },
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
    },
    {
      name: 'list element types differ',
      patch: { spec: { template: { spec: { containers: ['x'] } } } },
      code: 500,
      reason: '',
      message:
        'list element types are not identical: [[map[env:[map[name:A value:1]] image:nginx:1.25 name:nginx ports:[map[containerPort:80]] volumeMounts:[]]] [x]]',
    },
    {
      name: 'patch order that contradicts $setElementOrder',
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
              containers: [{ name: 'b' }, { name: 'a' }],
            },
          },
        },
      },
      code: 500,
      reason: '',
      message:
        "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
    },
    {
      name: 'a body that is not a JSON object',
      patch: ['x'],
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
  ])('$name', ({ patch, code, reason, message }) => {
    const err = thrown(() => applyStrategicMergePatch(doc, patch, deploymentSchema));
    expect(err.code).toBe(code);
    expect(err.reason).toBe(reason);
    expect(err.status.message).toBe(message);
  });

  it('the 422 for lists of lists names the cause', () => {
    const err = thrown(() =>
      applyStrategicMergePatch(
        doc,
        {
          spec: { template: { spec: { containers: [{ name: 'nginx', volumeMounts: [['a']] }] } } },
        },
        deploymentSchema,
      ),
    );
    expect(err.status.details?.causes).toEqual([
      { reason: 'UnexpectedServerResponse', message: 'lists of lists are not supported' },
    ]);
  });

  it('a null body changes nothing', () => {
    expect(applyStrategicMergePatch(doc, null, deploymentSchema)).toEqual(doc);
  });
});

describe('applyStrategicMergePatch: inputs and special keys', () => {
  it('never mutates its inputs and shares nothing with them', () => {
    const doc = deployment([nginx]);
    const patch = {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'x' }, { name: 'n2' }] } } },
    };
    const docBefore = structuredClone(doc);
    const patchBefore = structuredClone(patch);
    const out = applyStrategicMergePatch(doc, patch, deploymentSchema) as ReturnType<
      typeof deployment
    >;
    expect(doc).toEqual(docBefore);
    expect(patch).toEqual(patchBefore);
    const added = out.spec.template.spec.containers[1];
    expect(added).toEqual({ name: 'n2' });
    expect(added).not.toBe(patch.spec.template.spec.containers[1]);
    expect(out.metadata).not.toBe(doc.metadata);
  });

  it('ConfigMap data keys __proto__, constructor and prototype are ordinary data', () => {
    const cm = JSON.parse(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"a","constructor":"b"}}',
    );
    const patch = JSON.parse('{"data":{"__proto__":"z","prototype":"p","constructor":null}}');
    const out = applyStrategicMergePatch(cm, patch, configMapSchema) as {
      data: Record<string, string>;
    };
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(Object.keys(out.data)).toEqual(['__proto__', 'prototype']);
    expect(JSON.stringify(out.data)).toBe('{"__proto__":"z","prototype":"p"}');
    expect(({} as Record<string, unknown>).z).toBeUndefined();
  });
});
