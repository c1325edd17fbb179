/**
 * What every playground test shares: a page that fails its test on any console error or
 * uncaught exception, and helpers to type in the terminal and read it.
 */
import { expect, test as base } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export const test = base.extend<{ playground: Playground }>({
  playground: async ({ page }, use, testInfo) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('crash', () => errors.push('the page crashed'));
    await page.goto('/');
    const playground = new Playground(page);
    await use(playground);
    await page.screenshot({ path: testInfo.outputPath('final.png') });
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };

export class Playground {
  readonly terminal: Locator;
  readonly pods: Locator;
  readonly nodes: Locator;

  constructor(readonly page: Page) {
    this.terminal = page.getByTestId('terminal');
    this.pods = page.getByTestId('pod-row');
    this.nodes = page.getByTestId('node-row');
  }

  /** The terminal's visible text, one line per row, with non-breaking spaces as spaces. */
  async screen(): Promise<string> {
    const text = await this.terminal.locator('.xterm-rows').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /**
   * Waits until the terminal shows a prompt and the cluster is up (its clock shows), for at most
   * `timeout` ms each (the config's expect timeout unless given).
   */
  async waitForPrompt({ timeout }: { timeout?: number } = {}): Promise<void> {
    await expect.poll(() => this.screen(), { timeout }).toMatch(/\$ *$/m);
    await expect(this.page.getByTestId('clock')).toBeVisible({ timeout });
  }

  /** Clears the screen, types a command line, presses Enter and waits for the next prompt. */
  async run(line: string): Promise<string> {
    await this.terminal.click();
    await this.page.keyboard.type('clear');
    await this.page.keyboard.press('Enter');
    await expect.poll(async () => (await this.screen()).trim()).toMatch(/^\S*\$$/);
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
    // The command's line, its output, then a fresh prompt: two prompts on the screen.
    await expect
      .poll(async () => (await this.screen()).match(/\$(?= |\n|$)/g)?.length ?? 0)
      .toBeGreaterThanOrEqual(2);
    return this.screen();
  }

  async pause(): Promise<void> {
    const button = this.page.getByTestId('play-pause');
    await expect(button).toBeEnabled();
    if ((await button.getAttribute('aria-label')) === 'Pause') await button.click();
    await expect(button).toHaveAttribute('aria-label', 'Play');
  }

  async play(speed: 1 | 2 | 5 | 10 | 60): Promise<void> {
    await this.page.getByRole('group', { name: 'Speed' }).getByText(`${speed}×`).click();
    const button = this.page.getByTestId('play-pause');
    await expect(button).toBeEnabled();
    if ((await button.getAttribute('aria-label')) === 'Play') await button.click();
    await expect(button).toHaveAttribute('aria-label', 'Pause');
  }

  /** Shows the node and pod tables in the cluster panel (instead of the diagram). */
  async showTables(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Tables' }).click();
  }

  /** Pod rows whose name starts with `prefix`. */
  podRows(prefix: string): Locator {
    return this.pods.filter({ has: this.page.locator(`td.name:text-matches("^${prefix}")`) });
  }
}
