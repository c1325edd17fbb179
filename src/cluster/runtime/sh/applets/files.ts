/** File applets over ContainerFS: ls, mkdir, rmdir, rm, touch, cp, mv, chmod, chown, ln, stat-free. */
import type { Applet, AppletContext } from '../interp';
import { basename, isDir, listDir, makeDir, normalizePath, removeDir } from '../paths';
import { complain, getopts } from './util';

function lsDate(ms: number): string {
  const d = new Date(ms);
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

// eslint-disable-next-line require-yield
const ls: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1));
  const fs = ctx.sh.env.fs;
  const long = flags.has('l');
  const all = flags.has('a');
  const almost = flags.has('A');
  const classify = flags.has('F') || flags.has('p');
  const when = lsDate(ctx.sh.env.clock.now());
  const line = (name: string, path: string): string => {
    const dir = isDir(fs, path);
    const shown = name + (classify && dir ? '/' : '');
    if (!long) return shown + '\n';
    const size = dir ? 4096 : new TextEncoder().encode(fs.read(path) ?? '').length;
    const mode = dir ? 'drwxr-xr-x' : '-rw-r--r--';
    return `${mode}    ${dir ? 2 : 1} root     root     ${String(size).padStart(9)} ${when} ${shown}\n`;
  };
  const targets = rest.length ? rest : ['.'];
  let status = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    const path = ctx.sh.resolve(t);
    if (isDir(fs, path) && !flags.has('d')) dirs.push(t);
    else if (fs.read(path) !== undefined || isDir(fs, path)) files.push(t);
    else {
      complain(ctx, `${t}: No such file or directory`);
      status = 1;
    }
  }
  let out = '';
  for (const f of files.sort()) out += line(f, ctx.sh.resolve(f));
  dirs.sort().forEach((d, i) => {
    const path = ctx.sh.resolve(d);
    if (targets.length > 1) out += `${files.length || i ? '\n' : ''}${d}:\n`;
    let names = listDir(fs, path) ?? [];
    if (!all && !almost) names = names.filter((n) => !n.startsWith('.'));
    if (all) names = ['.', '..', ...names];
    if (long) out += `total ${names.length * 4}\n`;
    for (const n of names)
      out += line(
        n,
        n === '.' ? path : n === '..' ? normalizePath(path + '/..') : normalizePath(`${path}/${n}`),
      );
  });
  ctx.io.stdout.write(out);
  return status;
};

// eslint-disable-next-line require-yield
const mkdir: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'm');
  const fs = ctx.sh.env.fs;
  let status = 0;
  for (const d of rest) {
    const path = ctx.sh.resolve(d);
    if (flags.has('p')) {
      if (fs.read(path) !== undefined) {
        complain(ctx, `can't create directory '${d}': File exists`);
        status = 1;
        continue;
      }
      const parts = path.split('/').filter(Boolean);
      for (let i = 1; i <= parts.length; i++) makeDir(fs, '/' + parts.slice(0, i).join('/'));
      continue;
    }
    if (isDir(fs, path) || fs.read(path) !== undefined) {
      complain(ctx, `can't create directory '${d}': File exists`);
      status = 1;
    } else if (!isDir(fs, path.slice(0, path.lastIndexOf('/')) || '/')) {
      complain(ctx, `can't create directory '${d}': No such file or directory`);
      status = 1;
    } else makeDir(fs, path);
  }
  return status;
};

function removeTree(ctx: AppletContext, path: string): void {
  const fs = ctx.sh.env.fs;
  for (const n of listDir(fs, path) ?? []) {
    const child = normalizePath(`${path}/${n}`);
    if (isDir(fs, child)) removeTree(ctx, child);
    else fs.remove(child);
  }
  fs.remove(path);
  removeDir(fs, path);
}

