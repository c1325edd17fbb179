/**
 * Network applets over the simulated cluster network: wget and nslookup as busybox prints them,
 * curl as curl 8 prints it, ping with simulated replies once a second, and `nc -z`.
 */
import type { HttpResponse } from '../../types';
import type { Applet, AppletContext } from '../interp';
import type { Proc } from '../sched';
import { complain } from './util';

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface Url {
  host: string;
  port: number;
  path: string;
  /** "http://host[:port]/path", the form the network is asked for. */
  href: string;
}

function parseUrl(raw: string): Url | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+|\[[^\]]+\])(?::([0-9]+))?([/?#].*)?$/.exec(raw);
  if (!m) return undefined;
  const scheme = m[1] ?? 'http';
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] ? (m[4].startsWith('/') ? m[4] : '/' + m[4]) : '/';
  return { host: m[2], port, path, href: `${scheme}://${m[2]}${m[3] ? ':' + m[3] : ''}${path}` };
}

const isIP = (h: string) => /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(h);

function lookup(ctx: AppletContext, host: string): string | undefined {
  if (isIP(host)) return host;
  if (host === 'localhost') return '127.0.0.1';
  if (host === ctx.sh.env.hostname) return ctx.sh.env.podIP;
  const r = ctx.sh.env.network.resolve(host);
  return 'error' in r ? undefined : r.ips[0];
}

/** Sends a request; `localhost` and the pod's own IP would need the container's own ports. */
function send(
  ctx: AppletContext,
  url: Url,
  method: string,
  headers: Record<string, string>,
  body?: string,
) {
  return ctx.sh.env.network.http({
    method,
    url: url.href,
    headers: { Host: url.host, ...headers },
    body,
  });
}

/** Waits for the server's answer: as long as it took to make it, or one step. */
function* awaitAnswer(res: HttpResponse | { error: string }): Proc<void> {
  const ms = 'latencyMs' in res ? (res.latencyMs ?? 0) : 0;
  if (ms > 0) yield { t: 'sleep', ms };
  else yield { t: 'step' };
}

function statusLine(res: HttpResponse): string {
  return `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? ''}`.trimEnd();
}

function headerBlock(res: HttpResponse): string {
  const h: Record<string, string> = { ...(res.headers ?? {}) };
  const lower = new Set(Object.keys(h).map((k) => k.toLowerCase()));
  if (!lower.has('content-length'))
    h['Content-Length'] = String(new TextEncoder().encode(res.body).length);
  return (
    [statusLine(res), ...Object.entries(h).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n'
  );
}

function* waitSeconds(ctx: AppletContext, s: number): Proc<void> {
  if (s > 0) yield { t: 'sleep', ms: s * 1000 };
  void ctx;
}

function progressLine(name: string, size: number): string {
  const shown = size >= 100_000 ? `${Math.round(size / 1024)}k` : String(size);
  return `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${shown.padStart(5)}  0:00:00 ETA\n`;
}

const wget: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  let quiet = false;
  let out: string | undefined;
  let spider = false;
  let timeout = 900;
  const headers: Record<string, string> = {};
  let postData: string | undefined;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-O' || a === '--output-document') out = args[++i];
    else if (a.startsWith('-O')) out = a.slice(2);
    else if (a === '-qO-' || a === '-qO') {
      quiet = true;
      out = a === '-qO-' ? '-' : args[++i];
    } else if (a === '--spider') spider = true;
    else if (a === '-T' || a === '--timeout') timeout = Number(args[++i]) || 0;
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10)) || 0;
    else if (a.startsWith('-T')) timeout = Number(a.slice(2)) || 0;
    else if (a === '--header') {
      const h = args[++i] ?? '';
      const c = h.indexOf(':');
      if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
    } else if (a.startsWith('--post-data=')) postData = a.slice(12);
    else if (a === '-S' || a === '-s' || a === '-c' || a === '--no-check-certificate') continue;
    else if (a.startsWith('-') && a.length > 1) {
      if (/^-[qS]+$/.test(a)) quiet = true;
      else if (/^-q+O$/.test(a)) {
        quiet = true;
        out = args[++i];
      } else continue;
    } else urls.push(a);
  }
  if (!urls.length) {
    ctx.io.stderr.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n',
    );
    return 1;
  }
  for (const raw of urls) {
    const url = parseUrl(raw);
    if (!url) {
      complain(ctx, `bad address '${raw}'`);
      return 1;
    }
    const ip = lookup(ctx, url.host);
    if (!ip) {
      complain(ctx, `bad address '${url.host}'`);
      return 1;
    }
    if (!quiet)
      ctx.io.stderr.write(
        `Connecting to ${url.host}${url.port !== 80 || raw.includes(':' + url.port) ? ':' + url.port : ''} (${ip}:${url.port})\n`,
      );
    const res = send(
      ctx,
      url,
      spider ? 'HEAD' : postData !== undefined ? 'POST' : 'GET',
      headers,
      postData,
    );
    yield* awaitAnswer(res);
    if ('error' in res) {
      if (/timed out/i.test(res.error)) {
        yield* waitSeconds(ctx, timeout);
        complain(ctx, 'download timed out');
      } else if (/bad address/.test(res.error)) complain(ctx, `bad address '${url.host}'`);
      else
        complain(
          ctx,
          res.error.startsWith("can't")
            ? res.error
            : `can't connect to remote host (${ip}): Connection refused`,
        );
      return 1;
    }
    if (res.status >= 400) {
      complain(ctx, `server returned error: ${statusLine(res)}`);
      return 1;
    }
    if (spider) {
      if (!quiet) ctx.io.stderr.write('remote file exists\n');
      continue;
    }
    const size = new TextEncoder().encode(res.body).length;
    if (out === '-') {
      if (!quiet) ctx.io.stderr.write('writing to stdout\n');
      ctx.io.stdout.write(res.body);
      if (!quiet) ctx.io.stderr.write(progressLine('-', size) + 'written to stdout\n');
      continue;
    }
    const file = out ?? (url.path.split('?')[0].split('/').pop() || 'index.html');
    const path = ctx.sh.resolve(file);
    if (out === undefined && ctx.sh.env.fs.read(path) !== undefined) {
      complain(ctx, `can't open '${file}': File exists`);
      return 1;
    }
    if (!quiet) ctx.io.stderr.write(`saving to '${file}'\n`);
    ctx.sh.env.fs.write(path, res.body);
    if (!quiet) ctx.io.stderr.write(progressLine(file, size) + `'${file}' saved\n`);
  }
  return 0;
};

