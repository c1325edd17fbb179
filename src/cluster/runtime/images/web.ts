/** Web servers and the demo apps of the usual tutorials. */
import type { HttpRequest, HttpResponse } from '../types';
import { clfTime, httpdTime, isoTime, nginxTime } from './format';
import type { ImageDefinition, LogLine, ProgramContext } from './program';

const MiB = 1024 * 1024;
const out = (text: string, afterMs?: number): LogLine => ({ stream: 'stdout', text, afterMs });
const err = (text: string, afterMs?: number): LogLine => ({ stream: 'stderr', text, afterMs });

/** Path and query of a request URL. */
export function requestPath(req: HttpRequest): string {
  const m = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(req.url);
  return m ? (m[1] ?? '/') : req.url || '/';
}

function hostOf(req: HttpRequest): string {
  return req.headers?.host ?? /^[a-z]+:\/\/([^/]+)/i.exec(req.url)?.[1] ?? '';
}

/** The client's address as the server sees it: the network passes it on, or the node's bridge. */
function clientIP(req: HttpRequest, ctx: ProgramContext): string {
  const fwd = req.headers?.['x-forwarded-for'];
  if (fwd) return fwd.split(',')[0].trim();
  return ctx.spec.podIP.replace(/\.\d+$/, '.1');
}

const html = (status: number, body: string, extra: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'text/html', ...extra },
  body,
});
const text = (status: number, body: string) => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

// ---------------------------------------------------------------- nginx

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const nginxError = (status: number, title: string, version: string) =>
  `<html>\n<head><title>${status} ${title}</title></head>\n<body>\n<center><h1>${status} ${title}</h1></center>\n<hr><center>nginx/${version}</center>\n</body>\n</html>\n`;

const NGINX_VERSIONS: Record<string, string> = {
  latest: '1.27.3',
  mainline: '1.27.3',
  '1.27': '1.27.3',
  '1.27.3': '1.27.3',
  alpine: '1.27.3',
  '1.27-alpine': '1.27.3',
  stable: '1.26.2',
  '1.26': '1.26.2',
  '1.26.2': '1.26.2',
  'stable-alpine': '1.26.2',
  '1.25': '1.25.5',
  '1.25.5': '1.25.5',
  '1.24': '1.24.0',
  '1.23': '1.23.4',
  '1.21': '1.21.6',
  '1.19': '1.19.10',
  '1.14.2': '1.14.2',
};

function imageTag(ctx: ProgramContext): string {
  const m = /:([\w][\w.-]*)$/.exec(ctx.spec.image.split('@')[0]);
  return m ? m[1] : 'latest';
}

function nginxVersion(ctx: ProgramContext): string {
  return NGINX_VERSIONS[imageTag(ctx)] ?? '1.27.3';
}

const NGINX_ROOT = '/usr/share/nginx/html';

function nginxHandle(req: HttpRequest, ctx: ProgramContext): HttpResponse {
  const version = nginxVersion(ctx);
  const path = requestPath(req).split('?')[0];
  const headers = { server: `nginx/${version}` };
  const mounted = ctx.spec.fs.list(NGINX_ROOT);
  const file = path.endsWith('/') ? `${path}index.html` : path;
  const content = mounted
    ? ctx.spec.fs.read(NGINX_ROOT + file)
    : file === '/index.html'
      ? NGINX_WELCOME
      : undefined;
  if (content === undefined) return html(404, nginxError(404, 'Not Found', version), headers);
  if (req.method === 'HEAD') return html(200, '', headers);
  return html(200, content, headers);
}

function nginxAccess(req: HttpRequest, res: HttpResponse, ctx: ProgramContext): LogLine[] {
  const ua = req.headers?.['user-agent'] ?? '-';
  const size = new TextEncoder().encode(res.body).length;
  return [
    out(
      `${clientIP(req, ctx)} - - [${clfTime(ctx.now)}] "${req.method} ${requestPath(req)} HTTP/1.1" ${res.status} ${size} "-" "${ua}" "-"`,
    ),
  ];
}

