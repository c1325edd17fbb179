/**
 * The standard cron parser the CronJob API uses (github.com/robfig/cron/v3 ParseStandard), with its
 * error texts, which CronJob validation returns verbatim. The parsed form lists the allowed values
 * of each field, so the CronJob controller can compute run times from it.
 */

export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  daysOfWeek: number[];
  /** True when the day-of-month field was `*` or `?` (robfig's starBit). */
  domStar: boolean;
  /** True when the day-of-week field was `*` or `?`. */
  dowStar: boolean;
  /** Set for `@every <duration>` schedules, in seconds. */
  everySeconds?: number;
  /** The time zone of a `TZ=` or `CRON_TZ=` prefix. */
  timeZone?: string;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

class CronError extends Error {}

/** strconv.Atoi with Go's error text. */
function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr))
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  const big = BigInt(expr);
  if (big > 9223372036854775807n || big < -9223372036854775808n)
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`,
    );
  return Number(big);
}

function mustParseInt(expr: string): number {
  const n = atoi(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

function getRange(expr: string, r: Bounds): { values: number[]; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else throw new CronError(`too many slashes: ${expr}`);
  if (start < r.min)
    throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end)
    throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function getField(field: string, r: Bounds): { values: number[]; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((x) => x !== '')) {
    const g = getRange(expr, r);
    g.values.forEach((v) => set.add(v));
    star = star || g.star;
  }
  return { values: [...set].sort((a, b) => a - b), star };
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

function parseGoDuration(s: string): number {
  const bad = () => new CronError(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (!rest) throw bad();
  let total = 0;
  while (rest) {
    const m = /^(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') throw bad();
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

function isKnownTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === '') return true;
  if (tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function descriptor(spec: string): CronSchedule {
  const all = (b: Bounds) => Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i);
  const base = (
    m: number[],
    h: number[],
    dom: number[],
    mon: number[],
    dow: number[],
  ): CronSchedule => ({
    minutes: m,
    hours: h,
    daysOfMonth: dom,
    months: mon,
    daysOfWeek: dow,
    domStar: dom.length === 31,
    dowStar: dow.length === 7,
  });
  switch (spec) {
    case '@yearly':
    case '@annually':
      return base([0], [0], [1], [1], all(DOW));
    case '@monthly':
      return base([0], [0], [1], all(MONTHS), all(DOW));
    case '@weekly':
      return base([0], [0], all(DOM), all(MONTHS), [0]);
    case '@daily':
    case '@midnight':
      return base([0], [0], all(DOM), all(MONTHS), all(DOW));
    case '@hourly':
      return base([0], all(HOURS), all(DOM), all(MONTHS), all(DOW));
  }
  if (spec.startsWith('@every ')) {
    let secs: number;
    try {
      secs = parseGoDuration(spec.slice('@every '.length));
    } catch (e) {
      throw new CronError(`failed to parse duration ${spec}: ${(e as Error).message}`);
    }
    const s = base([], [], [], [], []);
    s.everySeconds = Math.max(1, Math.floor(secs));
    return s;
  }
  throw new CronError(`unrecognized descriptor: ${spec}`);
}

/** Parses a 5-field cron schedule or descriptor; throws an Error with robfig/cron's message. */
export function parseCronSchedule(input: string): CronSchedule {
  let spec = input;
  if (spec.length === 0) throw new CronError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const tz = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!isKnownTimeZone(tz))
      throw new CronError(`provided bad location ${tz}: unknown time zone ${tz}`);
    timeZone = tz;
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    const d = descriptor(spec);
    if (timeZone) d.timeZone = timeZone;
    return d;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const minute = getField(fields[0], MINUTES);
  const hour = getField(fields[1], HOURS);
  const dom = getField(fields[2], DOM);
  const month = getField(fields[3], MONTHS);
  const dow = getField(fields[4], DOW);
  return {
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dom.values,
    months: month.values,
    daysOfWeek: dow.values,
    domStar: dom.star,
    dowStar: dow.star,
    ...(timeZone ? { timeZone } : {}),
  };
}

/** The parse error text, or undefined when the schedule is valid. */
export function cronScheduleError(spec: string): string | undefined {
  try {
    parseCronSchedule(spec);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export { isKnownTimeZone };
