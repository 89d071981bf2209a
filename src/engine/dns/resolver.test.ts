import { describe, it, expect } from 'vitest';
import { answer } from './coredns.ts';
import { candidates, lookupAddresses, muslSort, reverseLookup, type DnsSocket, type Libc } from './resolver.ts';
import type { DnsConfig } from './resolv-conf.ts';
import { dnsCluster } from './testing/fixture.ts';

const c = dnsCluster();
c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec: { selector: { app: 'db' }, ports: [{ port: 80 }] } });
const WEB_PROD = c.get('Service', 'prod', 'web')!.spec.clusterIP!;
const conf: DnsConfig = { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] };
const send = (q: { name: string; type: 'A' | 'AAAA' | 'PTR' | 'SRV' | 'CNAME' | 'TXT' | 'SOA' | 'NS' | 'MX' | 'ANY' }) => answer(c, q, () => 0);
const walk = (name: string, libc: Libc = 'glibc') => {
  const r = lookupAddresses(name, conf, send, { libc });
  return { tried: r.queries.filter((q) => q.query.type === 'A').map((q) => `${q.query.name} ${typeof q.result === 'string' ? q.result : q.result.rcode}`), outcome: r.outcome, all: r.queries };
};

describe('the search-list walk of §9.4 (glibc, pod in default, ndots:5)', () => {
  it('web: the first search domain answers; one A and one AAAA query', () => {
    const w = walk('web');
    expect(w.tried).toEqual(['web.default.svc.cluster.local. NOERROR']);
    expect(w.all.map((q) => q.query.type)).toEqual(['A', 'AAAA']);
    expect(w.outcome).toMatchObject({ kind: 'found', name: 'web.default.svc.cluster.local.' });
  });
  it('web.prod: NXDOMAIN in default, found in svc.cluster.local', () => {
    const w = walk('web.prod');
    expect(w.tried).toEqual(['web.prod.default.svc.cluster.local. NXDOMAIN', 'web.prod.svc.cluster.local. NOERROR']);
    expect(w.outcome).toMatchObject({ kind: 'found', addresses: [WEB_PROD] });
  });
  it('web.prod.svc: two misses, then cluster.local', () => {
    expect(walk('web.prod.svc').tried).toEqual(['web.prod.svc.default.svc.cluster.local. NXDOMAIN', 'web.prod.svc.svc.cluster.local. NXDOMAIN', 'web.prod.svc.cluster.local. NOERROR']);
  });
  it('example.com: every search domain first (4 names, 8 queries), then the name itself', () => {
    const w = walk('example.com');
    expect(w.tried).toEqual(['example.com.default.svc.cluster.local. NXDOMAIN', 'example.com.svc.cluster.local. NXDOMAIN', 'example.com.cluster.local. NXDOMAIN', 'example.com. NOERROR']);
    expect(w.all).toHaveLength(8);
  });
  it('kubernetes.default.svc.cluster.local (4 dots < 5) still goes through the search list first', () => {
    expect(walk('kubernetes.default.svc.cluster.local').tried[0]).toBe('kubernetes.default.svc.cluster.local.default.svc.cluster.local. NXDOMAIN');
    expect(walk('kubernetes.default.svc.cluster.local').tried).toHaveLength(4);
  });
  it('a trailing dot: one name, no search', () => {
    expect(walk('kubernetes.default.svc.cluster.local.').tried).toEqual(['kubernetes.default.svc.cluster.local. NOERROR']);
  });
  it('a name that exists nowhere: all four candidates, not found', () => {
    const w = walk('nope');
    expect(w.tried).toHaveLength(4);
    expect(w.outcome).toEqual({ kind: 'not-found', nodata: false });
  });
  it('musl: 5 or more dots means no search at all; NODATA stops the walk', () => {
    expect(candidates('a.b.c.d.e.f', conf, 'musl')).toEqual(['a.b.c.d.e.f.']);
    expect(candidates('a.b.c.d.e.f', conf, 'glibc')).toEqual(['a.b.c.d.e.f.', 'a.b.c.d.e.f.default.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.']);
    // `default` + svc.cluster.local = default.svc.cluster.local: the namespace name is NODATA.
    expect(walk('default', 'musl').outcome).toEqual({ kind: 'not-found', nodata: true });
    expect(walk('default', 'musl').tried).toEqual(['default.default.svc.cluster.local. NXDOMAIN', 'default.svc.cluster.local. NOERROR']);
    expect(walk('default', 'glibc').tried).toHaveLength(4);
  });
  it('CoreDNS scaled to zero: the first query times out after timeout x attempts (glibc: 10 s)', () => {
    const r = lookupAddresses('web', conf, () => 'timeout', { libc: 'glibc' });
    expect(r.outcome).toEqual({ kind: 'timeout', waitedSeconds: 10 });
    expect(r.queries.map((q) => q.tries)).toEqual([2, 2]);
    expect(lookupAddresses('web', conf, () => 'timeout', { libc: 'musl' }).outcome).toEqual({ kind: 'timeout', waitedSeconds: 5 });
  });
  it('a refusing nameserver (ICMP port unreachable): glibc gives up at once on the first name, musl never hears it', () => {
    const g = lookupAddresses('web', conf, () => 'refused', { libc: 'glibc' });
    expect(g.outcome).toEqual({ kind: 'refused' });
    expect(g.waitedMs).toBe(0);
    // Both tries of A and AAAA for the first search name only: the search stops there.
    expect(g.queries.map((q) => `${q.query.type} ${q.query.name} ${q.tries}`)).toEqual(['A web.default.svc.cluster.local. 2', 'AAAA web.default.svc.cluster.local. 2']);
    const m = lookupAddresses('web', conf, () => 'refused', { libc: 'musl' });
    expect(m.outcome).toEqual({ kind: 'timeout', waitedSeconds: 5 });
    expect(m.waitedMs).toBe(5000);
  });
  it('a reverse lookup that gets no answer costs the library its wait', () => {
    expect(reverseLookup('10.96.0.1', () => 'timeout', [], { libc: 'glibc', config: conf }).waitedMs).toBe(10000);
    const refused = reverseLookup('10.96.0.1', () => 'refused', [], { libc: 'glibc', config: conf });
    expect(refused.name).toBeUndefined();
    expect(refused.waitedMs).toBe(0);
    expect(reverseLookup('10.96.0.1', () => 'refused', [], { libc: 'musl', config: conf }).waitedMs).toBe(5000);
  });
  it('bad names are refused before any query', () => {
    expect(lookupAddresses(`${'a'.repeat(64)}.svc`, conf, send, { libc: 'glibc' })).toEqual({ queries: [], outcome: { kind: 'invalid-name' }, waitedMs: 0 });
    expect(lookupAddresses('x'.repeat(254), conf, send, { libc: 'glibc' }).outcome.kind).toBe('invalid-name');
    expect(lookupAddresses('web_1', conf, send, { libc: 'musl' }).outcome.kind).toBe('invalid-name');
    expect(lookupAddresses('10.96.0.1', conf, send, { libc: 'glibc' })).toEqual({ queries: [], outcome: { kind: 'literal', addresses: ['10.96.0.1'] }, waitedMs: 0 });
  });
  it("an /etc/hosts name needs no query", () => {
    const r = lookupAddresses('mypod', conf, send, { libc: 'musl', hosts: [{ ip: '10.244.1.5', names: ['mypod'] }] });
    expect(r).toEqual({ queries: [], outcome: { kind: 'hosts', name: 'mypod', canonical: 'mypod', addresses: ['10.244.1.5'] }, waitedMs: 0 });
  });
  it("musl's sort puts the addresses nearest the source first", () => {
    expect(muslSort(['10.244.3.4', '10.244.2.10', '10.244.1.11'], '10.244.1.11')).toEqual(['10.244.1.11', '10.244.3.4', '10.244.2.10']);
  });
});

