/**
 * The golden compatibility suite: for each case the real kubectl and ours run the same command
 * lines against the same headless cluster, with the same kubeconfig (a minikube context
 * pointing at the server), and must print the same stdout and stderr and exit with the same
 * code, after normalising what varies between runs (harness.normalise) and the client version.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport, minikubeConfig, runKubectl } from '../../src/kubectl';
import { Discovery } from '../../src/kubectl/discovery';
import { toV1 } from '../../src/kubectl/kubeconfig';
import { toYaml } from '../../src/kubectl/printers/yaml';
import { KUBECTL, kubectlAvailable, normalise, startCluster } from '../compat/harness';
import type { RunResult, TestCluster } from '../compat/harness';
import { CASES, FIXTURES } from './cases-explain';
import { shellWords } from './words';

const available = kubectlAvailable();

/** The client's own build differs from the real binary's; everything else must not. */
function normaliseClient(text: string): string {
  return normalise(text)
    .replace(/^Client Version: .*$/m, 'Client Version: <client>')
    .replace(/"clientVersion": \{[^}]*\}/, '"clientVersion": <client>')
    .replace(/^clientVersion:\n(?: {2}.*\n)+/m, 'clientVersion: <client>\n');
}

const FILES: Record<string, string> = {
  'names.tpl': '{range .items[*]}{.metadata.name}{"\\n"}{end}',
  'columns.txt': 'NAME          NAMESPACE\n.metadata.name   .metadata.namespace\n',
};

let tc: TestCluster;
let dir: string;
let home: string;
const results: { name: string; same: boolean }[] = [];

function real(args: string[], kubeconfig: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig };
    const child = execFile(
      KUBECTL,
      args,
      { env, cwd: dir, timeout: 20_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    child.stdin?.end('');
  });
}

describe.skipIf(!available)('golden: our kubectl against the real one', () => {
  beforeAll(async () => {
    tc = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-golden-'));
    home = mkdtempSync(join(tmpdir(), 'kubectl-golden-home-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
    for (const line of FIXTURES) {
      const r = await tc.kubectl(shellWords(line));
      if (r.code !== 0) throw new Error(`fixture "${line}" failed: ${r.stderr}`);
    }
    tc.advance(60);
  });

  afterAll(async () => {
    await tc?.close();
  });

  it.each(CASES)('$name', async (kase) => {
    for (const line of kase.setup ?? []) await tc.kubectl(shellWords(line));
    const config = minikubeConfig(tc.url);
    const configPath = join(home, `config-${Math.random().toString(36).slice(2)}`);
    writeFileSync(configPath, toYaml(toV1(config)));
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(FILES)) files[join(dir, name)] = text;
    const discovery = new Discovery(new HttpTransport(tc.url));
    let same = true;
    const diffs: string[] = [];
    for (const line of kase.steps) {
      const args = shellWords(line.replaceAll('$DIR', dir));
      const theirs = await real(args, configPath);
      let stdout = '';
      let stderr = '';
      const code = await runKubectl(args, {
        transport: new HttpTransport(tc.url),
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        kubeconfig: config,
        files,
        discovery,
      });
      const a = {
        stdout: normaliseClient(theirs.stdout),
        stderr: normaliseClient(theirs.stderr),
        code: theirs.code,
      };
      const b = { stdout: normaliseClient(stdout), stderr: normaliseClient(stderr), code };
      if (a.stdout !== b.stdout || a.stderr !== b.stderr || a.code !== b.code) {
        same = false;
        diffs.push(`$ kubectl ${line}`);
      }
      expect(b, `kubectl ${line}`).toEqual(a);
    }
    results.push({ name: kase.name, same: same && diffs.length === 0 });
  });

  it('prints the count of identical cases', () => {
    const identical = results.filter((r) => r.same).length;
    console.log(`golden: ${identical} / ${CASES.length} cases identical to the real kubectl`);
    expect(identical).toBe(CASES.length);
  });
});
