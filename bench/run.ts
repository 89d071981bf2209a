/**
 * `npm run bench`: runs every bench module and prints each figure next to its target.
 * Each module runs in a fresh Node process (with --expose-gc, for the heap figure after a full
 * GC), so no module's heap, garbage or compiled code weighs on another's figures.
 * `node --expose-gc --import tsx bench/run.ts NAME` runs one module in this process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runControlPlaneBench } from './control-plane.ts';
import { runProxyIptablesBench } from './proxy-iptables.ts';
import { runDataplaneBench } from './dataplane.ts';
import { runDataplaneModesBench } from './dataplane-modes.ts';
import { runIpvsBench } from './proxy-ipvs.ts';
import { runNftablesBench } from './proxy-nftables.ts';
import { runLabBench } from './lab.ts';
import { formatFigure } from './figures.ts';
import type { BenchFigure } from './figures.ts';

const benches: { name: string; run: () => BenchFigure[] | Promise<BenchFigure[]> }[] = [
  { name: 'control-plane', run: runControlPlaneBench },
  // Loaded only in its own process: Vite and Playwright would weigh on every other module's heap.
  { name: 'control-plane-chromium', run: async () => (await import('./control-plane-chromium.ts')).runControlPlaneChromiumBench() },
  { name: 'proxy-iptables', run: runProxyIptablesBench },
  { name: 'proxy-ipvs', run: runIpvsBench },
  { name: 'proxy-nftables', run: runNftablesBench },
  { name: 'dataplane', run: runDataplaneBench },
  { name: 'dataplane-modes', run: runDataplaneModesBench },
  { name: 'lab', run: runLabBench },
];

const only = process.argv[2];
if (only) {
  // A child: one module, its figures as JSON lines for the parent.
  const b = benches.find((x) => x.name === only);
  if (!b) throw new Error(`no bench ${only} (${benches.map((x) => x.name).join(', ')})`);
  for (const f of await b.run()) console.log(JSON.stringify(f));
} else {
  const self = fileURLToPath(import.meta.url);
  let over = 0;
  for (const b of benches) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, b.name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    for (const line of r.stdout.split('\n')) {
      if (!line.startsWith('{')) {
        if (line.trim()) console.log(line);
        continue;
      }
      const f = JSON.parse(line) as BenchFigure;
      console.log(formatFigure(f));
      if (f.value > f.target) over++;
    }
    if (r.status !== 0) {
      console.log(`${b.name}: the bench process failed (exit ${r.status ?? r.signal})`);
      over++;
    }
  }
  console.log(over === 0 ? 'all figures within target' : `${over} figure(s) over target`);
}
