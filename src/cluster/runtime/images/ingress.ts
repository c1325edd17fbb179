/**
 * The images of minikube's `ingress` add-on (ingress-nginx v1.11.3, as minikube v1.35 deploys
 * it), and the hello-app of the Ingress tutorial. The controller's routing of Ingress rules is the
 * network's (`network/ingress.ts`): this program answers what nginx answers by itself — the
 * default backend's 404 page, and /healthz on 10254 for the probes.
 */
import type { HttpRequest } from '../types';
import { clfTime } from './format';
import type { ImageDefinition, LogLine, ProgramContext } from './program';
import { requestPath } from './web';

const MiB = 1024 * 1024;
const out = (text: string, afterMs?: number): LogLine => ({ stream: 'stdout', text, afterMs });
const err = (text: string, afterMs?: number): LogLine => ({ stream: 'stderr', text, afterMs });

/** nginx's built-in error page with `server_tokens off` (ngx_http_special_response.c): CRLF. */
export function nginxErrorPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** klog's header for the controller's lines: "I0101 00:00:00.000000       7 file.go:1] ". */
function klog(ctx: ProgramContext, file: string, msg: string, afterMs = 0, level = 'I'): LogLine {
  const d = new Date(ctx.now + afterMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const head = `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000       7 ${file}]`;
  return err(`${head} ${msg}`, afterMs);
}

function goLogTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function controllerStartup(ctx: ProgramContext): LogLine[] {
  const ns = ctx.spec.env.POD_NAMESPACE ?? 'ingress-nginx';
  return [
    out('-------------------------------------------------------------------------------'),
    out('NGINX Ingress controller'),
    out('  Release:       v1.11.3'),
    out('  Build:         0106de65cfccb74405a6dfa7d9daffc6f0a6ef1a'),
    out('  Repository:    https://github.com/kubernetes/ingress-nginx'),
    out('  nginx version: nginx/1.25.5'),
    out(''),
    out('-------------------------------------------------------------------------------'),
    out(''),
    klog(ctx, 'main.go:205', 'Creating API client for https://10.96.0.1:443'),
    klog(
      ctx,
      'main.go:248',
      'Running in Kubernetes cluster version v1.32 (v1.32.0) - git (clean) commit 70d3cc986aa8221cd1dfb1121852688902d3bf53 - platform linux/amd64',
      10,
    ),
    klog(
      ctx,
      'main.go:101',
      'SSL fake certificate created /etc/ingress-controller/ssl/default-fake-certificate.pem',
      200,
    ),
    klog(
      ctx,
      'ssl.go:535',
      'loading tls certificate from certificate path /usr/local/certificates/cert and key path /usr/local/certificates/key',
      220,
    ),
    klog(ctx, 'nginx.go:271', 'Starting NGINX Ingress controller', 300),
    klog(
      ctx,
      'event.go:377',
      `Event(v1.ObjectReference{Kind:"ConfigMap", Namespace:"${ns}", Name:"ingress-nginx-controller", UID:"", APIVersion:"v1", ResourceVersion:"", FieldPath:""}): type: 'Normal' reason: 'CREATE' ConfigMap ${ns}/ingress-nginx-controller`,
      310,
    ),
    klog(ctx, 'nginx.go:317', 'Starting NGINX process', 1500),
    klog(
      ctx,
      'leaderelection.go:250',
      `attempting to acquire leader lease ${ns}/ingress-nginx-leader...`,
      1510,
    ),
    klog(
      ctx,
      'nginx.go:337',
      'Starting validation webhook on :8443 with keys /usr/local/certificates/cert /usr/local/certificates/key',
      1520,
    ),
    klog(
      ctx,
      'controller.go:193',
      '"Configuration changes detected, backend reload required"',
      1600,
    ),
    klog(
      ctx,
      'leaderelection.go:260',
      `successfully acquired lease ${ns}/ingress-nginx-leader`,
      1610,
    ),
    klog(ctx, 'status.go:85', '"New leader elected" identity="' + ctx.spec.hostname + '"', 1620),
    klog(ctx, 'controller.go:213', '"Backend successfully reloaded"', 1900),
  ];
}

/** The access log line of ingress-nginx's default `log-format-upstream`, for the default backend. */
function controllerAccess(req: HttpRequest, status: number, size: number, ctx: ProgramContext) {
  const ua = req.headers?.['user-agent'] ?? '-';
  const client = req.headers?.['x-forwarded-for']?.split(',')[0].trim() ?? '192.168.49.1';
  return [
    out(
      `${client} - - [${clfTime(ctx.now)}] "${req.method} ${requestPath(req)} HTTP/1.1" ${status} ${size} "-" "${ua}" ${80 + requestPath(req).length} 0.000 [] [] - - - - ${'0'.repeat(32)}`,
    ),
  ];
}

/** The certgen Jobs: `create` writes the webhook's certificate Secret, `patch` the webhook. */
function certgenStartup(ctx: ProgramContext): LogLine[] {
  const ts = new Date(ctx.now).toISOString().replace(/\.\d+Z$/, 'Z');
  const ns = ctx.spec.env.POD_NAMESPACE ?? 'ingress-nginx';
  if (ctx.args[0] === 'patch')
    return [
      err(
        `{"level":"info","msg":"patching webhook configurations 'ingress-nginx-admission' mutating=false, validating=true, failurePolicy=Fail","source":"k8s/k8s.go:118","time":"${ts}"}`,
      ),
      err(`{"level":"info","msg":"Patched hook(s)","source":"k8s/k8s.go:138","time":"${ts}"}`),
    ];
  return [
    err(`{"level":"info","msg":"creating new secret","source":"cmd/create.go:28","time":"${ts}"}`),
    err(
      `{"err":"secrets \\"ingress-nginx-admission\\" not found","level":"info","msg":"no secret found","source":"k8s/k8s.go:229","time":"${ts}"}`,
    ),
    err(
      `{"level":"info","msg":"saved secret in namespace ${ns}","source":"k8s/k8s.go:251","time":"${ts}"}`,
    ),
  ];
}

export const ingressImages: ImageDefinition[] = [
  {
    repository: 'registry.k8s.io/ingress-nginx/controller',
    tags: ['v1.11.3', 'v1.11.2'],
    sizeBytes: 105_000_000,
    shell: true,
    binary: 'nginx-ingress-controller',
    // The Deployment passes `/nginx-ingress-controller --flags…` as args: all options here.
    argsAreOptions: true,
    program: {
      startup: controllerStartup,
      ports: [80, 443, 8443, 10254],
      listenAfterMs: 1500,
      handle: (req, ctx) => {
        void ctx;
        if (requestPath(req).split('?')[0] === '/healthz')
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
        const headers: Record<string, string> = { 'content-type': 'text/html', server: 'nginx' };
        return { status: 404, headers, body: nginxErrorPage(404, 'Not Found') };
      },
      accessLog: (req, res, ctx) =>
        requestPath(req).startsWith('/healthz')
          ? []
          : controllerAccess(req, res.status, new TextEncoder().encode(res.body).length, ctx),
      idle: { cpuMillis: 2, memoryBytes: 90 * MiB },
      perRequest: { cpuMillis: 1 },
      onTerm: () => ({ afterMs: 300, code: 0 }),
    },
  },
  {
    repository: 'registry.k8s.io/ingress-nginx/kube-webhook-certgen',
    tags: ['v1.4.4', 'v1.4.3'],
    sizeBytes: 24_000_000,
    shell: false,
    argsAreOptions: true,
    program: {
      startup: certgenStartup,
      exitOnStart: () => ({ afterMs: 800, code: 0 }),
      idle: { cpuMillis: 1, memoryBytes: 8 * MiB },
    },
  },
  {
    // The Ingress tutorial's app (GoogleCloudPlatform/kubernetes-engine-samples, hello-app).
    repository: 'gcr.io/google-samples/hello-app',
    tags: ['1.0', '2.0'],
    sizeBytes: 11_000_000,
    shell: false,
    program: {
      startup: (ctx) => [
        err(`${goLogTime(ctx.now)} Server listening on port ${ctx.spec.env.PORT ?? '8080'}`),
      ],
      ports: (ctx) => [Number(ctx.spec.env.PORT ?? 8080) || 8080],
      listenAfterMs: 100,
      handle: (_req, ctx) => {
        const version = /:2\.0$/.test(ctx.spec.image) ? '2.0.0' : '1.0.0';
        return {
          status: 200,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: `Hello, world!\nVersion: ${version}\nHostname: ${ctx.spec.hostname}\n`,
        };
      },
      accessLog: (req, _res, ctx) => [
        err(`${goLogTime(ctx.now)} Serving request: ${requestPath(req).split('?')[0]}`),
      ],
      idle: { cpuMillis: 0, memoryBytes: 3 * MiB },
      perRequest: { cpuMillis: 1 },
    },
  },
];
