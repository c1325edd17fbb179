import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import type { Store } from '../store/types';
import type { MountContext } from './volumes';
import {
  ContainerFileSystem,
  SYNC_FREQUENCY_MS,
  VolumeDir,
  nextSyncDelayMs,
  refreshVolumes,
  setUpVolumes,
} from './volumes';

/** A store holding ConfigMaps only, enough for configMap volumes. */
function fakeStore(data: Record<string, Record<string, string>>): Store {
  return {
    get: (resource: string, _ns: string, name: string) =>
      resource === 'configmaps' && data[name]
        ? ({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name },
            data: data[name],
          } as KubeObject)
        : undefined,
  } as unknown as Store;
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'app', namespace: 'default', uid: 'u-1' },
  spec: { volumes: [{ name: 'cfg', configMap: { name: 'app' } }] },
};

function context(store: Store): MountContext {
  return { store, pod, hostDir: () => new VolumeDir(), token: () => 't', resource: () => '' };
}

describe('configMap volumes at the periodic sync', () => {
  it('rewrites the files in place, but a subPath mount keeps its copy', () => {
    const data: Record<string, Record<string, string>> = { app: { color: 'blue', size: 'L' } };
    const ctx = context(fakeStore(data));
    const r = setUpVolumes(ctx, new Map());
    if ('error' in r) throw new Error(r.error);
    const fs = new ContainerFileSystem();
    fs.mount('/etc/config', r.volumes.get('cfg')!, false);
    fs.mount('/etc/color', r.volumes.get('cfg')!, false, 'color');
    data.app = { color: 'green', shape: 'round' };
    expect(fs.read('/etc/config/color')).toBe('blue');
    refreshVolumes(ctx, r.volumes);
    expect(fs.read('/etc/config/color')).toBe('green');
    expect(fs.list('/etc/config')).toEqual(['color', 'shape']);
    expect(fs.read('/etc/color')).toBe('blue');
  });

  it('keeps the files of a ConfigMap that is gone', () => {
    const data: Record<string, Record<string, string>> = { app: { color: 'blue' } };
    const ctx = context(fakeStore(data));
    const r = setUpVolumes(ctx, new Map());
    if ('error' in r) throw new Error(r.error);
    delete data.app;
    refreshVolumes(ctx, r.volumes);
    expect([...r.volumes.get('cfg')!.files]).toEqual([['color', 'blue']]);
  });

  it('syncs every 60 to 90 s (syncFrequency 1m, jitter 0.5)', () => {
    const delays = Array.from({ length: 200 }, (_, i) => nextSyncDelayMs(`uid-${i}`, i % 3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(SYNC_FREQUENCY_MS);
    expect(Math.max(...delays)).toBeLessThan(SYNC_FREQUENCY_MS * 1.5);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(20_000);
  });
});
