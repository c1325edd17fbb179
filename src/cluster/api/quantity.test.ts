import { describe, expect, it } from 'vitest';
import {
  compareQuantities,
  formatQuantity,
  isValidQuantity,
  parseQuantity,
  QUANTITY_FORMAT_ERROR,
} from './quantity';

describe('formatQuantity prints the canonical form of Quantity.String()', () => {
  it.each([
    ['500m', '500m'],
    ['0.5', '500m'],
    ['1', '1'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['1000', '1k'],
    ['100M', '100M'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1e3', '1e3'],
    ['1200e0', '1200'],
    ['100.5m', '100500u'],
    ['0', '0'],
    ['0Mi', '0'],
    ['512', '512'],
    ['1Ki', '1Ki'],
    ['1000Ki', '1000Ki'],
    ['0.0000000001', '1n'],
    ['-1', '-1'],
    [2, '2'],
    [0.25, '250m'],
  ])('%s -> %s', (input, want) => {
    expect(formatQuantity(input)).toBe(want);
  });
});

describe('parseQuantity', () => {
  it('gives base-unit and milli values', () => {
    expect(parseQuantity('250m')).toMatchObject({ value: 0.25, milli: 250, format: 'DecimalSI' });
    expect(parseQuantity('1Gi')).toMatchObject({ value: 1073741824, format: 'BinarySI' });
    expect(parseQuantity('1e3')).toMatchObject({ value: 1000, format: 'DecimalExponent' });
    expect(parseQuantity('1.1m').milli).toBe(2);
  });

  it.each(['', 'abc', '1.2.3', '1Qi', '--1', 'Mi', '.'])('rejects %j', (s) => {
    expect(isValidQuantity(s)).toBe(false);
  });

  it('throws upstream text for format errors', () => {
    expect(() => parseQuantity('abc')).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity('1iM')).toThrow("unable to parse quantity's suffix");
  });

  it('compares across formats', () => {
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('500m', '1')).toBe(-1);
    expect(compareQuantities('2', '1500m')).toBe(1);
  });
});
