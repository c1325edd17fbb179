/** bash builtins and small utilities: echo, cd, export, alias, history, sleep, … */
import { VfsError } from '../vfs';
import { ExitRequest } from '../lang/interp';
import type { Cmd } from './types';

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function echoEscapes(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      text += s[i];
      continue;
    }
    const c = s[++i];
    const map: Record<string, string> = {
      n: '\n',
      t: '\t',
      '\\': '\\',
      a: '\x07',
      r: '\r',
      e: '\x1b',
      v: '\v',
      f: '\f',
      b: '\b',
    };
    if (c === 'c') return { text, stop: true };
    if (c in map) text += map[c];
    else text += '\\' + c;
  }
  return { text, stop: false };
}

const echo: Cmd = ({ argv, out }) => {
  let args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    for (const c of args[0].slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) {
    const r = echoEscapes(text);
    text = r.text;
    if (r.stop) newline = false;
  }
  out(text + (newline ? '\n' : ''));
  return 0;
};

const printf: Cmd = ({ argv, out, err }) => {
  if (argv.length < 2) {
    err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  const fmt = argv[1];
  const args = argv.slice(2);
  let i = 0;
  do {
    const text = fmt.replace(
      /%([-0-9.]*)([sdq%])|\\(.)/g,
      (m, width: string, conv: string, esc: string) => {
        if (esc !== undefined) return echoEscapes('\\' + esc).text;
        if (conv === '%') return '%';
        const a = args[i++] ?? '';
        const v = conv === 'd' ? String(parseInt(a, 10) || 0) : a;
        const w = parseInt(width, 10);
        if (!w) return v;
        return width.startsWith('-') ? v.padEnd(-w) : v.padStart(w);
      },
    );
    out(text);
  } while (i < args.length && i > 0);
  return 0;
};

const cd: Cmd = ({ argv, out, err, session }) => {
  const args = argv.slice(1).filter((a) => a !== '--');
  if (args.length > 1) {
    err('bash: cd: too many arguments\n');
    return 1;
  }
  let target = args[0] ?? session.vars.get('HOME') ?? '/';
  if (target === '-') {
    target = session.vars.get('OLDPWD') ?? '';
    if (!target) {
      err('bash: cd: OLDPWD not set\n');
      return 1;
    }
  }
  const before = session.vfs.cwd;
  try {
    session.vfs.chdir(target);
  } catch (e) {
    if (e instanceof VfsError) {
      err(`bash: cd: ${args[0] ?? target}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  session.vars.set('OLDPWD', before);
  session.vars.set('PWD', session.vfs.cwd);
  if (args[0] === '-') out(session.vfs.cwd + '\n');
  return 0;
};

const pwd: Cmd = ({ out, session }) => {
  out(session.vfs.cwd + '\n');
  return 0;
};

const exportCmd: Cmd = ({ argv, out, err, session }) => {
  const args = argv.slice(1);
  if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
    for (const k of [...session.exported].sort()) {
      const v = session.vars.get(k);
      out(
        v === undefined
          ? `declare -x ${k}\n`
          : `declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`,
      );
    }
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (a === '-n' || a === '-p') continue;
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME_RE.test(name)) {
      err(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (eq >= 0) session.vars.set(name, a.slice(eq + 1));
    session.exported.add(name);
  }
  return status;
};

const unset: Cmd = ({ argv, session }) => {
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue;
    session.vars.delete(a);
    session.exported.delete(a);
  }
  return 0;
};

const alias: Cmd = ({ argv, out, err, session }) => {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    for (const [k, v] of [...session.aliases].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out(`alias ${k}='${v.replace(/'/g, `'\\''`)}'\n`);
    }
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      const v = session.aliases.get(a);
      if (v === undefined) {
        err(`bash: alias: ${a}: not found\n`);
        status = 1;
      } else out(`alias ${a}='${v.replace(/'/g, `'\\''`)}'\n`);
      continue;
    }
    const name = a.slice(0, eq);
    if (!name || /[\s/$`=|&;()<>'"\\]/.test(name)) {
      err(`bash: alias: \`${name}': invalid alias name\n`);
      status = 1;
      continue;
    }
    session.aliases.set(name, a.slice(eq + 1));
  }
  return status;
};

const unalias: Cmd = ({ argv, err, session }) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    err('unalias: usage: unalias [-a] name [name ...]\n');
    return 2;
  }
  if (args[0] === '-a') {
    session.aliases.clear();
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (!session.aliases.delete(a)) {
      err(`bash: unalias: ${a}: not found\n`);
      status = 1;
    }
  }
  return status;
};

