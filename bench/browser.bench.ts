/**
 * The page itself, in Debian's Chromium, on a production build: load to a usable prompt where
 * `kubectl get nodes` has printed, the JavaScript fetched before that prompt (gzip), frame times
 * while 100 pods roll over with the Diagram tab shown, and `kubectl get pods` over 1,000 pods in
 * the terminal. Without Chromium (or with BENCH_BROWSER=0) it says so and skips.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import type { BenchResult } from './types';
import { percentile } from './types';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The same switches as playwright.config.ts. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 7);
const TABLE_RUNS = 5;
/** The cluster panel's tab during the rollout: Diagram, or Tables to tell the diagram's share. */
const ROLLOUT_TAB = process.env.BENCH_ROLLOUT_TAB ?? 'Diagram';
/** The issue names no goal for the table: the usual 100 ms for a response to feel instant. */
const TABLE_GOAL_MS = 100;
/** Monaco, React Flow, elk and the diagram: wanted after the first prompt, not before. */
export const LATE_CHUNK = /monaco|editor|xyflow|reactflow|elk|diagram/i;

interface Fetched {
  path: string;
  /** performance.now() in this process when the page (or its Worker) asked for it. */
  at: number;
}

/** A static server for the built page, with the CSP header `vite preview` sends. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const { CSP } = await import('../vite.config');
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
    '.wasm': 'application/wasm',
    '.ttf': 'font/ttf',
    '.woff2': 'font/woff2',
    '.map': 'application/json',
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': types[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': CSP,
        });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** The terminal's visible text, as the e2e fixture reads it (runs in the page). */
function readScreen(): string {
  const rows = document.querySelector<HTMLElement>('[data-testid="terminal"] .xterm-rows');
  return rows ? rows.innerText.replace(/\u00a0/g, ' ') : '';
}

/**
 * Waits, polling each frame, until the screen's last non-blank line is a bare prompt and
 * `pattern` shows; with `fresh`, also until a command has run since the screen was cleared (two
 * prompts, or the first scrolled away). Resolves with the page's performance.now() then.
 */
async function waitForScreen(
  page: Page,
  pattern: RegExp,
  { timeout = 120_000, fresh = false } = {},
): Promise<number> {
  const handle = await page.waitForFunction(
    ({ source, fresh }) => {
      // Inlined: the page's CSP forbids eval, so no helper can be passed in as text.
      const rows = document.querySelector<HTMLElement>('[data-testid="terminal"] .xterm-rows');
      const text = rows ? rows.innerText.replace(/\u00a0/g, ' ') : '';
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const last = lines[lines.length - 1] ?? '';
      if (!/^\$\s*$/.test(last) || !new RegExp(source, 'm').test(text)) return 0;
      const prompts = lines.filter((l) => l.startsWith('$')).length;
      if (fresh && prompts < 2 && lines[0].startsWith('$')) return 0;
      return performance.now();
    },
    { source: pattern.source, fresh },
    { polling: 'raf', timeout },
  );
  return (await handle.jsonValue()) as number;
}

async function screen(page: Page): Promise<string> {
  return page.evaluate(readScreen);
}

/**
 * Clears the screen, types a command line at the prompt and waits for the next prompt after
 * `done` shows. Resolves with the ms from Enter going down to that prompt on screen.
 */
async function command(page: Page, line: string, done: RegExp, timeout?: number): Promise<number> {
  await typeLine(page, 'clear');
  await page.waitForFunction(() => {
    const rows = document.querySelector<HTMLElement>('[data-testid="terminal"] .xterm-rows');
    return rows?.innerText.trim() === '$';
  });
  await page.evaluate(() => {
    (window as unknown as { enterAt: number }).enterAt = 0;
  });
  await typeLine(page, line);
  const end = await waitForScreen(page, done, { timeout, fresh: true });
  const start = await page.evaluate(() => (window as unknown as { enterAt: number }).enterAt);
  return end - start;
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.insertText(line);
  await page.keyboard.press('Enter');
}

