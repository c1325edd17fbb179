/**
 * curl and wget on the learner's machine: requests reach the cluster from outside, so node IPs
 * with a NodePort and LoadBalancer IPs answer; cluster DNS names do not resolve here.
 */
import type { HttpResponse } from '../backend';
import type { Cmd, Ctx } from './types';

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

interface Target {
  url: string;
  host: string;
  port: number;
  path: string;
}

function parseTarget(raw: string): Target | undefined {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(withScheme);
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : m[1].toLowerCase() === 'https' ? 443 : 80;
  const path = m[4] || '/';
  return {
    url: `http://${m[2]}:${port}${path.startsWith('/') ? path : '/' + path}`,
    host: m[2],
    port,
    path,
  };
}

const IP_RE = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The request from this machine: a response, or why no connection was made. */
function send(
  ctx: Ctx,
  t: Target,
  method: string,
  headers: Record<string, string>,
  body?: string,
  resolved?: Map<string, string>,
): HttpResponse | { refused: true } | { unresolved: true } {
  let url = t.url;
  const pinned = resolved?.get(`${t.host.toLowerCase()}:${t.port}`);
  if (pinned) {
    // curl --resolve: connect to the given address, and name the host in the Host header.
    url = `http://${pinned}:${t.port}${t.path.startsWith('/') ? t.path : '/' + t.path}`;
    headers = { host: t.port === 80 ? t.host : `${t.host}:${t.port}`, ...headers };
  } else if (t.host === 'localhost' || t.host === '127.0.0.1') {
    // Only a running `kubectl port-forward` listens on this machine.
    const fwd = ctx.session.forwards.get(t.port);
    if (!fwd) return { refused: true };
    url = `http://${fwd.ip}:${fwd.port}${t.path.startsWith('/') ? t.path : '/' + t.path}`;
  } else if (!IP_RE.test(t.host)) return { unresolved: true };
  const res = ctx.session.backend.fromOutside({ method, url, headers, body });
  if ('error' in res) return { refused: true };
  return res;
}

export const curl: Cmd = (ctx) => {
  const args = ctx.argv.slice(1);
  let silent = false;
  let showError = false;
  let include = false;
  let head = false;
  let fail = false;
  let method: string | undefined;
  let data: string | undefined;
  let output: string | undefined;
  let writeOut: string | undefined;
  const headers: Record<string, string> = {};
  const resolved = new Map<string, string>();
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => args[++i] ?? '';
    if (a === '-X' || a === '--request') method = value();
    else if (a === '--resolve' || a.startsWith('--resolve=')) {
      // HOST:PORT:ADDRESS, as curl's --resolve.
      const m = /^([^:]+):(\d+):(.+)$/.exec(a.startsWith('--resolve=') ? a.slice(10) : value());
      if (m) resolved.set(`${m[1].toLowerCase()}:${m[2]}`, m[3].replace(/^\[|\]$/g, ''));
    } else if (a === '-H' || a === '--header') {
      const h = value();
      const c = h.indexOf(':');
      if (c > 0) headers[h.slice(0, c).trim().toLowerCase()] = h.slice(c + 1).trim();
    } else if (a === '-d' || a === '--data' || a === '--data-raw') data = value();
    else if (a === '-o' || a === '--output') output = value();
    else if (a === '-w' || a === '--write-out') writeOut = value();
    else if (a === '-m' || a === '--max-time' || a === '--connect-timeout') value();
    else if (a === '--silent') silent = true;
    else if (a === '--include') include = true;
    else if (a === '--head') head = true;
    else if (a === '--fail') fail = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 's') silent = true;
        else if (c === 'S') showError = true;
        else if (c === 'i') include = true;
        else if (c === 'I') head = true;
        else if (c === 'f') fail = true;
        else if (!'LkvN'.includes(c)) {
          ctx.err(
            `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
          );
          return 2;
        }
      }
    } else if (a.startsWith('--')) {
      // Options that change nothing here (--location, --insecure, ...).
    } else urls.push(a);
  }
  if (urls.length === 0) {
    ctx.err(
      "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    );
    return 2;
  }
  const quietErrors = silent && !showError;
  let status = 0;
  for (const u of urls) {
    const t = parseTarget(u);
    if (!t) {
      if (!quietErrors) ctx.err(`curl: (3) URL using bad/illegal format or missing URL\n`);
      status = 3;
      continue;
    }
    const m = method ?? (head ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
    if (data !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded';
    const res = send(ctx, t, m, headers, data, resolved);
    if ('unresolved' in res) {
      if (!quietErrors) ctx.err(`curl: (6) Could not resolve host: ${t.host}\n`);
      status = 6;
      continue;
    }
    if ('refused' in res) {
      if (!quietErrors) {
        ctx.err(
          `curl: (7) Failed to connect to ${t.host} port ${t.port} after 0 ms: Couldn't connect to server\n`,
        );
      }
      status = 7;
      continue;
    }
    if (fail && res.status >= 400) {
      if (!quietErrors) ctx.err(`curl: (22) The requested URL returned error: ${res.status}\n`);
      status = 22;
      continue;
    }
    let text = '';
    if (include || head) {
      text += `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? ''}\r\n`;
      const hs = { ...res.headers };
      hs['content-length'] ??= String(new TextEncoder().encode(res.body).length);
      for (const [k, v] of Object.entries(hs)) text += `${headerCase(k)}: ${v}\r\n`;
      text += '\r\n';
    }
    if (!head) text += res.body;
    if (output !== undefined) {
      try {
        ctx.session.vfs.writeFile(output, text);
      } catch (e) {
        ctx.err(`curl: (23) Failure writing output to destination\n`);
        status = 23;
        void e;
        continue;
      }
    } else ctx.out(text);
    if (writeOut !== undefined) {
      ctx.out(writeOut.replace(/%\{http_code\}/g, String(res.status)).replace(/\\n/g, '\n'));
    }
  }
  return status;
};

