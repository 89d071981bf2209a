/** The workspace page as a test sees it: its parts by test id, and what a person does there. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { LineResult } from '../../src/engine/index.ts';

export class WorkspacePage {
  readonly title: Locator;
  readonly proxyMode: Locator;
  readonly clusterOutput: Locator;
  readonly consoleInput: Locator;
  readonly consoleLog: Locator;
  readonly consoleEntries: Locator;
  /** The prompt before the console's input: where the next line runs. */
  readonly consolePrompt: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('header.title');
    this.proxyMode = page.getByTestId('header.mode');
    this.clusterOutput = page.getByTestId('cluster.output');
    this.consoleInput = page.getByTestId('console.input');
    this.consoleLog = page.getByTestId('console.log');
    this.consoleEntries = page.getByTestId('console.entry');
    this.consolePrompt = page.getByTestId('console.prompt');
  }

  /** Open the app and wait until the test facade says the cluster is on screen. */
  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await this.page.waitForFunction(() => window.__svcsim?.ready === true);
    await expect(this.clusterOutput).not.toBeEmpty();
  }

  /** Type a console line and press Enter, as a person does. */
  async type(line: string): Promise<void> {
    await this.consoleInput.fill(line);
    await this.consoleInput.press('Enter');
  }

  /** The most recent console entry: its prompt, line and output. */
  lastEntry(): Locator {
    return this.consoleEntries.last();
  }

  /** Run a line through the test facade (no typing). */
  async run(line: string): Promise<LineResult> {
    return this.page.evaluate((l) => {
      const facade = window.__svcsim;
      if (!facade) throw new Error('window.__svcsim is not installed');
      return facade.run(l);
    }, line);
  }

  async header(): Promise<{ title: string | undefined; proxyMode: string }> {
    return this.page.evaluate(() => {
      const facade = window.__svcsim;
      if (!facade) throw new Error('window.__svcsim is not installed');
      return facade.header();
    });
  }
}
