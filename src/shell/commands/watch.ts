/**
 * `watch [-n SECONDS] [-t] COMMAND`: runs the command, shows its output under procps' header,
 * lets the interval pass on the cluster's clock, and again, until Ctrl-C.
 */
import { parseDuration } from './core';
import type { Cmd } from './types';

export const watch: Cmd = async (ctx) => {
  const args = ctx.argv.slice(1);
  let interval = 2;
  let title = true;
  while (args.length && args[0].startsWith('-')) {
    const a = args.shift()!;
    if (a === '-n' || a === '--interval') interval = Number(args.shift());
    else if (/^-n\d/.test(a)) interval = Number(a.slice(2));
    else if (a.startsWith('--interval=')) interval = Number(a.slice(11));
    else if (a === '-t' || a === '--no-title') title = false;
    else if (a === '--') break;
    else if (a !== '-d' && a !== '-x') {
      ctx.err(`watch: invalid option -- '${a.replace(/^-+/, '')}'\n`);
      return 1;
    }
  }
  if (!Number.isFinite(interval) || interval < 0) {
    ctx.err('watch: failed to parse argument\n');
    return 1;
  }
  interval = Math.max(interval, 0.1);
  if (args.length === 0) {
    ctx.err('Usage:\n watch [options] command\n\nwatch: missing command\n');
    return 1;
  }
  const command = args.join(' ');
  const session = ctx.session;
  const interactive = session.options.interactive ?? false;
  const limit = interactive ? Infinity : (session.options.watchLimit ?? 3);
  const ms = parseDuration(String(interval)) ?? 2000;
  for (let n = 0; n < limit && !ctx.signal.aborted; n++) {
    let screen = '';
    await session.run(
      command,
      { out: (t) => (screen += t), err: (t) => (screen += t) },
      ctx.signal,
    );
    if (ctx.signal.aborted) break;
    const header = title ? `Every ${interval.toFixed(1)}s: ${command}\n\n` : '';
    ctx.out((interactive ? '\x1b[H\x1b[2J' : n > 0 ? '\n' : '') + header + screen);
    if (n + 1 < limit && !(await session.sleep(ms, ctx.signal))) break;
  }
  return ctx.signal.aborted ? 130 : 0;
};
