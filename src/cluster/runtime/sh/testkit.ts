/**
 * Fakes for the shell's tests: an in-memory ContainerFS, a small NetworkClient with a few
 * Services, and helpers that run a script to its end on a VirtualClock.
 */
import { Random } from '../../clock/Random';
import { VirtualClock } from '../../clock/VirtualClock';
import type { ContainerFS, HttpRequest, HttpResponse, NetworkClient } from '../types';
import type { ShellHost } from './host';
import { spawn, type ShellProcess } from './index';

export class MemoryFS implements ContainerFS {
  readonly files = new Map<string, string>();
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.files.set(k, v);
  }
  read(path: string): string | undefined {
    return this.files.get(path);
  }
  write(path: string, content: string, append?: boolean): void {
    this.files.set(path, append ? (this.files.get(path) ?? '') + content : content);
  }
  list(dir: string): string[] | undefined {
    const prefix = dir === '/' ? '/' : dir + '/';
    const names = new Set<string>();
    for (const p of this.files.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return names.size ? [...names].sort() : undefined;
  }
  remove(path: string): boolean {
    return this.files.delete(path);
  }
}

/** Services web (10.96.1.2) and api (10.96.1.3, refuses), and a pod 10.244.0.7. */
export class FakeNetwork implements NetworkClient {
  readonly requests: HttpRequest[] = [];
  private readonly names: Record<string, { ip: string; canonical: string }> = {
    web: { ip: '10.96.1.2', canonical: 'web.default.svc.cluster.local' },
    'web.default': { ip: '10.96.1.2', canonical: 'web.default.svc.cluster.local' },
    'web.default.svc.cluster.local': {
      ip: '10.96.1.2',
      canonical: 'web.default.svc.cluster.local',
    },
    api: { ip: '10.96.1.3', canonical: 'api.default.svc.cluster.local' },
    slow: { ip: '10.96.1.4', canonical: 'slow.default.svc.cluster.local' },
  };
  resolve(name: string): { ips: string[]; canonical: string } | { error: string } {
    const n = this.names[name];
    return n ? { ips: [n.ip], canonical: n.canonical } : { error: 'NXDOMAIN' };
  }
  http(req: HttpRequest): HttpResponse | { error: string } {
    this.requests.push(req);
    const m = /^https?:\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(req.url);
    if (!m) return { error: `bad address '${req.url}'` };
    const host = m[1];
    const path = m[3] ?? '/';
    const ip = /^[0-9.]+$/.test(host) ? host : this.names[host]?.ip;
    if (!ip) return { error: `bad address '${host}'` };
    if (ip === '10.96.1.3')
      return { error: `can't connect to remote host (${ip}): Connection refused` };
    if (ip === '10.96.1.4') return { error: 'connection timed out' };
    if (path === '/missing')
      return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'not found\n' };
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html' },
      body: `hello from ${host}${path}\n`,
    };
  }
}

export interface Harness {
  clock: VirtualClock;
  fs: MemoryFS;
  network: FakeNetwork;
  host: ShellHost;
  out: string[];
  err: string[];
  stdout(): string;
  stderr(): string;
}

/** Virtual time zero: Sun Nov 22 05:33:00 UTC 2026. */
export const EPOCH = Date.UTC(2026, 10, 22, 5, 33, 0);

export function harness(
  files: Record<string, string> = {},
  env: Record<string, string> = {},
): Harness {
  const clock = new VirtualClock(EPOCH);
  const fs = new MemoryFS(files);
  const network = new FakeNetwork();
  const out: string[] = [];
  const err: string[] = [];
  const host: ShellHost = {
    clock,
    random: new Random(7),
    network,
    fs,
    hostname: 'box',
    podIP: '10.244.0.7',
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: 'box',
      ...env,
      HOME: '/root',
    },
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  };
  return {
    clock,
    fs,
    network,
    host,
    out,
    err,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

/** Runs a `sh -c` script until it exits (or `limitMs` of virtual time pass). */
export function runScript(
  script: string,
  opts: { files?: Record<string, string>; stdin?: string; limitMs?: number } = {},
): { stdout: string; stderr: string; code: number | undefined; proc: ShellProcess; h: Harness } {
  const h = harness(opts.files);
  let code: number | undefined;
  const proc = spawn(['sh', '-c', script], h.host, (c) => (code = c), opts.stdin);
  const limit = opts.limitMs ?? 600_000;
  while (code === undefined && h.clock.elapsed() < limit) {
    const next = h.clock.nextAt();
    if (next === undefined) break;
    h.clock.tick(Math.max(0, Math.min(next, h.clock.epochMs + limit) - h.clock.now()));
  }
  return { stdout: h.stdout(), stderr: h.stderr(), code, proc, h };
}
