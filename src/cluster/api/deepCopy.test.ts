import { describe, expect, it } from 'vitest';
import { deepCopy } from './deepCopy';

describe('deepCopy', () => {
  it.each([
    { name: 'scalars', value: { a: 1, b: 'x', c: true, d: null } },
    { name: 'nested objects and arrays', value: { spec: { containers: [{ name: 'a' }] } } },
    { name: 'undefined members', value: { a: undefined, b: [undefined, 1] } },
    { name: 'empty containers', value: { a: {}, b: [] } },
  ])('copies $name like structuredClone', ({ value }) => {
    const copy = deepCopy(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(copy).not.toBe(value);
  });

  it('shares nothing with the original and leaves frozen input unfrozen in the copy', () => {
    const original = Object.freeze({ meta: Object.freeze({ labels: Object.freeze({ a: 'b' }) }) });
    const copy = deepCopy(original);
    expect(copy.meta).not.toBe(original.meta);
    expect(Object.isFrozen(copy) || Object.isFrozen(copy.meta.labels)).toBe(false);
    (copy.meta.labels as Record<string, string>).a = 'c';
    expect(original.meta.labels.a).toBe('b');
  });

  it('keeps a "__proto__" key as data without touching the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const copy = deepCopy(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });

  it('copies values that are not plain data with structuredClone', () => {
    const when = new Date(0);
    const copy = deepCopy({ when });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(0);
  });
});
