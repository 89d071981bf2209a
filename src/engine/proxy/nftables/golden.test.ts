/**
 * The reference's nftables golden (§4.2): TestOverallNFTablesRules' services on upstream's
 * fake-proxier harness, compared byte for byte with the transaction kube-proxy writes, and with
 * upstream's expected text under upstream's own comparison.
 */
import { describe, it, expect } from 'vitest';
import { transactionText } from '../../net/nftables/transaction-format.ts';
import { compileNftablesNode } from './compile.ts';
import { NFT_GOLDEN_HARNESS_CONFIG } from './config.ts';
import { OVERALL_DUMP } from './testdata/overall-dump.ts';
import { NFT_TEST_NODE, overallState } from './testdata/overall-state.ts';
import { UPSTREAM_OVERALL, sortLikeUpstream } from './testdata/overall-upstream.ts';

/** Reference §4.2, the svc1 / svc4-dispatch / svc5 / svc6 lines, verbatim. */
const REFERENCE_LINES = `add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
add set ip kube-proxy affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
add rule ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 203.0.113.0/25 } drop
add element ip kube-proxy service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }`;

describe('TestOverallNFTablesRules (KTIP, reference §4.2)', () => {
  const tx = transactionText(compileNftablesNode(overallState(), NFT_TEST_NODE, NFT_GOLDEN_HARNESS_CONFIG).table);

  it('writes the transaction knftables dumps, byte for byte', () => {
    expect(tx).toBe(OVERALL_DUMP);
  });

  it('equals upstream expected text under upstream comparison (assertNFTablesTransactionEqual)', () => {
    expect(sortLikeUpstream(tx)).toBe(sortLikeUpstream(UPSTREAM_OVERALL));
  });

  it('holds every line the reference quotes', () => {
    const lines = new Set(tx.split('\n'));
    for (const line of REFERENCE_LINES.split('\n')) expect(lines.has(line), line).toBe(true);
  });
});
