import { expect, test } from './fixtures';

test('the first screen shows a prompt, and kubectl get nodes prints the node table', async ({
  playground,
  page,
}) => {
  // How soon is a figure of `npm run bench` (bench/browser.bench.ts), not a test: a test
  // that timed it would fail on a busy machine without anything being wrong. The wait is
  // generous (most of the test's minute) and only says the prompt comes at all.
  await playground.waitForPrompt({ timeout: 45_000 });
  await page.screenshot({ path: test.info().outputPath('prompt.png') });

  const out = await playground.run('kubectl get nodes');
  expect(out).toMatch(/NAME +STATUS +ROLES +AGE +VERSION\n/);
  expect(out).toMatch(/minikube +Ready +control-plane +\S+ +v1\.32\.\d+/);
  await playground.showTables();
  await expect(playground.nodes).toHaveCount(1);
  await expect(playground.nodes.first()).toContainText('Ready');
  // The system pods of a fresh minikube are up in the pod list.
  await expect(playground.podRows('etcd-minikube')).toContainText('Running');
  await page.screenshot({ path: test.info().outputPath('get-nodes.png') });
});

test('a deployment of three replicas runs as time plays, and stands still while paused', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  await playground.showTables();
  await playground.pause();

  const created = await playground.run('kubectl create deployment web --image=nginx --replicas=3');
  expect(created).toContain('deployment.apps/web created');
  const web = playground.podRows('web-');
  await expect(web).toHaveCount(3);

  // Paused: neither the clock nor any pod changes, however long we wait.
  const clock = page.getByTestId('clock');
  const before = { clock: await clock.textContent(), pods: await web.allInnerTexts() };
  expect(before.pods.every((p) => !/Running/.test(p))).toBe(true);
  await page.waitForTimeout(2_000);
  expect(await clock.textContent()).toBe(before.clock);
  expect(await web.allInnerTexts()).toEqual(before.pods);
  await page.screenshot({ path: test.info().outputPath('paused.png') });

  await playground.play(60);
  await expect(web.getByTestId('pod-status')).toHaveText(['Running', 'Running', 'Running'], {
    timeout: 30_000,
  });
  await expect(web).toContainText(['1/1', '1/1', '1/1']);
  await page.screenshot({ path: test.info().outputPath('running.png') });

  await playground.pause();
  const out = await playground.run('kubectl get pods');
  const lines = out.split('\n').filter((l) => /^web-[a-z0-9]+-[a-z0-9]{5} /.test(l));
  expect(lines).toHaveLength(3);
  for (const line of lines) expect(line).toMatch(/ +1\/1 +Running +0 +\S+/);

  // Paused again: the pod list and the clock keep still.
  const still = { clock: await clock.textContent(), pods: await web.allInnerTexts() };
  await page.waitForTimeout(1_500);
  expect(await clock.textContent()).toBe(still.clock);
  expect(await web.allInnerTexts()).toEqual(still.pods);
});

test('stepping runs to the next event and the clock moves forward', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  await playground.pause();
  const elapsed = page.getByTestId('elapsed');
  const before = await elapsed.textContent();
  await page.getByRole('button', { name: '+1m' }).click();
  await expect(elapsed).not.toHaveText(before ?? '');
  const clock = page.getByTestId('clock');
  const at = await clock.getAttribute('datetime');
  await page.getByRole('button', { name: /Step/ }).click();
  await expect
    .poll(async () => Date.parse((await clock.getAttribute('datetime')) ?? ''))
    .toBeGreaterThan(Date.parse(at ?? ''));
});

test('the page runs under a Content Security Policy without eval', async ({ playground, page }) => {
  await playground.waitForPrompt();
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  // Strings from the cluster are text: a label value full of markup stays characters.
  const out = await playground.run(
    "kubectl get nodes -o jsonpath='{.items[0].metadata.name}<img/src=x>'",
  );
  expect(out).toContain('minikube<img/src=x>');
  await expect(page.locator('img')).toHaveCount(0);
});
