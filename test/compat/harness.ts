/**
 * The compatibility harness: a headless cluster on a loopback port, driven by the real kubectl
 * (v1.32, /usr/bin/kubectl). Output is normalised for what legitimately varies between runs:
 * ages, UIDs, timestamps and generated name suffixes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from '../../src/cluster/cluster';
import type { Cluster, ClusterOptions } from '../../src/cluster/cluster';
import { serve } from '../../src/node/server';

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** True when the real kubectl is here; under CI its absence is a failure, not a skip. */
export function kubectlAvailable(): boolean {
  if (existsSync(KUBECTL)) return true;
  if (process.env.CI) throw new Error(`the real kubectl is required at ${KUBECTL} under CI`);
  return false;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface TestCluster {
  cluster: Cluster;
  url: string;
  /** Runs kubectl with `--server` set; `stdin` feeds `-f -`. */
  kubectl(args: string[], opts?: { stdin?: string }): Promise<RunResult>;
  /** Writes a file into the scratch folder and returns its path. */
  file(name: string, content: string): string;
  /** Advances virtual time. */
  advance(seconds: number): void;
  close(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  const cluster = createCluster({ epochMs: Date.now(), seed: 1, ...opts });
  const server: http.Server = await serve(cluster, { port: 0 });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  const scratch = mkdtempSync(join(tmpdir(), 'kubectl-files-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(home, 'config') };
  return {
    cluster,
    url,
    kubectl(args, o = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          KUBECTL,
          ['--server', url, ...args],
          { env, cwd: scratch, timeout: 20_000, maxBuffer: 16 * 1024 * 1024 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ stdout, stderr, code });
          },
        );
        child.stdin?.end(o.stdin ?? '');
      });
    },
    file(name, content) {
      const p = join(scratch, name);
      writeFileSync(p, content);
      return p;
    },
    advance(seconds) {
      cluster.advance(seconds * 1000);
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/**
 * Replaces what varies between runs: AGE-like durations in table cells, UIDs, RFC 3339
 * timestamps, resourceVersions, ClusterIPs, NodePorts and 5-character name suffixes.
 */
export function normalise(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/(resourceVersion"?:\s*)"?\d+"?/g, '$1<rv>')
    .replace(/\b10\.(9[6-9]|10\d|11[01])\.\d{1,3}\.\d{1,3}\b/g, (ip) =>
      ip === '10.96.0.1' || ip === '10.96.0.10' ? ip : '<cluster-ip>',
    )
    .replace(/(?<=^|[\s(])(<invalid>|\d+(s|m|h|d|y)(\d+(s|m|h|d))?)(?=\s|$|\))/gm, '<age>');
}

/** A table's rows as cells: kubectl's column padding collapsed to " | ", ages normalised. */
export function table(text: string): string[] {
  return normalise(text)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) =>
      l
        .trim()
        .split(/\s{2,}/)
        .join(' | '),
    );
}
