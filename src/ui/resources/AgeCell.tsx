/** AGE as kubectl prints it, against the virtual clock; re-renders only when the text changes. */
import { humanDuration } from '../../cluster/api/printers/duration';
import { useClockStore } from '../stores/clockStore';

export function AgeCell({ since }: { since: string | undefined }) {
  const created = since ? Date.parse(since) : NaN;
  const text = useClockStore((s) =>
    s.clock && Number.isFinite(created) ? humanDuration(s.clock.nowMs - created) : '<unknown>',
  );
  return <td className="age">{text}</td>;
}