function nginxStartup(ctx: ProgramContext): LogLine[] {
  const t = nginxTime(ctx.now);
  const alpine = imageTag(ctx).includes('alpine');
  const built = alpine
    ? 'built by gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309) '
    : 'built by gcc 12.2.0 (Debian 12.2.0-14) ';
  return [
    out(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    ),
    out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'),
    out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'),
    out(
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    ),
    out(
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    ),
    out('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh'),
    out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh'),
    out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh'),
    out('/docker-entrypoint.sh: Configuration complete; ready for start up'),
    err(`${t} [notice] 1#1: using the "epoll" event method`),
    err(`${t} [notice] 1#1: nginx/${nginxVersion(ctx)}`),
    err(`${t} [notice] 1#1: ${built}`),
    err(`${t} [notice] 1#1: OS: Linux 6.8.0-1017-gcp`),
    err(`${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`),
    err(`${t} [notice] 1#1: start worker processes`),
    err(`${t} [notice] 1#1: start worker process 29`),
    err(`${t} [notice] 1#1: start worker process 30`),
  ];
}

/** STOPSIGNAL SIGQUIT: a graceful shutdown that ends with exit code 0. */
function nginxQuit(ctx: ProgramContext) {
  const t = nginxTime(ctx.now);
  return {
    afterMs: 50,
    code: 0,
    lines: [
      err(`${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`),
      err(`${t} [notice] 29#29: gracefully shutting down`),
      err(`${t} [notice] 30#30: gracefully shutting down`),
      err(`${t} [notice] 29#29: exiting`),
      err(`${t} [notice] 30#30: exiting`),
      err(`${t} [notice] 29#29: exit`),
      err(`${t} [notice] 30#30: exit`),
      err(`${t} [notice] 1#1: signal 17 (SIGCHLD) received from 30`),
      err(`${t} [notice] 1#1: worker process 30 exited with code 0`),
      err(`${t} [notice] 1#1: signal 29 (SIGIO) received`),
      err(`${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`),
      err(`${t} [notice] 1#1: worker process 29 exited with code 0`),
      err(`${t} [notice] 1#1: exit`),
    ],
  };
}

// ---------------------------------------------------------------- httpd and friends

