/** Go's time.ParseDuration, for duration flags (--since, --timeout). */
import { KubectlError } from '../errors';

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds, or undefined when the text is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (!s) return undefined;
  let total = 0;
  const re = /^(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/;
  while (s) {
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNITS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** A duration flag's value, with pflag's error for a bad one. */
export function durationFlag(value: string, flag: string, path: string): number {
  const ms = parseGoDuration(value);
  if (ms === undefined) {
    const why = /^[-+]?[\d.]+$/.test(value)
      ? `time: missing unit in duration "${value}"`
      : /^[-+]?[\d.]+[^\d.]+/.test(value)
        ? `time: unknown unit "${value.replace(/^[-+]?[\d.]+/, '').replace(/\d.*$/, '')}" in duration "${value}"`
        : `time: invalid duration "${value}"`;
    throw new KubectlError(
      `Error: invalid argument "${value}" for "--${flag}" flag: ${why}\nSee 'kubectl ${path} --help' for usage.`,
    );
  }
  return ms;
}

/** Go's Duration.String for whole milliseconds: "10s", "1m30s", "1h0m0s", "500ms". */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = +(totalS % 60).toFixed(3);
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}
