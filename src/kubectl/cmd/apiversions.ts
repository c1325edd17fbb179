/** `kubectl api-versions`: every group/version the server serves, sorted. */
import { cmdError } from '../errors';
import type { CommandContext } from './context';

export async function runApiVersions(c: CommandContext): Promise<number> {
  if (c.args.length > 0) throw cmdError(`unexpected arguments: [${c.args.join(' ')}]`);
  // Upstream always asks the server afresh (discoveryClient.Invalidate()).
  c.discovery.invalidate();
  const d = await c.discovery.get();
  const all = d.groups.flatMap((g) => g.versions.map((v) => (g.name ? `${g.name}/${v}` : v)));
  all.sort();
  c.out(all.map((v) => v + '\n').join(''));
  return 0;
}