/** Records when Enter goes down, so command timings start at the key, in page time. */
async function markEnter(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter')
          (window as unknown as { enterAt: number }).enterAt = performance.now();
      },
      true,
    );
  });
}

interface LoadRun {
  prompt: number;
  nodes: number;
  /** From Enter going down to the node table painted. */
  enter: number;
  /** The terminal had the keyboard when the prompt showed. */
  focused: boolean;
  /** Page times (ms): the Worker's start, its first prompt, `ready`, the node table's output. */
  marks: Record<'worker' | 'sent' | 'ready' | 'nodes', number>;
  before: string[];
  after: string[];
}

/** One fresh page: navigation start to the first prompt, then to `kubectl get nodes` printed. */
async function loadOnce(browser: Browser, url: string, log: Fetched[]): Promise<LoadRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  log.length = 0;
  context.on('request', (req) => {
    // The offline cache's Service Worker fetches every asset in the background: not the page's.
    if (!req.serviceWorker())
      log.push({ path: new URL(req.url()).pathname, at: performance.now() });
  });
  // As text, like recordFrames: marks when the Worker starts and what it says first.
  await context.addInitScript(`(() => {
    const Base = window.Worker;
    const m = (window.marks_ = {});
    window.Worker = class extends Base {
      constructor(url, options) {
        super(url, options);
        m.worker ??= performance.now();
        this.addEventListener('message', (ev) => {
          const d = ev.data;
          if (d.type === 'terminal.output' && d.data.includes('$ ')) m.sent ??= performance.now();
          if (d.type === 'ready') m.ready ??= performance.now();
          if (d.type === 'terminal.output' && / Ready /.test(d.data)) m.nodes ??= performance.now();
        });
      }
    };
  })()`);
  const page = await context.newPage();
  await markEnter(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'commit' });
  const prompt = await waitForScreen(page, /^\$/, { timeout: 30_000 });
  const promptAt = performance.now();
  // Typed as soon as the prompt shows, the way an eager learner would: the page gives the
  // terminal the keyboard at start, so no click comes first (one would cost a few frames of
  // Playwright's checks). Should it not have the keyboard, clicking is what a learner would do.
  const focused = await page.evaluate(
    () => !!document.activeElement?.closest('[data-testid="terminal"]'),
  );
  if (!focused) await page.getByTestId('terminal').click();
  await page.evaluate(() => {
    (window as unknown as { enterAt: number }).enterAt = 0;
  });
  await typeLine(page, 'kubectl get nodes');
  const nodes = await waitForScreen(page, /^minikube\s+Ready\s/, { timeout: 30_000 });
  const marks = (await page.evaluate('window.marks_')) as LoadRun['marks'];
  const enter = await page.evaluate(() => (window as unknown as { enterAt: number }).enterAt);
  // Let whatever the page fetches after the prompt arrive, to list it.
  await page.waitForTimeout(1500);
  const before = log.filter((f) => f.at <= promptAt).map((f) => f.path);
  const after = log.filter((f) => f.at > promptAt).map((f) => f.path);
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { prompt, nodes, enter: nodes - enter, focused, marks, before, after };
}

async function gzipped(root: string, path: string): Promise<number> {
  return gzipSync(await readFile(join(root, path)), { level: 9 }).length;
}

const isScript = (p: string) => p.endsWith('.js') || p.endsWith('.mjs');

/** Frame intervals and long tasks on the main thread while `line` runs. */
async function recordFrames(page: Page, line: string, done: RegExp) {
  // As text: tsx would wrap a named inner function in a helper the page does not have.
  await page.evaluate(`(() => {
    const w = window;
    w.frames_ = [];
    w.tasks_ = [];
    w.stop_ = false;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.tasks_.push(e.duration);
    }).observe({ type: 'longtask' });
    requestAnimationFrame(function tick(t) {
      w.frames_.push(t);
      if (!w.stop_) requestAnimationFrame(tick);
    });
  })()`);
  await command(page, line, done, Number(process.env.BENCH_ROLL_TIMEOUT ?? 300_000)).catch(
    async (e: unknown) => {
      if (process.env.BENCH_DEBUG) await page.screenshot({ path: '/tmp/bench-roll.png' });
      throw e;
    },
  );
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; tasks_: number[]; stop_: boolean };
    w.stop_ = true;
    const gaps = w.frames_.slice(1).map((t, i) => t - w.frames_[i]);
    return { gaps, tasks: w.tasks_ };
  });
}

