/**
 * The golden suite of logs, exec, wait, top, taint, cordon and drain (cases in
 * cases-workload.ts), on twin two-node clusters as mutate.test.ts runs the mutating commands:
 * the real kubectl drives twin A and ours twin B, from the same seed, epoch and fixtures.
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
import { WORKLOAD_CASES, WORKLOAD_FILES, WORKLOAD_FIXTURES } from './cases-workload';
import { shellWords } from './words';

const available = kubectlAvailable();

function normaliseAll(text: string): string {
  return normalise(text)
    .replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, 'E<klog> ')
    .replace(/127\.0\.0\.1:\d+/g, '<server>');
}

let a: TestCluster;
let b: TestCluster;
let home: string;
let dir: string;
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

describe.skipIf(!available)('golden: workload commands, ours against the real kubectl', () => {
  beforeAll(async () => {
    const epochMs = Date.UTC(2025, 5, 1);
    a = await startCluster({ epochMs, nodes: 2 });
    b = await startCluster({ epochMs, nodes: 2 });
    home = mkdtempSync(join(tmpdir(), 'kubectl-workload-home-'));
    dir = mkdtempSync(join(tmpdir(), 'kubectl-workload-'));
    for (const [name, text] of Object.entries(WORKLOAD_FILES)) writeFileSync(join(dir, name), text);
    for (const t of [a, b]) {
      for (const line of WORKLOAD_FIXTURES) {
        const r = await t.kubectl(shellWords(line.replaceAll('$DIR', dir)));
        if (r.code !== 0) throw new Error(`fixture "${line}" failed: ${r.stderr}`);
      }
      t.advance(60);
    }
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it.each(WORKLOAD_CASES)(
    '$name',
    async (kase) => {
      const configA = join(home, `config-${Math.random().toString(36).slice(2)}`);
      writeFileSync(configA, toYaml(toV1(minikubeConfig(a.url))));
      const configB = minikubeConfig(b.url);
      const discovery = new Discovery(new HttpTransport(b.url));
      let same = true;
      for (const line of kase.steps) {
        if (line.startsWith('@advance ')) {
          a.advance(Number(line.slice(9)));
          b.advance(Number(line.slice(9)));
          continue;
        }
        const args = shellWords(line);
        const theirs = await real(args, configA);
        let stdout = '';
        let stderr = '';
        const code = await runKubectl(args, {
          transport: new HttpTransport(b.url),
          stdout: (t) => (stdout += t),
          stderr: (t) => (stderr += t),
          kubeconfig: configB,
          discovery,
        });
        const x = {
          stdout: normaliseAll(theirs.stdout),
          stderr: normaliseAll(theirs.stderr),
          code: theirs.code,
        };
        const y = { stdout: normaliseAll(stdout), stderr: normaliseAll(stderr), code };
        if (x.stdout !== y.stdout || x.stderr !== y.stderr || x.code !== y.code) same = false;
        expect(y, `kubectl ${line}`).toEqual(x);
      }
      results.push({ name: kase.name, same });
    },
    30_000,
  );

  it('prints the count of identical cases', () => {
    const identical = results.filter((r) => r.same).length;
    console.log(
      `golden (workload): ${identical} / ${WORKLOAD_CASES.length} cases identical to the real kubectl`,
    );
    expect(identical).toBe(WORKLOAD_CASES.length);
  });
});
