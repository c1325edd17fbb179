/**
 * `kubectl top pod|node` (k8s.io/kubectl/pkg/cmd/top): CPU and memory from the metrics API
 * (metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics); "Metrics API not available" without it.
 */
import { parseQuantity } from '../../cluster/api/quantity';
import { cmdError, KubectlError, statusError } from '../errors';
import { tabwrite } from '../printers/tabwriter';
import { JSON_ACCEPT } from '../transport';
import type { CommandContext } from './context';

interface Usage {
  cpu?: string;
  memory?: string;
}

interface PodMetrics {
  metadata: { name: string; namespace: string };
  containers: { name: string; usage: Usage }[];
}

interface NodeMetrics {
  metadata: { name: string };
  usage: Usage;
}

const METRICS = '/apis/metrics.k8s.io/v1beta1';

const milli = (q: string | undefined) => (q ? parseQuantity(q).milli : 0);
const bytes = (q: string | undefined) => (q ? parseQuantity(q).value : 0);
const cpuText = (m: number) => `${m}m`;
const memText = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

async function metricsAvailable(c: CommandContext): Promise<boolean> {
  // Upstream asks the uncached discovery client: an add-on enabled a moment ago counts.
  c.discovery.invalidate();
  const d = await c.discovery.get();
  return d.groups.some((g) => g.name === 'metrics.k8s.io' && g.versions.includes('v1beta1'));
}

async function getJson<T>(c: CommandContext, path: string, query: Record<string, string>) {
  const res = await c.transport.request({
    method: 'GET',
    path,
    query,
    headers: { accept: JSON_ACCEPT },
  });
  if (res.status >= 400) throw statusError(res.body, res.status);
  return res.body as T;
}

