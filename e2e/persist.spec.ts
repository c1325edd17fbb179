/**
 * Nothing lost: the cluster, the files and the terminal history come back after a reload; a
 * Worker that stops is replaced by one restored from the last save; Reset gives an empty cluster
 * of the chosen size; the theme is remembered; the page works offline after its first load.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Playground } from './fixtures';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`) });

const pageNow = (page: Page) => page.evaluate(() => Date.now());

/**
 * Waits until the Worker has saved everything done since `since` (the page's clock, before the
 * last action): a save made after it, and none for 3 s since (the Worker saves within 2 s of any
 * change, so nothing is left unsaved). The clock must be paused, or saves never stop.
 */
async function saved(page: Page, since: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const at = Number(await page.getByTestId('save-state').getAttribute('data-saved-at'));
        return at > since && (await pageNow(page)) - at > 3000;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** The cluster's Worker (not Monaco's). */
async function clusterWorker(page: Page): Promise<Worker> {
  for (const w of page.workers()) {
    if ((await w.evaluate(() => self.name).catch(() => '')) === 'cluster') return w;
  }
  throw new Error('no cluster Worker');
}

async function webPods(playground: Playground): Promise<string[]> {
  const rows = await playground.podRows('web-').locator('td.name').allInnerTexts();
  return rows.sort();
}

async function openSettings(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Settings' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
}

test('the cluster, the files and the history come back after a reload', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  await playground.showTables();
  await playground.pause();
  await playground.run('kubectl create deployment web --image=nginx --replicas=3');
  await playground.run('echo hi > note.txt');
  await playground.play(60);
  const web = playground.podRows('web-');
  await expect(web.getByTestId('pod-status')).toHaveText(['Running', 'Running', 'Running'], {
    timeout: 30_000,
  });
  const since = await pageNow(page);
  await playground.pause();
  const before = await webPods(playground);
  await saved(page, since);
  await shot(page, '1-before-reload');

  await page.reload();
  await playground.waitForPrompt();
  await expect(page.getByTestId('persist-notice')).toContainText('Restored the cluster from');
  await playground.showTables();
  await expect(web.getByTestId('pod-status')).toHaveText(['Running', 'Running', 'Running']);
  expect(await webPods(playground)).toEqual(before);
  await shot(page, '2-after-reload');

  // Up arrow recalls the last command typed before the reload.
  await playground.terminal.click();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => playground.screen()).toMatch(/\$ echo hi > note\.txt *$/m);
  await page.keyboard.press('Control+U');
  const cat = await playground.run('cat note.txt');
  expect(cat).toMatch(/^hi$/m);
  const pods = await playground.run('kubectl get pods');
  expect(pods.match(/^web-\S+ +1\/1 +Running +0 /gm)).toHaveLength(3);
  await shot(page, '3-history-and-files');
});

test('a Worker that stops is restarted from the last save, and the terminal comes back', async ({
  playground,
  page,
}) => {
  test.setTimeout(150_000);
  await playground.waitForPrompt();
  await playground.pause();
  const since = await pageNow(page);
  await playground.run('kubectl create deployment web --image=nginx --replicas=2');
  await saved(page, since);

  // The Worker ends without a word (as a crashed or killed one does): the page notices the
  // silence, says so, and restores the save in a new Worker.
  const worker = await clusterWorker(page);
  await worker.evaluate(() => self.close()).catch(() => undefined);
  const notice = page.getByTestId('persist-notice');
  await expect(notice).toContainText('The cluster stopped: it stopped answering', {
    timeout: 30_000,
  });
  await shot(page, '1-stopped');
  await expect(notice).toContainText('Restored the cluster from', { timeout: 30_000 });
  await playground.waitForPrompt();
  const out = await playground.run('kubectl get deployments');
  expect(out).toMatch(/^web +\d\/2 /m);
  await shot(page, '2-restored');

  // An error the Worker does not catch (its message handler throws): reported at once, and
  // restored the same way (the restored cluster was saved again on start).
  await page.waitForTimeout(10_000); // apart from the first failure, so no crash loop is assumed
  const second = await clusterWorker(page);
  await second.evaluate(() => {
    self.onmessage = () => {
      throw new Error('injected failure');
    };
  });
  await expect(notice).toContainText('injected failure', { timeout: 30_000 });
  await expect(notice).toContainText('Restored the cluster from', { timeout: 30_000 });
  const again = await playground.run('kubectl get deployments');
  expect(again).toMatch(/^web +\d\/2 /m);
  await shot(page, '3-restored-again');
});

