/**
 * kubectl v1.32, over a Transport: `runKubectl(args, io)` parses the command line as cobra and
 * pflag do, runs the command and returns its exit code. Output goes through `io.stdout` and
 * `io.stderr` exactly as the real kubectl writes it.
 */
import { runApiResources } from './cmd/apiresources';
import { runApiVersions } from './cmd/apiversions';
import { CONFIG_SUBCOMMANDS, runConfig } from './cmd/config';
import type { CommandContext } from './cmd/context';
import { runGet } from './cmd/get';
import { INSPECT_COMMANDS, runInspect } from './cmd/inspect';
import { MUTATE_COMMANDS, mutatePath, runMutate, typedPathWords } from './cmd/mutate';
import { runVersion } from './cmd/version';
import { topPath, runWorkload, WORKLOAD_COMMANDS } from './cmd/workload';
import type { PortForwardTarget, PortPair } from './cmd/workload';
import { Discovery } from './discovery';
import { KubectlError } from './errors';
import { FlagError, Flags, parseFlags } from './flags/parser';
import { flagsOf, globalFlags } from './flags/spec';
import type { FlagSpec } from './flags/spec';
import { HELP } from './help/text';
import { contextNamespace, minikubeConfig } from './kubeconfig';
import type { KubeConfig } from './kubeconfig';
import { filesFromRecord } from './manifest';
import type { KubectlFiles } from './manifest';
import type { Transport } from './transport';

export type { Transport } from './transport';
export { HttpTransport, InProcessTransport } from './transport';
export type { KubeConfig } from './kubeconfig';
export { minikubeConfig } from './kubeconfig';
export type { PortForwardTarget, PortPair } from './cmd/workload';

export interface KubectlIO {
  transport: Transport;
  stdout(text: string): void;
  stderr(text: string): void;
  stdin?: string;
  signal?: AbortSignal;
  env?: Record<string, string>;
  /** The session's kubeconfig; changed in place by `config set-context` and `use-context`. */
  kubeconfig?: KubeConfig;
  /** Files `-o jsonpath-file=` and `custom-columns-file=` may read, by path. */
  files?: Record<string, string>;
  /** Discovery kept across commands of one session. */
  discovery?: Discovery;
  /** Files and directories `-f` and `--from-file` read (else `files` is used). */
  fs?: KubectlFiles;
  /** Opens an editor on the text (`kubectl edit`); undefined when the edit is cancelled. */
  edit?: (text: string) => Promise<string | undefined>;
  /** Stores the text of an edit that could not be saved (`kubectl edit`); the file's path. */
  keepEdit?: (text: string) => string | undefined;
  /** The client's clock in milliseconds (ages in describe and events); Date.now by default. */
  now?: () => number;
  /**
   * Waits `ms` of the cluster's time (drain's retries, `wait`'s polls, `run --attach`); an
   * in-process caller whose clock moves only on command advances the virtual clock here.
   * Wall-clock time by default.
   */
  sleep?: (ms: number) => Promise<void>;
  /**
   * `kubectl port-forward`: registers the forward so that connections to the local ports (the
   * shell's `curl localhost:PORT`) reach the pod's ports; returns the function that removes it,
   * called when the command is interrupted (`signal`). Without it port-forward cannot listen.
   */
  portForward?: (pod: PortForwardTarget, ports: PortPair[]) => (() => void) | void;
}

/** Every command of the real kubectl, for cobra's "unknown command" suggestions and completion. */
export const ALL_COMMANDS = [
  'annotate',
  'api-resources',
  'api-versions',
  'apply',
  'attach',
  'auth',
  'autoscale',
  'certificate',
  'cluster-info',
  'completion',
  'config',
  'cordon',
  'cp',
  'create',
  'debug',
  'delete',
  'describe',
  'diff',
  'drain',
  'edit',
  'events',
  'exec',
  'explain',
  'expose',
  'get',
  'help',
  'kustomize',
  'label',
  'logs',
  'options',
  'patch',
  'plugin',
  'port-forward',
  'proxy',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'top',
  'uncordon',
  'version',
  'wait',
];

const IMPLEMENTED = [
  'get',
  'api-resources',
  'api-versions',
  'version',
  'config',
  'options',
  'explain',
  ...MUTATE_COMMANDS,
  ...INSPECT_COMMANDS,
  ...WORKLOAD_COMMANDS,
];

const HELP_FLAG: FlagSpec = { name: 'help', shorthand: 'h', type: 'bool', defaultText: 'false' };

/** cobra's stripFlags: the words of the command path, skipping flags and their values. */
function commandWords(args: string[], globals: FlagSpec[]): string[] {
  const bools = new Set(
    globals.filter((f) => f.type === 'bool').flatMap((f) => [`--${f.name}`, `-${f.shorthand}`]),
  );
  bools.add('--help');
  bools.add('-h');
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a.startsWith('--')) {
      if (!a.includes('=') && !bools.has(a)) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      if (a.length === 2 && !bools.has(a)) i++;
    } else words.push(a);
  }
  return words;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length][b.length];
}

