import type { CommandContext } from './context';
export async function runEvents(c: CommandContext, now: () => number): Promise<number> {
  void c;
  void now;
  return 0;
}
