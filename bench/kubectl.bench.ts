/**
 * Our kubectl and the shell in process, as the page's terminal runs them: `kubectl get pods -A`
 * over 1,000 pods from the command to its last line, and Tab completion of a pod name among
 * 1,000. Wall time, medians and p99 of repeated runs after a warm-up.
 */
import { createCluster } from '../src/cluster/cluster';
import { InProcessTransport, runKubectl } from '../src/kubectl';
import { Discovery } from '../src/kubectl/discovery';
import { clusterBackend } from '../src/shell/backend';
import { complete } from '../src/shell/complete';
import { Shell } from '../src/shell/Shell';
import type { BenchResult } from './types';
import { percentile } from './types';

const PODS = 1_000;

export async function run(): Promise<BenchResult[]> {
  const cluster = createCluster({ seed: 11 });
  for (let i = 0; i < PODS; i++) {
    const r = cluster.api.handle({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `web-${String(i).padStart(4, '0')}`, labels: { app: 'web' } },
        spec: { nodeSelector: { bench: 'none' }, containers: [{ name: 'c', image: 'nginx' }] },
      },
    });
    if (r.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(r.body)}`);
  }
  cluster.settle();
  const transport = new InProcessTransport(cluster);
  const discovery = new Discovery(transport);
  let lines = 0;
  const getPods = async () => {
    lines = 0;
    await runKubectl(['get', 'pods', '-A'], {
      transport,
      discovery,
      stdout: (t) => (lines += t.split('\n').length - 1),
      stderr: () => {},
    });
  };
  for (let i = 0; i < 5; i++) await getPods();
  const gets: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await getPods();
    gets.push(performance.now() - t);
  }
  if (lines < PODS) throw new Error(`get pods -A printed ${lines} lines`);

  const shell = new Shell({ backend: clusterBackend(cluster) });
  const line = 'kubectl logs web-09';
  const tab = () => complete(shell, line, line.length);
  for (let i = 0; i < 5; i++) await tab();
  const tabs: number[] = [];
  let offered = 0;
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    offered = (await tab()).candidates.length;
    tabs.push(performance.now() - t);
  }
  if (offered === 0) throw new Error('completion offered nothing');
  const ms = (name: string, v: number, goal: number): BenchResult => ({
    name,
    value: Number(v.toFixed(2)),
    unit: 'ms',
    goal,
    better: 'lower',
  });
  return [
    ms('kubectl get pods -A, 1,000 pods, median', percentile(gets, 50), 50),
    ms('kubectl get pods -A, 1,000 pods, p99', percentile(gets, 99), 50),
    ms('Tab completion of a pod name among 1,000, median', percentile(tabs, 50), 20),
    ms('Tab completion of a pod name among 1,000, p99', percentile(tabs, 99), 20),
  ];
}
