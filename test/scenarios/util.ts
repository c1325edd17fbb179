/**
 * Helpers shared by the scenario suites: each scenario is a learner's session, the real kubectl
 * driving a fresh cluster while the test moves virtual time between commands.
 */
import { expect } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { table } from '../compat/harness';

/** Runs kubectl and expects it to succeed without a word on stderr; returns stdout. */
export async function ok(c: TestCluster, args: string[], stdin?: string): Promise<string> {
  const r = await c.kubectl(args, { stdin });
  expect({ args, stderr: r.stderr, code: r.code }).toEqual({ args, stderr: '', code: 0 });
  return r.stdout;
}

/** `kubectl get ...` as table rows (see harness table()). */
export async function rows(c: TestCluster, args: string[]): Promise<string[]> {
  return table(await ok(c, ['get', ...args]));
}

/** The Events section of a `kubectl describe` output, as table rows without the header lines. */
export function events(describe: string): string[] {
  const at = describe.indexOf('\nEvents:');
  if (at < 0) return [];
  return table(describe.slice(at + '\nEvents:'.length)).slice(2);
}

/** The lines of a `kubectl describe` output between a section heading and the next heading. */
export function section(describe: string, heading: string): string[] {
  const lines = describe.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) return [];
  const out = [lines[start]];
  for (const l of lines.slice(start + 1)) {
    if (/^\S/.test(l)) break;
    out.push(l);
  }
  return out;
}

/** Kubernetes' name-suffix alphabet (utilrand): no vowels, no 0, 1, 3. */
export const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';

/** Polls `until` on the wall clock (kubectl acting), then moves virtual time. */
export async function whenThen(
  until: () => boolean,
  then: () => void,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!until()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
  then();
}
