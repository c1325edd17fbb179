/**
 * Paths and directories over ContainerFS. The filesystem contract has no directories of its own
 * (files by absolute path), so a directory exists when it lists entries, is the parent of a
 * file, is one of the usual directories of a Linux image, or was made by `mkdir`; directories
 * made by `mkdir` are remembered per filesystem, so every process of a container sees them.
 */
import type { ContainerFS } from '../types';

const made = new WeakMap<ContainerFS, Set<string>>();

/** Directories every busybox/alpine/ubuntu image has. */
const IMAGE_DIRS = new Set([
  '/',
  '/bin',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/local',
  '/usr/sbin',
  '/var',
  '/var/log',
  '/var/run',
]);

export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

export function basename(path: string): string {
  const p = path.replace(/\/+$/, '');
  if (!p) return path ? '/' : '';
  return p.slice(p.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const p = path.replace(/\/+$/, '');
  if (!p) return path ? '/' : '.';
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return p.slice(0, i).replace(/\/+$/, '') || '/';
}

/** Entry names of a directory (files from the filesystem and directories made here), or undefined. */
export function listDir(fs: ContainerFS, dir: string): string[] | undefined {
  const d = normalizePath(dir);
  const names = new Set<string>();
  let found = IMAGE_DIRS.has(d);
  const listed = fs.list(d);
  if (listed) {
    found = true;
    for (const e of listed) {
      const name = basename(e.startsWith('/') ? e : `${d}/${e}`);
      if (name) names.add(name);
    }
  }
  const prefix = d === '/' ? '/' : d + '/';
  for (const m of [...(made.get(fs) ?? []), ...IMAGE_DIRS]) {
    if (m === d) found = true;
    else if (m.startsWith(prefix) && !m.slice(prefix.length).includes('/'))
      names.add(m.slice(prefix.length));
  }
  return found ? [...names].sort() : undefined;
}

export function isDir(fs: ContainerFS, path: string): boolean {
  const p = normalizePath(path);
  if (IMAGE_DIRS.has(p) || made.get(fs)?.has(p)) return true;
  if (fs.read(p) !== undefined) return false;
  const listed = fs.list(p);
  return listed !== undefined;
}

export function makeDir(fs: ContainerFS, path: string): void {
  let set = made.get(fs);
  if (!set) made.set(fs, (set = new Set()));
  set.add(normalizePath(path));
}

export function removeDir(fs: ContainerFS, path: string): void {
  made.get(fs)?.delete(normalizePath(path));
}
