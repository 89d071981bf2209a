/**
 * The control-plane figure in Chromium, where the app's engine runs: the same cluster as
 * bench/control-plane.ts (bench/control-plane-load.ts), bundled by Vite and loaded into a
 * fresh browser for each of three runs (each starts cold, as a page load does); the median is
 * printed. Node 20's V8 runs the same code markedly slower than Chromium's, so both figures are
 * printed. Skips with a notice when no Chromium is found.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { findChromium } from '../scripts/find-chromium.mjs';
import { median } from './big-cluster.ts';
import type { PageFigures } from './chromium/control-plane-page.ts';
import type { BenchFigure } from './figures.ts';

const RUNS = 3;

/** The launch flags the project uses for Chromium, plus a GC hook and exact heap figures. */
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run', '--enable-precise-memory-info', '--js-flags=--expose-gc',
];

async function bundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'svcsim-bench-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir: dir,
        emptyOutDir: false,
        minify: false,
        lib: { entry: fileURLToPath(new URL('./chromium/control-plane-page.ts', import.meta.url)), formats: ['iife'], name: 'svcsimBench', fileName: () => 'bench.js' },
      },
    });
    return readFileSync(join(dir, 'bench.js'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runControlPlaneChromiumBench(): Promise<BenchFigure[]> {
  const found = findChromium();
  if (!found) {
    console.log('control plane in Chromium: skipped (no Chromium: apt-get install -y chromium, or set CHROMIUM_PATH)');
    return [];
  }
  const script = await bundle();
  const runs: PageFigures[] = [];
  let version = '';
  for (let i = 0; i < RUNS; i++) {
    // A new browser each time: no compiled code or heap carried from one run to the next.
    const browser = await chromium.launch({ executablePath: found.path, args: ARGS });
    try {
      version = browser.version();
      const page = await browser.newPage();
      await page.addScriptTag({ content: script });
      runs.push(await page.evaluate(() => (globalThis as unknown as { svcsimControlPlaneBench: () => PageFigures }).svcsimControlPlaneBench()));
    } finally {
      await browser.close();
    }
  }
  const last = runs[runs.length - 1];
  const figures: BenchFigure[] = [
    {
      name: `control plane in Chromium ${version} (the app's runtime): apply + reconcile, the same ${last.pods} pods and ${last.slices} slices, median of ${RUNS} fresh browsers`,
      value: median(runs.map((r) => r.applyMs)),
      unit: 'ms',
      target: 1000,
    },
  ];
  const heaps = runs.map((r) => r.heapMb).filter((h): h is number => h !== undefined);
  if (heaps.length) figures.push({ name: 'control plane in Chromium: heap after load (after gc)', value: median(heaps), unit: 'MB', target: 300 });
  return figures;
}
