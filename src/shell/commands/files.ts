/** Files in the virtual filesystem: cat, ls, mkdir, rm, touch, tee, cp, mv. */
import { basename, VfsError } from '../vfs';
import type { Cmd } from './types';
import { getopt } from './types';

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const cat: Cmd = ({ argv, stdin, out, err, session }) => {
  const files = argv.slice(1).filter((a) => a !== '--');
  if (files.length === 0) {
    out(stdin);
    return 0;
  }
  let status = 0;
  for (const f of files) {
    if (f === '-') {
      out(stdin);
      continue;
    }
    try {
      out(session.vfs.readFile(f));
    } catch (e) {
      err(`cat: ${f}: ${why(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const ls: Cmd = ({ argv, out, err, session }) => {
  const { opts, operands, bad } = getopt(argv.slice(1), '', 'laA1hrt');
  if (bad) {
    err(`ls: ${bad}\nTry 'ls --help' for more information.\n`);
    return 2;
  }
  const long = opts.has('l');
  const all = opts.has('a');
  const targets = operands.length ? operands : ['.'];
  const vfs = session.vfs;
  let status = 0;
  const fmt = (path: string, name: string): string => {
    if (!long) return name;
    const dir = vfs.isDir(path);
    const size = dir ? 4096 : new TextEncoder().encode(vfs.readFile(path)).length;
    const mode = dir ? 'drwxr-xr-x' : '-rw-r--r--';
    return `${mode} 1 learner learner ${String(size).padStart(5)} Jan  1 00:00 ${name}`;
  };
  const files: string[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    if (!vfs.exists(t)) {
      err(`ls: cannot access '${t}': No such file or directory\n`);
      status = 2;
    } else if (vfs.isDir(t)) dirs.push(t);
    else files.push(t);
  }
  const blocks: string[] = [];
  if (files.length) blocks.push(files.map((f) => fmt(f, f) + '\n').join(''));
  for (const d of dirs) {
    let names = vfs.list(d);
    if (all) names = ['.', '..', ...names];
    const head = targets.length > 1 ? `${d}:\n` : '';
    const total = long ? `total ${names.length * 4}\n` : '';
    const body = names
      .map((n) => fmt(n === '.' || n === '..' ? d : `${d}/${n}`, n) + '\n')
      .join('');
    blocks.push(head + total + body);
  }
  out(blocks.join('\n'));
  return status;
};

const mkdir: Cmd = ({ argv, err, session }) => {
  const { opts, operands, bad } = getopt(argv.slice(1), 'm', 'pv');
  if (bad || operands.length === 0) {
    err(`mkdir: ${bad ?? 'missing operand'}\nTry 'mkdir --help' for more information.\n`);
    return 1;
  }
  let status = 0;
  for (const d of operands) {
    try {
      session.vfs.mkdir(d, opts.has('p'));
    } catch (e) {
      err(`mkdir: cannot create directory ‘${d}’: ${why(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const rm: Cmd = ({ argv, err, session }) => {
  const { opts, operands, bad } = getopt(argv.slice(1), '', 'rRfiv');
  if (bad) {
    err(`rm: ${bad}\nTry 'rm --help' for more information.\n`);
    return 1;
  }
  const force = opts.has('f');
  const recursive = opts.has('r') || opts.has('R') || opts.has('--recursive');
  if (operands.length === 0 && !force) {
    err("rm: missing operand\nTry 'rm --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const f of operands) {
    if (!session.vfs.exists(f)) {
      if (!force) {
        err(`rm: cannot remove '${f}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (session.vfs.isDir(f) && !recursive) {
      err(`rm: cannot remove '${f}': Is a directory\n`);
      status = 1;
      continue;
    }
    session.vfs.remove(f, recursive);
  }
  return status;
};

const touch: Cmd = ({ argv, err, session }) => {
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (files.length === 0) {
    err("touch: missing file operand\nTry 'touch --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const f of files) {
    try {
      if (!session.vfs.exists(f)) session.vfs.writeFile(f, '');
    } catch (e) {
      err(`touch: cannot touch '${f}': ${why(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const tee: Cmd = ({ argv, stdin, out, err, session }) => {
  const { opts, operands } = getopt(argv.slice(1), '', 'a');
  let status = 0;
  for (const f of operands) {
    try {
      session.vfs.writeFile(f, stdin, opts.has('a'));
    } catch (e) {
      err(`tee: ${f}: ${why(e)}\n`);
      status = 1;
    }
  }
  out(stdin);
  return status;
};

function copyOrMove(move: boolean): Cmd {
  const name = move ? 'mv' : 'cp';
  return ({ argv, err, session }) => {
    const { opts, operands } = getopt(argv.slice(1), '', 'rRfvi');
    const vfs = session.vfs;
    if (operands.length < 2) {
      err(
        operands.length === 0
          ? `${name}: missing file operand\nTry '${name} --help' for more information.\n`
          : `${name}: missing destination file operand after '${operands[0]}'\nTry '${name} --help' for more information.\n`,
      );
      return 1;
    }
    const dest = operands[operands.length - 1];
    const sources = operands.slice(0, -1);
    if (sources.length > 1 && !vfs.isDir(dest)) {
      err(`${name}: target '${dest}': Not a directory\n`);
      return 1;
    }
    let status = 0;
    for (const src of sources) {
      const target = vfs.isDir(dest) ? `${dest}/${basename(src)}` : dest;
      try {
        if (vfs.isDir(src)) {
          if (!move && !opts.has('r') && !opts.has('R')) {
            err(`cp: -r not specified; omitting directory '${src}'\n`);
            status = 1;
            continue;
          }
          const from = vfs.resolve(src);
          const to = vfs.resolve(target);
          vfs.mkdir(to, true);
          for (const [p, text] of Object.entries(vfs.allFiles())) {
            if (!p.startsWith(from + '/')) continue;
            const rel = p.slice(from.length);
            vfs.mkdir(to + rel.slice(0, rel.lastIndexOf('/')) || to, true);
            vfs.writeFile(to + rel, text);
          }
          if (move) vfs.remove(from, true);
        } else {
          vfs.writeFile(target, vfs.readFile(src));
          if (move) vfs.remove(src);
        }
      } catch (e) {
        if (!(e instanceof VfsError)) throw e;
        err(
          e.code === 'ENOENT' && !vfs.exists(src)
            ? `${name}: cannot stat '${src}': No such file or directory\n`
            : `${name}: cannot create regular file '${target}': ${e.message}\n`,
        );
        status = 1;
      }
    }
    return status;
  };
}

export const FILES: Record<string, Cmd> = {
  cat,
  ls,
  mkdir,
  rm,
  touch,
  tee,
  cp: copyOrMove(false),
  mv: copyOrMove(true),
};
