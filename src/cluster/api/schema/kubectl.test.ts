/**
 * The real kubectl (v1.32) reads our /openapi/v3 documents: `kubectl explain` against a throwaway
 * HTTP server that serves only discovery and the OpenAPI documents from this module.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { BUILTIN_TYPES } from '../registry';
import { openapiV3Doc, openapiV3Root, registerCustomResourceSchema } from './index';
import { crontabCrd } from './fixtures';

const KUBECTL = '/usr/bin/kubectl';
const haveKubectl = existsSync(KUBECTL);
if (!haveKubectl && process.env.CI)
  throw new Error(`${KUBECTL} is missing: CI must run the kubectl compatibility tests`);
if (!haveKubectl) console.warn(`skipping kubectl explain tests: ${KUBECTL} not found`);

function discovery(path: string, port: number): unknown {
  if (path === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }],
    };
  const groups = new Map<string, string[]>();
  for (const t of BUILTIN_TYPES)
    if (t.group) groups.set(t.group, [...new Set([...(groups.get(t.group) ?? []), t.version])]);
  groups.set('stable.example.com', ['v1']);
  if (path === '/apis')
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => ({
        name,
        versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    };
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const group = m[2] ?? '';
  const version = m[1] ?? m[3];
  const types = BUILTIN_TYPES.filter((t) => t.group === group && t.version === version);
  const resources = types.map((t) => ({
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
  }));
  if (group === 'stable.example.com')
    resources.push({
      name: 'crontabs',
      singularName: 'crontab',
      namespaced: true,
      kind: 'CronTab',
      verbs: ['get', 'list', 'create', 'patch'],
      shortNames: ['ct'],
    });
  if (!resources.length) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

let server: Server;
let port = 0;
let home = '';

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--server', `http://127.0.0.1:${port}`, ...args],
      {
        env: { HOME: home, KUBECONFIG: join(home, 'none'), PATH: '/usr/bin:/bin' },
        timeout: 20_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!haveKubectl)('kubectl explain against /openapi/v3', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
    registerCustomResourceSchema(crontabCrd());
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown;
      if (url.pathname === '/openapi/v3') body = openapiV3Root();
      else if (url.pathname.startsWith('/openapi/v3/'))
        body = openapiV3Doc(url.pathname.slice('/openapi/v3/'.length));
      else if (url.pathname === '/version')
        body = { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' };
      else body = discovery(url.pathname, port);
      if (body === undefined) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
          }),
        );
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('explains pods.spec.containers.ports', async () => {
    const r = await kubectl('explain', 'pods.spec.containers.ports');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: ports <\[\]ContainerPort>\n/);
    expect(r.stdout).toContain('DESCRIPTION:\n    List of ports to expose from the container.');
    expect(r.stdout).toMatch(/FIELDS:\n {2}containerPort\t<integer> -required-\n/);
    expect(r.stdout).toMatch(/ {2}protocol\t<string>\n/);
    expect(r.stdout).toContain('  enum: SCTP, TCP, UDP');
  });

  it('explains deployment.spec.strategy', async () => {
    const r = await kubectl('explain', 'deployment.spec.strategy');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: strategy <DeploymentStrategy>\n/,
    );
    expect(r.stdout).toMatch(/ {2}rollingUpdate\t<RollingUpdateDeployment>\n/);
    expect(r.stdout).toMatch(/ {2}type\t<string>\n/);
    expect(r.stdout).toContain('  enum: Recreate, RollingUpdate');
  });

  it('explains a custom resource from its CRD schema', async () => {
    const r = await kubectl('explain', 'crontabs.spec');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^GROUP:\s+stable.example.com\nKIND:\s+CronTab\nVERSION:\s+v1\n/);
    expect(r.stdout).toMatch(/ {2}cronSpec\t<string>\n/);
  });
});
