/**
 * `npm run cluster -- --port 8001 [--nodes 3] [--speed N] [--seed N]
 * [--addons ingress,metrics-server]`: the headless cluster.
 * With --speed 0 time moves only on POST /playground/v1/advance; otherwise it follows wall time
 * at that speed.
 */
import { CLUSTER_ADDONS, createCluster } from '../cluster/cluster';
import type { ClusterAddon } from '../cluster/cluster';
import { serve } from './server';

interface Args {
  port: number;
  nodes: number;
  speed: number;
  seed: number;
  /** minikube add-ons enabled at start (`--addons ingress,metrics-server`, or repeated). */
  addons: ClusterAddon[];
}

const KNOWN_ADDONS = CLUSTER_ADDONS;

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nUsage: npm run cluster -- --port PORT [--nodes N] [--speed N] [--seed N] [--addons ingress,metrics-server]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 8001, nodes: 1, speed: 1, seed: 1, addons: [] };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) usage(`unknown argument: ${argv[i]}`);
    const key = m[1];
    const value = m[2] ?? argv[++i];
    if (!(key in args)) usage(`unknown flag: --${key}`);
    if (key === 'addons') {
      for (const name of (value ?? '').split(',').filter(Boolean)) {
        const known = KNOWN_ADDONS.find((a) => a === name);
        if (!known) usage(`unknown add-on: ${name} (known: ${KNOWN_ADDONS.join(', ')})`);
        args.addons.push(known);
      }
      continue;
    }
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) usage(`--${key} needs a number`);
    (args as unknown as Record<string, number>)[key] = n;
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cluster = createCluster({
    nodes: args.nodes,
    seed: args.seed,
    epochMs: Date.now(),
    serverAddress: `127.0.0.1:${args.port}`,
    addons: args.addons,
  });
  // With the clock following wall time, a sleeping exec ends on its own; in manual mode the
  // server moves the clock for it (see RemoteCommandOptions).
  const server = await serve(cluster, {
    port: args.port,
    execAdvanceLimitMs: args.speed > 0 ? 0 : undefined,
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : args.port;
  process.stdout.write(`Kubernetes v1.32 playground cluster serving on http://127.0.0.1:${port}\n`);
  process.stdout.write(`  kubectl --server http://127.0.0.1:${port} get nodes\n`);
  if (args.speed > 0) {
    let last = Date.now();
    setInterval(() => {
      const now = Date.now();
      cluster.advance((now - last) * args.speed);
      last = now;
    }, 100).unref();
  }
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
