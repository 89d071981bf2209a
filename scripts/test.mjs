#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in one run, ending with ONE plain line
 * `N passed, N failed` (CI reads that line; see /work/shared/reference/stack-notes.md).
 *
 *   1. typecheck       tsc --noEmit -p .
 *   2. boundary lint   scripts/check-boundaries.mjs
 *   3. unit tests      vitest run (readable reporter + JSON to .reports/unit.json)
 *   4. e2e tests       playwright test (list reporter + JSON to .reports/e2e.json; its
 *                      webServer builds the app once and serves it with vite preview)
 *   5. kernel tests    kernel/ (npm run test:kernel: real namespaces and netfilter against
 *                      svcsim's traces; JSON to .reports/kernel.json). Skipped, with the reason
 *                      printed, where it cannot run (not Linux, not root); the suite itself says
 *                      which modes it skipped and why (no nft, no ip_vs ...).
 *
 * The counts are unit and e2e tests together, read from the two JSON reports. A step that
 * fails without a failing test to show for it (a type error, a lint violation, a test file
 * that does not load, a web server that does not start, no Chromium) counts as one failure,
 * so the closing line never reads "0 failed" for a broken run. Exit status 1 if anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, INSTALL_HINT } from './find-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.reports');
const unitReport = join(reports, 'unit.json');
const e2eReport = join(reports, 'e2e.json');
const kernelReport = join(reports, 'kernel.json');
const bin = (name) => join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;
const brokenSteps = [];

function banner(title) {
  console.log(`\n=== ${title} ===`);
}

function run(title, command, args, env = {}) {
  banner(title);
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) console.error(`${title}: ${r.error.message}`);
  const ok = r.status === 0;
  console.log(`--- ${title}: ${ok ? 'ok' : 'FAILED'} (${seconds.toFixed(1)} s)`);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A failed step with no failing test in its report counts as one failure. */
function stepFailed(title, testFailures) {
  if (testFailures === 0) {
    failed += 1;
    brokenSteps.push(title);
  }
}

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

if (!run('typecheck', bin('tsc'), ['--noEmit', '-p', '.'])) stepFailed('typecheck', 0);

if (!run('boundary lint', process.execPath, [join(root, 'scripts', 'check-boundaries.mjs')])) stepFailed('boundary lint', 0);

{
  const ok = run('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
  const report = readJson(unitReport);
  // Vitest writes Jest's JSON shape.
  const unitPassed = report?.numPassedTests ?? 0;
  const unitFailed = report?.numFailedTests ?? 0;
  passed += unitPassed;
  failed += unitFailed;
  if (!ok || !report) stepFailed('unit tests', unitFailed);
}

{
  const chromium = findChromium();
  if (!chromium) {
    banner('e2e tests');
    console.error(INSTALL_HINT);
    stepFailed('e2e tests (no Chromium)', 0);
  } else {
    const ok = run('e2e tests', bin('playwright'), ['test'], { CHROMIUM_PATH: chromium.path });
    const report = readJson(e2eReport);
    const stats = report?.stats ?? {};
    const e2ePassed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    const e2eFailed = stats.unexpected ?? 0;
    passed += e2ePassed;
    failed += e2eFailed;
    if (!ok || !report || (report.errors?.length ?? 0) > 0) stepFailed('e2e tests', e2eFailed);
  }
}

{
  // The kernel suite needs root on Linux (network namespaces, netfilter); elsewhere it is skipped, said plainly.
  const why = process.platform !== 'linux' ? `not Linux (${process.platform})` : process.getuid?.() !== 0 ? 'not root (network namespaces and netfilter need root)' : undefined;
  if (why) {
    banner('kernel tests');
    console.log(`kernel tests: skipped: ${why}`);
  } else {
    if (!run('kernel typecheck', bin('tsc'), ['--noEmit', '-p', 'kernel'])) stepFailed('kernel typecheck', 0);
    const ok = run('kernel tests', bin('vitest'), ['run', '--config', 'kernel/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${kernelReport}`]);
    const report = readJson(kernelReport);
    const kernelPassed = report?.numPassedTests ?? 0;
    const kernelFailed = report?.numFailedTests ?? 0;
    passed += kernelPassed;
    failed += kernelFailed;
    if (!ok || !report) stepFailed('kernel tests', kernelFailed);
  }
}

console.log('');
if (brokenSteps.length) console.log(`Failed steps (each counted as one failure): ${brokenSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