test('Reset gives an empty cluster of the chosen size and keeps the files', async ({
  playground,
  page,
}) => {
  test.setTimeout(120_000);
  await playground.waitForPrompt();
  await playground.pause();
  await playground.run('kubectl create deployment web --image=nginx --replicas=2');
  await playground.run('echo kept > mine.txt');
  await openSettings(page);
  await page.getByLabel('Nodes').selectOption('2');
  await page.getByLabel('Node size').selectOption({ label: '4 CPUs, 8 GiB' });
  await page.getByRole('button', { name: 'Reset to empty cluster…' }).click();
  const resetAt = await pageNow(page);
  await shot(page, '1-confirm');
  await page
    .getByRole('group', { name: 'Confirm reset' })
    .getByRole('button', { name: 'Reset' })
    .click();
  await expect(page.getByTestId('persist-notice')).toContainText(
    'Started a new, empty cluster: 2 nodes of 4 CPUs and 8Gi',
  );
  await playground.waitForPrompt();
  await playground.showTables();
  await expect(playground.nodes).toHaveCount(2);
  const deployments = await playground.run('kubectl get deployments');
  expect(deployments).toContain('No resources found in default namespace.');
  const nodes = await playground.run(
    "kubectl get nodes -o jsonpath='{.items[*].status.capacity.cpu}'",
  );
  expect(nodes).toMatch(/^4 4/m);
  expect(await playground.run('cat mine.txt')).toMatch(/^kept$/m);
  await shot(page, '2-reset');

  // The next reload restores the new cluster, not the old one (a new cluster plays: pause it,
  // so saves settle).
  await playground.pause();
  await saved(page, resetAt);
  await page.reload();
  await playground.waitForPrompt();
  await playground.showTables();
  await expect(playground.nodes).toHaveCount(2);
  await expect(playground.podRows('web-')).toHaveCount(0);
});

test('the light theme changes the page and the terminal, and is remembered', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  const background = () =>
    page.locator('.topbar').evaluate((el) => getComputedStyle(el).backgroundColor);
  // xterm.js's DOM renderer colours its rows with the theme's foreground.
  const terminalText = () =>
    page.locator('.xterm-rows').evaluate((el) => getComputedStyle(el).color);
  await openSettings(page);
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = { page: await background(), terminal: await terminalText() };
  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).not.toBe(dark.page);
  await expect.poll(terminalText).not.toBe(dark.terminal);
  await page.getByRole('checkbox', { name: 'Large text (projector)' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Settings' })).toBeFocused();
  await shot(page, '1-light-large');

  await page.reload();
  await playground.waitForPrompt();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  await shot(page, '2-remembered');
});

test('after the first load, the page works offline', async ({ playground, page, context }) => {
  await playground.waitForPrompt();
  // The service worker has cached the build and controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await playground.waitForPrompt();
  const out = await playground.run('kubectl get nodes');
  expect(out).toMatch(/minikube +Ready +control-plane/);
  await shot(page, '1-offline');
  await context.setOffline(false);
});

test('a share link rebuilds the objects and files on an empty cluster; a broken one says so', async ({
  playground,
  page,
}) => {
  test.setTimeout(120_000);
  await playground.waitForPrompt();
  await playground.pause();
  await playground.run('kubectl create deployment web --image=nginx --replicas=2');
  await playground.run('kubectl create configmap cfg --from-literal=greeting=hello');
  await playground.run('echo shared > s.txt');
  await openSettings(page);
  await page.getByRole('button', { name: 'Make a share link' }).click();
  const input = page.getByRole('textbox', { name: 'Share link' });
  await expect(input).toHaveValue(/#scenario=[A-Za-z0-9_-]+$/);
  const link = await input.inputValue();
  await shot(page, '1-link');

  await page.goto('about:blank');
  await page.goto(link);
  await playground.waitForPrompt();
  await expect(page.getByTestId('persist-notice')).toContainText(
    /Opened the shared scenario: 2 objects and 1 file\./,
    { timeout: 30_000 },
  );
  expect(page.url()).not.toContain('#scenario=');
  const got = await playground.run('kubectl get deployments,configmaps');
  expect(got).toMatch(/^deployment\.apps\/web +\d\/2 /m);
  expect(got).toMatch(/^configmap\/cfg +1 /m);
  expect(await playground.run('cat s.txt')).toMatch(/^shared$/m);
  await shot(page, '2-opened');

  await page.goto('about:blank');
  await page.goto('/#scenario=not-a-real-scenario');
  await playground.waitForPrompt();
  await expect(page.getByTestId('persist-notice')).toContainText('This scenario link is broken', {
    timeout: 30_000,
  });
  expect(await playground.run('kubectl get deployments')).toContain('No resources found');
  await shot(page, '3-broken');
});
