import { describe, expect, it } from 'vitest';
import { Rand } from '../rand.ts';
import { KERNEL_TIMEOUTS, kubeProxyTimeouts, nextTcpState, parseGoDuration } from './conntrack-states.ts';
import { ConntrackTable, natTranslate, remainingSeconds, tupleOf } from './conntrack.ts';
import type { Packet } from './packet.ts';

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);

function pkt(src: string, sport: number, dst: string, dport: number, extra: Partial<Packet> = {}): Packet {
  return { src, dst, sport, dport, proto: 'tcp', mark: 0, tcpFlags: 'SYN', ...extra };
}

/** A pod on master200 calls the kubernetes Service; kube-proxy DNATs it to the apiserver. */
const syn = pkt('10.244.0.6', 43210, '10.96.0.1', 443);
const DNAT = { dnat: { ip: '172.200.1.200', port: 6443 } };

describe('conntrack TCP states', () => {
  it('follows the handshake: SYN_SENT, SYN_RECV on the SYN-ACK, ESTABLISHED and ASSURED on the last ACK', () => {
    const ct = new ConntrackTable();
    const e = ct.create(syn, DNAT, T0);
    expect(e.state).toBe('SYN_SENT');
    expect(e.seenReply).toBe(false);
    expect(remainingSeconds(e, T0)).toBe(119);

    const replyTuple = { proto: 'tcp' as const, src: '172.200.1.200', sport: 6443, dst: '10.244.0.6', dport: 43210 };
    const back = ct.lookup(replyTuple, T0 + 1)!;
    expect(back.direction).toBe('reply');
    ct.update(back, { tcpFlags: 'SYN,ACK' }, T0 + 1);
    expect(e.state).toBe('SYN_RECV');
    expect(e.seenReply).toBe(true);
    expect(e.assured).toBe(false);

    ct.update(ct.lookup(tupleOf(syn), T0 + 2)!, { tcpFlags: 'ACK' }, T0 + 2);
    expect(e.state).toBe('ESTABLISHED');
    expect(e.assured).toBe(true);
    // kube-proxy raises tcp_timeout_established to 24 h
    expect(remainingSeconds(e, T0 + 2)).toBe(86399);
  });

  it('closes through FIN_WAIT, CLOSE_WAIT, LAST_ACK to TIME_WAIT (120 s)', () => {
    const ct = new ConntrackTable();
    const e = ct.create(syn, DNAT, T0);
    const orig = () => ct.lookup(tupleOf(syn), T0)!;
    const reply = () => ct.lookup(e.reply, T0)!;
    ct.update(reply(), { tcpFlags: 'SYN,ACK' }, T0);
    ct.update(orig(), { tcpFlags: 'ACK' }, T0);
    ct.update(orig(), { tcpFlags: 'FIN,ACK' }, T0);
    expect(e.state).toBe('FIN_WAIT');
    ct.update(reply(), { tcpFlags: 'ACK' }, T0);
    expect(e.state).toBe('CLOSE_WAIT');
    expect(remainingSeconds(e, T0)).toBe(3599);
    ct.update(reply(), { tcpFlags: 'FIN,ACK' }, T0);
    expect(e.state).toBe('LAST_ACK');
    ct.update(orig(), { tcpFlags: 'ACK' }, T0);
    expect(e.state).toBe('TIME_WAIT');
    expect(remainingSeconds(e, T0)).toBe(119);
  });

  it('forgets a connection at once when the only answer is a RST (connection refused)', () => {
    const ct = new ConntrackTable();
    const e = ct.create(syn, DNAT, T0);
    const r = ct.update(ct.lookup(e.reply, T0)!, { tcpFlags: 'RST,ACK' }, T0);
    expect(r.removed).toBe(true);
    expect(ct.count(T0)).toBe(0);
    expect(ct.lookup(tupleOf(syn), T0)).toBeUndefined();
  });

  it('treats an ACK before the SYN-ACK as invalid and keeps the state', () => {
    expect(nextTcpState('SYN_SENT', 'original', 'ACK')).toEqual({ state: 'SYN_SENT', invalid: true });
    expect(nextTcpState('ESTABLISHED', 'original', 'SYN')).toEqual({ state: 'ESTABLISHED', ignored: true });
    expect(nextTcpState('TIME_WAIT', 'original', 'SYN')).toEqual({ state: 'SYN_SENT' });
    expect(nextTcpState('ESTABLISHED', 'reply', 'RST')).toEqual({ state: 'CLOSE' });
  });
});

