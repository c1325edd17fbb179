import { createCluster } from '../../src/cluster/cluster';
import type { Cluster } from '../../src/cluster/cluster';
import { clusterBackend } from '../../src/shell/backend';
import { Shell } from '../../src/shell/Shell';
import type { ShellOptions } from '../../src/shell/Shell';
import { runTranscript } from '../../src/shell/transcript';

/** One cluster for a file's tests (booting takes a moment); each test gets a new shell. */
let shared: Cluster | undefined;
export function cluster(): Cluster {
  shared ??= createCluster();
  return shared;
}

export function newShell(opts: Partial<ShellOptions> = {}, c: Cluster = cluster()): Shell {
  return new Shell({ backend: clusterBackend(c), ...opts });
}

/** The transcript of a script, as `npm run shell` prints it. */
export async function transcript(script: string, shell: Shell = newShell()): Promise<string> {
  let out = '';
  await runTranscript(shell, script, (t) => (out += t));
  return out;
}

/** A script and its transcript from one template: lines starting `$ ` or `> ` are input. */
export function inputOf(expected: string): string {
  return expected
    .split('\n')
    .filter((l) => l.startsWith('$ ') || l.startsWith('> '))
    .map((l) => l.slice(2))
    .join('\n');
}