/** kubectl's metricsCreationDelay: a pod younger than this may have no metrics yet. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

/** A Go time.Duration as String() prints it: "2m3.5s", "45.25s". */
function goDuration(ms: number): string {
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = (rest / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/**
 * Why a list of pods has no metrics (upstream verifyEmptyMetrics): young pods have none yet;
 * an older one has none at all. Undefined when no pod matches.
 */
async function verifyEmptyMetrics(
  c: CommandContext,
  q: Record<string, string>,
  now: () => number,
): Promise<void> {
  const nsPath = c.flags.bool('all-namespaces') ? '' : `/namespaces/${c.namespace}`;
  const pods = await getJson<{
    items?: { metadata: { name: string; namespace: string; creationTimestamp?: string } }[];
  }>(c, `/api/v1${nsPath}/pods`, q);
  if (!pods.items?.length) return;
  for (const p of pods.items) {
    const age = now() - Date.parse(p.metadata.creationTimestamp ?? '');
    if (age > METRICS_CREATION_DELAY_MS)
      throw cmdError(
        `Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDuration(age)}`,
      );
  }
  throw cmdError('metrics not available yet');
}

export async function runTop(
  path: string,
  c: CommandContext,
  now: () => number = () => Date.now(),
): Promise<number> {
  if (path === 'top') {
    c.out(
      'Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse "kubectl <command> --help" for more information about a command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
    );
    return 0;
  }
  const f = c.flags;
  const sortBy = f.str('sort-by');
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory')
    throw cmdError(`--sort-by accepts only cpu or memory`);
  const args = c.args;
  if (args.length > 1)
    throw new KubectlError(`error: only one of NAME or selector can be provided`);
  if (!(await metricsAvailable(c))) throw cmdError('Metrics API not available');
  const q: Record<string, string> = {};
  if (f.str('selector')) q.labelSelector = f.str('selector');
  const rows: string[] = [];
  if (path === 'top node') {
    let items: NodeMetrics[];
    if (args[0]) items = [await getJson<NodeMetrics>(c, `${METRICS}/nodes/${args[0]}`, {})];
    else items = (await getJson<{ items: NodeMetrics[] }>(c, `${METRICS}/nodes`, q)).items ?? [];
    if (!items.length) throw cmdError('metrics not available yet');
    const nodes = await getJson<{
      items: { metadata: { name: string }; status?: { allocatable?: Usage } }[];
    }>(c, '/api/v1/nodes', q);
    const alloc = new Map(nodes.items.map((n) => [n.metadata.name, n.status?.allocatable ?? {}]));
    if (sortBy === 'cpu') items.sort((a, b) => milli(b.usage.cpu) - milli(a.usage.cpu));
    if (sortBy === 'memory') items.sort((a, b) => bytes(b.usage.memory) - bytes(a.usage.memory));
    if (!f.bool('no-headers')) rows.push('NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t');
    for (const m of items) {
      const a = alloc.get(m.metadata.name) ?? {};
      const cpu = milli(m.usage.cpu);
      const mem = bytes(m.usage.memory);
      const cpuPct = milli(a.cpu) ? Math.floor((cpu * 100) / milli(a.cpu)) : 0;
      const memPct = bytes(a.memory) ? Math.floor((mem * 100) / bytes(a.memory)) : 0;
      rows.push(`${m.metadata.name}\t${cpuText(cpu)}\t${cpuPct}%\t${memText(mem)}\t${memPct}%\t`);
    }
    c.out(tabwrite(rows.join('\n') + '\n'));
    return 0;
  }
  const allNs = f.bool('all-namespaces');
  const nsPath = allNs ? '' : `/namespaces/${c.namespace}`;
  let items: PodMetrics[];
  if (args[0]) items = [await getJson<PodMetrics>(c, `${METRICS}${nsPath}/pods/${args[0]}`, {})];
  else
    items = (await getJson<{ items: PodMetrics[] }>(c, `${METRICS}${nsPath}/pods`, q)).items ?? [];
  if (!items.length) {
    await verifyEmptyMetrics(c, q, now);
    c.err(allNs ? 'No resources found\n' : `No resources found in ${c.namespace} namespace.\n`);
    return 0;
  }
  const sum = (m: PodMetrics, k: 'cpu' | 'memory') =>
    m.containers.reduce(
      (s, x) => s + (k === 'cpu' ? milli(x.usage.cpu) : bytes(x.usage.memory)),
      0,
    );
  if (sortBy) items.sort((a, b) => sum(b, sortBy as 'cpu') - sum(a, sortBy as 'cpu'));
  const containers = f.bool('containers');
  if (!f.bool('no-headers')) {
    const head = [allNs ? 'NAMESPACE' : '', 'NAME', containers ? 'NAME' : ''].filter(Boolean);
    if (containers) head[head.length - 2] = 'POD';
    rows.push([...head, 'CPU(cores)', 'MEMORY(bytes)', ''].join('\t'));
  }
  let cpuSum = 0;
  let memSum = 0;
  for (const m of items) {
    const lead = allNs ? `${m.metadata.namespace}\t` : '';
    if (containers) {
      for (const x of m.containers)
        rows.push(
          `${lead}${m.metadata.name}\t${x.name}\t${cpuText(milli(x.usage.cpu))}\t${memText(bytes(x.usage.memory))}\t`,
        );
    } else
      rows.push(
        `${lead}${m.metadata.name}\t${cpuText(sum(m, 'cpu'))}\t${memText(sum(m, 'memory'))}\t`,
      );
    cpuSum += sum(m, 'cpu');
    memSum += sum(m, 'memory');
  }
  if (f.bool('sum')) {
    const pad = (allNs ? 1 : 0) + (containers ? 1 : 0);
    rows.push(`${'\t'.repeat(pad + 1)}________\t________\t`);
    rows.push(`${'\t'.repeat(pad + 1)}${cpuText(cpuSum)}\t${memText(memSum)}\t`);
  }
  c.out(tabwrite(rows.join('\n') + '\n'));
  return 0;
}
