/**
 * The twin-cluster golden harness (see cases-mutate.ts): the real kubectl drives twin A and ours
 * twin B, both built with the same seed, epoch and fixtures. `twinSuite` runs one case list as a
 * vitest suite; mutate.test.ts and rollout.test.ts each run theirs on their own twins.
 */
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport, minikubeConfig, runKubectl } from '../../src/kubectl';
import { Discovery } from '../../src/kubectl/discovery';
import { toV1 } from '../../src/kubectl/kubeconfig';
import type { KubectlFiles } from '../../src/kubectl/manifest';
import { toYaml } from '../../src/kubectl/printers/yaml';
import { KUBECTL, kubectlAvailable, normalise, startCluster } from '../compat/harness';
import type { RunResult, TestCluster } from '../compat/harness';
import { FIXTURES } from './cases';
import type { MutateCase } from './cases-mutate';
import { shellWords } from './words';

const available = kubectlAvailable();

function normaliseAll(text: string): string {
  return normalise(text)
    .replace(/\/tmp\/(LIVE|MERGED)-\d+/g, '/tmp/$1-<n>')
    .replace(/\/tmp\/kubectl-edit-\d+\.yaml/g, '/tmp/kubectl-edit-<n>.yaml')
    .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [+-]\d{4}$/gm, '\t<mtime>')
    .replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, 'E<klog> ')
    .replace(/127\.0\.0\.1:\d+/g, '<server>');
}

/** The real filesystem, as the Node entry gives it to our kubectl. */
export const nodeFiles: KubectlFiles = {
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

function real(
  args: string[],
  kubeconfig: string,
  cwd: string,
  stdin: string,
  home: string,
  editor?: string,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      KUBECONFIG: kubeconfig,
    };
    if (editor !== undefined) env.EDITOR = editor;
    const child = execFile(
      KUBECTL,
      args,
      { env, cwd, timeout: 20_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    child.stdin?.end(stdin);
  });
}

/** Runs `cases` on a fresh pair of twins; `label` names the suite in the final count line. */
export function twinSuite(title: string, label: string, cases: MutateCase[]): void {
  describe.skipIf(!available)(title, () => {
    let a: TestCluster;
    let b: TestCluster;
    let home: string;
    const results: { name: string; same: boolean }[] = [];

    beforeAll(async () => {
      const epochMs = Date.UTC(2025, 5, 1);
      a = await startCluster({ epochMs });
      b = await startCluster({ epochMs });
      home = mkdtempSync(join(tmpdir(), 'kubectl-mutate-home-'));
      for (const t of [a, b]) {
        for (const line of FIXTURES) {
          const r = await t.kubectl(shellWords(line));
          if (r.code !== 0) throw new Error(`fixture "${line}" failed: ${r.stderr}`);
        }
        t.advance(60);
      }
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it.each(cases)('$name', async (kase) => {
      const dir = mkdtempSync(join(tmpdir(), 'kubectl-mutate-'));
      for (const [name, text] of Object.entries(kase.files ?? {})) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      for (const line of kase.setup ?? []) {
        await a.kubectl(shellWords(line.replaceAll('$DIR', dir)));
        await b.kubectl(shellWords(line.replaceAll('$DIR', dir)));
      }
      const configA = join(home, `config-${Math.random().toString(36).slice(2)}`);
      writeFileSync(configA, toYaml(toV1(minikubeConfig(a.url))));
      const configB = minikubeConfig(b.url);
      const discovery = new Discovery(new HttpTransport(b.url));
      let same = true;
      for (let line of kase.steps) {
        if (line.startsWith('@advance ')) {
          a.advance(Number(line.slice(9)));
          b.advance(Number(line.slice(9)));
          continue;
        }
        let stdin = '';
        if (line.startsWith('< ')) {
          const [, file, ...rest] = line.split(' ');
          stdin = readFileSync(join(dir, file), 'utf8');
          line = rest.join(' ');
        }
        const args = shellWords(line.replaceAll('$DIR', dir));
        const theirs = await real(args, configA, dir, stdin, home, kase.editor?.real);
        let stdout = '';
        let stderr = '';
        const cwdFiles: KubectlFiles = {
          readFile: (p) => nodeFiles.readFile(p.startsWith('/') ? p : join(dir, p)),
          readDir: (p) => nodeFiles.readDir(p.startsWith('/') ? p : join(dir, p)),
        };
        const code = await runKubectl(args, {
          transport: new HttpTransport(b.url),
          stdout: (t) => (stdout += t),
          stderr: (t) => (stderr += t),
          kubeconfig: configB,
          fs: cwdFiles,
          stdin,
          discovery,
          edit: kase.editor ? async (t) => kase.editor!.ours(t) : undefined,
          keepEdit: () => '/tmp/kubectl-edit-1.yaml',
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
    });

    it('prints the count of identical cases', () => {
      const identical = results.filter((r) => r.same).length;
      console.log(
        `golden (${label}): ${identical} / ${cases.length} cases identical to the real kubectl`,
      );
      expect(identical).toBe(cases.length);
    });
  });
}
