import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IpvsKernel } from './kernel.ts';
import { IpvsTable } from './table.ts';
import type { SchedulerName } from './types.ts';

const SCHEDULERS: SchedulerName[] = ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'sh', 'dh', 'lblc', 'lblcr'];

type Step =
  | { kind: 'open'; client: number; port: number }
  | { kind: 'tcp'; which: number; flags: string; dir: 'in' | 'out' }
  | { kind: 'tick'; seconds: number }
  /** kube-proxy's sync with a subset of the servers (a bit per server). */
  | { kind: 'servers'; mask: number };

const SERVERS = ['10.244.1.5', '10.244.2.7', '10.244.3.9'];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), client: fc.integer({ min: 1, max: 20 }), port: fc.integer({ min: 1024, max: 1100 }) }),
  fc.record({ kind: fc.constant('tcp' as const), which: fc.nat(), flags: fc.constantFrom('SYN', 'SYN,ACK', 'ACK', 'FIN,ACK', 'RST'), dir: fc.constantFrom('in' as const, 'out' as const) }),
  fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('servers' as const), mask: fc.integer({ min: 0, max: 7 }) }),
);

describe('IpvsKernel counters', () => {
  it('keep ActiveConn + InActConn equal to the live connections of each server, for every scheduler', () => {
    fc.assert(fc.property(fc.constantFrom(...SCHEDULERS), fc.boolean(), fc.array(step, { maxLength: 60 }), (scheduler, persistent, steps) => {
      const table = (mask: number) => IpvsTable.of([{
        protocol: 'TCP', address: '10.96.45.10', port: 80, scheduler, ...(persistent ? { persistentTimeout: 300 } : {}),
        destinations: SERVERS.filter((_, i) => mask & (1 << i)).map((address) => ({ address, port: 8080, weight: 1 })),
      }]);
      const k = new IpvsKernel(table(7));
      let now = 0;
      for (const s of steps) {
        if (s.kind === 'open') k.schedule({ protocol: 'TCP', src: `10.244.9.${s.client}`, sport: s.port, dst: '10.96.45.10', dport: 80 }, now);
        else if (s.kind === 'tick') k.expire((now += s.seconds));
        else if (s.kind === 'servers') k.load(table(s.mask));
        else {
          const live = k.connections().filter((c) => !c.template);
          if (live.length > 0) k.packet(live[s.which % live.length], s.dir, now, 60, s.flags);
        }
      }
      const dests = new Set(k.connections().map((c) => c.dest));
      for (const d of k.service(k.lookup('TCP', '10.96.45.10', 80)!).dests) dests.add(d);
      for (const d of dests) {
        const conns = k.connections().filter((c) => !c.template && c.dest === d);
        expect(d.activeConns).toBe(conns.filter((c) => c.state === 'ESTABLISHED').length);
        expect(d.inactConns).toBe(conns.filter((c) => c.state !== 'ESTABLISHED').length);
        expect(d.persistConns).toBe(k.connections().filter((c) => c.template && c.dest === d).length);
      }
      // Every connection's template is in the table, and counts it.
      for (const t of k.connections().filter((c) => c.template)) {
        expect(t.children).toBe(k.connections().filter((c) => c.control === t).length);
      }
      for (const c of k.connections()) if (c.control) expect(k.connections()).toContain(c.control);
    }));
  });
});
