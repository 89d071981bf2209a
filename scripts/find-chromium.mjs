#!/usr/bin/env node
/**
 * Finds a Chromium for Playwright: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
 * Playwright's own download if one is installed (`npx playwright install` cannot download
 * on our machines, so Debian's package is the usual answer).
 *
 * As a command: prints the path and exits 0, or prints how to install one and exits 1.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const INSTALL_HINT = 'No Chromium found. Install one with: apt-get update && apt-get install -y chromium\n' +
  '(or point CHROMIUM_PATH at a Chromium or Chrome executable).';

/** Playwright's downloaded Chromium, when @playwright/test is installed and the browser is too. */
function playwrightChromium() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The Chromium to use and where it came from, or undefined when there is none. */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
    console.warn(`find-chromium: CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist; looking elsewhere.`);
  }
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: 'system' };
  const own = playwrightChromium();
  if (own) return { path: own, source: 'playwright' };
  return undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const found = findChromium();
  if (found) {
    console.log(found.path);
  } else {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
}
