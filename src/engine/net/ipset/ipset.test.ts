import { describe, expect, it } from 'vitest';
import { IpSet } from './ipset.ts';
import { formatIpsetList } from './list-format.ts';
import type { Packet } from '../packet.ts';

function pkt(src: string, sport: number, dst: string, dport: number, proto: Packet['proto'] = 'tcp'): Packet {
  return { src, sport, dst, dport, proto, mark: 0 };
}

describe('ipset membership', () => {
  it('matches hash:ip,port on dst,dst and not on the wrong protocol or port', () => {
    const s = new IpSet('KUBE-CLUSTER-IP', 'hash:ip,port');
    s.add('10.96.0.1,tcp:443');
    expect(s.test(pkt('10.244.1.5', 40000, '10.96.0.1', 443), ['dst', 'dst'])).toBe(true);
    expect(s.test(pkt('10.244.1.5', 40000, '10.96.0.1', 443, 'udp'), ['dst', 'dst'])).toBe(false);
    expect(s.test(pkt('10.244.1.5', 40000, '10.96.0.1', 80), ['dst', 'dst'])).toBe(false);
    // One flag for a two-dimension set does not match (the kernel needs a flag per dimension).
    expect(s.test(pkt('10.244.1.5', 40000, '10.96.0.1', 443), ['dst'])).toBe(false);
    // src,dst: the node's own VIP-sourced traffic (kube-proxy without a local detector).
    expect(s.test(pkt('10.96.0.1', 443, '10.96.0.1', 443), ['src', 'dst'])).toBe(true);
  });

  it('matches KUBE-LOOP-BACK hairpin traffic with dst,dst,src', () => {
    const s = new IpSet('KUBE-LOOP-BACK', 'hash:ip,port,ip');
    s.add('10.244.1.5,tcp:8080,10.244.1.5');
    expect(s.test(pkt('10.244.1.5', 40000, '10.244.1.5', 8080), ['dst', 'dst', 'src'])).toBe(true);
    expect(s.test(pkt('10.244.1.6', 40000, '10.244.1.5', 8080), ['dst', 'dst', 'src'])).toBe(false);
  });

  it('matches a source inside hash:ip,port,net ranges and bitmap:port ports', () => {
    const s = new IpSet('KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net');
    s.add('203.0.113.10,tcp:80,198.51.100.0/24');
    expect(s.test(pkt('198.51.100.77', 5000, '203.0.113.10', 80), ['dst', 'dst', 'src'])).toBe(true);
    expect(s.test(pkt('198.51.101.77', 5000, '203.0.113.10', 80), ['dst', 'dst', 'src'])).toBe(false);
    const b = new IpSet('KUBE-NODE-PORT-TCP', 'bitmap:port');
    b.add('30080');
    expect(b.test(pkt('192.168.0.9', 5000, '192.168.0.2', 30080), ['dst'])).toBe(true);
    expect(b.add('70000')).toBe(false);
  });
});

describe('ipset list', () => {
  const cluster = new IpSet('KUBE-CLUSTER-IP', 'hash:ip,port', { initval: 0x0c31ac7a });
  for (const m of ['10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53']) cluster.add(m);
  const nodePorts = new IpSet('KUBE-NODE-PORT-TCP', 'bitmap:port');
  const refs = (name: string) => (name === 'KUBE-CLUSTER-IP' ? 3 : 0);

  it('prints a set as ipset v7 does on a 6.x kernel', () => {
    const r = formatIpsetList([cluster, nodePorts], { name: 'KUBE-NODE-PORT-TCP' }, refs);
    expect(r).toEqual({ ok: true, text: `Name: KUBE-NODE-PORT-TCP
Type: bitmap:port
Revision: 3
Header: range 0-65535
Size in memory: 8264
References: 0
Number of entries: 0
Members:
` });
    const c = formatIpsetList([cluster, nodePorts], { name: 'KUBE-CLUSTER-IP' }, refs);
    if (!c.ok) throw new Error(c.error);
    const lines = c.text.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'Name: KUBE-CLUSTER-IP', 'Type: hash:ip,port', 'Revision: 6',
      'Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x0c31ac7a',
      // The real size of this set with its four members (REAL listing).
      'Size in memory: 392', 'References: 3', 'Number of entries: 4', 'Members:',
    ]);
    expect(lines.slice(8, 12).sort()).toEqual(['10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53']);
  });

  it('separates sets by a blank line, lists names with -n, and refuses an unknown set', () => {
    const all = formatIpsetList([nodePorts, nodePorts], {}, refs);
    expect(all.ok && all.text.split('\n\n').length).toBe(2);
    expect(formatIpsetList([cluster, nodePorts], { namesOnly: true }, refs)).toEqual({ ok: true, text: 'KUBE-CLUSTER-IP\nKUBE-NODE-PORT-TCP\n' });
    expect(formatIpsetList([cluster], { name: 'NOPE' }, refs)).toEqual({ ok: false, error: 'ipset v7.17: The set with the given name does not exist' });
  });
});
