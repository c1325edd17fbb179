/**
 * Volumes and the container file system: each container sees its own writable layer plus the
 * pod's volumes at their mount paths. emptyDir is shared by the pod's containers, hostPath by
 * every pod of the node, a bound claim's PersistentVolume by every pod of the cluster;
 * configMap, secret, downwardAPI and projected volumes are written when the volume is set up
 * (MountVolume.SetUp), so a missing ConfigMap fails the mount.
 */
import type { KubeObject } from '../api/types';
import type { ContainerFS } from '../runtime/types';
import type { Store } from '../store/types';

/** The files of one volume, by path relative to its root. */
export class VolumeDir {
  readonly files = new Map<string, string>();
  /**
   * Written by the kubelet from API objects (configMap, secret, projected, downwardAPI: upstream's
   * AtomicWriter volumes): refreshed in place at the pod's periodic sync, and a subPath mount of
   * it is a copy taken when the container starts (upstream bind-mounts the file, so it never sees
   * later updates).
   */
  atomic = false;
}

interface Mount {
  path: string;
  dir: VolumeDir;
  sub: string;
  readOnly: boolean;
}

function norm(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

/** A container's view: its own layer and the mounts, longest mount path first. */
export class ContainerFileSystem implements ContainerFS {
  private own = new VolumeDir();
  private mounts: Mount[] = [];

  constructor(base: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(base)) this.own.files.set(norm(k).slice(1), v);
  }

  mount(path: string, dir: VolumeDir, readOnly: boolean, subPath = ''): void {
    const sub = subPath ? norm(subPath).slice(1) : '';
    if (sub && dir.atomic) {
      const copy = new VolumeDir();
      for (const [k, v] of dir.files)
        if (k === sub || k.startsWith(sub + '/')) copy.files.set(k, v);
      dir = copy;
    }
    this.mounts.push({ path: norm(path), dir, sub, readOnly });
    this.mounts.sort((a, b) => b.path.length - a.path.length);
  }

  private locate(path: string): { dir: VolumeDir; key: string; readOnly: boolean } {
    const p = norm(path);
    for (const m of this.mounts) {
      if (p === m.path || p.startsWith(m.path === '/' ? '/' : m.path + '/')) {
        const rest = p.slice(m.path.length).replace(/^\//, '');
        const key = [m.sub, rest].filter(Boolean).join('/');
        return { dir: m.dir, key, readOnly: m.readOnly };
      }
    }
    return { dir: this.own, key: p.slice(1), readOnly: false };
  }

  read(path: string): string | undefined {
    const { dir, key } = this.locate(path);
    return dir.files.get(key);
  }

  write(path: string, content: string, append = false): void {
    const { dir, key, readOnly } = this.locate(path);
    if (readOnly || !key) return;
    dir.files.set(key, append ? (dir.files.get(key) ?? '') + content : content);
  }

  remove(path: string): boolean {
    const { dir, key, readOnly } = this.locate(path);
    if (readOnly) return false;
    return dir.files.delete(key);
  }

  list(path: string): string[] | undefined {
    const p = norm(path);
    const names = new Set<string>();
    let exists = p === '/';
    const { dir, key } = this.locate(p);
    const prefix = key ? key + '/' : '';
    if (this.mounts.some((m) => m.path === p)) exists = true;
    for (const f of dir.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      exists = true;
      names.add(f.slice(prefix.length).split('/')[0]);
    }
    for (const m of this.mounts) {
      if (m.path !== p && m.path.startsWith(p === '/' ? '/' : p + '/')) {
        exists = true;
        names.add(m.path.slice(p.length).replace(/^\//, '').split('/')[0]);
      }
    }
    if (dir.files.has(key) && key) return undefined;
    return exists ? [...names].sort() : undefined;
  }
}

/** The files of each PersistentVolume of a cluster, by volume name. */
const persistentDirs = new WeakMap<Store, Map<string, VolumeDir>>();

/**
 * A PersistentVolume's directory: one per volume in the cluster, whichever node mounts it, so
 * what a pod writes there outlives the pod; a new volume (a new claim) starts empty.
 */
export function persistentVolumeDir(store: Store, volumeName: string): VolumeDir {
  let dirs = persistentDirs.get(store);
  if (!dirs) persistentDirs.set(store, (dirs = new Map()));
  let d = dirs.get(volumeName);
  if (!d) dirs.set(volumeName, (d = new VolumeDir()));
  return d;
}

type Obj = Record<string, unknown>;
interface KeyToPath {
  key: string;
  path: string;
}

function decodeBase64(s: string): string {
  try {
    const bin = atob(s);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return s;
  }
}

/** Writes a ConfigMap's or Secret's keys (all, or the listed items) into `dir` under `prefix`. */
function writeKeys(
  dir: VolumeDir,
  data: Record<string, string>,
  items: KeyToPath[] | undefined,
  prefix = '',
): string | undefined {
  const put = (path: string, v: string) => dir.files.set(prefix ? `${prefix}/${path}` : path, v);
  if (!items?.length) {
    for (const [k, v] of Object.entries(data)) put(k, v);
    return undefined;
  }
  for (const it of items) {
    if (!(it.key in data)) return it.key;
    put(it.path, data[it.key]);
  }
  return undefined;
}

function fieldValue(pod: KubeObject, path: string): string {
  const m = pod.metadata;
  const labels = (o: Record<string, string> | undefined) =>
    Object.keys(o ?? {})
      .sort()
      .map((k) => `${k}="${o![k]}"`)
      .join('\n');
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return (sub[1] === 'labels' ? m.labels : m.annotations)?.[sub[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return m.name ?? '';
    case 'metadata.namespace':
      return m.namespace ?? '';
    case 'metadata.uid':
      return m.uid ?? '';
    case 'metadata.labels':
      return labels(m.labels);
    case 'metadata.annotations':
      return labels(m.annotations);
    default:
      return '';
  }
}

export interface MountContext {
  store: Store;
  pod: KubeObject;
  /** Node-wide directories for hostPath and persistent volumes. */
  hostDir(key: string): VolumeDir;
  /** A service account token for projected volumes. */
  token(): string;
  /** The cluster's root CA, for kube-root-ca.crt when the ConfigMap is missing its key. */
  resource(container: string | undefined, resource: string, divisor: string | undefined): string;
}

/**
 * Sets up every volume of the pod, or gives upstream's FailedMount message for the first one
 * that cannot be: `MountVolume.SetUp failed for volume "cfg" : configmap "app" not found`.
 */
export function setUpVolumes(
  ctx: MountContext,
  existing: Map<string, VolumeDir>,
): { volumes: Map<string, VolumeDir> } | { error: string } {
  const pod = ctx.pod;
  const ns = pod.metadata.namespace ?? 'default';
  const out = new Map<string, VolumeDir>();
  const volumes = ((pod.spec as Obj).volumes ?? []) as Obj[];
  for (const v of volumes) {
    const name = v.name as string;
    const fail = (msg: string) => ({
      error: `MountVolume.SetUp failed for volume "${name}" : ${msg}`,
    });
    const prior = existing.get(name);
    if (v.emptyDir || v.ephemeral) {
      out.set(name, prior ?? new VolumeDir());
      continue;
    }
    if (v.hostPath) {
      out.set(name, ctx.hostDir(`host:${(v.hostPath as Obj).path as string}`));
      continue;
    }
    if (v.persistentVolumeClaim) {
      const claim = (v.persistentVolumeClaim as Obj).claimName as string;
      const pvc = ctx.store.get('persistentvolumeclaims', ns, claim);
      if (!pvc) {
        return { error: `persistentvolumeclaim "${claim}" not found` };
      }
      // The kubelet mounts a claim once it is bound (WaitForAttachAndMount); the volume's
      // files live with the PersistentVolume, so they follow the claim to any node.
      const volumeName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
      const phase = (pvc.status as { phase?: string } | undefined)?.phase;
      if (!volumeName || phase !== 'Bound') {
        return { error: `error processing PVC ${ns}/${claim}: PVC is not bound` };
      }
      out.set(name, persistentVolumeDir(ctx.store, volumeName));
      continue;
    }
    const dir = new VolumeDir();
    dir.atomic = !!(v.configMap || v.secret || v.downwardAPI || v.projected);
    if (v.configMap || v.secret) {
      const isCM = !!v.configMap;
      const src = (v.configMap ?? v.secret) as Obj;
      const objName = (isCM ? src.name : src.secretName) as string;
      const obj = ctx.store.get(isCM ? 'configmaps' : 'secrets', ns, objName);
      if (!obj) {
        if (src.optional) {
          out.set(name, dir);
          continue;
        }
        return fail(`${isCM ? 'configmap' : 'secret'} "${objName}" not found`);
      }
      const data = keysOf(obj, isCM);
      const missing = writeKeys(dir, data, src.items as KeyToPath[] | undefined);
      if (missing !== undefined && !src.optional) {
        return fail(
          isCM
            ? `configmap references non-existent config key: ${missing}`
            : `references non-existent secret key: ${missing}`,
        );
      }
      out.set(name, dir);
      continue;
    }
    if (v.downwardAPI) {
      writeDownward(ctx, dir, ((v.downwardAPI as Obj).items ?? []) as Obj[], '');
      out.set(name, dir);
      continue;
    }
    if (v.projected) {
      for (const s of ((v.projected as Obj).sources ?? []) as Obj[]) {
        if (s.serviceAccountToken) {
          dir.files.set(((s.serviceAccountToken as Obj).path as string) ?? 'token', ctx.token());
        } else if (s.configMap || s.secret) {
          const isCM = !!s.configMap;
          const src = (s.configMap ?? s.secret) as Obj;
          const obj = ctx.store.get(isCM ? 'configmaps' : 'secrets', ns, src.name as string);
          if (!obj) {
            if (src.optional) continue;
            return fail(`${isCM ? 'configmap' : 'secret'} "${src.name as string}" not found`);
          }
          writeKeys(dir, keysOf(obj, isCM), src.items as KeyToPath[] | undefined);
        } else if (s.downwardAPI) {
          writeDownward(ctx, dir, ((s.downwardAPI as Obj).items ?? []) as Obj[], '');
        }
      }
      out.set(name, dir);
      continue;
    }
    out.set(name, prior ?? dir);
  }
  return { volumes: out };
}

function keysOf(obj: KubeObject, isCM: boolean): Record<string, string> {
  const o = obj as unknown as {
    data?: Record<string, string>;
    binaryData?: Record<string, string>;
  };
  const data: Record<string, string> = {};
  if (isCM) {
    Object.assign(data, o.data ?? {});
    for (const [k, v] of Object.entries(o.binaryData ?? {})) data[k] = decodeBase64(v);
  } else {
    for (const [k, v] of Object.entries(o.data ?? {})) data[k] = decodeBase64(v);
  }
  return data;
}

function writeDownward(ctx: MountContext, dir: VolumeDir, items: Obj[], prefix: string): void {
  for (const it of items) {
    const path = (prefix ? prefix + '/' : '') + (it.path as string);
    const f = it.fieldRef as Obj | undefined;
    const r = it.resourceFieldRef as Obj | undefined;
    if (f) dir.files.set(path, fieldValue(ctx.pod, f.fieldPath as string));
    else if (r)
      dir.files.set(
        path,
        ctx.resource(
          r.containerName as string | undefined,
          r.resource as string,
          r.divisor as string | undefined,
        ),
      );
  }
}

export { fieldValue };

/** Upstream's syncFrequency default: a running pod is synced again every minute. */
export const SYNC_FREQUENCY_MS = 60_000;

/**
 * When the pod's next periodic sync comes: upstream's pod workers requeue a synced pod after
 * `wait.Jitter(syncFrequency, 0.5)`, 60 to 90 s. The jitter comes from the pod's UID and the
 * round, not the cluster's random source, so adding a pod's timer draws no names from it.
 */
export function nextSyncDelayMs(uid: string, round: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${uid}/${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return Math.round(SYNC_FREQUENCY_MS * (1 + (0.5 * h) / 0x1_0000_0000));
}

/**
 * The periodic sync of a running pod's volumes (upstream: syncPod → WaitForAttachAndMount →
 * the AtomicWriter, fed by the configMap and secret managers' watch-based caches): configMap,
 * secret, downwardAPI and projected volumes are rewritten from the current objects, so an
 * edited ConfigMap reaches the files within a sync period, while env vars and subPath copies
 * keep what the container started with. A volume whose object is gone keeps its files.
 */
export function refreshVolumes(ctx: MountContext, volumes: Map<string, VolumeDir>): void {
  const ns = ctx.pod.metadata.namespace ?? 'default';
  const source = (isCM: boolean, name: string) =>
    ctx.store.get(isCM ? 'configmaps' : 'secrets', ns, name);
  for (const v of ((ctx.pod.spec as Obj).volumes ?? []) as Obj[]) {
    const dir = volumes.get(v.name as string);
    if (!dir?.atomic) continue;
    const next = new VolumeDir();
    if (v.configMap || v.secret) {
      const isCM = !!v.configMap;
      const src = (v.configMap ?? v.secret) as Obj;
      const obj = source(isCM, (isCM ? src.name : src.secretName) as string);
      if (!obj) continue;
      const missing = writeKeys(next, keysOf(obj, isCM), src.items as KeyToPath[] | undefined);
      if (missing !== undefined && !src.optional) continue;
    } else if (v.downwardAPI) {
      writeDownward(ctx, next, ((v.downwardAPI as Obj).items ?? []) as Obj[], '');
    } else if (v.projected) {
      let complete = true;
      for (const s of ((v.projected as Obj).sources ?? []) as Obj[]) {
        if (s.serviceAccountToken) {
          // The token is rotated on its own schedule (80% of its life), not at each sync.
          const path = ((s.serviceAccountToken as Obj).path as string) ?? 'token';
          const token = dir.files.get(path);
          if (token !== undefined) next.files.set(path, token);
        } else if (s.configMap || s.secret) {
          const isCM = !!s.configMap;
          const src = (s.configMap ?? s.secret) as Obj;
          const obj = source(isCM, src.name as string);
          if (obj) writeKeys(next, keysOf(obj, isCM), src.items as KeyToPath[] | undefined);
          else if (!src.optional) complete = false;
        } else if (s.downwardAPI) {
          writeDownward(ctx, next, ((s.downwardAPI as Obj).items ?? []) as Obj[], '');
        }
      }
      if (!complete) continue;
    } else continue;
    if (sameFiles(dir, next)) continue;
    dir.files.clear();
    for (const [k, val] of next.files) dir.files.set(k, val);
  }
}

function sameFiles(a: VolumeDir, b: VolumeDir): boolean {
  if (a.files.size !== b.files.size) return false;
  for (const [k, v] of b.files) if (a.files.get(k) !== v) return false;
  return true;
}