describe('sockets: one per candidate name, A and AAAA on it (glibc send_dg, musl res_msend)', () => {
  const sockets = (name: string, libc: Libc, family?: 'ipv4' | 'ipv6') => {
    const seen: (DnsSocket | undefined)[] = [];
    const log: string[] = [];
    const r = lookupAddresses(name, conf, (q, socket) => {
      if (!seen.includes(socket)) seen.push(socket);
      log.push(`${seen.indexOf(socket)} ${q.type} ${q.name}`);
      return send(q);
    }, { libc, ...(family ? { family } : {}) });
    return { log, outcome: r.outcome };
  };
  it.each(['glibc', 'musl'] as const)('%s: three names, three sockets, each carrying A and AAAA', (libc) => {
    expect(sockets('nope', libc).log).toEqual(
      ['nope.default.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.'].flatMap((n, i) => [`${i} A ${n}`, `${i} AAAA ${n}`]),
    );
  });
  it('one family: a socket per query', () => {
    expect(sockets('web.prod', 'glibc', 'ipv4').log).toEqual(['0 A web.prod.default.svc.cluster.local.', '1 A web.prod.svc.cluster.local.']);
  });
  it('every socket is a socket (no query left to pick its own)', () => {
    const got: (DnsSocket | undefined)[] = [];
    lookupAddresses('nope', conf, (q, socket) => (got.push(socket), send(q)), { libc: 'glibc' });
    reverseLookup('10.96.0.1', (q, socket) => (got.push(socket), send(q)), []);
    expect(got.every((s) => s?.kind === 'udp-socket')).toBe(true);
  });
});
