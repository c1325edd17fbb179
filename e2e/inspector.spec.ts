import { expect, test } from './fixtures';

test('the inspector shows a pod as YAML, describe, events and logs, and scales its deployment; the timeline tells who did what', async ({
  playground,
  page,
}) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await playground.waitForPrompt();
  await playground.showTables();
  await playground.pause();
  const created = await playground.run('kubectl create deployment web --image=nginx --replicas=2');
  expect(created).toContain('deployment.apps/web created');
  await playground.play(60);
  const web = playground.podRows('web-');
  await expect(web.getByTestId('pod-status')).toHaveText(['Running', 'Running'], {
    timeout: 30_000,
  });
  await shot('running');

  // Select a pod by clicking its row: the inspector shows its YAML.
  const row = web.first();
  const podName = (await row.locator('td.name').textContent())!;
  await row.click();
  await expect(row).toHaveAttribute('aria-current', 'true');
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('heading')).toHaveText(`pod/${podName} in default`);
  const output = inspector.getByTestId('inspector-output');
  await expect(output).toContainText('kind: Pod');
  await expect(output).toContainText(`name: ${podName}`);
  await expect(output).toContainText('phase: Running');
  await shot('yaml');

  await inspector.getByRole('tab', { name: 'Describe' }).click();
  await expect(output).toContainText(new RegExp(`Name:\\s+${podName}`));
  await expect(output).toContainText(/Status:\s+Running/);
  await shot('describe');

  await inspector.getByRole('tab', { name: 'Events' }).click();
  await expect(output).toContainText(/Started\s+Pod\/\S+\s+Started container nginx/);
  await shot('events');

  // Logs follow the container: nginx's entrypoint lines, then its workers starting.
  await inspector.getByRole('tab', { name: 'Logs' }).click();
  const logs = inspector.getByTestId('inspector-logs');
  await expect(logs).toContainText('Configuration complete; ready for start up');
  await expect(logs).toContainText('start worker processes');
  await shot('logs');

  // The timeline: the ReplicaSet controller's and the kubelet's work, in plain words.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const timeline = page.getByTestId('timeline');
  const items = timeline.getByTestId('timeline-item');
  await expect(
    items
      .filter({ hasText: 'ReplicaSet controller' })
      .filter({ hasText: `created pod ${podName}` }),
  ).toHaveCount(1);
  await expect(
    items
      .filter({ hasText: 'kubelet on minikube' })
      .filter({ hasText: `started container nginx of pod ${podName}` }),
  ).toHaveCount(1);
  await expect(
    items.filter({ hasText: 'scheduler' }).filter({ hasText: `bound pod ${podName} to minikube` }),
  ).toHaveCount(1);
  await shot('timeline');

  // The deployment's name in the timeline selects it; scale it from the inspector.
  await items
    .filter({ hasText: 'Deployment controller' })
    .getByRole('button', { name: 'Inspect deployment/web in default' })
    .first()
    .click();
  await expect(inspector.getByRole('heading')).toHaveText('deployment/web in default');
  await expect(output).toContainText('kind: Deployment');
  await inspector.getByLabel('Replicas').fill('4');
  await inspector.getByRole('button', { name: 'Scale' }).click();
  await expect
    .poll(() => playground.screen())
    .toContain('kubectl scale deployment/web --replicas=4 -n default');
  await expect.poll(() => playground.screen()).toContain('deployment.apps/web scaled');
  await expect(web).toHaveCount(4);
  await expect(output).toContainText('replicas: 4');
  await shot('scaled');
});

test('names in the terminal select objects; delete asks first; a node cordons, and stopping its kubelet turns it NotReady', async ({
  playground,
  page,
}) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await playground.waitForPrompt();
  await playground.showTables();
  await playground.pause();
  const created = await playground.run('kubectl create deployment web --image=nginx');
  expect(created).toContain('deployment.apps/web created');

  // Click the name kubectl printed: the character's box, from the terminal's text layout.
  const box = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('.xterm-rows > div')];
    const row = rows.find((r) => r.textContent?.includes('deployment.apps/web created'));
    if (!row) return null;
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent?.indexOf('apps/web') ?? -1;
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  });
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x, box!.y);
  await page.mouse.click(box!.x, box!.y);
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('heading')).toHaveText('deployment/web in default');
  await shot('terminal-link');

  // Delete asks first; cancelling keeps the deployment.
  await inspector.getByRole('button', { name: 'Delete' }).click();
  await expect(inspector.getByText('Delete deployment/web?')).toBeVisible();
  await inspector.getByRole('button', { name: 'Cancel' }).click();
  await inspector.getByRole('button', { name: 'Delete' }).click();
  await shot('confirm-delete');
  await inspector.getByRole('button', { name: 'Yes, delete' }).click();
  await expect
    .poll(() => playground.screen())
    .toContain('kubectl delete deployment web -n default');
  await expect.poll(() => playground.screen()).toContain('deployment.apps "web" deleted');
  await expect(inspector).toContainText('deployment/web no longer exists.');

  // The node: cordon from the inspector, then stop its kubelet and watch it go NotReady.
  const node = playground.nodes.first();
  await node.click();
  await expect(inspector.getByRole('heading')).toHaveText('node/minikube');
  await inspector.getByRole('button', { name: 'Cordon' }).click();
  await expect.poll(() => playground.screen()).toContain('node/minikube cordoned');
  await expect(node).toContainText('Ready,SchedulingDisabled');
  await expect(inspector.getByRole('button', { name: 'Uncordon' })).toBeVisible();

  await inspector.getByRole('button', { name: 'Stop kubelet' }).click();
  await expect(inspector.getByRole('button', { name: 'Start kubelet' })).toBeVisible();
  await playground.play(60);
  await expect(node).toContainText('NotReady', { timeout: 30_000 });
  await shot('not-ready');
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(
    page
      .getByTestId('timeline-item')
      .filter({ hasText: 'node controller' })
      .filter({ hasText: 'node minikube is not ready' })
      .first(),
  ).toBeVisible();
  await shot('timeline-not-ready');

  await page.getByRole('tab', { name: 'Inspector' }).click();
  await inspector.getByRole('button', { name: 'Start kubelet' }).click();
  await expect(node).not.toContainText('NotReady', { timeout: 30_000 });
  await inspector.getByRole('button', { name: 'Uncordon' }).click();
  await expect(node.locator('td.status')).toHaveText('Ready');
});
