/**
 * Scripted use: a script's lines run one command at a time, as if typed, and the result reads
 * like the terminal: each command as `$ <line>` (continuation lines as `> <line>`), then what
 * it printed.
 */
import type { Shell } from './Shell';

export async function runTranscript(
  shell: Shell,
  script: string,
  write: (text: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const lines = script.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let pending: string[] = [];
  const io = { out: write, err: write };
  for (const line of lines) {
    if (pending.length === 0 && line.trim() === '') continue;
    write(`${pending.length ? '>' : '$'} ${line}\n`);
    pending.push(line);
    const text = pending.join('\n');
    if (shell.needsMore(text)) continue;
    pending = [];
    shell.addHistory(text);
    await shell.run(text, io, signal);
    if (signal?.aborted) break;
  }
  if (pending.length) {
    const text = pending.join('\n');
    shell.addHistory(text);
    await shell.run(text, io, signal);
  }
  return shell.status;
}
