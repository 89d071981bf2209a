/**
 * nftables mode's behaviour on upstream's harness (proxier_test.go packet-flow cases,
 * reference §4): what reaches which endpoint, what is masqueraded, and where nftables differs
 * from iptables (an unused port of a ClusterIP is rejected, an unallocated service IP dropped).
 */
import { describe, it, expect } from 'vitest';
import { compileNftablesNode } from './compile.ts';
import { NFT_GOLDEN_HARNESS_CONFIG } from './config.ts';
import { NFT_TEST_NODE, overallState } from './testdata/overall-state.ts';
import { tracePacket } from './testdata/trace.ts';
import type { NftDynamicSets } from '../../net/nftables/types.ts';

const table = compileNftablesNode(overallState(), NFT_TEST_NODE, NFT_GOLDEN_HARNESS_CONFIG).table;
const NODE_IPS = NFT_TEST_NODE.addresses;
const flow = (src: string, dst: string, dport: number, random?: () => number) => tracePacket(table, { src, dst, dport }, NODE_IPS, { random });

describe('nftables packet flows (TestOverallNFTablesRules services)', () => {
  it('pod to ClusterIP reaches the endpoint without masquerade', () => {
    expect(flow('10.0.0.2', '172.30.0.41', 80)).toMatchObject({ output: '10.180.0.1:80', masq: false });
  });

  it('hairpin: the endpoint itself through its ClusterIP is masqueraded', () => {
    expect(flow('10.180.0.1', '172.30.0.41', 80)).toMatchObject({ output: '10.180.0.1:80', masq: true });
  });

  it('traffic from outside the cluster CIDR to a ClusterIP is masqueraded', () => {
    expect(flow('192.168.0.7', '172.30.0.41', 80)).toMatchObject({ output: '10.180.0.1:80', masq: true });
  });

  it('an unused port of a ClusterIP is rejected (iptables would let it through untranslated)', () => {
    expect(flow('10.0.0.2', '172.30.0.41', 443).output).toBe('REJECT');
  });

  it('an unallocated address in the service CIDR is dropped', () => {
    expect(flow('10.0.0.2', '172.30.0.50', 80).output).toBe('DROP');
  });

  it('a Service without endpoints rejects', () => {
    expect(flow('10.0.0.2', '172.30.0.46', 80).output).toBe('REJECT');
  });

  it('numgen picks among the endpoints in endpoint order', () => {
    expect(flow('10.0.0.2', '172.30.0.44', 80, () => 0.1).output).toBe('10.180.0.4:80');
    expect(flow('10.0.0.2', '172.30.0.44', 80, () => 0.9).output).toBe('10.180.0.5:80');
  });

  it('external client to a NodePort is masqueraded; LoadBalancerSourceRanges do not apply to it', () => {
    expect(flow('203.0.113.130', '192.168.0.2', 3002)).toMatchObject({ output: '10.180.0.3:80', masq: true });
  });

  it('a NodePort on an address outside nodePortAddresses is not a NodePort', () => {
    expect(flow('203.0.113.2', '192.168.1.2', 3003).output).toBe('192.168.1.2:3003');
  });

  it('loadBalancerSourceRanges: allowed client passes, other clients are dropped', () => {
    expect(flow('203.0.113.2', '5.6.7.8', 80)).toMatchObject({ output: '10.180.0.3:80', masq: true });
    expect(flow('203.0.113.130', '5.6.7.8', 80).output).toBe('DROP');
  });

  it('ETP Local without a local endpoint: external clients are dropped, pods short-circuit to all endpoints', () => {
    expect(flow('203.0.113.2', '1.2.3.4', 80).output).toBe('DROP');
    expect(flow('203.0.113.2', '192.168.0.2', 3001).output).toBe('DROP');
    expect(flow('10.0.0.2', '1.2.3.4', 80)).toMatchObject({ output: '10.180.0.2:80', masq: false });
  });

  it('ClientIP affinity pins a client to the endpoint it reached, until the timeout', () => {
    const dynamic: NftDynamicSets = new Map();
    const first = tracePacket(table, { src: '10.0.0.9', dst: '172.30.0.45', dport: 80 }, NODE_IPS, { dynamic, now: 100 });
    expect(first.output).toBe('10.180.0.3:80');
    const set = 'affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80';
    expect(dynamic.get(set)?.get('10.0.0.9')).toBe(100 + 10800);
    const again = tracePacket(table, { src: '10.0.0.9', dst: '172.30.0.45', dport: 80 }, NODE_IPS, { dynamic, now: 200 });
    const pinned = `ip saddr @${set} goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80`;
    expect(first.matchedRules).not.toContain(pinned);
    expect(again.matchedRules).toContain(pinned);
    expect(again.matchedRules.some((r) => r.startsWith('numgen'))).toBe(false);
    // 10800 s after the last packet the entry has expired: numgen decides again.
    const later = tracePacket(table, { src: '10.0.0.9', dst: '172.30.0.45', dport: 80 }, NODE_IPS, { dynamic, now: 200 + 10801 });
    expect(later.matchedRules).not.toContain(pinned);
  });
});