function headerCase(k: string): string {
  return k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

export const wget: Cmd = (ctx) => {
  const args = ctx.argv.slice(1);
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-O' || a === '--output-document') output = args[++i];
    else if (a.startsWith('-O') && a.length > 2) output = a.slice(2);
    else if (a === '-T' || a === '--timeout') i++;
    else if (a === '--spider') spider = true;
    else if (/^-[a-zA-Z]/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        if (a[j] === 'q') quiet = true;
        else if (a[j] === 'O') {
          output = a.slice(j + 1) || args[++i];
          break;
        }
      }
    } else if (!a.startsWith('--')) urls.push(a);
  }
  if (urls.length === 0) {
    ctx.err(
      "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n",
    );
    return 1;
  }
  const stamp = () => {
    const d = new Date(ctx.session.backend.now()).toISOString();
    return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
  };
  let status = 0;
  for (const u of urls) {
    const t = parseTarget(u);
    if (!t) {
      ctx.err(`${u}: Invalid URL\n`);
      status = 1;
      continue;
    }
    const log = (s: string) => {
      if (!quiet) ctx.err(s);
    };
    log(`--${stamp()}--  ${t.url.replace(/:80\//, '/')}\n`);
    const res = send(ctx, t, spider ? 'HEAD' : 'GET', {});
    if ('unresolved' in res) {
      log(`Resolving ${t.host} (${t.host})... failed: Name or service not known.\n`);
      if (!quiet) ctx.err(`wget: unable to resolve host address ‘${t.host}’\n`);
      status = 4;
      continue;
    }
    if ('refused' in res) {
      log(`Connecting to ${t.host}:${t.port}... failed: Connection refused.\n`);
      status = 4;
      continue;
    }
    log(`Connecting to ${t.host}:${t.port}... connected.\n`);
    log(`HTTP request sent, awaiting response... ${res.status} ${REASONS[res.status] ?? ''}\n`);
    if (res.status >= 400) {
      log(`${stamp()} ERROR ${res.status}: ${REASONS[res.status] ?? ''}.\n\n`);
      status = 8;
      continue;
    }
    const size = new TextEncoder().encode(res.body).length;
    const type = res.headers?.['content-type']?.split(';')[0] ?? 'text/plain';
    log(`Length: ${size} [${type}]\n`);
    if (spider) continue;
    const file =
      output ??
      (t.path
        .replace(/[?#].*$/, '')
        .split('/')
        .pop() ||
        'index.html');
    if (file === '-') {
      log('Saving to: ‘STDOUT’\n\n');
      ctx.out(res.body);
      log(`\n${stamp()} (10.0 MB/s) - written to stdout [${size}/${size}]\n\n`);
      continue;
    }
    log(`Saving to: ‘${file}’\n\n`);
    try {
      ctx.session.vfs.writeFile(file, res.body);
    } catch (e) {
      ctx.err(`${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      status = 3;
      continue;
    }
    log(`${stamp()} (10.0 MB/s) - ‘${file}’ saved [${size}/${size}]\n\n`);
  }
  return status;
};
