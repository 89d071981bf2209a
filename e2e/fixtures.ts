/**
 * The test fixtures every spec uses: the workspace page object, a guard that fails the test
 * on any page error or console error, and the browser version logged once per worker.
 */
import { test as base, expect } from '@playwright/test';
import { WorkspacePage } from './pages/workspace.ts';

interface TestFixtures {
  workspace: WorkspacePage;
  browserErrors: string[];
}

interface WorkerFixtures {
  browserVersion: string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  browserVersion: [
    async ({ browser }, use) => {
      const version = browser.version();
      console.log(`Chromium ${version}`);
      await use(version);
    },
    { scope: 'worker', auto: true },
  ],

  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
      });
      await use(errors);
      expect(errors, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],

  workspace: async ({ page }, use) => {
    await use(new WorkspacePage(page));
  },
});

export { expect };
