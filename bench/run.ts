/**
 * `npm run bench`: runs every bench module and prints each figure next to its target.
 * Heap figures need a collectable heap: run with `node --expose-gc --import tsx bench/run.ts`
 * (or `tsx --expose-gc bench/run.ts`) for the figure after a full GC.
 */
import { runControlPlaneBench } from './control-plane.ts';
import { runProxyIptablesBench } from './proxy-iptables.ts';
import { runDataplaneBench } from './dataplane.ts';
import { runDataplaneModesBench } from './dataplane-modes.ts';
import { runIpvsBench } from './proxy-ipvs.ts';
import { runNftablesBench } from './proxy-nftables.ts';
import { runLabBench } from './lab.ts';
import { formatFigure } from './figures.ts';
import type { BenchFigure } from './figures.ts';

const benches: { name: string; run: () => BenchFigure[] }[] = [
  { name: 'control plane', run: runControlPlaneBench },
  { name: 'proxy iptables', run: runProxyIptablesBench },
  { name: 'proxy ipvs', run: runIpvsBench },
  { name: 'proxy nftables', run: runNftablesBench },
  { name: 'data plane', run: runDataplaneBench },
  { name: 'data plane, per mode', run: runDataplaneModesBench },
  { name: 'kernel lab', run: runLabBench },
];

let over = 0;
for (const b of benches) {
  for (const f of b.run()) {
    console.log(formatFigure(f));
    if (f.value > f.target) over++;
  }
}
console.log(over === 0 ? 'all figures within target' : `${over} figure(s) over target`);