const env: Cmd = async (ctx) => {
  const args = ctx.argv.slice(1);
  const vars = { ...ctx.env };
  let i = 0;
  while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i])) {
    const eq = args[i].indexOf('=');
    vars[args[i].slice(0, eq)] = args[i].slice(eq + 1);
    i++;
  }
  if (i < args.length) {
    const fn = ctx.session.lookup(args[i]);
    if (!fn) {
      ctx.err(`env: ‘${args[i]}’: No such file or directory\n`);
      return 127;
    }
    return fn({ ...ctx, argv: args.slice(i), env: vars });
  }
  for (const [k, v] of Object.entries(vars)) ctx.out(`${k}=${v}\n`);
  return 0;
};

const history: Cmd = ({ argv, out, err, session }) => {
  const arg = argv[1];
  if (arg === '-c') {
    session.history.length = 0;
    return 0;
  }
  let start = 0;
  if (arg !== undefined) {
    if (!/^\d+$/.test(arg)) {
      err(`bash: history: ${arg}: numeric argument required\n`);
      return 1;
    }
    start = Math.max(0, session.history.length - Number(arg));
  }
  session.history.slice(start).forEach((line, i) => {
    out(`${String(start + i + 1).padStart(5)}  ${line}\n`);
  });
  return 0;
};

const clear: Cmd = ({ out }) => {
  out('\x1b[H\x1b[2J\x1b[3J');
  return 0;
};

/** coreutils sleep: NUMBER[smhd], several add up. */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(s);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
  return Number(m[1]) * unit * 1000;
}

const sleep: Cmd = async ({ argv, err, session, signal }) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let ms = 0;
  for (const a of args) {
    const d = parseDuration(a);
    if (d === undefined) {
      err(`sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    ms += d;
  }
  return (await session.sleep(Math.round(ms), signal)) ? 0 : 130;
};

const HELP_TEXT = `Commands in this terminal:

  kubectl (alias it: alias k=kubectl)      minikube status|ip|service|addons|node add|dashboard
  curl, wget       HTTP from this machine: NodePorts on 192.168.49.2, LoadBalancer IPs
  watch -n1 CMD    re-run a command every second (Ctrl-C stops it)
  sleep N          let N seconds of cluster time pass
  files            ls cd pwd mkdir rm touch cat tee
  text             echo printf grep head tail wc sort uniq cut awk tr base64 jq
  shell            export env alias unalias history clear help true false seq date

The language: quotes, $VAR, \${VAR}, $(...), &&, ||, ;, |, > >> < 2>&1, here-documents
(cat <<EOF | kubectl apply -f -), for/while/if, comments, and \\ to continue a line.
Keys: Tab completes, Up/Down walk the history, Ctrl-R searches it, Ctrl-C interrupts.
`;

const help: Cmd = ({ out }) => {
  out(HELP_TEXT);
  return 0;
};

const exit: Cmd = ({ argv, session }) => {
  const n = argv[1] === undefined ? session.status : Number(argv[1]) & 255;
  throw new ExitRequest(Number.isNaN(n) ? 2 : n);
};

const typeCmd: Cmd = ({ argv, out, err, session }) => {
  let status = 0;
  for (const name of argv.slice(1)) {
    const a = session.aliases.get(name);
    if (a !== undefined) out(`${name} is aliased to \`${a}'\n`);
    else if (session.lookup(name)) {
      out(BUILTINS.has(name) ? `${name} is a shell builtin\n` : `${name} is /usr/bin/${name}\n`);
    } else {
      err(`bash: type: ${name}: not found\n`);
      status = 1;
    }
  }
  return status;
};

const which: Cmd = ({ argv, out, session }) => {
  let status = 0;
  for (const name of argv.slice(1)) {
    if (session.lookup(name) && !BUILTINS.has(name)) out(`/usr/bin/${name}\n`);
    else status = 1;
  }
  return status;
};

const BUILTINS = new Set([
  'echo',
  'cd',
  'pwd',
  'export',
  'unset',
  'alias',
  'unalias',
  'history',
  'help',
  'exit',
  'type',
  'true',
  'false',
  'printf',
  'source',
  '.',
]);

