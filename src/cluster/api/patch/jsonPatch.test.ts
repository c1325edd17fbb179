import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './index';

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' }, finalizers: ['a', 'b'] },
  spec: { containers: [{ name: 'c', image: 'nginx', args: ['x', 'y'] }] },
});

describe('applyJsonPatch: operations', () => {
  it.each([
    {
      name: 'add a label',
      ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'front' }],
      check: (o: ReturnType<typeof pod>) =>
        expect(o.metadata.labels).toEqual({ app: 'web', tier: 'front' }),
    },
    {
      name: 'add appends with "-"',
      ops: [{ op: 'add', path: '/metadata/finalizers/-', value: 'c' }],
      check: (o: ReturnType<typeof pod>) => expect(o.metadata.finalizers).toEqual(['a', 'b', 'c']),
    },
    {
      name: 'add inserts at an index',
      ops: [{ op: 'add', path: '/metadata/finalizers/1', value: 'c' }],
      check: (o: ReturnType<typeof pod>) => expect(o.metadata.finalizers).toEqual(['a', 'c', 'b']),
    },
    {
      name: 'remove with a negative index counts from the end',
      ops: [{ op: 'remove', path: '/metadata/finalizers/-1' }],
      check: (o: ReturnType<typeof pod>) => expect(o.metadata.finalizers).toEqual(['a']),
    },
    {
      name: 'replace an image',
      ops: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.27' }],
      check: (o: ReturnType<typeof pod>) => expect(o.spec.containers[0].image).toBe('nginx:1.27'),
    },
    {
      name: 'replace of a missing object key adds it (json-patch v4)',
      ops: [{ op: 'replace', path: '/metadata/labels/new', value: 'v' }],
      check: (o: ReturnType<typeof pod>) =>
        expect(o.metadata.labels).toEqual({ app: 'web', new: 'v' }),
    },
    {
      name: 'move',
      ops: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' }],
      check: (o: ReturnType<typeof pod>) => expect(o.metadata.labels).toEqual({ name: 'web' }),
    },
    {
      name: 'copy',
      ops: [{ op: 'copy', from: '/spec/containers/0', path: '/spec/containers/-' }],
      check: (o: ReturnType<typeof pod>) =>
        expect(o.spec.containers).toEqual([o.spec.containers[0], o.spec.containers[0]]),
    },
    {
      name: 'copy from a missing key copies null (json-patch v4)',
      ops: [{ op: 'copy', from: '/metadata/nope', path: '/metadata/x' }],
      check: (o: ReturnType<typeof pod>) =>
        expect((o.metadata as Record<string, unknown>).x).toBeNull(),
    },
    {
      name: 'test then replace',
      ops: [
        { op: 'test', path: '/spec/containers/0/args', value: ['x', 'y'] },
        { op: 'replace', path: '/spec/containers/0/args', value: ['z'] },
      ],
      check: (o: ReturnType<typeof pod>) => expect(o.spec.containers[0].args).toEqual(['z']),
    },
    {
      name: 'test a missing key against null passes',
      ops: [{ op: 'test', path: '/metadata/nope', value: null }],
      check: (o: ReturnType<typeof pod>) => expect(o).toEqual(pod()),
    },
    {
      name: 'escaped pointers ~1 and ~0',
      ops: [{ op: 'add', path: '/metadata/labels/example.com~1a~0b', value: 'v' }],
      check: (o: ReturnType<typeof pod>) =>
        expect(o.metadata.labels).toEqual({ app: 'web', 'example.com/a~b': 'v' }),
    },
    {
      name: 'replace of the root with a scalar changes nothing (v1.32 json-patch)',
      ops: [{ op: 'replace', path: '', value: 1 }],
      check: (o: ReturnType<typeof pod>) => expect(o).toEqual(pod()),
    },
    {
      name: 'a null body is no operations',
      ops: null,
      check: (o: ReturnType<typeof pod>) => expect(o).toEqual(pod()),
    },
  ])('$name', ({ ops, check }) => {
    check(applyJsonPatch(pod(), ops) as ReturnType<typeof pod>);
  });
});

