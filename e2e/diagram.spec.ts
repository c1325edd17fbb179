/**
 * The live cluster diagram (the cluster panel's default tab), driven from the terminal: pods in
 * their node's box with kubectl's STATUS, owners linked, a rolling update, the unscheduled lane,
 * grouping above 500 pods, and a Service's traffic pulsing to the pod that answered.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`) });

function diagramPods(page: Page, prefix: string): Locator {
  return page.getByTestId('diagram').locator(`[data-testid="diagram-pod"][data-name^="${prefix}"]`);
}

function object(page: Page, kind: string, name: string, exact = true): Locator {
  const sel = exact ? `[data-name="${name}"]` : `[data-name^="${name}"]`;
  return page
    .getByTestId('diagram')
    .locator(`[data-testid="diagram-object"][data-kind="${kind}"]${sel}`);
}

async function statuses(pods: Locator): Promise<string[]> {
  return (
    await pods.evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''))
  ).sort();
}

/** True when `inner`'s box lies within `outer`'s on the screen. */
async function inside(inner: Locator, outer: Locator): Promise<boolean> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  if (!a || !b) return false;
  const eps = 2;
  return (
    a.x >= b.x - eps &&
    a.y >= b.y - eps &&
    a.x + a.width <= b.x + b.width + eps &&
    a.y + a.height <= b.y + b.height + eps
  );
}

test('a deployment shows as three Running pods in the node box, linked to its ReplicaSet and Deployment; a rolling update replaces them', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  await expect(page.getByTestId('diagram-node')).toHaveCount(1);
  await expect(page.getByTestId('diagram-unscheduled')).toBeVisible();
  await playground.run('kubectl create deployment web --image=nginx --replicas=3');
  await playground.play(60);

  const web = diagramPods(page, 'web-');
  await expect(web).toHaveCount(3, { timeout: 30_000 });
  await expect
    .poll(() => statuses(web), { timeout: 30_000 })
    .toEqual(['Running', 'Running', 'Running']);
  await expect(web.first()).toHaveAttribute('data-ready', '1/1');
  const node = page.getByTestId('diagram-node');
  for (const p of await web.all()) expect(await inside(p, node)).toBe(true);
  await expect(object(page, 'Deployment', 'web')).toBeVisible();
  const rs = object(page, 'ReplicaSet', 'web-', false);
  await expect(rs).toHaveCount(1);
  const oldRs = (await rs.getAttribute('data-name'))!;
  await expect(
    page.locator(
      `.react-flow__edge[data-id="deployments:default/web->replicasets:default/${oldRs}"]`,
    ),
  ).toHaveCount(1);
  await expect(
    page.locator(
      `.react-flow__edge[data-id^="replicasets:default/${oldRs}->pods:default/${oldRs}-"]`,
    ),
  ).toHaveCount(3);
  await shot(page, 'running');

  // Selecting a pod (Enter on the focused pod) hands it to the inspector.
  await web.first().focus();
  await page.keyboard.press('Enter');
  await expect(web.first()).toHaveAttribute('aria-pressed', 'true');

  // The rolling update, one event at a time: new pods appear, old ones terminate.
  await playground.pause();
  await playground.run('kubectl set image deployment/web nginx=nginx:1.27');
  const step = page.getByRole('button', { name: /Step/ });
  const newPods = () =>
    page
      .getByTestId('diagram')
      .locator(`[data-testid="diagram-pod"][data-name^="web-"]:not([data-name^="${oldRs}-"])`);
  let sawTerminating = false;
  let sawNewAndOld = false;
  for (let i = 0; i < 200 && !(sawTerminating && sawNewAndOld); i++) {
    await step.click();
    const all = await statuses(web);
    if (all.includes('Terminating')) {
      if (!sawTerminating) await shot(page, 'rollout-terminating');
      sawTerminating = true;
    }
    if ((await newPods().count()) > 0 && (await diagramPods(page, `${oldRs}-`).count()) > 0) {
      if (!sawNewAndOld) await shot(page, 'rollout-new-and-old');
      sawNewAndOld = true;
    }
  }
  expect(sawNewAndOld, 'new pods beside old ones').toBe(true);
  expect(sawTerminating, 'an old pod shown Terminating').toBe(true);
  await playground.play(60);
  await expect(diagramPods(page, `${oldRs}-`)).toHaveCount(0, { timeout: 30_000 });
  await expect
    .poll(() => statuses(newPods()), { timeout: 30_000 })
    .toEqual(['Running', 'Running', 'Running']);
  await expect(object(page, 'ReplicaSet', 'web-', false)).toHaveCount(2);
  await shot(page, 'rolled-out');
});

