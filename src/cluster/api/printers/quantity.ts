/**
 * resource.Quantity.String() as printers show quantities (PV capacity, quota usage, HPA targets):
 * the canonical form, e.g. "1024Mi" -> "1Gi", "0.5" -> "500m", "1000m" -> "1". Values are held
 * as BigInt nano-units, the finest precision a Quantity keeps (finer values round up).
 */

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Ti: 4, Gi: 3, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = {
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
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

type Format = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

interface Parsed {
  nano: bigint;
  format: Format;
}

const NANO = 10n ** 9n;

/** Multiplies a plain decimal string by 10^exp10 and returns nano-units, rounding up away from zero. */
function toNano(num: string, exp10: number, mul: bigint): bigint {
  const neg = num.startsWith('-');
  const digits = num.replace(/^[+-]/, '');
  const [int, frac = ''] = digits.split('.');
  const all = BigInt((int || '0') + frac) * mul;
  // value = all * 10^(exp10 - frac.length); in nano-units multiply by 10^9.
  const shift = exp10 - frac.length + 9;
  let v: bigint;
  if (shift >= 0) v = all * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    v = all / d + (all % d === 0n ? 0n : 1n);
  }
  return neg ? -v : v;
}

function parse(s: string): Parsed | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(
    s.trim(),
  );
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  if (suffix in BINARY) {
    return { nano: toNano(m[1], 0, 1024n ** BigInt(BINARY[suffix])), format: 'BinarySI' };
  }
  if (suffix in DECIMAL) return { nano: toNano(m[1], DECIMAL[suffix], 1n), format: 'DecimalSI' };
  return { nano: toNano(m[1], Number(suffix.slice(1)), 1n), format: 'DecimalExponent' };
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** The canonical string of a quantity given as a string or a number; unparseable input is returned as is. */
export function formatQuantity(q: unknown): string {
  if (q === undefined || q === null) return '<nil>';
  const s = typeof q === 'number' ? String(q) : String(q);
  const p = parse(s);
  if (!p) return s;
  let { format } = p;
  const { nano } = p;
  if (nano === 0n) return '0';
  if (format === 'BinarySI') {
    // Small or fractional binary values print as decimal, as upstream does to avoid rounding.
    if (abs(nano) < 1024n * NANO || nano % NANO !== 0n) format = 'DecimalSI';
    else {
      let n = nano / NANO;
      let e = 0;
      while (e < 6 && n % 1024n === 0n) {
        n /= 1024n;
        e++;
      }
      return `${n}${BINARY_SUFFIX[e]}`;
    }
  }
  // Largest exponent (a multiple of 3, at most 18) that leaves an integer mantissa.
  let exp = -9;
  let mant = nano;
  while (exp < 18 && mant % 1000n === 0n) {
    mant /= 1000n;
    exp += 3;
  }
  if (format === 'DecimalExponent') return exp === 0 ? `${mant}` : `${mant}e${exp}`;
  return `${mant}${DECIMAL_SUFFIX.get(exp)}`;
}
