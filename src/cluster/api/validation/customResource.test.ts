import { describe, expect, it } from 'vitest';
import { pruneCustomResource, validateCustomResource } from './customResource';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string', pattern: '^\\S+( \\S+){4}$' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 3 } },
        mode: { type: 'string', enum: ['a', 'b'] },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const errors = (spec: unknown) =>
  validateCustomResource({ apiVersion: 'x/v1', kind: 'X', metadata: {}, spec }, schema).map(
    (e) => `${e.field}: ${e.message}`,
  );

describe('validateCustomResource', () => {
  it.each([
    {
      name: 'valid',
      spec: { cronSpec: '* * * * */5', replicas: 1, port: 'http', free: { a: 1 } },
      want: [],
    },
    {
      name: 'wrong type',
      spec: { cronSpec: '* * * * *', replicas: 'two' },
      want: [
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      ],
    },
    {
      name: 'over the maximum, under the minimum',
      spec: { cronSpec: '* * * * *', replicas: 20 },
      want: [
        'spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10',
      ],
    },
    {
      name: 'under the minimum',
      spec: { cronSpec: '* * * * *', replicas: 0 },
      want: [
        'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
      ],
    },
    { name: 'required', spec: {}, want: ['spec.cronSpec: Required value'] },
    {
      name: 'pattern',
      spec: { cronSpec: 'never' },
      want: [
        `spec.cronSpec: Invalid value: "never": spec.cronSpec in body should match '^\\S+( \\S+){4}$'`,
      ],
    },
    {
      name: 'array items and length',
      spec: { cronSpec: '* * * * *', tags: ['a', 'long', 'c'] },
      want: [
        'spec.tags: Too many: 3: must have at most 2 items',
        'spec.tags[1]: Too long: must have at most 3 bytes',
      ],
    },
    {
      name: 'int-or-string',
      spec: { cronSpec: '* * * * *', port: true },
      want: [expect.stringMatching(/^spec.port: Invalid value: "boolean"/)],
    },
  ])('$name', ({ spec, want }) => {
    expect(errors(spec)).toEqual(want);
  });
});

describe('pruneCustomResource', () => {
  it('drops undeclared fields, keeps metadata and preserved subtrees', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a', labels: { b: 'c' } },
      spec: { cronSpec: '* * * * *', color: 'blue', tags: ['a'], free: { anything: { goes: 1 } } },
      status: { phase: 'x' },
    };
    pruneCustomResource(obj, schema);
    expect(obj).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a', labels: { b: 'c' } },
      spec: { cronSpec: '* * * * *', tags: ['a'], free: { anything: { goes: 1 } } },
    });
  });
});