describe('conntrack UDP', () => {
  const dns = pkt('10.244.1.5', 53211, '10.96.0.10', 53, { proto: 'udp', tcpFlags: undefined });
  const to = { dnat: { ip: '10.244.0.6', port: 53 } };

  it('is unreplied for 30 s, and a query answered at once stays at 30 s without ASSURED', () => {
    const ct = new ConntrackTable();
    const e = ct.create(dns, to, T0);
    expect(e.state).toBeUndefined();
    expect(remainingSeconds(e, T0)).toBe(29);
    ct.update(ct.lookup(e.reply, T0 + 5)!, {}, T0 + 5);
    expect(e.seenReply).toBe(true);
    expect(e.assured).toBe(false);
    expect(remainingSeconds(e, T0 + 5)).toBe(29);
  });

  it('becomes an ASSURED stream with the 120 s timeout when traffic goes on after 2 s', () => {
    const ct = new ConntrackTable();
    const e = ct.create(dns, to, T0);
    ct.update(ct.lookup(e.reply, T0 + 5)!, {}, T0 + 5);
    ct.update(ct.lookup(e.original, T0 + 3000)!, {}, T0 + 3000);
    expect(e.assured).toBe(true);
    expect(remainingSeconds(e, T0 + 3000)).toBe(119);
  });

  it('expires when its timeout runs out', () => {
    const ct = new ConntrackTable();
    ct.create(dns, to, T0);
    expect(ct.count(T0 + 29_999)).toBe(1);
    expect(ct.lookup(tupleOf(dns), T0 + 30_000)).toBeUndefined();
    expect(ct.count(T0 + 30_000)).toBe(0);
  });

  it('deletes stale entries by Service IP and port, as kube-proxy’s cleanup does, leaving others', () => {
    const ct = new ConntrackTable();
    ct.create(dns, to, T0);
    ct.create({ ...dns, sport: 40000 }, to, T0);
    ct.create({ ...dns, dst: '10.96.0.11', sport: 40001 }, { dnat: { ip: '10.244.2.3', port: 53 } }, T0);
    ct.create(syn, DNAT, T0);
    const gone = ct.delete({ proto: 'udp', origDst: '10.96.0.10', origDport: 53 }, T0 + 10);
    expect(gone.map((e) => e.original.sport)).toEqual([53211, 40000]);
    expect(ct.list(T0 + 10).map((e) => e.original.dst)).toEqual(['10.96.0.11', '10.96.0.1']);
    expect(ct.delete({ proto: 'udp', replySrc: '10.244.2.3' }, T0 + 10)).toHaveLength(1);
  });
});

describe('conntrack NAT', () => {
  it('maps a reply back to the original addresses: the client sees the Service, the pod the client', () => {
    const ct = new ConntrackTable();
    ct.create(syn, DNAT, T0);
    const out = natTranslate(syn, ct.lookup(tupleOf(syn), T0)!);
    expect(out).toMatchObject({ src: '10.244.0.6', sport: 43210, dst: '172.200.1.200', dport: 6443 });
    const reply = pkt('172.200.1.200', 6443, '10.244.0.6', 43210, { tcpFlags: 'SYN,ACK' });
    const m = ct.lookup(tupleOf(reply), T0)!;
    expect(m.direction).toBe('reply');
    expect(natTranslate(reply, m)).toMatchObject({ src: '10.96.0.1', sport: 443, dst: '10.244.0.6', dport: 43210 });
    expect(natTranslate(reply, m, 'dst')).toMatchObject({ src: '172.200.1.200', dst: '10.244.0.6' });
  });

  it('masquerades keeping the source port, and flags SRC_NAT and DST_NAT', () => {
    const ct = new ConntrackTable();
    const e = ct.create(pkt('203.0.113.7', 51000, '172.200.1.201', 30086), { dnat: { ip: '10.244.2.10', port: 80 }, snat: { ip: '10.244.1.0' } }, T0);
    expect(e.reply).toEqual({ proto: 'tcp', src: '10.244.2.10', sport: 80, dst: '10.244.1.0', dport: 51000 });
    expect(e.srcNat).toBe(true);
    expect(e.dstNat).toBe(true);
  });

  it('picks another port, from the seeded generator, when keeping it would clash with a live flow', () => {
    const ct = new ConntrackTable();
    const nat = { dnat: { ip: '10.244.2.10', port: 80 }, snat: { ip: '10.244.1.0' } };
    ct.create(pkt('203.0.113.7', 51000, '172.200.1.201', 30086), nat, T0);
    const a = ct.create(pkt('198.51.100.9', 51000, '172.200.1.201', 30086), nat, T0, new Rand(3));
    expect(a.reply.dport).not.toBe(51000);
    expect(a.reply.dport).toBeGreaterThanOrEqual(1024);
    const again = new ConntrackTable();
    again.create(pkt('203.0.113.7', 51000, '172.200.1.201', 30086), nat, T0);
    expect(again.create(pkt('198.51.100.9', 51000, '172.200.1.201', 30086), nat, T0, new Rand(3)).reply.dport).toBe(a.reply.dport);
  });

  it('draws a fresh port for every flow with --random-fully, in the privileged band for privileged ports', () => {
    const ct = new ConntrackTable();
    const rand = new Rand(11);
    const e = ct.create(pkt('10.244.0.6', 40000, '10.96.0.1', 443), { dnat: { ip: '172.200.1.200', port: 6443 }, snat: { ip: '10.244.0.0', randomFully: true } }, T0, rand);
    expect(e.reply.dport).not.toBe(40000);
    const low = ct.create(pkt('10.244.0.6', 700, '10.96.0.1', 443), { snat: { ip: '10.244.0.0', randomFully: true } }, T0, rand);
    expect(low.reply.dport).toBeGreaterThanOrEqual(600);
    expect(low.reply.dport).toBeLessThanOrEqual(1023);
  });
});

describe('kube-proxy conntrack timeouts', () => {
  it('default to 24 h established and 1 h close-wait, leave UDP alone, and honour the configuration', () => {
    expect(kubeProxyTimeouts().tcp.ESTABLISHED).toBe(86400);
    expect(kubeProxyTimeouts().tcp.CLOSE_WAIT).toBe(3600);
    expect(kubeProxyTimeouts().udp).toEqual({ unreplied: 30, replied: 120 });
    expect(kubeProxyTimeouts({ tcpEstablishedTimeout: '2h0m0s', udpTimeout: '10s' })).toMatchObject({ tcp: { ESTABLISHED: 7200 }, udp: { unreplied: 10 } });
    expect(kubeProxyTimeouts({ tcpEstablishedTimeout: '0s' }).tcp.ESTABLISHED).toBe(KERNEL_TIMEOUTS.tcp.ESTABLISHED);
    expect(parseGoDuration('24h0m0s')).toBe(86400);
    expect(parseGoDuration('1h30m')).toBe(5400);
    expect(parseGoDuration('soon')).toBeUndefined();
  });
});
