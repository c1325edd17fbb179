/** Time formats programs print in their logs, in UTC (containers run with TZ unset). */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n: number) => String(n).padStart(2, '0');

function parts(ms: number) {
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth(),
    d: d.getUTCDate(),
    h: p2(d.getUTCHours()),
    mi: p2(d.getUTCMinutes()),
    s: p2(d.getUTCSeconds()),
    ms: String(d.getUTCMilliseconds()).padStart(3, '0'),
    wd: d.getUTCDay(),
  };
}

/** nginx error log: "2025/01/01 00:00:05". */
export function nginxTime(ms: number): string {
  const t = parts(ms);
  return `${t.y}/${p2(t.mo + 1)}/${p2(t.d)} ${t.h}:${t.mi}:${t.s}`;
}

/** Common log format: "01/Jan/2025:00:00:05 +0000". */
export function clfTime(ms: number): string {
  const t = parts(ms);
  return `${p2(t.d)}/${MONTHS[t.mo]}/${t.y}:${t.h}:${t.mi}:${t.s} +0000`;
}

/** redis: "01 Jan 2025 00:00:05.123". */
export function redisTime(ms: number): string {
  const t = parts(ms);
  return `${p2(t.d)} ${MONTHS[t.mo]} ${t.y} ${t.h}:${t.mi}:${t.s}.${t.ms}`;
}

/** Apache httpd: "Wed Jan 01 00:00:05.123456 2025". */
export function httpdTime(ms: number): string {
  const t = parts(ms);
  return `${DAYS[t.wd]} ${MONTHS[t.mo]} ${p2(t.d)} ${t.h}:${t.mi}:${t.s}.${t.ms}000 ${t.y}`;
}

/** mysql / postgres entrypoint: "2025-01-01 00:00:05+00:00". */
export function entrypointTime(ms: number): string {
  const t = parts(ms);
  return `${t.y}-${p2(t.mo + 1)}-${p2(t.d)} ${t.h}:${t.mi}:${t.s}+00:00`;
}

/** RFC 3339 with milliseconds: "2025-01-01T00:00:05.123Z". */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