test('a pod no node can take waits in the unscheduled lane, then moves into its node', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  // The scheduler places a new pod at once, even while time stands still; a cordoned node
  // keeps it waiting, as a learner sees with `kubectl cordon`.
  await playground.pause();
  await playground.run('kubectl cordon minikube');
  await playground.run('kubectl run solo --image=nginx');
  const solo = diagramPods(page, 'solo');
  const lane = page.getByTestId('diagram-unscheduled');
  const node = page.getByTestId('diagram-node');
  await expect(solo).toHaveAttribute('data-status', 'Pending');
  await expect(lane).toHaveAttribute('data-count', '1');
  await expect.poll(() => inside(solo, lane)).toBe(true);
  await shot(page, 'unscheduled');

  await playground.run('kubectl uncordon minikube');
  await playground.play(10);
  await expect(lane).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect.poll(() => inside(solo, node), { timeout: 10_000 }).toBe(true);
  await expect(solo).toHaveAttribute('data-status', 'Running', { timeout: 30_000 });
  await shot(page, 'scheduled');

  // System pods are hidden until the learner asks for every namespace.
  const system = page.locator('[data-testid="diagram-pod"][data-namespace="kube-system"]');
  await expect(system).toHaveCount(0);
  await page.getByTestId('diagram-namespace').selectOption({ label: 'all namespaces' });
  await expect(system.first()).toBeVisible();
  await expect(page.locator('[data-testid="diagram-pod"][data-name^="coredns-"]')).toHaveAttribute(
    'data-status',
    'Running',
  );
  await shot(page, 'all-namespaces');
});

test('600 replicas are drawn as groups per owner and node, with counts', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  await playground.run('kubectl create deployment web --image=nginx --replicas=3');
  await playground.run('kubectl scale deployment web --replicas=600');
  await playground.play(60);
  const groups = page.getByTestId('diagram-group');
  await expect(groups.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('diagram-pod')).toHaveCount(0);
  const total = async () =>
    (
      await groups.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))
    ).reduce((a, b) => a + b, 0);
  await expect.poll(total, { timeout: 30_000 }).toBe(600);
  await expect(page.getByTestId('diagram-summary')).toContainText('600 pods, grouped');
  // One node holds at most 110 pods: the rest wait in the unscheduled lane, counted there.
  await expect
    .poll(async () =>
      Number(await page.getByTestId('diagram-unscheduled').getAttribute('data-count')),
    )
    .toBeGreaterThan(0);
  await shot(page, 'grouped');
});

test('a request through a Service pulses along the edge to the pod that answered', async ({
  playground,
  page,
}) => {
  await playground.waitForPrompt();
  await playground.run('kubectl create deployment web --image=nginx --replicas=2');
  await playground.run('kubectl expose deployment web --type=NodePort --port=80');
  await playground.play(60);
  const edges = page.locator(
    '.react-flow__edge[data-id^="services:default/web->pods:default/web-"]',
  );
  await expect(edges).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('diagram-pulse')).toHaveCount(0);
  const out = await playground.run('curl -s $(minikube service web --url)');
  expect(out).toContain('Welcome to nginx');
  const pulse = page.getByTestId('diagram-pulse');
  await expect(pulse).toHaveCount(1);
  await shot(page, 'pulse');
  // The pulse runs on the edge to the pod that answered.
  const pod = await pulse.getAttribute('data-pod');
  expect(pod).toMatch(/^default\/web-/);
  await expect(
    page.locator(
      `.react-flow__edge[data-id="services:default/web->pods:${pod}"] [data-testid="diagram-pulse"]`,
    ),
  ).toHaveCount(1);
});
