import type { CommandContext } from './context';
export async function runExplain(c: CommandContext): Promise<number> {
  void c;
  return 0;
}
