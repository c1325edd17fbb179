/**
 * `npm run shell -- script.sh`: runs a script's lines, as if typed into the playground's
 * terminal, against a fresh in-process cluster, and prints the transcript. Without a file it
 * reads the script from standard input.
 */
import { readFileSync } from 'node:fs';
import { createCluster } from '../cluster/cluster';
import { clusterBackend } from '../shell/backend';
import { Shell } from '../shell/Shell';
import { runTranscript } from '../shell/transcript';

async function main(): Promise<void> {
  const file = process.argv[2];
  const script = readFileSync(file ?? 0, 'utf8');
  const shell = new Shell({ backend: clusterBackend(createCluster()) });
  const controller = new AbortController();
  process.on('SIGINT', () => controller.abort());
  process.exitCode = await runTranscript(
    shell,
    script,
    (t) => process.stdout.write(t),
    controller.signal,
  );
}

void main();
