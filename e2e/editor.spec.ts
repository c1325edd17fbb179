import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** A word on a line of the Monaco editor (lines are rendered as spans of tokens). */
function word(page: Page, line: string, text: string) {
  return page
    .locator('.monaco-editor .view-line', { hasText: line })
    .first()
    .getByText(text, { exact: true });
}

test('the editor: a Deployment from its template, schema errors, Apply, then kubectl edit', async ({
  playground,
  page,
}) => {
  test.setTimeout(120_000);
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await playground.waitForPrompt();
  await playground.showTables();
  await playground.pause();

  // Monaco loads only when the editor is first shown.
  const monacoScripts = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => /editor\.api|YamlEditor/.test(n)),
    );
  expect(await monacoScripts()).toEqual([]);
  await page.getByRole('button', { name: 'Editor' }).click();
  const editor = page.getByTestId('editor');
  await expect(editor.getByLabel('New file from a template')).toBeVisible();
  expect((await monacoScripts()).length).toBeGreaterThan(0);

  await editor.getByLabel('New file from a template').selectOption('Deployment');
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  await expect(editor.getByRole('tab', { name: /deployment\.yaml/ })).toBeVisible();
  await expect(word(page, 'kind: Deployment', 'Deployment')).toBeVisible();
  await shot('template');

  // A misspelt field is flagged by the cluster's schema.
  const problems = page.getByTestId('editor-problems');
  await word(page, 'replicas: 3', 'replicas').dblclick();
  await page.keyboard.type('replcas');
  await expect(problems).toContainText('Property replcas is not allowed', { timeout: 20_000 });
  await expect(editor.locator('.squiggly-error').first()).toBeAttached();
  await shot('misspelt');

  await word(page, 'replcas: 3', 'replcas').dblclick();
  await page.keyboard.type('replicas');
  await expect(problems).toHaveText('No problems');
  // Hover shows the field's documentation from the cluster's OpenAPI.
  await word(page, 'selector:', 'selector').hover();
  await expect(page.locator('.monaco-hover').filter({ hasText: /label selector/i })).toBeVisible();
  await shot('hover');
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  // Back as loaded: nothing unsaved. A comment at the end is a change; Ctrl-S saves it.
  await expect(editor.getByLabel('unsaved')).toHaveCount(0);
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# three web servers');
  await expect(editor.getByLabel('unsaved')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(editor.getByLabel('unsaved')).toHaveCount(0);
  const saved = await playground.run('tail -n 1 deployment.yaml');
  expect(saved).toContain('# three web servers');
  await shot('fixed');

  // Apply runs kubectl in the terminal, as if typed there.
  await editor.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => playground.screen()).toContain('kubectl apply -f ~/deployment.yaml');
  await expect.poll(() => playground.screen()).toContain('deployment.apps/web created');
  // Dry run and Diff run in the terminal too.
  await editor.getByRole('button', { name: 'Dry run' }).click();
  await expect
    .poll(() => playground.screen())
    .toContain('deployment.apps/web unchanged (server dry run)');
  await editor.getByRole('button', { name: 'Diff' }).click();
  await expect.poll(() => playground.screen()).toContain('kubectl diff -f ~/deployment.yaml');
  await playground.play(60);
  const web = playground.podRows('web-');
  await expect(web.getByTestId('pod-status')).toHaveText(['Running', 'Running', 'Running'], {
    timeout: 30_000,
  });
  await shot('applied');

  // kubectl edit in the terminal opens here; saving applies it.
  await playground.terminal.click();
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await page.keyboard.type('kubectl edit deployment web');
  await page.keyboard.press('Enter');
  await expect(editor.getByRole('tab', { name: /kubectl edit deployment\/web/ })).toBeVisible();
  await expect(editor.getByRole('status')).toContainText('kubectl edit is waiting');
  await expect(
    page.locator('.monaco-editor .view-line', { hasText: '# Please edit the object below' }),
  ).toBeVisible();
  // What kubectl prints is valid for the schema (creationTimestamp: null included).
  await expect(problems).toHaveText('No problems');
  await shot('kubectl-edit');
  // Find spec.replicas (the first "  replicas: 3" from the top; status comes after spec).
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+f');
  await page.keyboard.type('  replicas: 3');
  await expect(editor.locator('.find-widget')).toContainText('1 of 2');
  await page.keyboard.press('Escape');
  // A value the API server rejects: kubectl reopens the file with the failure on top.
  await page.keyboard.type('  replicas: -1');
  await expect(
    editor.getByRole('tab', { name: /kubectl edit/ }).getByLabel('unsaved'),
  ).toBeVisible();
  await shot('kubectl-edit-invalid');
  await editor.getByRole('button', { name: 'Save and close' }).click();
  await expect
    .poll(() => playground.screen())
    .toContain('error: deployments.apps "web" is invalid');
  await expect(editor.getByRole('tab', { name: /kubectl edit deployment\/web/ })).toHaveCount(1);
  await expect(
    page.locator('.monaco-editor .view-line', {
      hasText: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    }),
  ).toBeVisible();
  await shot('kubectl-edit-reopened');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+f');
  await page.keyboard.type('  replicas: -1');
  await expect(editor.locator('.find-widget')).toContainText('1 of 1');
  await page.keyboard.press('Escape');
  await page.keyboard.type('  replicas: 5');
  await expect(
    editor.getByRole('tab', { name: /kubectl edit/ }).getByLabel('unsaved'),
  ).toBeVisible();
  await shot('kubectl-edit-changed');
  await editor.getByRole('button', { name: 'Save and close' }).click();
  await expect.poll(() => playground.screen()).toContain('deployment.apps/web edited');
  await expect(editor.getByRole('tab', { name: /kubectl edit/ })).toHaveCount(0);
  await expect(web.getByTestId('pod-status')).toHaveText(Array(5).fill('Running'), {
    timeout: 30_000,
  });
  await shot('edited');
});

test('files from the terminal: opened, validated document by document, followed as they change', async ({
  playground,
  page,
}) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await playground.waitForPrompt();
  await playground.pause();
  await playground.run(
    "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: a\\ndata:\\n  k: v\\n---\\napiVersion: v1\\nkind: Service\\nmetadata:\\n  name: b\\nspec:\\n  prots: []\\n' > two.yaml",
  );
  await page.getByRole('button', { name: 'Editor' }).click();
  const editor = page.getByTestId('editor');
  await editor.getByLabel('Open a file').selectOption({ label: '~/two.yaml' });
  await expect(editor.getByRole('tab', { name: /two\.yaml/ })).toBeVisible();
  // The second document is checked as a Service: its misspelt field is flagged on its line.
  const problems = page.getByTestId('editor-problems');
  await expect(problems).toHaveText('1 problem: line 13: Property prots is not allowed.', {
    timeout: 20_000,
  });
  await shot('two-documents');

  // A change made in the terminal reloads a tab without unsaved edits.
  await playground.run("echo '# appended in the terminal' >> two.yaml");
  await expect(
    page.locator('.monaco-editor .view-line', { hasText: '# appended in the terminal' }),
  ).toBeVisible();
  // A file written by the terminal appears in the Open list.
  await playground.run('kubectl get ns default -o yaml > ns.yaml');
  await expect(
    editor.getByLabel('Open a file').locator('option', { hasText: '~/ns.yaml' }),
  ).toHaveCount(1);
  await shot('followed');
  // Completion offers the Service's fields.
  await word(page, 'spec:', 'spec').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('po');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget').getByText('ports', { exact: true })).toBeVisible();
  await shot('completion');
});
