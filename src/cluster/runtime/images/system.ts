/**
 * The images of the control plane and minikube's add-ons. minikube preloads them, so their pods
 * start with "Container image … already present on machine".
 */
import type { ImageDefinition, LogLine, ProgramContext } from './program';

const MiB = 1024 * 1024;
const err = (text: string, afterMs?: number): LogLine => ({ stream: 'stderr', text, afterMs });

/** klog's line header: "I1122 05:33:00.123456       1 file.go:42] ". */
function klog(ctx: ProgramContext, file: string, msg: string, afterMs = 0): LogLine {
  const d = new Date(ctx.now + afterMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const head = `I${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000       1 ${file}]`;
  return err(`${head} ${msg}`, afterMs);
}

function controlPlane(
  binary: string,
  repository: string,
  sizeBytes: number,
  memoryBytes: number,
  startup: (ctx: ProgramContext) => LogLine[],
  ports: number[] = [],
): ImageDefinition {
  return {
    repository,
    tags: ['v1.32.0'],
    sizeBytes,
    shell: false,
    binary,
    program: {
      startup,
      ports,
      idle: { cpuMillis: 20, memoryBytes },
      onTerm: () => ({ afterMs: 100, code: 0 }),
    },
  };
}

/** A flag's value from args: `--name=value` or `--name value`. */
function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
    if (args[i] === `--${name}`) return args[i + 1];
  }
  return undefined;
}

/** A Go duration as metrics-server's flags take it ("15s", "1m"), in ms. */
function durationMs(text: string | undefined, fallback: number): number {
  const m = /^(\d+)(ms|s|m)$/.exec(text ?? '');
  if (!m) return fallback;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'];
}

const metricsServerPort = (ctx: ProgramContext) => Number(flag(ctx.args, 'secure-port')) || 10250;

