/**
 * Reading manifests as cli-runtime's FilenameOptions and resource builder do: `-f FILE`,
 * `-f DIR` (its .json, .yaml and .yml files; every level with -R), `-f -` (stdin), YAML streams
 * of several documents, JSON, and `List` kinds expanded to their items.
 */
import { parseAllDocuments } from 'yaml';
import { cmdError } from './errors';
import { goYamlError } from './goYamlError';

/**
 * The files kubectl may read. In Node this is the real filesystem; in the browser the shell's
 * virtual one. Paths are as the user typed them (relative to the working directory).
 */
export interface KubectlFiles {
  /** The text of a file; undefined when there is no such file. */
  readFile(path: string): string | undefined;
  /** A directory's entries, sorted by name; undefined when `path` is not a directory. */
  readDir(path: string): { name: string; dir: boolean }[] | undefined;
}

/** A read-only KubectlFiles over a map of path → text (directories are implied by paths). */
export function filesFromRecord(files: Record<string, string>): KubectlFiles {
  return {
    readFile: (p) => files[p],
    readDir(p) {
      const prefix = p.replace(/\/+$/, '') + '/';
      const names = new Map<string, boolean>();
      for (const k of Object.keys(files)) {
        if (!k.startsWith(prefix)) continue;
        const rest = k.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      if (names.size === 0) return undefined;
      return [...names.keys()].sort().map((name) => ({ name, dir: names.get(name)! }));
    },
  };
}

export interface ManifestDoc {
  /** The file the object came from ("STDIN" for `-`), as errors name it. */
  source: string;
  object: Record<string, unknown>;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Expands `-f` values to files: a directory to its manifests, `-` to stdin. */
export function expandFilenames(
  fs: KubectlFiles | undefined,
  names: string[],
  recursive: boolean,
): string[] {
  const out: string[] = [];
  const walk = (dir: string, top: boolean) => {
    for (const e of fs?.readDir(dir) ?? []) {
      const p = `${dir.replace(/\/+$/, '')}/${e.name}`;
      if (e.dir) {
        if (recursive || top) {
          if (recursive) walk(p, false);
        }
      } else if (EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(p);
    }
  };
  for (const n of names) {
    if (n === '-') {
      out.push('-');
      continue;
    }
    if (/^https?:\/\//.test(n)) throw cmdError(`unable to read URL "${n}": not supported here`);
    if (fs?.readDir(n) !== undefined) walk(n, true);
    else if (fs?.readFile(n) !== undefined) out.push(n);
    else throw cmdError(`the path "${n}" does not exist`);
  }
  return out;
}

/** The documents of one YAML or JSON stream; empty documents are skipped. */
export function parseManifest(text: string, source: string): ManifestDoc[] {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ManifestDoc[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      throw cmdError(
        `error parsing ${source}: error converting YAML to JSON: ${goYamlError(text, doc.errors)}`,
      );
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw cmdError(
        `error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
    }
    const obj = value as Record<string, unknown>;
    if (Object.keys(obj).length === 0) continue;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items as Record<string, unknown>[]) out.push({ source, object: item });
    } else out.push({ source, object: obj });
  }
  return out;
}

/** Every object the `-f` values name, in order. */
export function readManifests(
  fs: KubectlFiles | undefined,
  stdin: string | undefined,
  names: string[],
  recursive: boolean,
): ManifestDoc[] {
  const out: ManifestDoc[] = [];
  for (const file of expandFilenames(fs, names, recursive)) {
    if (file === '-') out.push(...parseManifest(stdin ?? '', 'STDIN'));
    else out.push(...parseManifest(fs?.readFile(file) ?? '', file));
  }
  return out;
}
