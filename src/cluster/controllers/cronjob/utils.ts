/**
 * Schedule arithmetic of the CronJob controller (pkg/controller/cronjob/utils.go and robfig/cron's
 * SpecSchedule.Next) on the virtual clock: the next run after a time, the most recent missed
 * run, and job names `<cronjob>-<scheduled time in minutes since the epoch>`.
 */
import type { CronSchedule } from '../../api/validation/cron';

const MINUTE = 60_000;

/** The offset (ms) of a time zone from UTC at an instant; 0 for UTC or an unknown zone. */
export function zoneOffset(timeZone: string | undefined, atMs: number): number {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Local' || timeZone === 'Etc/UTC') return 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(atMs));
    const v = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const wall = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second'));
    return wall - Math.floor(atMs / 1000) * 1000;
  } catch {
    return 0;
  }
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.daysOfMonth.includes(d.getUTCDate());
  const dow = s.daysOfWeek.includes(d.getUTCDay());
  if (s.domStar || s.dowStar) return dom && dow;
  return dom || dow;
}

/** SpecSchedule.Next in wall-clock time (UTC fields): the first matching minute after `t`. */
function nextWall(s: CronSchedule, t: number): number | undefined {
  let d = new Date(Math.floor(t / MINUTE) * MINUTE + MINUTE);
  const limit = d.getUTCFullYear() + 5;
  while (d.getUTCFullYear() <= limit) {
    if (!s.months.includes(d.getUTCMonth() + 1)) {
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      continue;
    }
    if (!dayMatches(s, d)) {
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
      continue;
    }
    if (!s.hours.includes(d.getUTCHours())) {
      d = new Date(
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1),
      );
      continue;
    }
    if (!s.minutes.includes(d.getUTCMinutes())) {
      d = new Date(d.getTime() + MINUTE);
      continue;
    }
    return d.getTime();
  }
  return undefined;
}

/** The first scheduled time strictly after `afterMs`, in the schedule's time zone. */
export function nextScheduleTime(
  s: CronSchedule,
  afterMs: number,
  timeZone?: string,
): number | undefined {
  if (s.everySeconds !== undefined) {
    const every = Math.max(1, s.everySeconds) * 1000;
    return Math.floor(afterMs / 1000) * 1000 + every;
  }
  const tz = timeZone ?? s.timeZone;
  const off = zoneOffset(tz, afterMs);
  const wall = nextWall(s, afterMs + off);
  if (wall === undefined) return undefined;
  return wall - zoneOffset(tz, wall - off);
}

/**
 * mostRecentScheduleTime: the latest scheduled time in (earliest, now], and how many were
 * missed; undefined when none is due.
 */
export function mostRecentScheduleTime(
  s: CronSchedule,
  earliestMs: number,
  nowMs: number,
  timeZone?: string,
): { time?: number; missed: number } {
  let t = nextScheduleTime(s, earliestMs, timeZone);
  if (t === undefined || t > nowMs) return { missed: 0 };
  let last = t;
  let missed = 1;
  // Bounded as upstream reports "too many missed start times" past 100.
  while (missed <= 1000) {
    t = nextScheduleTime(s, last, timeZone);
    if (t === undefined || t > nowMs) break;
    last = t;
    missed++;
  }
  return { time: last, missed };
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function getJobName(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / MINUTE)}`;
}

/** The scheduled time as RFC 3339 in the CronJob's zone, for the scheduled-timestamp annotation. */
export function formatInZone(ms: number, timeZone?: string): string {
  const off = zoneOffset(timeZone, ms);
  const base = new Date(ms + off).toISOString().replace(/\.\d{3}Z$/, '');
  if (!off) return `${base}Z`;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / MINUTE;
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** time.RFC1123Z in UTC, as the MissSchedule event prints the missed time. */
export function formatRFC1123Z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