export const systemImages: ImageDefinition[] = [
  {
    repository: 'registry.k8s.io/etcd',
    tags: ['3.5.16-0'],
    sizeBytes: 150_000_000,
    shell: true,
    binary: 'etcd',
    program: {
      startup: (ctx) => [
        err(
          `{"level":"info","ts":"${new Date(ctx.now).toISOString()}","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":["etcd"]}`,
        ),
        err(
          `{"level":"info","ts":"${new Date(ctx.now + 400).toISOString()}","caller":"embed/serve.go:103","msg":"ready to serve client requests"}`,
          400,
        ),
      ],
      ports: [2379, 2380],
      idle: { cpuMillis: 25, memoryBytes: 40 * MiB },
      onTerm: () => ({ afterMs: 100, code: 0 }),
    },
  },
  controlPlane(
    'kube-apiserver',
    'registry.k8s.io/kube-apiserver',
    28_000_000,
    250 * MiB,
    (ctx) => [
      klog(ctx, 'options.go:238', 'external host was not specified, using 192.168.49.2'),
      klog(ctx, 'server.go:145', 'Version: v1.32.0', 5),
      klog(ctx, 'secure_serving.go:213', 'Serving securely on [::]:8443', 900),
    ],
    [8443],
  ),
  controlPlane(
    'kube-controller-manager',
    'registry.k8s.io/kube-controller-manager',
    26_000_000,
    50 * MiB,
    (ctx) => [
      klog(ctx, 'serving.go:386', 'Generated self-signed cert in-memory'),
      klog(ctx, 'controllermanager.go:185', '"Starting" version="v1.32.0"', 300),
    ],
    [10257],
  ),
  controlPlane(
    'kube-scheduler',
    'registry.k8s.io/kube-scheduler',
    20_000_000,
    25 * MiB,
    (ctx) => [
      klog(ctx, 'serving.go:386', 'Generated self-signed cert in-memory'),
      klog(ctx, 'server.go:166', '"Starting Kubernetes Scheduler" version="v1.32.0"', 300),
    ],
    [10259],
  ),
  controlPlane('kube-proxy', 'registry.k8s.io/kube-proxy', 30_000_000, 20 * MiB, (ctx) => [
    klog(ctx, 'server_linux.go:66', '"Using iptables proxy"'),
    klog(ctx, 'server.go:698', '"Successfully retrieved node IP(s)" IPs=["192.168.49.2"]', 20),
    klog(ctx, 'shared_informer.go:320', 'Caches are synced for service config', 120),
  ]),
  {
    repository: 'registry.k8s.io/coredns/coredns',
    tags: ['v1.11.3', 'v1.11.1'],
    sizeBytes: 18_500_000,
    shell: false,
    binary: 'coredns',
    argsAreOptions: true,
    program: {
      startup: () => [
        { stream: 'stdout', text: '.:53' },
        {
          stream: 'stdout',
          text: '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
        },
        { stream: 'stdout', text: 'CoreDNS-1.11.3' },
        { stream: 'stdout', text: 'linux/amd64, go1.21.11, a6338e9' },
      ],
      ports: [53, 8080, 8181, 9153],
      handle: (req) => {
        const path = /^[a-z]+:\/\/[^/]+(\/[^?]*)?/i.exec(req.url)?.[1] ?? '/';
        if (path === '/health')
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' };
        if (path === '/ready')
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' };
        return {
          status: 404,
          headers: { 'content-type': 'text/plain' },
          body: '404 page not found\n',
        };
      },
      idle: { cpuMillis: 3, memoryBytes: 15 * MiB },
      onTerm: () => ({ afterMs: 5000, code: 0 }),
    },
  },
  {
    repository: 'gcr.io/k8s-minikube/storage-provisioner',
    tags: ['v5'],
    sizeBytes: 9_060_000,
    shell: false,
    binary: 'storage-provisioner',
    program: {
      startup: (ctx) => [
        klog(ctx, 'storage_provisioner.go:116', 'Initializing the minikube storage provisioner...'),
        klog(
          ctx,
          'storage_provisioner.go:141',
          'Storage provisioner initialized, now starting service!',
          20,
        ),
      ],
      idle: { cpuMillis: 1, memoryBytes: 8 * MiB },
      onTerm: () => ({ afterMs: 10, code: 0 }),
    },
  },
  {
    // The metrics-server add-on. The scraping itself is the cluster's MetricsServer, which
    // follows this pod; the program answers the probes: /readyz fails until the first metric
    // window is full (metrics-server's "metric-storage-ready" check).
    repository: 'registry.k8s.io/metrics-server/metrics-server',
    tags: ['v0.7.2', 'v0.7.1', 'v0.7.0'],
    sizeBytes: 19_500_000,
    shell: false,
    binary: 'metrics-server',
    argsAreOptions: true,
    program: {
      startup: (ctx) => [
        klog(
          ctx,
          'serving.go:374',
          'Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)',
          300,
        ),
        klog(
          ctx,
          'handler.go:275',
          'Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager',
          600,
        ),
        klog(
          ctx,
          'requestheader_controller.go:169',
          'Starting RequestHeaderAuthRequestController',
          700,
        ),
        klog(
          ctx,
          'secure_serving.go:213',
          `Serving securely on [::]:${metricsServerPort(ctx)}`,
          700,
        ),
        klog(ctx, 'tlsconfig.go:240', '"Starting DynamicServingCertificateController"', 700),
      ],
      ports: (ctx) => [metricsServerPort(ctx)],
      listenAfterMs: 700,
      handle: (req, ctx) => {
        const path = /^[a-z]+:\/\/[^/]+(\/[^?]*)?/i.exec(req.url)?.[1] ?? '/';
        const text = (status: number, body: string) => ({
          status,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body,
        });
        if (path === '/livez') return text(200, 'ok');
        if (path === '/readyz') {
          const resolution = durationMs(flag(ctx.args, 'metric-resolution'), 60_000);
          return ctx.now - ctx.startedAt >= resolution
            ? text(200, 'ok')
            : text(500, '[-]metric-storage-ready failed: reason withheld\nreadyz check failed\n');
        }
        return text(403, 'forbidden: User "system:anonymous" cannot get path "' + path + '"\n');
      },
      idle: { cpuMillis: 4, memoryBytes: 18 * MiB },
      onTerm: () => ({ afterMs: 100, code: 0 }),
    },
  },
];
