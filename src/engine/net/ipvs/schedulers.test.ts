import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IpvsKernel } from './kernel.ts';
import { MH_TABLE_SIZE } from './maglev.ts';
import { IpvsTable } from './table.ts';
import type { IpvsFlow, SchedulerName, VirtualServerSpec } from './types.ts';

const SERVERS = ['10.244.1.5', '10.244.2.7', '10.244.3.9'];

function kernelFor(scheduler: SchedulerName, extra: Partial<VirtualServerSpec> = {}, servers = SERVERS): IpvsKernel {
  return new IpvsKernel(IpvsTable.of([{
    protocol: 'TCP', address: '10.96.45.10', port: 80, scheduler,
    destinations: servers.map((address) => ({ address, port: 8080, weight: 1 })), ...extra,
  }]));
}

function flow(src: string, sport: number): IpvsFlow {
  return { protocol: 'TCP', src, sport, dst: '10.96.45.10', dport: 80 };
}

/** Opens a connection and returns the server; `establish` makes it count as active. */
function open(k: IpvsKernel, src: string, sport: number, now = 0, establish = false): string {
  const r = k.schedule(flow(src, sport), now);
  if (r.kind !== 'new' && r.kind !== 'existing') throw new Error(r.kind);
  if (establish) {
    k.packet(r.conn, 'in', now, 60, 'SYN');
    k.packet(r.conn, 'out', now, 60, 'SYN,ACK');
    k.packet(r.conn, 'in', now, 52, 'ACK');
  }
  return r.conn.daddr;
}

function counts(picks: string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const p of picks) c[p] = (c[p] ?? 0) + 1;
  return c;
}