// eslint-disable-next-line require-yield
const rm: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1));
  const fs = ctx.sh.env.fs;
  const force = flags.has('f');
  const recursive = flags.has('r') || flags.has('R');
  let status = 0;
  for (const f of rest) {
    const path = ctx.sh.resolve(f);
    if (isDir(fs, path)) {
      if (!recursive) {
        complain(ctx, `'${f}' is a directory`);
        status = 1;
      } else removeTree(ctx, path);
    } else if (!fs.remove(path) && !force) {
      complain(ctx, `can't remove '${f}': No such file or directory`);
      status = 1;
    }
  }
  return status;
};

// eslint-disable-next-line require-yield
const rmdir: Applet = function* (ctx) {
  const fs = ctx.sh.env.fs;
  let status = 0;
  for (const d of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const path = ctx.sh.resolve(d);
    if (!isDir(fs, path)) {
      complain(ctx, `'${d}': No such file or directory`);
      status = 1;
    } else if ((listDir(fs, path) ?? []).length) {
      complain(ctx, `'${d}': Directory not empty`);
      status = 1;
    } else {
      removeDir(fs, path);
      fs.remove(path);
    }
  }
  return status;
};

// eslint-disable-next-line require-yield
const touch: Applet = function* (ctx) {
  const { rest } = getopts(ctx.argv.slice(1), 'dtr');
  const fs = ctx.sh.env.fs;
  let status = 0;
  for (const f of rest) {
    const path = ctx.sh.resolve(f);
    if (fs.read(path) !== undefined || isDir(fs, path)) continue;
    if (!isDir(fs, path.slice(0, path.lastIndexOf('/')) || '/')) {
      complain(ctx, `${f}: No such file or directory`);
      status = 1;
      continue;
    }
    fs.write(path, '');
  }
  return status;
};

function copyOrMove(ctx: AppletContext, move: boolean): number {
  const { flags, rest } = getopts(ctx.argv.slice(1));
  const fs = ctx.sh.env.fs;
  if (rest.length < 2) {
    complain(ctx, 'missing file operand');
    return 1;
  }
  const dest = rest[rest.length - 1];
  const destPath = ctx.sh.resolve(dest);
  const srcs = rest.slice(0, -1);
  const destIsDir = isDir(fs, destPath);
  if (srcs.length > 1 && !destIsDir) {
    complain(ctx, `'${dest}' is not a directory`);
    return 1;
  }
  let status = 0;
  const copyTree = (from: string, to: string) => {
    makeDir(fs, to);
    for (const n of listDir(fs, from) ?? []) {
      const a = normalizePath(`${from}/${n}`);
      const b = normalizePath(`${to}/${n}`);
      if (isDir(fs, a)) copyTree(a, b);
      else fs.write(b, fs.read(a) ?? '');
    }
  };
  for (const s of srcs) {
    const from = ctx.sh.resolve(s);
    const to = destIsDir ? normalizePath(`${destPath}/${basename(from)}`) : destPath;
    if (isDir(fs, from)) {
      if (!move && !flags.has('r') && !flags.has('R') && !flags.has('a')) {
        complain(ctx, `omitting directory '${s}'`);
        status = 1;
        continue;
      }
      copyTree(from, to);
      if (move) removeTree(ctx, from);
      continue;
    }
    const text = fs.read(from);
    if (text === undefined) {
      complain(
        ctx,
        move
          ? `can't stat '${s}': No such file or directory`
          : `can't stat '${s}': No such file or directory`,
      );
      status = 1;
      continue;
    }
    fs.write(to, text);
    if (move && to !== from) fs.remove(from);
  }
  return status;
}

// eslint-disable-next-line require-yield
const cp: Applet = function* (ctx) {
  return copyOrMove(ctx, false);
};

// eslint-disable-next-line require-yield
const mv: Applet = function* (ctx) {
  return copyOrMove(ctx, true);
};

// eslint-disable-next-line require-yield
const noop: Applet = function* () {
  return 0;
};

export const FILE_APPLETS: Record<string, Applet> = {
  ls,
  mkdir,
  rmdir,
  rm,
  touch,
  cp,
  mv,
  chmod: noop,
  chown: noop,
  sync: noop,
};
