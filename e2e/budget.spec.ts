import { gzipSync } from 'node:zlib';
import { expect, test } from './fixtures';

/**
 * The JavaScript the page needs before its first prompt, by size (gzip), not by time: every
 * script and Worker fetched before the Worker's first prompt reaches the page.
 *
 * The goal is 300 KiB; today the Worker alone (the whole cluster and kubectl in one
 * chunk) is about 460 KiB, so this holds the line where it is and is to come down as the Worker
 * is split. Monaco, React Flow, elk and the diagram must already come after the prompt.
 */
const BUDGET_KIB = 660;
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
          if (ev.data.data?.includes('$ ')) w.promptAt = performance.now();
        }
      });
    }
  };
}

// The hook and the listener go on the context, before the playground fixture's first page load.
const budgetTest = test.extend<{ scripts: Map<string, Promise<Buffer>> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's parameters.
  scripts: async ({}, use) => use(new Map()),
  context: async ({ context, scripts }, use) => {
    await context.addInitScript(hookPrompt);
    context.on('response', (res) => {
      const url = new URL(res.url());
      // The offline cache's Service Worker fetches every asset in the background: not the page's.
      if (res.request().serviceWorker()) return;
      if (url.pathname.endsWith('.js')) scripts.set(url.pathname, res.body());
    });
    await use(context);
  },
});

budgetTest(
  'the scripts fetched before the first prompt stay within budget, without Monaco or the diagram',
  async ({ playground, page, scripts: bodies }) => {
    await playground.waitForPrompt();
    // What comes after the prompt (the diagram) has time to be fetched, so it is seen as late.
    await expect(page.getByTestId('diagram').locator('.react-flow')).toBeVisible();

    const { promptAt, fetched } = await page.evaluate(() => ({
      promptAt: (window as unknown as { promptAt?: number }).promptAt,
      fetched: performance
        .getEntriesByType('resource')
        .map((r) => ({ path: new URL(r.name).pathname, start: r.startTime })),
    }));
    expect(promptAt, 'the first prompt arrived').toBeDefined();
    const startOf = new Map(fetched.map((f) => [f.path, f.start]));
    const before: string[] = [];
    const after: string[] = [];
    for (const path of bodies.keys()) {
      // A script the page's timeline does not list was fetched by the Worker itself: counted.
      const start = startOf.get(path);
      (start === undefined || start < promptAt! ? before : after).push(path);
    }
    const sizes = await Promise.all(
      before.map(async (path) => gzipSync(await bodies.get(path)!, { level: 9 }).length),
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
    expect(before.filter((p) => LATE.test(p))).toEqual([]);
    expect(
      after.some((p) => LATE.test(p)),
      'the diagram loads after the prompt',
    ).toBe(true);
    expect(totalKiB).toBeLessThanOrEqual(BUDGET_KIB);
  },
);