describe('IPVS schedulers', () => {
  it('rr spreads connections exactly evenly, newest-added server first', () => {
    const k = kernelFor('rr');
    const picks = Array.from({ length: 300 }, (_, i) => open(k, '10.244.9.9', 10000 + i));
    expect(counts(picks)).toEqual({ '10.244.1.5': 100, '10.244.2.7': 100, '10.244.3.9': 100 });
    // ip_vs_add_dest puts each new destination at the head of the list.
    expect(picks.slice(0, 3)).toEqual(['10.244.3.9', '10.244.2.7', '10.244.1.5']);
  });

  it('wrr with kube-proxy’s weights of 1 is round robin', () => {
    const k = kernelFor('wrr');
    const picks = Array.from({ length: 30 }, (_, i) => open(k, '10.244.9.9', 10000 + i));
    expect(counts(picks)).toEqual({ '10.244.1.5': 10, '10.244.2.7': 10, '10.244.3.9': 10 });
  });

  it('sh is sticky per client address, whatever the source port', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1024, max: 60000 }), (host, port) => {
      const k = kernelFor('sh');
      const src = `10.244.7.${host}`;
      return open(k, src, port) === open(k, src, port + 1) && open(k, src, port + 2) === open(k, src, port + 3);
    }));
  });

  it('sh spreads different clients over the servers', () => {
    const k = kernelFor('sh');
    const picks = new Set(Array.from({ length: 64 }, (_, i) => open(k, `10.244.${i}.${i + 1}`, 5000)));
    expect(picks.size).toBe(3);
  });

  it('dh sends every client of one destination address to one server', () => {
    const k = kernelFor('dh');
    const picks = new Set(Array.from({ length: 50 }, (_, i) => open(k, `10.244.${i}.${i + 3}`, 5000 + i)));
    expect(picks.size).toBe(1);
  });

  it('lc follows connection counts: active ones weigh 256 inactive ones', () => {
    const k = kernelFor('lc');
    // Two established connections land on the first two least-loaded servers in list order.
    expect(open(k, '10.244.9.1', 1, 0, true)).toBe('10.244.3.9');
    expect(open(k, '10.244.9.2', 2, 0, true)).toBe('10.244.2.7');
    // Only 10.244.1.5 has no connection.
    expect(open(k, '10.244.9.3', 3)).toBe('10.244.1.5');
    // 10.244.1.5 has one inactive (overhead 1), the others one active (256): it is chosen again.
    expect(open(k, '10.244.9.4', 4)).toBe('10.244.1.5');
  });

  it('nq sends to an idle server at once, else the shortest expected delay', () => {
    const k = kernelFor('nq');
    const a = open(k, '10.244.9.1', 1, 0, true);
    const b = open(k, '10.244.9.2', 2, 0, true);
    const c = open(k, '10.244.9.3', 3, 0, true);
    expect(new Set([a, b, c]).size).toBe(3);
    // Every server has one active connection: sed's (active + 1) / weight ties, the first in list order wins.
    expect(open(k, '10.244.9.4', 4, 0, true)).toBe('10.244.3.9');
  });

  it('mh keeps a client on its server and only moves the clients of a removed server', () => {
    const k = kernelFor('mh', { flags: { flag2: true } });
    const before = Array.from({ length: 40 }, (_, i) => open(k, `10.244.5.${i + 1}`, 7000));
    // A fresh table for the same servers maps every client the same way (no state, no randomness).
    const again = kernelFor('mh', { flags: { flag2: true } });
    expect(Array.from({ length: 40 }, (_, i) => open(again, `10.244.5.${i + 1}`, 7000))).toEqual(before);
    expect(new Set(before).size).toBe(3);
    expect(MH_TABLE_SIZE).toBe(65537);
    const k2 = kernelFor('mh', { flags: { flag2: true } }, ['10.244.1.5', '10.244.2.7']);
    const after = Array.from({ length: 40 }, (_, i) => open(k2, `10.244.5.${i + 1}`, 7000));
    before.forEach((server, i) => {
      if (server !== '10.244.3.9') expect(after[i]).toBe(server);
    });
  });

  it('persistence pins a client to its first server for the timeout, then lets it go', () => {
    const k = kernelFor('rr', { persistentTimeout: 10800 });
    const first = open(k, '10.244.9.9', 40000);
    for (let i = 1; i < 10; i++) expect(open(k, '10.244.9.9', 40000 + i, i)).toBe(first);
    // Another client is round-robined to the next server.
    expect(open(k, '10.244.9.8', 40000)).not.toBe(first);
    k.expire(20000);
    expect(k.connections()).toEqual([]);
  });

  it('has no destination for a virtual service without real servers (ICMP port unreachable)', () => {
    const k = kernelFor('rr', {}, []);
    expect(k.schedule(flow('10.244.9.9', 1), 0).kind).toBe('no-destination');
    expect(k.schedule({ ...flow('10.244.9.9', 1), dport: 81 }, 0).kind).toBe('not-virtual');
  });

  it('deletes a removed UDP server at once and reschedules its flows (expire_nodest_conn)', () => {
    const spec: VirtualServerSpec = { protocol: 'UDP', address: '10.96.0.10', port: 53, scheduler: 'rr', destinations: [{ address: '10.244.0.6', port: 53, weight: 1 }] };
    const k = new IpvsKernel(IpvsTable.of([spec]));
    const udp = { protocol: 'UDP' as const, src: '10.244.9.9', sport: 33333, dst: '10.96.0.10', dport: 53 };
    expect(k.schedule(udp, 0).kind).toBe('new');
    k.load(IpvsTable.of([{ ...spec, destinations: [{ address: '10.244.0.7', port: 53, weight: 1 }] }]));
    const again = k.schedule(udp, 1);
    expect(again.kind === 'new' && again.conn.daddr).toBe('10.244.0.7');
  });

  it('keeps a removed server at weight 0 while its connections drain, then deletes it', () => {
    const spec: VirtualServerSpec = { protocol: 'TCP', address: '10.96.45.10', port: 80, scheduler: 'rr', destinations: [{ address: '10.244.1.5', port: 8080, weight: 1 }] };
    const k = new IpvsKernel(IpvsTable.of([spec]));
    open(k, '10.244.9.9', 1, 0, true);
    k.load(IpvsTable.of([{ ...spec, destinations: [{ address: '10.244.2.7', port: 8080, weight: 1 }] }]));
    const svc = k.service(k.lookup('TCP', '10.96.45.10', 80)!);
    expect(svc.dests.map((d) => `${d.address} ${d.weight}`)).toEqual(['10.244.2.7 1', '10.244.1.5 0']);
    expect(open(k, '10.244.9.8', 2)).toBe('10.244.2.7');
    k.expire(2000);
    expect(svc.dests.map((d) => d.address)).toEqual(['10.244.2.7']);
  });
});
