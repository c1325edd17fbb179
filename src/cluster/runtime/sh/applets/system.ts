/** System applets: date, sleep, env, printenv, hostname, whoami, id, uname, ps, nproc, true, false. */
import type { Applet, AppletContext } from '../interp';
import { WaitQueue } from '../sched';
import { getopts } from './util';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const p2 = (n: number) => String(n).padStart(2, '0');

/** strftime in UTC (containers here have no TZ data), for `date +FORMAT`. */
export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const wd = d.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86400000) + 1;
  return fmt.replace(/%([-_0]?)([a-zA-Z%+])/g, (all, flag: string, c: string) => {
    let v: string;
    switch (c) {
      case 'Y':
        return String(Y);
      case 'y':
        v = p2(Y % 100);
        break;
      case 'C':
        v = p2(Math.floor(Y / 100));
        break;
      case 'm':
        v = p2(m + 1);
        break;
      case 'd':
        v = p2(day);
        break;
      case 'e':
        v = String(day).padStart(2, ' ');
        break;
      case 'H':
        v = p2(H);
        break;
      case 'k':
        v = String(H).padStart(2, ' ');
        break;
      case 'I':
        v = p2(H % 12 || 12);
        break;
      case 'l':
        v = String(H % 12 || 12).padStart(2, ' ');
        break;
      case 'M':
        v = p2(M);
        break;
      case 'S':
        v = p2(S);
        break;
      case 'N':
        return String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0');
      case 's':
        return String(Math.floor(ms / 1000));
      case 'T':
        return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case 'R':
        return `${p2(H)}:${p2(M)}`;
      case 'D':
        return `${p2(m + 1)}/${p2(day)}/${p2(Y % 100)}`;
      case 'F':
        return `${Y}-${p2(m + 1)}-${p2(day)}`;
      case 'r':
        return `${p2(H % 12 || 12)}:${p2(M)}:${p2(S)} ${H < 12 ? 'AM' : 'PM'}`;
      case 'c':
        return `${DAYS[wd]} ${MONTHS[m]} ${String(day).padStart(2, ' ')} ${p2(H)}:${p2(M)}:${p2(S)} ${Y}`;
      case 'x':
        return `${p2(m + 1)}/${p2(day)}/${p2(Y % 100)}`;
      case 'X':
        return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case 'a':
        return DAYS[wd];
      case 'A':
        return FULL_DAYS[wd];
      case 'b':
      case 'h':
        return MONTHS[m];
      case 'B':
        return FULL_MONTHS[m];
      case 'p':
        return H < 12 ? 'AM' : 'PM';
      case 'P':
        return H < 12 ? 'am' : 'pm';
      case 'j':
        v = String(yday).padStart(3, '0');
        break;
      case 'u':
        return String(wd || 7);
      case 'w':
        return String(wd);
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      case '+':
        return strftime('%a %b %e %H:%M:%S %Z %Y', ms);
      default:
        return all;
    }
    if (flag === '-') return v.replace(/^[0 ]+(?=.)/, '');
    if (flag === '_') return v.replace(/^0+(?=.)/, (z) => ' '.repeat(z.length));
    return v;
  });
}

/** Parses what `date -d` accepts here: @EPOCH and ISO-like dates. */
function parseDate(s: string): number | undefined {
  if (/^@-?[0-9]+$/.test(s)) return Number(s.slice(1)) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(s.trim());
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  return undefined;
}

// eslint-disable-next-line require-yield
const date: Applet = function* (ctx) {
  const { flags, rest } = getopts(ctx.argv.slice(1), 'dDr');
  let ms = ctx.sh.env.clock.now();
  if (flags.has('d')) {
    const t = parseDate(flags.get('d')!);
    if (t === undefined) {
      ctx.io.stderr.write(`date: invalid date '${flags.get('d')}'\n`);
      return 1;
    }
    ms = t;
  }
  let fmt = '%a %b %e %H:%M:%S %Z %Y';
  if (flags.has('I')) fmt = '%Y-%m-%d';
  if (flags.has('R')) fmt = '%a, %d %b %Y %H:%M:%S %z';
  const f = rest.find((a) => a.startsWith('+'));
  if (f) fmt = f.slice(1);
  else if (rest.length) {
    ctx.io.stderr.write(`date: can't set date: Operation not permitted\n`);
    return 1;
  }
  ctx.io.stdout.write(strftime(fmt, ms) + '\n');
  return 0;
};

