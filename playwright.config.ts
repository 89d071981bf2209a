/**
 * End-to-end tests in a real Chromium. The browser is Debian's (or $CHROMIUM_PATH), since
 * Playwright's own download does not work on our machines; the app is served as a production
 * build by `vite preview`: one quick build, then static files, with no dev-server
 * dependency optimisation that could reload the page mid-test on a slow 2-core machine.
 */
import { defineConfig } from '@playwright/test';
import { findChromium, INSTALL_HINT } from './scripts/find-chromium.mjs';

const chromium = findChromium();
if (!chromium) throw new Error(INSTALL_HINT);

const port = Number(process.env.SVCSIM_E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // One worker: the suite is small, the machine has 2 cores, and the browser version is logged once.
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  outputDir: 'test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    testIdAttribute: 'data-testid',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium.path,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node_modules/.bin/vite build --logLevel warn && node_modules/.bin/vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