function unknownCommand(name: string): string {
  const suggestions = ALL_COMMANDS.filter(
    (c) =>
      c !== 'help' && (levenshtein(name.toLowerCase(), c) <= 2 || c.startsWith(name.toLowerCase())),
  );
  let msg = `Error: unknown command "${name}" for "kubectl"\n`;
  if (suggestions.length)
    msg += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
  return msg + "\nRun 'kubectl --help' for usage.\n";
}

export async function runKubectl(args: string[], io: KubectlIO): Promise<number> {
  const globals = globalFlags();
  const words = commandWords(args, globals);
  const command = words[0];
  if (command === undefined) {
    io.stdout(HELP['']);
    return 0;
  }
  if (!ALL_COMMANDS.includes(command)) {
    if (args[0].startsWith('-')) {
      io.stderr(`Error: flags cannot be placed before plugin name: ${args[0]}\n`);
      return 1;
    }
    io.stderr(unknownCommand(command));
    return 1;
  }
  if (!IMPLEMENTED.includes(command)) {
    io.stderr(`error: "kubectl ${command}" is not available in this playground yet\n`);
    return 1;
  }
  let path = command;
  const sub = command === 'config' ? words[1] : undefined;
  if (sub && CONFIG_SUBCOMMANDS.includes(sub))
    path = `config ${sub === 'use' ? 'use-context' : sub}`;
  const mutating = MUTATE_COMMANDS.includes(command);
  if (mutating) path = mutatePath(words);
  if (command === 'top') path = topPath(words);
  const specs = [...flagsOf(path), ...globals, HELP_FLAG];
  let flags: Flags;
  try {
    flags = new Flags(parseFlags(args, specs));
  } catch (e) {
    if (e instanceof FlagError) {
      io.stderr(`Error: ${e.message}\nSee 'kubectl ${path} --help' for usage.\n`);
      return 1;
    }
    throw e;
  }
  if (flags.bool('help')) {
    io.stdout(HELP[path]);
    return 0;
  }
  // The positional arguments after the command path.
  const positional = [...flags.args];
  for (const w of mutating || command === 'top' ? typedPathWords(words, path) : path.split(' ')) {
    const i = positional.indexOf(w === 'use-context' && sub === 'use' ? 'use' : w);
    if (i >= 0) positional.splice(i, 1);
  }
  const server = flags.str('server') || io.env?.KUBERNETES_SERVER || 'https://192.168.49.2:8443';
  const kubeconfig = io.kubeconfig ?? minikubeConfig(server);
  const explicitNamespace = flags.changed('namespace') && path !== 'config set-context';
  const ctx: CommandContext = {
    flags,
    args: positional,
    transport: io.transport,
    discovery: io.discovery ?? new Discovery(io.transport),
    kubeconfig,
    namespace: explicitNamespace
      ? flags.str('namespace')
      : contextNamespace(kubeconfig, flags.str('context')),
    explicitNamespace,
    out: io.stdout,
    err: io.stderr,
    signal: io.signal,
  };
  try {
    switch (command) {
      case 'get':
        return await runGet(ctx, io.files);
      case 'api-resources':
        return await runApiResources(ctx);
      case 'api-versions':
        return await runApiVersions(ctx);
      case 'explain':
        // Loaded when first used, like describe: the page's Worker boots without them.
        return await (await import('./cmd/explain')).runExplain(ctx);
      case 'version':
        return await runVersion(ctx);
      case 'options':
        io.stdout(HELP['options']);
        return 0;
      case 'config':
        return await runConfig(sub, { ...ctx, args: positional });
    }
    if (INSPECT_COMMANDS.includes(command)) return await runInspect(command, ctx, io.now);
    if (WORKLOAD_COMMANDS.includes(command))
      return await runWorkload(path, ctx, {
        stdin: io.stdin,
        now: io.now,
        sleep: io.sleep,
        portForward: io.portForward,
      });
    if (mutating) {
      return await runMutate(path, ctx, {
        fs: io.fs ?? filesFromRecord(io.files ?? {}),
        stdin: io.stdin,
        edit: io.edit,
        keepEdit: io.keepEdit,
        help: (p) => HELP[p] ?? '',
      });
    }
    return 0;
  } catch (e) {
    if (e instanceof KubectlError) {
      io.stderr(e.output.endsWith('\n') ? e.output : e.output + '\n');
      return e.exitCode;
    }
    if (e instanceof TypeError && /fetch/i.test(e.message)) {
      io.stderr(
        `The connection to the server ${server.replace(/^\w+:\/\//, '')} was refused - did you specify the right host or port?\n`,
      );
      return 1;
    }
    throw e;
  }
}