describe('applyJsonPatch: errors as the API server returns them', () => {
  // The messages are the library's, as kubectl patch --local (v1.32) prints them.
  it.each([
    {
      name: 'failed test',
      ops: [{ op: 'test', path: '/metadata/name', value: 'x' }],
      cause: 'testing value /metadata/name failed: test failed',
    },
    {
      name: 'remove of a missing key',
      ops: [{ op: 'remove', path: '/metadata/nope' }],
      cause:
        "error in remove for path: '/metadata/nope': Unable to remove nonexistent key: nope: missing value",
    },
    {
      name: 'add below a missing parent',
      ops: [{ op: 'add', path: '/a/b', value: 1 }],
      cause: 'add operation does not apply: doc is missing path: "/a/b": missing value',
    },
    {
      name: 'add past the end of a list',
      ops: [{ op: 'add', path: '/spec/containers/5', value: {} }],
      cause:
        "error in add for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced",
    },
    {
      name: 'add with a non-numeric index',
      ops: [{ op: 'add', path: '/spec/containers/x', value: {} }],
      cause:
        "error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
    },
    {
      name: 'replace out of range',
      ops: [{ op: 'replace', path: '/spec/containers/3', value: {} }],
      cause:
        'replace operation does not apply: doc is missing key: /spec/containers/3: missing value',
    },
    {
      name: 'move from a missing key',
      ops: [{ op: 'move', from: '/metadata/nope', path: '/x' }],
      cause:
        "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value",
    },
    {
      name: 'unknown op',
      ops: [{ op: 'bogus', path: '/x' }],
      cause: 'Unexpected kind: bogus',
    },
    {
      name: 'missing path',
      ops: [{ op: 'remove' }],
      cause: 'remove operation failed to decode path: missing value',
    },
  ])('$name → 422', ({ ops, cause }) => {
    const err = thrown(() => applyJsonPatch(pod(), ops));
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: { causes: [{ reason: 'UnexpectedServerResponse', message: cause }] },
      code: 422,
    });
  });

  it.each([
    {
      name: 'a non-array body (strict decoding, the default)',
      ops: { op: 'add' },
      options: undefined,
      message:
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    },
    {
      name: 'a non-array body with fieldValidation=Ignore',
      ops: { op: 'add' },
      options: { fieldValidation: 'Ignore' as const },
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    },
    {
      name: 'an operation that is not an object',
      ops: [1],
      options: undefined,
      message:
        'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp',
    },
    {
      name: 'an op that is not a string',
      ops: [{ op: true, path: '/x' }],
      options: { fieldValidation: 'Strict' as const },
      message:
        'error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.op of type string',
    },
  ])('$name → 400', ({ ops, options, message }) => {
    const err = thrown(() => applyJsonPatch(pod(), ops, options));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.status.message).toBe(message);
  });

  it('too many operations → 413', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({
      op: 'test',
      path: '/kind',
      value: 'Pod',
    }));
    const err = thrown(() => applyJsonPatch(pod(), ops));
    expect(err.code).toBe(413);
    expect(err.status.message).toBe(
      'The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });
});

describe('applyJsonPatch: inputs and special keys', () => {
  it('never mutates the document or the operations', () => {
    const doc = pod();
    const value = { name: 'd', image: 'busybox' };
    const ops = [
      { op: 'add', path: '/spec/containers/-', value },
      { op: 'remove', path: '/metadata/labels/app' },
    ];
    const before = structuredClone({ doc, ops });
    const out = applyJsonPatch(doc, ops) as ReturnType<typeof pod>;
    expect({ doc, ops }).toEqual(before);
    expect(out.spec.containers[1]).toEqual(value);
    expect(out.spec.containers[1]).not.toBe(value);
  });

  it('ConfigMap data key __proto__ is ordinary data', () => {
    const cm = JSON.parse('{"kind":"ConfigMap","data":{"__proto__":"a"}}');
    const ops = JSON.parse(
      '[{"op":"replace","path":"/data/__proto__","value":"b"},{"op":"add","path":"/data/constructor","value":"c"},{"op":"test","path":"/data/prototype","value":null}]',
    );
    const out = applyJsonPatch(cm, ops) as { data: Record<string, string> };
    expect(JSON.stringify(out.data)).toBe('{"__proto__":"b","constructor":"c"}');
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    const removed = applyJsonPatch(cm, [{ op: 'remove', path: '/data/__proto__' }]) as {
      data: object;
    };
    expect(Object.keys(removed.data)).toEqual([]);
  });
});
