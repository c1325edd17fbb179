import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { applyMergePatch } from './index';

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('applyMergePatch', () => {
  it.each([
    { name: 'null deletes', doc: { a: 1, b: 2 }, patch: { a: null }, expected: { b: 2 } },
    {
      name: 'deleting a missing key is no change',
      doc: { a: 1 },
      patch: { z: null },
      expected: { a: 1 },
    },
    {
      name: 'objects merge recursively',
      doc: { metadata: { labels: { a: '1', b: '2' } } },
      patch: { metadata: { labels: { b: null, c: '3' } } },
      expected: { metadata: { labels: { a: '1', c: '3' } } },
    },
    {
      name: 'lists are replaced',
      doc: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      patch: { spec: { containers: [{ name: 'c' }] } },
      expected: { spec: { containers: [{ name: 'c' }] } },
    },
    {
      name: 'scalars replace objects',
      doc: { a: { b: 1 } },
      patch: { a: 'x' },
      expected: { a: 'x' },
    },
    {
      name: 'an object replacing a scalar loses its nulls',
      doc: { a: 'x' },
      patch: { a: { b: null, c: 1 } },
      expected: { a: { c: 1 } },
    },
    {
      name: 'a new key loses nested nulls; null list elements stay',
      doc: {},
      patch: { a: { b: null, l: [null, { c: null, d: 1 }] } },
      expected: { a: { l: [null, { d: 1 }] } },
    },
  ])('$name', ({ doc, patch, expected }) => {
    expect(applyMergePatch(doc, patch)).toEqual(expected);
  });

  it.each([
    {
      name: 'a JSON null body',
      patch: null,
      options: undefined,
      message: 'Invalid JSON Patch',
    },
    {
      name: 'an array body (strict decoding)',
      patch: [1],
      options: undefined,
      message:
        'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
    {
      name: 'a string body with fieldValidation=Ignore',
      patch: 'x',
      options: { fieldValidation: 'Ignore' as const },
      message: 'Invalid JSON Patch',
    },
  ])('$name → 400', ({ patch, options, message }) => {
    const err = thrown(() => applyMergePatch({ a: 1 }, patch, options));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.status.message).toBe(message);
  });

  it('ConfigMap data keys __proto__, constructor and prototype are ordinary data', () => {
    const cm = JSON.parse('{"kind":"ConfigMap","data":{"__proto__":"a","constructor":"b"}}');
    const patch = JSON.parse(
      '{"data":{"__proto__":{"polluted":"yes"},"constructor":null,"prototype":"p"}}',
    );
    const out = applyMergePatch(cm, patch) as { data: Record<string, unknown> };
    expect(JSON.stringify(out.data)).toBe('{"__proto__":{"polluted":"yes"},"prototype":"p"}');
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(cm)).toBe(
      '{"kind":"ConfigMap","data":{"__proto__":"a","constructor":"b"}}',
    );
  });

  const key = fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'),
  );
  const doc = fc.dictionary(key, fc.jsonValue(), { maxKeys: 8 });

  it('property: an empty patch gives back an equal document and leaves inputs unchanged', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const before = JSON.stringify(d);
        const patch = {};
        const out = applyMergePatch(d, patch);
        // Compared as JSON text: generated numbers include -0, which JSON writes as 0.
        expect(JSON.stringify(out)).toBe(before);
        expect(JSON.stringify(d)).toBe(before);
        expect(patch).toEqual({});
        if (Object.keys(d).length > 0) expect(out).not.toBe(d);
      }),
      { seed: 20250101, numRuns: 500 },
    );
  });
});