function httpdStartup(ctx: ProgramContext, version = '2.4.62'): LogLine[] {
  const t = httpdTime(ctx.now);
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ctx.spec.podIP}. Set the 'ServerName' directive globally to suppress this message`;
  return [
    err(fqdn),
    err(fqdn),
    err(
      `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`,
    ),
    err(`[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`),
  ];
}

function apacheAccess(req: HttpRequest, res: HttpResponse, ctx: ProgramContext): LogLine[] {
  const size = new TextEncoder().encode(res.body).length;
  return [
    out(
      `${clientIP(req, ctx)} - - [${clfTime(ctx.now)}] "${req.method} ${requestPath(req)} HTTP/1.1" ${res.status} ${size}`,
    ),
  ];
}

const httpdQuit = (ctx: ProgramContext) => ({
  afterMs: 100,
  code: 0,
  lines: [
    err(
      `[${httpdTime(ctx.now)}] [mpm_event:notice] [pid 1:tid 1] AH00491: caught SIGTERM, shutting down`,
    ),
  ],
});

// ---------------------------------------------------------------- echo servers

function echoserver14(req: HttpRequest, ctx: ProgramContext): HttpResponse {
  const path = requestPath(req);
  const [p, q] = path.split('?');
  const headers = Object.entries(req.headers ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const body = `CLIENT VALUES:
client_address=${clientIP(req, ctx)}
command=${req.method}
real path=${p}
query=${q ?? 'nil'}
request_version=1.1
request_uri=http://${hostOf(req)}:8080${path}

SERVER VALUES:
server_version=nginx: 1.10.0 - lua: 10001

HEADERS RECEIVED:
${headers}
BODY:
${req.body ? req.body : '-no body in request-'}`;
  return text(200, body);
}

function echoserver110(req: HttpRequest, ctx: ProgramContext): HttpResponse {
  const path = requestPath(req);
  const [p, q] = path.split('?');
  const headers = Object.entries(req.headers ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `\t${k}=${v}  `)
    .join('\n');
  const body = `

Hostname: ${ctx.spec.hostname}

Pod Information:
\t-no pod information available-

Server values:
\tserver_version=nginx: 1.13.3 - lua: 10008

Request Information:
\tclient_address=${clientIP(req, ctx)}
\tmethod=${req.method}
\treal path=${p}
\tquery=${q ?? ''}
\trequest_version=1.1
\trequest_scheme=http
\trequest_uri=http://${hostOf(req)}:8080${path}

Request Headers:
${headers}

Request Body:
\t${req.body ? req.body : '-no body in request-'}

`;
  return text(200, body);
}

function httpEchoOptions(args: string[]): { text: string; listen: number } {
  let t = 'hello-world';
  let listen = 5678;
  for (let i = 0; i < args.length; i++) {
    const m = /^--?(text|listen)(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    const v = m[2] ?? args[++i] ?? '';
    if (m[1] === 'text') t = v;
    else listen = Number(v.replace(/^.*:/, '')) || 5678;
  }
  return { text: t, listen };
}

// ---------------------------------------------------------------- demo apps

function bootcampHandle(req: HttpRequest, ctx: ProgramContext) {
  const path = requestPath(req).split('?')[0];
  const version = imageTag(ctx) === 'v2' ? 2 : 1;
  if (path === '/error') {
    return { ...text(500, 'Internal Server Error\n'), exit: { afterMs: 0, code: 1 } };
  }
  return text(
    200,
    `Hello Kubernetes bootcamp! | Running on: ${ctx.spec.hostname} | v=${version}\n`,
  );
}

const MB = 1_000_000;

export const webImages: ImageDefinition[] = [
  {
    repository: 'docker.io/library/nginx',
    tags: Object.keys(NGINX_VERSIONS).concat(['1.27.2', '1.27.1', '1.26.1', '1.25.4', '1.25.3']),
    sizeBytes: 72_188_133,
    tagSizes: { alpine: 20_550_000, '1.27-alpine': 20_550_000, 'stable-alpine': 20_130_000 },
    shell: true,
    binary: 'nginx',
    program: {
      startup: nginxStartup,
      ports: [80],
      listenAfterMs: 20,
      handle: nginxHandle,
      accessLog: nginxAccess,
      idle: { cpuMillis: 0, memoryBytes: 3 * MiB },
      perRequest: { cpuMillis: 2 },
      onTerm: nginxQuit,
    },
  },
  {
    repository: 'docker.io/library/httpd',
    tags: ['latest', '2.4', '2.4.62', 'alpine', '2.4-alpine'],
    sizeBytes: 58_207_310,
    tagSizes: { alpine: 22_400_000, '2.4-alpine': 22_400_000 },
    shell: true,
    binary: 'httpd-foreground',
    program: {
      startup: (ctx) => httpdStartup(ctx),
      ports: [80],
      listenAfterMs: 50,
      handle: (req) =>
        requestPath(req).split('?')[0] === '/' || requestPath(req) === '/index.html'
          ? html(200, '<html><body><h1>It works!</h1></body></html>\n')
          : html(
              404,
              '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
            ),
      accessLog: apacheAccess,
      idle: { cpuMillis: 1, memoryBytes: 6 * MiB },
      perRequest: { cpuMillis: 2 },
      onTerm: httpdQuit,
    },
  },
  {
    repository: 'docker.io/library/wordpress',
    tags: ['latest', '6', '6.7', '6.7.1', 'php8.3', 'apache'],
    sizeBytes: 260_119_622,
    shell: true,
    program: {
      startup: (ctx) => [
        err('WordPress not found in /var/www/html - copying now...'),
        err('Complete! WordPress has been successfully copied to /var/www/html'),
        ...httpdStartup(ctx, '2.4.62 (Debian) PHP/8.2.27').map((l) => ({ ...l, afterMs: 800 })),
      ],
      ports: [80],
      listenAfterMs: 900,
      handle: (req) =>
        requestPath(req).startsWith('/wp-admin/install.php')
          ? html(
              200,
              '<!DOCTYPE html>\n<html lang="en-US">\n<head><title>WordPress &rsaquo; Installation</title></head>\n<body class="wp-core-ui">\n<p id="logo">WordPress</p>\n</body>\n</html>\n',
            )
          : html(302, '', { location: 'http://' + hostOf(req) + '/wp-admin/install.php' }),
      accessLog: apacheAccess,
      idle: { cpuMillis: 1, memoryBytes: 24 * MiB },
      perRequest: { cpuMillis: 20, memoryBytes: 0 },
      onTerm: httpdQuit,
    },
  },
  {
    repository: 'registry.k8s.io/echoserver',
    tags: ['1.4', '1.10'],
    sizeBytes: 46_208_000,
    tagSizes: { '1.4': 46_208_000, '1.10': 95_361_986 },
    shell: true,
    program: {
      startup: () => [],
      ports: [8080],
      handle: (req, ctx) =>
        imageTag(ctx) === '1.4' ? echoserver14(req, ctx) : echoserver110(req, ctx),
      accessLog: (req, res, ctx) => [
        out(
          `${clientIP(req, ctx)} - - [${clfTime(ctx.now)}] "${req.method} ${requestPath(req)} HTTP/1.1" ${res.status} ${res.body.length} "-" "${req.headers?.['user-agent'] ?? '-'}"`,
        ),
      ],
      idle: { cpuMillis: 0, memoryBytes: 4 * MiB },
      perRequest: { cpuMillis: 1 },
      onTerm: () => ({ afterMs: 50, code: 0 }),
    },
  },
  {
    repository: 'docker.io/hashicorp/http-echo',
    tags: ['latest', '1.0', '1.0.0', '0.2.3'],
    sizeBytes: 3_551_437,
    shell: false,
    argsAreOptions: true,
    program: {
      startup: (ctx) => [
        err(
          `${nginxTime(ctx.now)} [INFO] server is listening on :${httpEchoOptions(ctx.args).listen}`,
        ),
      ],
      ports: (ctx) => [httpEchoOptions(ctx.args).listen],
      handle: (_req, ctx) => text(200, `${httpEchoOptions(ctx.args).text}\n`),
      accessLog: (req, _res, ctx) => [
        err(
          `${nginxTime(ctx.now)} ${hostOf(req)} ${clientIP(req, ctx)}:${40000 + ctx.requests} "${req.method} ${requestPath(req)} HTTP/1.1" 200 ${httpEchoOptions(ctx.args).text.length + 1} "${req.headers?.['user-agent'] ?? ''}" 12.3µs`,
        ),
      ],
      idle: { cpuMillis: 0, memoryBytes: 2 * MiB },
      perRequest: { cpuMillis: 1 },
      onTerm: () => ({ afterMs: 10, code: 2 }),
    },
  },
  {
    repository: 'docker.io/wardviaene/k8s-demo',
    tags: ['latest'],
    sizeBytes: 263_000_000,
    shell: true,
    program: {
      startup: () => [out('Example app listening at http://:::3000')],
      ports: [3000],
      listenAfterMs: 300,
      handle: () => html(200, 'Hello World!'),
      idle: { cpuMillis: 1, memoryBytes: 28 * MiB },
      perRequest: { cpuMillis: 2 },
    },
  },
  {
    repository: 'gcr.io/google-samples/kubernetes-bootcamp',
    tags: ['v1', 'v2'],
    sizeBytes: 74_200_000,
    shell: true,
    program: {
      startup: (ctx) => [
        out(
          `Kubernetes Bootcamp App Started At: ${isoTime(ctx.now)} | Running On:  ${ctx.spec.hostname} \n`,
        ),
      ],
      ports: [8080],
      listenAfterMs: 200,
      handle: bootcampHandle,
      accessLog: (_req, _res, ctx) => [
        out(
          `Running On: ${ctx.spec.hostname} | Total Requests: ${ctx.requests} | App Uptime: ${((ctx.now - ctx.startedAt) / 1000).toFixed(3)} seconds | Log Time: ${isoTime(ctx.now)}`,
        ),
      ],
      idle: { cpuMillis: 1, memoryBytes: 20 * MiB },
      perRequest: { cpuMillis: 2 },
    },
  },
  {
    repository: 'docker.io/polarsquad/hello-world-app',
    tags: ['latest', 'master'],
    sizeBytes: 4_800_000,
    shell: false,
    program: {
      startup: () => [out('Listening on port 3000')],
      ports: [3000],
      handle: (req) =>
        requestPath(req) === '/' ? html(200, 'Hello World!\n') : text(404, '404 page not found\n'),
      idle: { cpuMillis: 0, memoryBytes: 2 * MiB },
      perRequest: { cpuMillis: 1 },
      onTerm: () => ({ afterMs: 10, code: 2 }),
    },
  },
  {
    // php-apache that computes square roots on each request: the HPA walkthrough's load target.
    repository: 'registry.k8s.io/hpa-example',
    tags: ['latest'],
    sizeBytes: 181_000_000,
    shell: true,
    program: {
      startup: (ctx) => httpdStartup(ctx, '2.4.10 (Debian) PHP/5.6.4'),
      ports: [80],
      listenAfterMs: 200,
      handle: () => html(200, 'OK!'),
      accessLog: apacheAccess,
      idle: { cpuMillis: 1, memoryBytes: 10 * MiB },
      // index.php adds up a million square roots: about 14 ms of one core. The walkthrough's
      // load generator (`while sleep 0.01; do wget …; done`) then asks for 14 / (10 + 14) of a
      // core, ~580m: 250% of the 200m request on one replica (throttled at its 500m limit),
      // and the HPA settles at 6 or 7 replicas near its 50% target, as the walkthrough shows.
      perRequest: { cpuMillis: 14 },
      onTerm: httpdQuit,
    },
  },
  {
    repository: 'registry.k8s.io/pause',
    tags: ['3.10', '3.9', '3.8', '3.7', '3.6', 'latest'],
    sizeBytes: 320_368,
    shell: false,
    program: {
      idle: { cpuMillis: 0, memoryBytes: 256 * 1024 },
      onTerm: () => ({ afterMs: 0, code: 0 }),
    },
  },
  {
    repository: 'k8s.gcr.io/pause',
    tags: ['3.9', '3.5', '3.2', '3.1', '2.0', 'latest'],
    sizeBytes: 299_513,
    shell: false,
    program: {
      idle: { cpuMillis: 0, memoryBytes: 256 * 1024 },
      onTerm: () => ({ afterMs: 0, code: 0 }),
    },
  },
  {
    // `stress --vm 1 --vm-bytes 150M --vm-hang 1`: the memory-limit example of the docs.
    repository: 'docker.io/polinux/stress',
    tags: ['latest', '1.0.4'],
    sizeBytes: 4_040_000,
    shell: true,
    binary: 'stress',
    argsAreOptions: true,
    program: {
      startup: (ctx) => {
        const vm = stressOptions(ctx.args);
        return [out(`stress: info: [1] dispatching hogs: ${vm.cpu} cpu, 0 io, ${vm.vm} vm, 0 hdd`)];
      },
      idle: { cpuMillis: 0, memoryBytes: 512 * 1024 },
      grows: (ctx) => {
        const vm = stressOptions(ctx.args);
        return vm.vm ? { afterMs: 500, memoryBytes: vm.vm * vm.bytes } : undefined;
      },
    },
  },
];

function stressOptions(args: string[]): { vm: number; bytes: number; cpu: number } {
  let vm = 0;
  let cpu = 0;
  let bytes = 256 * MiB;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--vm') vm = Number(args[++i]) || 0;
    else if (args[i] === '--cpu') cpu = Number(args[++i]) || 0;
    else if (args[i] === '--vm-bytes') {
      const m = /^(\d+)([BKMG]?)$/i.exec(args[++i] ?? '');
      if (m) {
        const unit = { '': 1, B: 1, K: 1024, M: MiB, G: 1024 * MiB }[m[2].toUpperCase()]!;
        bytes = Number(m[1]) * unit;
      }
    }
  }
  return { vm, bytes, cpu };
}

export { MB };
