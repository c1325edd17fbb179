/**
 * `npm run kubectl -- --server URL <args>`: the playground's own kubectl in a terminal, over
 * HTTP against a headless cluster (`npm run cluster`). Ctrl-C ends a watch.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { HttpTransport, runKubectl } from '../kubectl';
import type { KubectlFiles } from '../kubectl/manifest';

/** The real filesystem for `-f` and `--from-file`. */
const nodeFiles: KubectlFiles = {
  readFile(p) {
    try {
      return statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  readDir(p) {
    try {
      if (!statSync(p).isDirectory()) return undefined;
      return readdirSync(p, { withFileTypes: true })
        .map((e) => ({ name: e.name, dir: e.isDirectory() }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return undefined;
    }
  },
};

/** Standard input, read only when a `-f -` asks for it. */
function readStdin(args: string[]): string | undefined {
  const wants = args.some(
    (a, i) =>
      (a === '-' && ['-f', '--filename'].includes(args[i - 1])) ||
      a === '--filename=-' ||
      a === '-f=-',
  );
  if (!wants) return undefined;
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === '--server' || a === '-s' || a.startsWith('--server='));
  const server =
    i < 0 ? 'http://127.0.0.1:8001' : args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const controller = new AbortController();
  process.on('SIGINT', () => controller.abort());
  // Template files named on the command line are read here; the browser hands its own.
  const files: Record<string, string> = {};
  for (const a of args) {
    const m =
      /^(?:-o|--output)=?(?:jsonpath-file|custom-columns-file)=(.+)$/.exec(a) ??
      /^(?:jsonpath-file|custom-columns-file)=(.+)$/.exec(a);
    if (m) {
      try {
        files[m[1]] = readFileSync(m[1], 'utf8');
      } catch {
        // kubectl reports the missing file itself.
      }
    }
  }
  const code = await runKubectl(args, {
    transport: new HttpTransport(server, controller.signal),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    signal: controller.signal,
    env: process.env as Record<string, string>,
    files,
    fs: nodeFiles,
    stdin: readStdin(args),
  });
  process.exitCode = code;
}

void main();
