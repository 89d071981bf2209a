import { describe, expect, it } from 'vitest';
import { IpvsKernel } from './kernel.ts';
import { IpvsTable } from './table.ts';

const VIP = '10.96.45.10';
const SERVERS = ['10.244.1.5', '10.244.2.7', '10.244.3.9'];

function persistent(servers = SERVERS) {
  return IpvsTable.of([{
    protocol: 'TCP', address: VIP, port: 80, scheduler: 'rr', persistentTimeout: 30,
    destinations: servers.map((address) => ({ address, port: 8080, weight: 1 })),
  }]);
}

const flow = (sport: number) => ({ protocol: 'TCP' as const, src: '10.244.9.14', sport, dst: VIP, dport: 80 });

/** Opens a connection and closes it the way curl does: it ends in TIME_WAIT (2 minutes). */
function request(k: IpvsKernel, sport: number, now: number) {
  const r = k.schedule(flow(sport), now);
  if (r.kind !== 'new') throw new Error(r.kind);
  for (const [dir, flags] of [['in', 'SYN'], ['out', 'SYN,ACK'], ['in', 'ACK'], ['in', 'FIN,ACK'], ['out', 'FIN,ACK'], ['in', 'ACK']] as const) {
    k.packet(r.conn, dir, now, 60, flags);
  }
  return r;
}

const template = (k: IpvsKernel) => k.connections().find((c) => c.template);

describe('IpvsKernel persistence templates (ip_vs_conn_expire, ip_vs_check_template)', () => {
  it('a template outlives its timeout while it controls a connection, then re-arms for 60 s and goes at the first firing after its last connection', () => {
    const k = new IpvsKernel(persistent());
    const first = request(k, 40000, 0);
    expect(first.conn.state).toBe('TIME_WAIT');
    k.expire(31);
    expect(template(k)?.expires).toBe(90);
    // Still the client's server: the template was not dropped.
    const second = k.schedule(flow(40001), 31);
    expect(second).toMatchObject({ kind: 'new', viaTemplate: true });
    expect(second.kind === 'new' && second.conn.daddr).toBe(first.conn.daddr);
    // Used again, the timer restarts with the 60 s it now has, not the service's 30 s.
    expect(template(k)?.expires).toBe(91);
    k.expire(200);
    // The second connection (NONE, 60 s) went at 91; the template's timer fired at 151 and found none.
    expect(k.connections()).toEqual([]);
    expect(k.service(k.lookup('TCP', VIP, 80)!).dests.map((d) => d.persistConns)).toEqual([0, 0, 0]);
  });

  it('a template with a connection keeps firing every 60 s until the connection has gone', () => {
    const k = new IpvsKernel(persistent());
    request(k, 40000, 0);
    // The connection is in TIME_WAIT until 120: the timer fires at 30, 90 (re-arm) and 150 (gone).
    k.expire(149);
    expect(template(k)?.expires).toBe(150);
    k.expire(150);
    expect(k.connections()).toEqual([]);
  });

  it('a template whose server was removed is invalidated: rehashed with ports 65535 and counted until its timer fires', () => {
    const k = new IpvsKernel(persistent());
    const first = request(k, 40000, 0);
    const kept = SERVERS.filter((s) => s !== first.conn.daddr);
    k.load(persistent(kept));
    const second = k.schedule(flow(40001), 5);
    expect(second).toMatchObject({ kind: 'new', viaTemplate: false });
    const templates = k.connections().filter((c) => c.template);
    expect(templates.map((t) => [t.daddr, t.vport, t.dport, t.cport])).toEqual([
      [first.conn.daddr, 65535, 65535, 0],
      [second.kind === 'new' && second.conn.daddr, 80, 8080, 0],
    ]);
    expect(first.conn.dest.persistConns).toBe(1);
    k.expire(400);
    expect(k.connections()).toEqual([]);
    expect(first.conn.dest.persistConns).toBe(0);
  });

  it('counts stay true when a client comes back after its template expired but still controlled a connection', () => {
    // fast-check's counterexample (seed -1226611688): the new template replaced the old one in
    // the table while the old one still counted as its server's persistent connection.
    const k = new IpvsKernel(persistent());
    const r = k.schedule(flow(1024), 0);
    if (r.kind !== 'new') throw new Error(r.kind);
    k.packet(r.conn, 'in', 0, 60, 'ACK');
    k.expire(300);
    k.schedule(flow(1025), 300);
    for (const d of k.service(k.lookup('TCP', VIP, 80)!).dests) {
      expect(d.persistConns).toBe(k.connections().filter((c) => c.template && c.dest === d).length);
    }
  });
});