const curl: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  let silent = false;
  let showErr = false;
  let include = false;
  let head = false;
  let fail = false;
  let verbose = false;
  let out: string | undefined;
  let writeOut: string | undefined;
  let maxTime = 0;
  let method: string | undefined;
  let data: string | undefined;
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
      const val = () => inline ?? args[++i];
      if (name === '--silent') silent = true;
      else if (name === '--show-error') showErr = true;
      else if (name === '--include') include = true;
      else if (name === '--head') head = true;
      else if (name === '--fail') fail = true;
      else if (name === '--verbose') verbose = true;
      else if (name === '--output') out = val();
      else if (name === '--write-out') writeOut = val();
      else if (name === '--max-time' || name === '--connect-timeout') maxTime = Number(val()) || 0;
      else if (name === '--request') method = val();
      else if (name === '--data' || name === '--data-raw' || name === '--data-binary') data = val();
      else if (name === '--header') {
        const h = val() ?? '';
        const c = h.indexOf(':');
        if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const takes = 'owmXdHA'.includes(c);
        const v = takes ? (j + 1 < a.length ? a.slice(j + 1) : args[++i]) : undefined;
        if (c === 's') silent = true;
        else if (c === 'S') showErr = true;
        else if (c === 'i') include = true;
        else if (c === 'I') head = true;
        else if (c === 'f') fail = true;
        else if (c === 'v') verbose = true;
        else if (c === 'o') out = v;
        else if (c === 'w') writeOut = v;
        else if (c === 'm') maxTime = Number(v) || 0;
        else if (c === 'X') method = v;
        else if (c === 'd') data = v;
        else if (c === 'H') {
          const cc = (v ?? '').indexOf(':');
          if (cc > 0) headers[v!.slice(0, cc).trim()] = v!.slice(cc + 1).trim();
        }
        if (takes) break;
      }
      continue;
    }
    urls.push(a);
  }
  const error = (code: number, msg: string): number => {
    if (!silent || showErr) ctx.io.stderr.write(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if (!urls.length) {
    ctx.io.stderr.write("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  let status = 0;
  for (const raw of urls) {
    const url = parseUrl(raw);
    if (!url) return error(3, `URL rejected: Malformed input to a URL function`);
    const ip = lookup(ctx, url.host);
    if (!ip) return error(6, `Could not resolve host: ${url.host}`);
    const m = method ?? (head ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
    if (verbose)
      ctx.io.stderr.write(
        `*   Trying ${ip}:${url.port}...\n* Connected to ${url.host} (${ip}) port ${url.port}\n> ${m} ${url.path} HTTP/1.1\n> Host: ${url.host}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n`,
      );
    const res = send(ctx, url, m, { 'User-Agent': 'curl/8.5.0', Accept: '*/*', ...headers }, data);
    yield* awaitAnswer(res);
    if ('error' in res) {
      if (/timed out/i.test(res.error)) {
        const wait = maxTime || 134;
        yield* waitSeconds(ctx, wait);
        return error(28, `Connection timed out after ${wait * 1000 + 1} milliseconds`);
      }
      if (/bad address/.test(res.error)) return error(6, `Could not resolve host: ${url.host}`);
      return error(
        7,
        `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`,
      );
    }
    if (verbose) ctx.io.stderr.write(headerBlock(res).replace(/^/gm, '< ').replace(/< $/, ''));
    if (fail && res.status >= 400) {
      status = error(22, `The requested URL returned error: ${res.status}`);
      continue;
    }
    let text = '';
    if (include || head) text += headerBlock(res);
    if (!head) text += res.body;
    if (out !== undefined && out !== '-') ctx.sh.env.fs.write(ctx.sh.resolve(out), text);
    else ctx.io.stdout.write(text);
    if (!silent && out !== undefined && out !== '-') {
      const size = new TextEncoder().encode(text).length;
      ctx.io.stderr.write(
        '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
          '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
          `100 ${String(size).padStart(5)}  100 ${String(size).padStart(5)}    0     0   ${String(size).padStart(5)}      0 --:--:-- --:--:-- --:--:-- ${String(size).padStart(5)}\n`,
      );
    }
    if (writeOut !== undefined) {
      ctx.io.stdout.write(
        writeOut
          .replace(/%\{http_code\}|%\{response_code\}/g, String(res.status).padStart(3, '0'))
          .replace(/%\{size_download\}/g, String(new TextEncoder().encode(res.body).length))
          .replace(/%\{remote_ip\}/g, ip)
          .replace(/%\{time_total\}/g, '0.001000')
          .replace(/\\n/g, '\n'),
      );
    }
  }
  return status;
};

function nameserver(ctx: AppletContext): string {
  const conf = ctx.sh.env.fs.read('/etc/resolv.conf') ?? '';
  const m = /^nameserver\s+(\S+)/m.exec(conf);
  return m ? m[1] : '10.96.0.10';
}

// eslint-disable-next-line require-yield
const nslookup: Applet = function* (ctx) {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) {
    ctx.io.stderr.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n',
    );
    return 1;
  }
  const server = args[1] ?? nameserver(ctx);
  ctx.io.stdout.write(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  if (isIP(name)) {
    ctx.io.stdout.write(
      `** server can't find ${name.split('.').reverse().join('.')}.in-addr.arpa: NXDOMAIN\n\n`,
    );
    return 1;
  }
  const r = ctx.sh.env.network.resolve(name);
  if ('error' in r) {
    ctx.io.stdout.write(`** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  for (const ip of r.ips) ctx.io.stdout.write(`Name:\t${r.canonical}\nAddress: ${ip}\n`);
  return 0;
};

const ping: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  let count = Infinity;
  let host: string | undefined;
  let waitS = 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c') count = Number(args[++i]);
    else if (a.startsWith('-c')) count = Number(a.slice(2));
    else if (a === '-i') waitS = Number(args[++i]) || 1;
    else if (a === '-W' || a === '-w' || a === '-s') i++;
    else if (!a.startsWith('-')) host = a;
  }
  if (!host) {
    ctx.io.stderr.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n',
    );
    return 1;
  }
  const ip = lookup(ctx, host);
  if (!ip) {
    complain(ctx, `bad address '${host}'`);
    return 1;
  }
  ctx.io.stdout.write(`PING ${host} (${ip}): 56 data bytes\n`);
  let sent = 0;
  const times: number[] = [];
  const summary = () => {
    ctx.io.stdout.write(
      `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${times.length} packets received, ${sent ? Math.round((100 * (sent - times.length)) / sent) : 0}% packet loss\n`,
    );
    if (times.length) {
      const min = Math.min(...times);
      const max = Math.max(...times);
      const avg = times.reduce((a, b) => a + b, 0) / times.length;
      ctx.io.stdout.write(
        `round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`,
      );
    }
  };
  try {
    while (sent < count) {
      const ms = 0.05 + ctx.sh.env.random.int(100) / 1000;
      times.push(ms);
      ctx.io.stdout.write(`64 bytes from ${ip}: seq=${sent} ttl=64 time=${ms.toFixed(3)} ms\n`);
      sent++;
      if (sent < count) {
        yield { t: 'sleep', ms: waitS * 1000 };
        if (ctx.sh.thread.pendingSignals.length) break;
      }
    }
  } finally {
    summary();
  }
  return 0;
};

// eslint-disable-next-line require-yield
const nc: Applet = function* (ctx) {
  const args = ctx.argv.slice(1);
  let zero = false;
  let verbose = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-w' || a === '-i' || a === '-p') i++;
    else if (a.startsWith('-')) {
      if (a.includes('z')) zero = true;
      if (a.includes('v')) verbose = true;
    } else rest.push(a);
  }
  const [host, portText] = rest;
  if (!host || !portText) {
    ctx.io.stderr.write(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n',
    );
    return 1;
  }
  const ip = lookup(ctx, host);
  if (!ip) {
    complain(ctx, `bad address '${host}'`);
    return 1;
  }
  const url = parseUrl(`${host}:${portText}/`)!;
  const res = send(ctx, url, zero ? 'HEAD' : 'GET', {});
  if ('error' in res) {
    if (verbose || !zero) complain(ctx, `${host} (${ip}:${portText}): Connection refused`);
    return 1;
  }
  if (verbose) ctx.io.stderr.write(`${host} (${ip}:${portText}) open\n`);
  return 0;
};

export const NET_APPLETS: Record<string, Applet> = { wget, curl, nslookup, ping, nc };