const seq: Cmd = ({ argv, out, err }) => {
  const nums = argv.slice(1).map(Number);
  if (nums.length === 0 || nums.length > 3 || nums.some(Number.isNaN)) {
    err(
      nums.length === 0
        ? "seq: missing operand\nTry 'seq --help' for more information.\n"
        : `seq: invalid floating point argument: ‘${argv.slice(1).find((a) => Number.isNaN(Number(a)))}’\nTry 'seq --help' for more information.\n`,
    );
    return 1;
  }
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
  let text = '';
  for (let i = first; step > 0 ? i <= last : i >= last; i += step) text += `${i}\n`;
  out(text);
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date`'s default format in UTC: `Wed Jan  1 00:00:00 UTC 2025`. */
export function dateString(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const date: Cmd = ({ argv, out, session }) => {
  const ms = session.backend.now();
  if (argv[1] === '+%s') out(`${Math.floor(ms / 1000)}\n`);
  else if (argv[1] === '-u' || argv[1] === undefined) out(dateString(ms) + '\n');
  else out(new Date(ms).toISOString() + '\n');
  return 0;
};

const source: Cmd = async (ctx) => {
  const file = ctx.argv[1];
  if (file === undefined) {
    ctx.err(
      `bash: ${ctx.argv[0]}: filename argument required\n${ctx.argv[0]}: usage: ${ctx.argv[0]} filename [arguments]\n`,
    );
    return 2;
  }
  let text: string;
  try {
    text = ctx.session.vfs.readFile(file);
  } catch (e) {
    ctx.err(`bash: ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return ctx.session.runScript(text, { out: ctx.out, err: ctx.err }, ctx.signal);
};

const bash: Cmd = async (ctx) => {
  if (ctx.argv[1] === '-c') {
    if (ctx.argv[2] === undefined) {
      ctx.err(`${ctx.argv[0]}: -c: option requires an argument\n`);
      return 2;
    }
    return ctx.session.runScript(ctx.argv[2], { out: ctx.out, err: ctx.err }, ctx.signal);
  }
  if (ctx.argv[1] === undefined) {
    return ctx.session.runScript(ctx.stdin, { out: ctx.out, err: ctx.err }, ctx.signal);
  }
  const file = ctx.argv[1];
  try {
    return ctx.session.runScript(
      ctx.session.vfs.readFile(file),
      { out: ctx.out, err: ctx.err },
      ctx.signal,
    );
  } catch (e) {
    ctx.err(`${ctx.argv[0]}: ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 127;
  }
};

export const CORE: Record<string, Cmd> = {
  echo,
  printf,
  cd,
  pwd,
  export: exportCmd,
  unset,
  alias,
  unalias,
  env,
  printenv: env,
  history,
  clear,
  sleep,
  help,
  exit,
  type: typeCmd,
  which,
  seq,
  date,
  source,
  '.': source,
  bash,
  sh: bash,
  true: () => 0,
  false: () => 1,
  ':': () => 0,
};

/** `test` / `[`: strings, integers, files. */
const testCmd: Cmd = ({ argv, err, session }) => {
  let args = argv.slice(1);
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      err("bash: [: missing `]'\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  const vfs = session.vfs;
  const evalTest = (a: string[]): boolean => {
    if (a[0] === '!') return !evalTest(a.slice(1));
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== '';
    if (a.length === 2) {
      const [op, x] = a;
      if (op === '-n') return x !== '';
      if (op === '-z') return x === '';
      if (op === '-f') return vfs.isFile(x);
      if (op === '-d') return vfs.isDir(x);
      if (op === '-e') return vfs.exists(x);
      if (op === '-s') return vfs.isFile(x) && vfs.readFile(x) !== '';
      throw new Error(`${op}: unary operator expected`);
    }
    const [x, op, y] = a;
    const n = (v: string) => {
      if (!/^\s*-?\d+\s*$/.test(v)) throw new Error(`${v}: integer expression expected`);
      return Number(v);
    };
    switch (op) {
      case '=':
      case '==':
        return x === y;
      case '!=':
        return x !== y;
      case '-eq':
        return n(x) === n(y);
      case '-ne':
        return n(x) !== n(y);
      case '-lt':
        return n(x) < n(y);
      case '-le':
        return n(x) <= n(y);
      case '-gt':
        return n(x) > n(y);
      case '-ge':
        return n(x) >= n(y);
    }
    throw new Error(`${op}: binary operator expected`);
  };
  try {
    return evalTest(args) ? 0 : 1;
  } catch (e) {
    err(`bash: ${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
};

CORE.test = testCmd;
CORE['['] = testCmd;
