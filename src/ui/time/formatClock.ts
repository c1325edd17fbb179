/** How the time bar writes virtual time. */
import { humanDuration } from '../../cluster/api/printers/duration';

/** "14:03:27": the virtual wall time in the learner's time zone. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "+3m10s": virtual time since the session started, as kubectl writes ages. */
export function elapsed(ms: number): string {
  return `+${humanDuration(ms)}`;
}
