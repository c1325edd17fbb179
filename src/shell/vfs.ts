/**
 * The learner's virtual filesystem: directories and text files in memory, shared by the shell,
 * kubectl (`-f`), and the page's editor, which follows it through change listeners. The home
 * directory `/home/learner` is the starting working directory.
 */

export const HOME = '/home/learner';

export type VfsErrorCode = 'ENOENT' | 'EEXIST' | 'EISDIR' | 'ENOTDIR' | 'ENOTEMPTY';

/** A failed filesystem operation; `message` is the strerror text bash and coreutils print. */
export class VfsError extends Error {
  constructor(
    readonly code: VfsErrorCode,
    readonly path: string,
  ) {
    super(STRERROR[code]);
  }
}

const STRERROR: Record<VfsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOTEMPTY: 'Directory not empty',
};

/** One change, with the absolute path it touched. */
export interface VfsChange {
  type: 'write' | 'mkdir' | 'remove';
  path: string;
}

type Entry = { kind: 'dir' } | { kind: 'file'; content: string };

/** Joins and normalises a path (`.`, `..`, repeated slashes) against a directory. */
export function normalizePath(path: string, base = '/'): string {
  const parts: string[] = [];
  const full = path.startsWith('/') ? path : `${base}/${path}`;
  for (const p of full.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

export class Vfs {
  private entries = new Map<string, Entry>();
  private listeners = new Set<(c: VfsChange) => void>();
  /** The working directory (absolute). */
  cwd = HOME;

  constructor(files: Record<string, string> = {}) {
    for (const d of ['/', '/home', HOME, '/tmp', '/dev']) this.entries.set(d, { kind: 'dir' });
    for (const [p, text] of Object.entries(files)) {
      this.mkdir(dirname(this.resolve(p)), true);
      this.writeFile(p, text);
    }
  }

  /** The absolute form of a path relative to the working directory (`~` is the home). */
  resolve(path: string): string {
    if (path === '~' || path.startsWith('~/')) path = HOME + path.slice(1);
    return normalizePath(path, this.cwd);
  }

  exists(path: string): boolean {
    return this.entries.has(this.resolve(path));
  }

  isDir(path: string): boolean {
    return this.entries.get(this.resolve(path))?.kind === 'dir';
  }

  isFile(path: string): boolean {
    return this.entries.get(this.resolve(path))?.kind === 'file';
  }

  readFile(path: string): string {
    const abs = this.resolve(path);
    const e = this.entries.get(abs);
    if (!e) throw new VfsError(this.parentProblem(abs) ?? 'ENOENT', abs);
    if (e.kind === 'dir') throw new VfsError('EISDIR', abs);
    return e.content;
  }

  /** Writes (or appends to) a file; its directory must exist. */
  writeFile(path: string, content: string, append = false): void {
    const abs = this.resolve(path);
    const e = this.entries.get(abs);
    if (e?.kind === 'dir') throw new VfsError('EISDIR', abs);
    const problem = this.parentProblem(abs);
    if (problem) throw new VfsError(problem, abs);
    const before = e?.kind === 'file' ? e.content : '';
    this.entries.set(abs, { kind: 'file', content: append ? before + content : content });
    this.emit({ type: 'write', path: abs });
  }

  /** Creates a directory; with `parents`, also its missing parents, and no error if it exists. */
  mkdir(path: string, parents = false): void {
    const abs = this.resolve(path);
    const e = this.entries.get(abs);
    if (e) {
      if (parents && e.kind === 'dir') return;
      throw new VfsError('EEXIST', abs);
    }
    if (parents) {
      const parent = dirname(abs);
      if (parent !== abs) this.mkdir(parent, true);
      if (this.entries.get(parent)?.kind === 'file') throw new VfsError('ENOTDIR', abs);
    } else {
      const problem = this.parentProblem(abs);
      if (problem) throw new VfsError(problem, abs);
    }
    this.entries.set(abs, { kind: 'dir' });
    this.emit({ type: 'mkdir', path: abs });
  }

  /** Removes a file, or a directory (with `recursive`, and everything in it). */
  remove(path: string, recursive = false): void {
    const abs = this.resolve(path);
    const e = this.entries.get(abs);
    if (!e) throw new VfsError('ENOENT', abs);
    if (e.kind === 'dir') {
      if (!recursive) throw new VfsError('EISDIR', abs);
      for (const p of [...this.entries.keys()]) {
        if (p.startsWith(abs === '/' ? '/' : abs + '/') && p !== '/') {
          this.entries.delete(p);
        }
      }
    }
    if (abs !== '/') this.entries.delete(abs);
    this.emit({ type: 'remove', path: abs });
  }

  /** The names in a directory, sorted as `ls` sorts them. */
  list(path: string): string[] {
    const abs = this.resolve(path);
    const e = this.entries.get(abs);
    if (!e) throw new VfsError('ENOENT', abs);
    if (e.kind === 'file') throw new VfsError('ENOTDIR', abs);
    const prefix = abs === '/' ? '/' : abs + '/';
    const names: string[] = [];
    for (const p of this.entries.keys()) {
      if (p !== abs && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) {
        names.push(p.slice(prefix.length));
      }
    }
    return names.sort(lsOrder);
  }

  /** Every file, by absolute path. */
  allFiles(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [p, e] of this.entries) if (e.kind === 'file') out[p] = e.content;
    return out;
  }

  /** Changes the working directory. */
  chdir(path: string): void {
    const abs = this.resolve(path);
    const e = this.entries.get(abs);
    if (!e) throw new VfsError('ENOENT', abs);
    if (e.kind !== 'dir') throw new VfsError('ENOTDIR', abs);
    this.cwd = abs;
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: (c: VfsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The files as the record runKubectl reads `-f` and template files from: a path is looked up
   * relative to the working directory; listing it gives every file's absolute path.
   */
  asRecord(): Record<string, string> {
    return new Proxy({} as Record<string, string>, {
      get: (_t, key) =>
        typeof key === 'string' && this.isFile(key) ? this.readFile(key) : undefined,
      has: (_t, key) => typeof key === 'string' && this.isFile(key),
      ownKeys: () => Object.keys(this.allFiles()),
      getOwnPropertyDescriptor: (_t, key) =>
        typeof key === 'string' && this.isFile(key)
          ? { value: this.readFile(key), enumerable: true, configurable: true, writable: false }
          : undefined,
      set: () => false,
    });
  }

  private parentProblem(abs: string): VfsErrorCode | undefined {
    const parent = this.entries.get(dirname(abs));
    if (!parent) return 'ENOENT';
    if (parent.kind !== 'dir') return 'ENOTDIR';
    return undefined;
  }

  private emit(c: VfsChange): void {
    for (const l of this.listeners) l(c);
  }
}

/** coreutils `ls` in the C.UTF-8 locale: byte order, ignoring nothing. */
function lsOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
