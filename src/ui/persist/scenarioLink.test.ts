/** Scenario links: a round trip through the fragment, authored objects, and what is refused. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../cluster/api/types';
import { authored, decodeScenario, encodeScenario, LINK_PREFIX } from './scenarioLink';
import type { Scenario } from './scenarioLink';

const scenario: Scenario = {
  v: 1,
  settings: { nodes: 2, cpu: '4', memory: '8Gi' },
  objects: [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { a: 'b' },
    } as KubeObject,
  ],
  files: { '/home/learner/app.yaml': 'kind: Pod\n' },
};

describe('scenario links', () => {
  it('carry a scenario through the URL fragment', async () => {
    const link = await encodeScenario(scenario);
    expect(link.startsWith(LINK_PREFIX)).toBe(true);
    expect(link).toMatch(/^#scenario=[A-Za-z0-9_-]+$/);
    expect(await decodeScenario(link)).toEqual(scenario);
  });

  it('refuse damaged, foreign or unsafe content with a reason', async () => {
    await expect(decodeScenario('#scenario=!!')).rejects.toThrow('cut short or damaged');
    await expect(decodeScenario('#scenario=AAAA')).rejects.toThrow('cut short or damaged');
    const other = await encodeScenario({ ...scenario, v: 2 } as unknown as Scenario);
    await expect(decodeScenario(other)).rejects.toThrow('another version');
    const outside = await encodeScenario({ ...scenario, files: { '/etc/passwd': 'x' } });
    await expect(decodeScenario(outside)).rejects.toThrow('is not under /home/learner/');
    const big = await encodeScenario({ ...scenario, settings: { ...scenario.settings, nodes: 9 } });
    await expect(decodeScenario(big)).rejects.toThrow('cluster size');
  });

  it('keep objects as their author wrote them, without server fields or owned objects', () => {
    const svc = authored({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: 'u',
        resourceVersion: '9',
        creationTimestamp: 't',
      },
      spec: { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: [{ port: 80 }] },
      status: { loadBalancer: {} },
    } as KubeObject);
    expect(svc).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    const owned = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ownerReferences: [{}] } };
    expect(authored(owned as unknown as KubeObject)).toBeNull();
    const system = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'kube-system' },
    };
    expect(authored(system as KubeObject)).toBeNull();
  });
});
