import { gzipSync } from 'node:zlib';
import { expect, test } from './fixtures';

/**
 * The JavaScript the page needs before its first prompt, by size (gzip), not by time: every
 * script and Worker fetched before the Worker's first prompt reaches the page.
 *
 * The issue's goal is 300 KiB; today the Worker's boot chunk (the whole cluster and kubectl)
 * is about 350 KiB, so this holds the line where it is and is to come down as the Worker is
 * split further. Monaco, React Flow and the diagram must come after the prompt, and so must
 * the parts the Worker loads later (the schemas' descriptions).
 */
const BUDGET_KIB = 550;
const GOAL_KIB = 300;
const LATE = /monaco|editor|xyflow|reactflow|elk|diagram/i;

/** Marks, in page time, when the Worker's first prompt reaches the page. */
function hookPrompt() {
  const Base = window.Worker;
  const w = window as unknown as { promptAt?: number };
  window.Worker = class extends Base {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (ev: MessageEvent<{ type: string; data?: string }>) => {
        if (w.promptAt === undefined && ev.data.type === 'terminal.output') {
          if (ev.data.data?.includes('$ ')) {
            w.promptAt = performance.now();
            (window as unknown as { promptSeen_(): void }).promptSeen_();
          }
        }
      });
    }
  };
}

// The hook and the listener go on the context, before the playground fixture's first page load.
interface Fetched {
  body: Promise<Buffer>;
  /** This process's performance.now() when the page or its Worker asked for it. */
  at: number;
}

/**
 * Scripts by path, with when they were asked for, and when the first prompt reached the page,
 * both in this process's time: the Worker's own fetches are in no page timeline.
 */
const budgetTest = test.extend<{
  scripts: Map<string, Fetched>;
  /** When the first prompt reached the page, and when the service worker's script was asked for. */
  prompt: { at?: number; serviceWorkerAt?: number };
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's parameters.
  scripts: async ({}, use) => use(new Map()),
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's parameters.
  prompt: async ({}, use) => use({}),
  context: async ({ context, scripts, prompt }, use) => {
    await context.exposeFunction('promptSeen_', () => {
      prompt.at ??= performance.now();
    });
    await context.addInitScript(hookPrompt);
    const asked = new Map<string, number>();
    context.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path === '/sw.js') prompt.serviceWorkerAt ??= performance.now();
      // The offline cache's Service Worker fetches every asset in the background: not the page's.
      if (req.serviceWorker()) return;
      if (path.endsWith('.js') && !asked.has(path)) asked.set(path, performance.now());
    });
    context.on('response', (res) => {
      if (res.request().serviceWorker()) return;
      const path = new URL(res.url()).pathname;
      if (path.endsWith('.js') && !scripts.has(path))
        scripts.set(path, { body: res.body(), at: asked.get(path) ?? performance.now() });
    });
    await use(context);
  },
});

budgetTest(
  'the scripts fetched before the first prompt stay within budget, without Monaco or the diagram',
  async ({ playground, page, scripts, prompt }) => {
    await playground.waitForPrompt();
    // What comes after the prompt (the diagram, the Worker's later parts) has time to be
    // fetched, so it is seen as late.
    await expect(page.getByTestId('diagram').locator('.react-flow')).toBeVisible();
    await expect
      .poll(() => [...scripts.keys()].some((p) => /descriptions/.test(p)), {
        message: 'the Worker loads the schemas descriptions after the prompt',
      })
      .toBe(true);

    expect(prompt.at, 'the first prompt arrived').toBeDefined();
    const before: string[] = [];
    const after: string[] = [];
    for (const [path, { at }] of scripts) (at < prompt.at! ? before : after).push(path);
    const sizes = await Promise.all(
      before.map(async (path) => gzipSync(await scripts.get(path)!.body, { level: 9 }).length),
    );
    const totalKiB = sizes.reduce((a, b) => a + b, 0) / 1024;
    const listing = before.map((p, i) => `${(sizes[i] / 1024).toFixed(1)} KiB ${p}`).join('\n');
    test
      .info()
      .annotations.push(
        { type: 'before the prompt', description: `${totalKiB.toFixed(1)} KiB gzip\n${listing}` },
        { type: 'after the prompt', description: after.join('\n') },
        { type: 'goal', description: `${GOAL_KIB} KiB` },
      );
    await page.screenshot({ path: test.info().outputPath('loaded.png') });

    expect(
      before.some((p) => /\/assets\/main-[^/]*\.js$/.test(p)),
      'the Worker is counted',
    ).toBe(true);
    expect(before.filter((p) => LATE.test(p) || /descriptions/.test(p))).toEqual([]);
    expect(
      after.some((p) => LATE.test(p)),
      'the diagram loads after the prompt',
    ).toBe(true);
    expect(totalKiB).toBeLessThanOrEqual(BUDGET_KIB);

    // The offline cache fetches the whole build (Monaco too) on install: not before the prompt.
    await expect
      .poll(() => prompt.serviceWorkerAt, { message: 'the service worker registers' })
      .toBeDefined();
    expect(prompt.serviceWorkerAt!).toBeGreaterThan(prompt.at!);
    test.info().annotations.push({
      type: 'service worker asked for',
      description: `${Math.round(prompt.serviceWorkerAt! - prompt.at!)} ms after the prompt`,
    });
  },
);
