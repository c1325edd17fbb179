/**
 * resource.Quantity as k8s.io/apimachinery/pkg/api/resource parses, compares and prints it:
 * "500m", "1Gi", "2", "1e3". Values are held exactly as a count of nano-units (BigInt), the
 * finest precision upstream keeps (finer values round up to 1n, as ParseQuantity does).
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in base units (cores, bytes), as a float; exact for every value kubectl prints. */
  value: number;
  /** The value in milli-units, rounded up as upstream's MilliValue(). */
  milli: number;
  format: QuantityFormat;
  /** The exact value in nano-units. */
  nano: bigint;
}

/** ErrFormatWrong of upstream, the message of every syntax error. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** ErrSuffix of upstream. */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXP: Record<number, string> = Object.fromEntries(
  Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]),
);
const BINARY_BY_EXP = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function ceilDiv(a: bigint, b: bigint): bigint {
  // b > 0; rounds away from zero for positive values, toward zero for negative (as upstream's
  // "round up" of the absolute value keeps the sign).
  const q = a / b;
  if (a % b === 0n) return q;
  return a > 0n ? q + 1n : q - 1n;
}

/** Parses a quantity; throws an Error with upstream's message on bad syntax. */
export function parseQuantity(s: string | number): Quantity {
  const str = typeof s === 'number' ? numberText(s) : s.trim();
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(str);
  if (!str || !m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(QUANTITY_FORMAT_ERROR);
  const [, sign, whole, frac = '', suffix] = m;
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw new Error(QUANTITY_FORMAT_ERROR);
  let format: QuantityFormat;
  let num = BigInt((whole || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    const e = DECIMAL_SUFFIXES[suffix];
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    num *= 1024n ** BigInt(BINARY_SUFFIXES[suffix]);
  } else {
    const em = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
    if (!em) throw new Error(QUANTITY_SUFFIX_ERROR);
    format = 'DecimalExponent';
    const e = Number(em[1]);
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  let nano = ceilDiv(num * NANO, den);
  if (sign === '-') nano = -nano;
  return fromNano(nano, format);
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(QUANTITY_FORMAT_ERROR);
  return String(n).replace('e+', 'e');
}

function fromNano(nano: bigint, format: QuantityFormat): Quantity {
  return { nano, format, value: Number(nano) / 1e9, milli: Number(ceilDiv(nano, 1_000_000n)) };
}

/** True when `s` is a string or number upstream's ParseQuantity accepts. */
export function isValidQuantity(s: unknown): boolean {
  if (typeof s !== 'string' && typeof s !== 'number') return false;
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

/** The canonical text of a quantity, as upstream's Quantity.String(). */
export function formatQuantity(q: Quantity | string | number): string {
  const { nano, format } = typeof q === 'object' ? q : parseQuantity(q);
  if (nano === 0n) return '0';
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  let fmt = format;
  if (fmt === 'BinarySI' && (abs < 1024n * NANO || abs % NANO !== 0n)) fmt = 'DecimalSI';
  if (fmt === 'BinarySI') {
    let n = abs / NANO;
    let e = 0;
    while (e < 6 && n % 1024n === 0n) {
      n /= 1024n;
      e++;
    }
    return `${neg ? '-' : ''}${n}${BINARY_BY_EXP[e]}`;
  }
  let n = abs;
  let e = -9;
  while (n % 10n === 0n) {
    n /= 10n;
    e++;
  }
  // Exponents are kept at multiples of 3 by scaling the mantissa back up.
  const r = ((e % 3) + 3) % 3;
  n *= 10n ** BigInt(r);
  e -= r;
  let suffix: string;
  if (fmt === 'DecimalExponent') suffix = e === 0 ? '' : `e${e}`;
  else if (e > 18) {
    n *= 10n ** BigInt(e - 18);
    suffix = 'E';
  } else suffix = DECIMAL_BY_EXP[e];
  return `${neg ? '-' : ''}${n}${suffix}`;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (Quantity.Cmp). */
export function compareQuantities(a: Quantity | string, b: Quantity | string): number {
  const x = typeof a === 'string' ? parseQuantity(a).nano : a.nano;
  const y = typeof b === 'string' ? parseQuantity(b).nano : b.nano;
  return x < y ? -1 : x > y ? 1 : 0;
}