const sleep: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  if (!args.length) {
    ctx.io.stderr.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n',
    );
    return 1;
  }
  let ms = 0;
  for (const a of args) {
    if (a === 'inf' || a === 'infinity') {
      ms = Infinity;
      continue;
    }
    const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
    if (!m) {
      ctx.io.stderr.write(`sleep: invalid number '${a}'\n`);
      return 1;
    }
    ms += Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]!;
  }
  const thread = ctx.sh.thread;
  if (ms === Infinity) {
    // Nothing wakes it but a signal.
    yield { t: 'block', on: new WaitQueue(), interruptible: true };
    return 130;
  }
  const until = ctx.sh.env.clock.now() + Math.round(ms);
  if (until <= ctx.sh.env.clock.now()) {
    // `sleep 0` lets others run but takes no time: a timer at +0 in a loop would never let the
    // clock move on.
    yield { t: 'step' };
    return 0;
  }
  while (ctx.sh.env.clock.now() < until) {
    yield { t: 'sleep', ms: until - ctx.sh.env.clock.now() };
    if (thread.pendingSignals.length) return 128 + 2;
  }
  return 0;
};

function printEnv(ctx: AppletContext, env: Record<string, string>): void {
  ctx.io.stdout.write(
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
}

const env: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  let vars = ctx.sh.environ();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-i' || a === '-') vars = {};
    else if (a === '-u') delete vars[args[++i]];
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const eq = a.indexOf('=');
      vars[a.slice(0, eq)] = a.slice(eq + 1);
    } else break;
  }
  if (i >= args.length) {
    printEnv(ctx, vars);
    return 0;
  }
  // Run a command with that environment: in a child shell whose exported variables are `vars`.
  const child = ctx.sh.clone();
  child.vars = new Map(Object.entries(vars));
  child.exported = new Set(child.vars.keys());
  const t = child.startThread(
    args.slice(i).join(' '),
    (sh) => sh.runCommand(args.slice(i), ctx.io),
    ctx.sh.thread,
  );
  while (t.state !== 'done') yield { t: 'block', on: t.done };
  return t.exitCode;
};

// eslint-disable-next-line require-yield
const printenv: Applet = function* (ctx) {
  const vars = ctx.sh.environ();
  const names = ctx.argv.slice(1);
  if (!names.length) {
    printEnv(ctx, vars);
    return 0;
  }
  let status = 0;
  for (const n of names) {
    if (n in vars) ctx.io.stdout.write(vars[n] + '\n');
    else status = 1;
  }
  return status;
};

// eslint-disable-next-line require-yield
const hostname: Applet = function* (ctx) {
  const { flags } = getopts(ctx.argv.slice(1));
  if (flags.has('i')) ctx.io.stdout.write(ctx.sh.env.podIP + '\n');
  else if (flags.has('s')) ctx.io.stdout.write(ctx.sh.env.hostname.split('.')[0] + '\n');
  else ctx.io.stdout.write(ctx.sh.env.hostname + '\n');
  return 0;
};

// eslint-disable-next-line require-yield
const whoami: Applet = function* ({ io }) {
  io.stdout.write('root\n');
  return 0;
};

// eslint-disable-next-line require-yield
const id: Applet = function* ({ argv, io }) {
  const { flags } = getopts(argv.slice(1));
  if (flags.has('u') || flags.has('g')) io.stdout.write(flags.has('n') ? 'root\n' : '0\n');
  else io.stdout.write('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
  return 0;
};

// eslint-disable-next-line require-yield
const uname: Applet = function* (ctx) {
  const { flags } = getopts(ctx.argv.slice(1));
  const host = ctx.sh.env.hostname;
  const parts: string[] = [];
  const all = flags.has('a');
  if (all || flags.has('s') || flags.size === 0) parts.push('Linux');
  if (all || flags.has('n')) parts.push(host);
  if (all || flags.has('r')) parts.push('6.1.0');
  if (all || flags.has('v')) parts.push('#1 SMP PREEMPT_DYNAMIC');
  if (all || flags.has('m')) parts.push('x86_64');
  if (all || flags.has('o')) parts.push('GNU/Linux');
  ctx.io.stdout.write(parts.join(' ') + '\n');
  return 0;
};

// eslint-disable-next-line require-yield
const ps: Applet = function* (ctx) {
  const sched = ctx.sh.sched;
  const rows = [...sched.threads.values()].sort((a, b) => a.pid - b.pid);
  let out = 'PID   USER     TIME  COMMAND\n';
  // Simulated programs use no measurable CPU time, so TIME stays 0:00 as for idle shells.
  for (const t of rows) out += `${String(t.pid).padStart(5)} root      0:00 ${t.command}\n`;
  ctx.io.stdout.write(out);
  return 0;
};

// eslint-disable-next-line require-yield
const nproc: Applet = function* ({ io }) {
  io.stdout.write('1\n');
  return 0;
};

// eslint-disable-next-line require-yield
const trueApplet: Applet = function* () {
  return 0;
};

// eslint-disable-next-line require-yield
const falseApplet: Applet = function* () {
  return 1;
};

export const SYSTEM_APPLETS: Record<string, Applet> = {
  date,
  sleep,
  env,
  printenv,
  hostname,
  whoami,
  id,
  uname,
  ps,
  nproc,
  true: trueApplet,
  false: falseApplet,
};
