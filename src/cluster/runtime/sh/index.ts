/**
 * The container shell: a POSIX sh subset with busybox applets, run on the virtual clock. The
 * kubelet starts a container's command with `spawn` and exec probes / `kubectl exec` with `run`.
 * See README.md in this folder.
 */
import type { ShellHost, ShellProcess } from './host';
import { SIGNALS, Shell, type ShellEnv } from './interp';
import { runShellCommand } from './builtins';
import { EMPTY_READER, Scheduler, StringReader } from './sched';
import { basename, normalizePath } from './paths';

export type { ShellHost, ShellProcess } from './host';

const SHELLS = new Set(['sh', 'ash', 'bash', 'dash']);
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function start(
  argv: string[],
  host: ShellHost,
  onExit: (code: number) => void,
  stdin: string | undefined,
  firstPid: number,
): ShellProcess {
  const clock = host.clock;
  let exited = false;
  const holder: { shell?: Shell } = {};
  const sched = new Scheduler(clock, firstPid, (_t, err) => holder.shell!.errorCode(err));
  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    sched.stop();
    clock.schedule(() => onExit(code), 0);
  };
  const env: ShellEnv = {
    clock,
    random: host.random,
    network: host.network,
    fs: host.fs,
    hostname: host.hostname,
    podIP: host.podIP,
    stdout: { write: (s) => !exited && s && host.stdout(s) },
    stderr: { write: (s) => !exited && s && host.stderr(s) },
  };
  const sh = new Shell(env, sched);
  holder.shell = sh;
  const vars: [string, string][] = Object.entries(host.env);
  if (!('PATH' in host.env)) vars.unshift(['PATH', DEFAULT_PATH]);
  if (!('HOSTNAME' in host.env)) vars.splice(1, 0, ['HOSTNAME', host.hostname]);
  if (!('HOME' in host.env)) vars.push(['HOME', '/root']);
  for (const [k, v] of vars) sh.setVar(k, v, true);
  // The container's working directory: the kubelet passes spec.workingDir as PWD when set.
  const pwd = host.env.PWD;
  sh.cwd = pwd && pwd.startsWith('/') ? normalizePath(pwd) : '/';
  sh.rootPid = firstPid;
  sh.stdin = stdin === undefined ? EMPTY_READER : new StringReader(stdin);
  const io = sh.baseIO();
  const isShell = argv.length > 0 && SHELLS.has(basename(argv[0]));
  const main = sh.startThread(
    argv.join(' ') || 'sh',
    (s) =>
      isShell
        ? runShellCommand(s, argv, io, true)
        : argv.length
          ? s.runCommand(argv, io)
          : emptyCommand(),
    undefined,
  );
  main.onDone = (code) => finish(code);

  return {
    signal(sig) {
      if (exited) return;
      if (sig === 'KILL') return finish(137);
      const action = sh.traps.get(sig);
      if (action === '') return;
      if (action === undefined) return finish(128 + SIGNALS[sig]);
      main.pendingSignals.push(sig);
      sched.interrupt(main);
    },
    get exited() {
      return exited;
    },
    cpuMillis() {
      return !exited && sched.isBusy() ? 1000 : 0;
    },
  };
}

// eslint-disable-next-line require-yield
function* emptyCommand(): Generator<never, number, void> {
  return 0;
}

/**
 * Runs a command line as a container process: argv is the container's command+args, e.g.
 * ["sh","-c","..."], ["/bin/sh","-c","..."], ["echo","hi"], ["sleep","3600"], ["env"].
 * `onExit(code)` is called once, on the virtual clock. `stdin` is what the process reads (for
 * `kubectl exec -i` and `cat`); undefined means an empty, closed stdin. Nothing runs until the
 * clock advances (tick(0) is enough to start).
 */
export function spawn(
  argv: string[],
  host: ShellHost,
  onExit: (code: number) => void,
  stdin?: string,
): ShellProcess {
  return start(argv, host, onExit, stdin, 1);
}

/** Convenience for exec probes and `kubectl exec -- cmd`: runs argv and reports collected output. */
export function run(
  argv: string[],
  host: Omit<ShellHost, 'stdout' | 'stderr'>,
  done: (r: { stdout: string; stderr: string; exitCode: number }) => void,
  stdin?: string,
): ShellProcess {
  let stdout = '';
  let stderr = '';
  const full: ShellHost = {
    clock: host.clock,
    random: host.random,
    network: host.network,
    fs: host.fs,
    hostname: host.hostname,
    podIP: host.podIP,
    env: host.env,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  };
  // An exec'd process is not the container's first one; its pid only shows in `$$` and `ps`.
  return start(argv, full, (exitCode) => done({ stdout, stderr, exitCode }), stdin, 7);
}
