/**
 * Tab completion for the terminal: command names, kubectl's commands and flags, resource types
 * from discovery, object names from the live cluster (pods for logs/exec, containers for -c,
 * namespaces for -n), minikube's subcommands, and file names from the virtual filesystem.
 */
import { contextNamespace } from '../kubectl/kubeconfig';
import { flagsOf, globalFlags } from '../kubectl/flags/spec';
import { findResource, resourcePath } from '../kubectl/resource/mapper';
import type { Shell } from './Shell';
import { COMMANDS } from './commands';
import { ALL_COMMANDS } from '../kubectl';

export interface Completion {
  /** Where the word being completed starts in the line. */
  from: number;
  /** Whole replacements for that word, sorted. */
  candidates: string[];
}

/** kubectl's commands, as kubectl itself knows them. */
const KUBECTL_COMMANDS = ALL_COMMANDS;

/** Commands whose first argument is a pod. */
const POD_COMMANDS = new Set(['logs', 'exec', 'attach', 'port-forward']);
/** Commands whose arguments are TYPE [NAME...]. */
const TYPE_COMMANDS = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'explain',
  'scale',
  'patch',
  'wait',
  'autoscale',
  'expose',
  'cordon',
  'uncordon',
  'drain',
  'taint',
  'top',
]);
const MINIKUBE = [
  'addons',
  'dashboard',
  'ip',
  'kubectl',
  'node',
  'service',
  'start',
  'status',
  'stop',
  'version',
];
const OUTPUTS = ['custom-columns=', 'go-template=', 'json', 'jsonpath=', 'name', 'wide', 'yaml'];

interface Obj {
  metadata: { name: string };
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
}

export async function complete(shell: Shell, line: string, cursor: number): Promise<Completion> {
  const before = line.slice(0, cursor);
  // The current command: after the last |, ;, && or ||.
  const segment = before.split(/\|\||&&|[|;&(]/).pop() ?? '';
  const words = segment.trimStart().split(/\s+/);
  const current = words.pop() ?? '';
  const from = cursor - current.length;
  const done = (candidates: string[]) => ({
    from,
    candidates: [...new Set(candidates.filter((c) => c.startsWith(current)))].sort(),
  });
  if (words.length === 0) {
    if (current.includes('/')) return done(files(shell, current));
    return done([...Object.keys(COMMANDS), ...shell.aliases.keys()]);
  }
  let argv = words;
  const alias = shell.aliases.get(words[0]);
  if (alias !== undefined) argv = [...alias.trim().split(/\s+/), ...words.slice(1)];
  const prev = argv[argv.length - 1];
  try {
    if (argv[0] === 'kubectl') return done(await kubectlWords(shell, argv.slice(1), prev, current));
    if (argv[0] === 'minikube') {
      if (argv.length === 1) return done(MINIKUBE);
      if (argv[1] === 'addons' && argv.length === 2) return done(['disable', 'enable', 'list']);
      if (argv[1] === 'service' && argv.length === 2)
        return done(await names(shell, 'services', contextNamespace(shell.kubeconfig, '')));
    }
    if (argv[0] === 'cd') return done(files(shell, current).filter((f) => f.endsWith('/')));
  } catch {
    // Completion never breaks typing: with no answer from the cluster there is nothing to offer.
  }
  return done(files(shell, current));
}

function files(shell: Shell, current: string): string[] {
  const slash = current.lastIndexOf('/');
  const dir = slash < 0 ? '' : current.slice(0, slash + 1);
  try {
    const list = shell.vfs.list(dir === '' ? '.' : dir);
    return list.map((n) => dir + n + (shell.vfs.isDir(dir + n) ? '/' : ''));
  } catch {
    return [];
  }
}

async function names(shell: Shell, type: string, namespace: string): Promise<string[]> {
  const d = await shell.discovery.get();
  const r = findResource(d, type);
  if (!r) return [];
  const res = await shell.transport.request({ method: 'GET', path: resourcePath(r, namespace) });
  if (res.status !== 200) return [];
  return ((res.body as { items?: Obj[] }).items ?? []).map((o) => o.metadata.name);
}

async function kubectlWords(
  shell: Shell,
  args: string[],
  prev: string,
  current: string,
): Promise<string[]> {
  // The namespace the command is aimed at.
  let namespace = contextNamespace(shell.kubeconfig, '');
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '--namespace') namespace = args[++i] ?? namespace;
    else if (a.startsWith('--namespace=')) namespace = a.slice(12);
    else if (
      /^-[a-zA-Z]$/.test(a) &&
      i + 1 < args.length &&
      !['-A', '-w', '-i', '-t', '-h'].includes(a)
    )
      i++;
    else if (!a.startsWith('-')) positional.push(a);
  }
  const verb = positional[0];
  if (prev === '-n' || prev === '--namespace') return names(shell, 'namespaces', '');
  if (prev === '-f' || prev === '--filename') return files(shell, current);
  if (prev === '-o' || prev === '--output') return OUTPUTS;
  if (prev === '-c' || prev === '--container') {
    const pod = positional[1]?.replace(/^(pods?|po)\//, '');
    if (!pod) return [];
    const res = await shell.transport.request({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`,
    });
    if (res.status !== 200) return [];
    const spec = (res.body as Obj).spec;
    return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name);
  }
  if (current.startsWith('-')) {
    const path =
      verb === 'rollout' || verb === 'config' || verb === 'create'
        ? `${verb} ${positional[1] ?? ''}`.trim()
        : verb;
    let specs;
    try {
      specs = [...(verb ? flagsOf(path) : []), ...globalFlags()];
    } catch {
      specs = globalFlags();
    }
    const out: string[] = [];
    for (const f of specs) {
      out.push(`--${f.name}${f.type === 'bool' ? '' : '='}`);
      if (f.shorthand) out.push(`-${f.shorthand}`);
    }
    return out;
  }
  if (positional.length === 0) return KUBECTL_COMMANDS;
  if (verb === 'rollout' && positional.length === 1) {
    return ['history', 'pause', 'restart', 'resume', 'status', 'undo'];
  }
  if (verb === 'config' && positional.length === 1) {
    return ['current-context', 'get-contexts', 'set-context', 'use-context', 'view'];
  }
  if (POD_COMMANDS.has(verb) && positional.length === 1) return names(shell, 'pods', namespace);
  const typeIndex = verb === 'rollout' ? 2 : 1;
  if (TYPE_COMMANDS.has(verb) || verb === 'rollout') {
    if (verb === 'cordon' || verb === 'uncordon' || verb === 'drain' || verb === 'taint') {
      if (positional.length === 1) return names(shell, 'nodes', '');
    }
    if (positional.length === typeIndex) {
      const d = await shell.discovery.get();
      const slash = current.indexOf('/');
      if (slash > 0) {
        const type = current.slice(0, slash);
        return (await names(shell, type, namespace)).map((n) => `${type}/${n}`);
      }
      const types = new Set<string>();
      for (const r of d.resources) {
        if (!r.preferred || r.name.includes('/')) continue;
        types.add(r.name);
        if (r.singular) types.add(r.singular);
        for (const s of r.shortNames) types.add(s);
      }
      if (verb === 'get') types.add('all');
      return [...types];
    }
    const type = positional[typeIndex];
    if (type && !type.includes('/') && !type.includes(',')) return names(shell, type, namespace);
  }
  return files(shell, current);
}
