import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster';
import { InProcessTransport, runKubectl } from '../../src/kubectl';

describe('kubectl get over more objects than one chunk', () => {
  it('follows continue tokens and prints every row once, under one header', async () => {
    const cluster = createCluster({ systemPods: false });
    for (let i = 0; i < 1_203; i++) {
      cluster.api.handle({
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${String(i).padStart(4, '0')}` },
        },
      });
    }
    let out = '';
    const code = await runKubectl(['get', 'configmaps', '-o', 'name'], {
      transport: new InProcessTransport(cluster),
      stdout: (t) => (out += t),
      stderr: () => {},
    });
    expect(code).toBe(0);
    // Our 1,203 plus the namespace's kube-root-ca.crt.
    expect(out.trim().split('\n')).toHaveLength(1_204);
    let table = '';
    await runKubectl(['get', 'configmaps'], {
      transport: new InProcessTransport(cluster),
      stdout: (t) => (table += t),
      stderr: () => {},
    });
    const lines = table.trim().split('\n');
    expect(lines).toHaveLength(1_205);
    expect(lines.filter((l) => l.startsWith('NAME'))).toHaveLength(1);
    expect(new Set(lines).size).toBe(1_205);
  });
});
