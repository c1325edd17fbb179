import type { CommandContext } from '../lang/interp';
import type { Shell } from '../Shell';

/** A command of the session's shell. */
export type Ctx = CommandContext<Shell>;
export type Cmd = (ctx: Ctx) => Promise<number> | number;

/** Splits text into lines without the final empty one after a trailing newline. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** Lines back into text, each ending in a newline. */
export function unlines(ls: string[]): string {
  return ls.map((l) => l + '\n').join('');
}

/** The inputs of a filter: its file arguments (`-` is stdin), or stdin when there are none. */
export function readInputs(ctx: Ctx, files: string[], name: string): string[] | undefined {
  if (files.length === 0) return [ctx.stdin];
  const out: string[] = [];
  let failed = false;
  for (const f of files) {
    if (f === '-') {
      out.push(ctx.stdin);
      continue;
    }
    try {
      out.push(ctx.session.vfs.readFile(f));
    } catch (e) {
      ctx.err(`${name}: ${f}: ${e instanceof Error ? e.message : String(e)}\n`);
      failed = true;
    }
  }
  return failed && out.length === 0 ? undefined : out;
}

/** Short options as coreutils reads them: `-n 5`, `-n5`, `-rn`, `--`; the rest are operands. */
export function getopt(
  args: string[],
  withValue: string,
  flags: string,
): { opts: Map<string, string[]>; operands: string[]; bad?: string } {
  const opts = new Map<string, string[]>();
  const operands: string[] = [];
  const set = (k: string, v: string) => opts.set(k, [...(opts.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-' || (/^-\d/.test(a) && !flags.includes('0'))) {
      operands.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      set(a, '');
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (withValue.includes(c)) {
        const v = a.slice(j + 1) || args[++i];
        if (v === undefined)
          return { opts, operands, bad: `option requires an argument -- '${c}'` };
        set(c, v);
        break;
      }
      if (!flags.includes(c)) return { opts, operands, bad: `invalid option -- '${c}'` };
      set(c, '');
    }
  }
  return { opts, operands };
}
