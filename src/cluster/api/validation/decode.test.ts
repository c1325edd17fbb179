import { describe, expect, it } from 'vitest';
import { newPod, newSecret } from './fixtures';
import {
  decodeBase64,
  decodeError,
  goBase64ErrorOffset,
  quantityDecodeError,
  secretDecodeError,
} from './decode';
import { cronScheduleError, parseCronSchedule } from './cron';

describe("Go's base64 error offsets", () => {
  it.each([
    ['YQ==', -1],
    ['aGVsbG8=', -1],
    ['', -1],
    ['aGVs\nbG8=', -1],
    ['hello', 4],
    ['abc', 0],
    ['a!bc', 1],
    ['YQ=', 3],
    ['YQ==YQ==', 4],
    ['Y===', 1],
    ['secret value', 6],
  ])('%j -> %i', (input, want) => {
    expect(goBase64ErrorOffset(input)).toBe(want);
  });

  it('decodes what it accepts', () => {
    expect(new TextDecoder().decode(decodeBase64('aGVsbG8='))).toBe('hello');
    expect(decodeBase64('hello')).toBeUndefined();
  });
});

describe('decode errors the API server reports as 400', () => {
  it('Secret with a value that is not base64', () => {
    expect(secretDecodeError(newSecret({ password: 'hello' }))).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
    );
    expect(secretDecodeError(newSecret())).toBeUndefined();
  });

  it('Pod with a bad quantity', () => {
    const pod = newPod({
      containers: [{ name: 'a', image: 'b', resources: { limits: { memory: '1GB' } } }],
    });
    expect(quantityDecodeError(pod)).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
    expect(decodeError(newPod())).toBeUndefined();
  });
});

describe('cron schedules as robfig/cron ParseStandard reads them', () => {
  it.each([
    ['*/15 * * * *', undefined],
    ['0 0 * * MON-FRI', undefined],
    ['0 12 1 jan,jul *', undefined],
    ['@daily', undefined],
    ['@every 1h30m', undefined],
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['@weekly2', 'unrecognized descriptor: @weekly2'],
    ['@every x', 'failed to parse duration @every x: time: invalid duration "x"'],
  ])('%j', (spec, want) => {
    expect(cronScheduleError(spec)).toBe(want);
  });

  it('lists the allowed values', () => {
    const s = parseCronSchedule('*/20 9-10 * * 1,3');
    expect(s.minutes).toEqual([0, 20, 40]);
    expect(s.hours).toEqual([9, 10]);
    expect(s.daysOfWeek).toEqual([1, 3]);
    expect(s.domStar).toBe(true);
    expect(s.dowStar).toBe(false);
  });
});
