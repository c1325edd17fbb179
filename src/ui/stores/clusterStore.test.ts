import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import { cell, useClusterStore, withDiff } from './clusterStore';

function pod(namespace: string, name: string, status = 'Running'): ObjectEntry {
  return {
    resource: 'pods',
    key: `${namespace}/${name}`,
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } },
    cells: [name, '1/1', status],
  };
}

describe('withDiff', () => {
  const empty = useClusterStore.getState();

  it('adds, updates and removes objects, keeping keys in namespace-then-name order', () => {
    let s = withDiff(empty, {
      added: [pod('kube-system-x', 'a'), pod('kube-system', 'b'), pod('default', 'c')],
      updated: [],
      removed: [],
      columns: { pods: ['Name', 'Ready', 'Status'] },
    });
    expect(s.keys.pods).toEqual(['default/c', 'kube-system/b', 'kube-system-x/a']);
    s = withDiff(s, {
      added: [],
      updated: [pod('default', 'c', 'Terminating')],
      removed: [{ resource: 'pods', key: 'kube-system/b' }],
    });
    expect(s.keys.pods).toEqual(['default/c', 'kube-system-x/a']);
    expect(cell(s.columns.pods, s.objects.pods['default/c'], 'Status')).toBe('Terminating');
  });

  it('leaves untouched resources and unchanged key lists as they were, so nothing re-renders', () => {
    const s = withDiff(empty, { added: [pod('default', 'c')], updated: [], removed: [] });
    const t = withDiff(s, { added: [], updated: [pod('default', 'c', 'Error')], removed: [] });
    expect(t.keys.pods).toBe(s.keys.pods);
    expect(t.objects.nodes).toBe(s.objects.nodes);
    expect(t.objects.pods).not.toBe(s.objects.pods);
  });
});