export async function run(): Promise<BenchResult[]> {
  if (process.env.BENCH_BROWSER === '0') {
    console.log('browser bench: skipped (BENCH_BROWSER=0)');
    return [];
  }
  if (!existsSync(CHROMIUM)) {
    console.log(`browser bench: skipped, no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
    return [];
  }
  const { build } = await import('vite');
  const { chromium } = await import('@playwright/test');
  const root = await mkdtemp(join(tmpdir(), 'bench-page-'));
  const log: Fetched[] = [];
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    await build({
      logLevel: 'error',
      build: { outDir: root, emptyOutDir: true, sourcemap: false },
    });
    const served = await serve(root);
    server = served.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const version = browser.version();

    // (a, b) Load to prompt and to `kubectl get nodes`, several fresh pages.
    await loadOnce(browser, served.url, log); // warm the OS file cache and Chromium itself
    const loads: LoadRun[] = [];
    for (let i = 0; i < LOAD_RUNS; i++) loads.push(await loadOnce(browser, served.url, log));
    const prompts = loads.map((l) => l.prompt);
    const nodes = loads.map((l) => l.nodes);
    const first = loads[loads.length - 1];
    const critical = first.before.filter(isScript);
    const sizes = await Promise.all(critical.map((p) => gzipped(root, p)));
    const later = [...new Set(first.after.filter(isScript))];
    const laterSizes = await Promise.all(later.map((p) => gzipped(root, p)));
    const criticalKiB = sizes.reduce((a, b) => a + b, 0) / 1024;
    console.log(`browser bench: Chromium ${version}, ${LOAD_RUNS} loads`);
    const med = (f: (l: LoadRun) => number) => Math.round(percentile(loads.map(f), 50));
    console.log(
      `  medians from navigation: Worker started ${med((l) => l.marks.worker)} ms, its prompt ` +
        `received ${med((l) => l.marks.sent)} ms, painted ${med((l) => l.prompt)} ms, cluster ` +
        `ready ${med((l) => l.marks.ready)} ms, \`kubectl get nodes\` received ` +
        `${med((l) => l.marks.nodes)} ms, painted ${med((l) => l.nodes)} ms (Enter to painted ` +
        `${med((l) => l.enter)} ms; the terminal had the keyboard at the prompt in ` +
        `${loads.filter((l) => l.focused).length} of ${loads.length} loads)`,
    );
    console.log('  scripts fetched before the first prompt (gzip):');
    critical.forEach((p, i) =>
      console.log(`    ${(sizes[i] / 1024).toFixed(1).padStart(7)} KiB  ${p}`),
    );
    console.log(`    ${criticalKiB.toFixed(1).padStart(7)} KiB  total`);
    console.log('  scripts fetched after it:');
    if (!later.length) console.log('    none');
    later.forEach((p, i) =>
      console.log(`    ${(laterSizes[i] / 1024).toFixed(1).padStart(7)} KiB  ${p}`),
    );
    const late = critical.filter((p) => LATE_CHUNK.test(p));
    if (late.length) console.log(`  on the critical path but wanted later: ${late.join(', ')}`);

    // (c, d) One page: 100 pods rolled over at 60x with the Diagram shown, then 1,000 pods.
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await context.newPage();
    await markEnter(page);
    await page.goto(served.url);
    await waitForScreen(page, /^\$/);
    await page.getByTestId('terminal').click();
    await command(
      page,
      'kubectl create deployment web --image=nginx:1.27 --replicas=100',
      /created/,
    );
    await page.getByRole('group', { name: 'Speed' }).getByText('60×').click();
    const playPause = page.getByTestId('play-pause');
    if ((await playPause.getAttribute('aria-label')) === 'Play') await playPause.click();
    await page.getByTestId('terminal').click();
    await command(
      page,
      'kubectl rollout status deployment/web',
      /successfully rolled out/,
      300_000,
    );
    await page.getByRole('tab', { name: ROLLOUT_TAB }).click();
    await page.getByTestId('terminal').click();
    await command(page, 'kubectl set image deployment/web nginx=nginx:1.26.1', /image updated/);
    if (process.env.BENCH_DEBUG) await page.screenshot({ path: '/tmp/bench-before-roll.png' });
    const frames = await recordFrames(
      page,
      'kubectl rollout status deployment/web',
      /successfully rolled out/,
    );
    const fps = frames.gaps.map((g) => 1000 / g);

    await command(page, 'kubectl scale deployment/web --replicas=1000', /scaled/);
    // Let the ReplicaSet create them all (at 60x), then pause so nothing else runs.
    const count = async () => {
      await command(page, 'kubectl get pods --no-headers | wc -l', /^\s*\d+\s*$/m);
      return Number(/^\s*(\d+)\s*$/m.exec(await screen(page))?.[1] ?? 0);
    };
    for (let i = 0; i < 30 && (await count()) < 1000; i++) {
      await command(page, 'sleep 10', /^\$/, 120_000);
    }
    await page.getByTestId('play-pause').click();
    await page.getByTestId('terminal').click();
    const tables: number[] = [];
    for (let i = 0; i < TABLE_RUNS + 1; i++) {
      const ms = await command(page, 'kubectl get pods', /^web-\S+\s+\d+\/1\s/, 120_000);
      if (i > 0) tables.push(ms);
    }
    const rows = await count();
    await context.close();
    if (rows < 1000) throw new Error(`expected 1,000 pods, the table had ${rows}`);

    const ms = (name: string, v: number, goal: number): BenchResult => ({
      name,
      value: Math.round(v),
      unit: 'ms',
      goal,
      better: 'lower',
    });
    return [
      ms('page: load to first prompt, median', percentile(prompts, 50), 1000),
      ms('page: load to first prompt, p95', percentile(prompts, 95), 1000),
      ms('page: load to `kubectl get nodes` printed, median', percentile(nodes, 50), 1000),
      ms('page: load to `kubectl get nodes` printed, p95', percentile(nodes, 95), 1000),
      {
        name: 'page: JavaScript before the prompt (gzip)',
        value: Number(criticalKiB.toFixed(1)),
        unit: 'KiB',
        goal: 300,
        better: 'lower',
      },
      {
        name: 'page: Monaco/React Flow/elk chunks before the prompt',
        value: late.length,
        unit: 'files',
        goal: 0,
        better: 'lower',
      },
      {
        name: `page: fps while 100 pods roll over (${ROLLOUT_TAB}), median`,
        value: Number(percentile(fps, 50).toFixed(1)),
        unit: 'fps',
        goal: 58,
        better: 'higher',
      },
      {
        name: `page: fps while 100 pods roll over (${ROLLOUT_TAB}), p5`,
        value: Number(percentile(fps, 5).toFixed(1)),
        unit: 'fps',
        goal: 50,
        better: 'higher',
      },
      ms('page: longest main-thread task during the rollout', Math.max(0, ...frames.tasks), 50),
      {
        name: 'page: main-thread tasks over 50 ms during the rollout',
        value: frames.tasks.filter((d) => d > 50).length,
        unit: 'tasks',
        goal: 0,
        better: 'lower',
      },
      ms(
        'page: `kubectl get pods`, 1,000 pods, Enter to prompt, median',
        percentile(tables, 50),
        TABLE_GOAL_MS,
      ),
      ms(
        'page: `kubectl get pods`, 1,000 pods, Enter to prompt, p95',
        percentile(tables, 95),
        TABLE_GOAL_MS,
      ),
    ];
  } finally {
    await browser?.close();
    server?.close();
    await rm(root, { recursive: true, force: true });
  }
}
