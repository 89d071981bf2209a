/** `nft list` text (nftables src/rule.c, src/expression.c print functions; REAL kube-proxy dumps). */
import { describe, it, expect } from 'vitest';
import { NftTableBuilder, rule, stmt } from './build.ts';
import { listRuleset, listTable, timeText } from './list-format.ts';
import { priorityText } from './priority.ts';

function table() {
  const b = new NftTableBuilder('ip', 'kube-proxy', 'rules for kube-proxy');
  b.addSet({ name: 'cluster-ips', kind: 'set', type: 'ipv4_addr', comment: 'Active ClusterIPs' });
  for (const ip of ['10.96.0.10', '10.96.0.1', '10.96.12.7', '10.96.3.4', '10.96.100.1']) b.addElement('cluster-ips', { key: [ip] });
  b.addSet({ name: 'service-ips', kind: 'map', type: 'ipv4_addr . inet_proto . inet_service : verdict', comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' });
  b.addElement('service-ips', { key: ['10.96.0.10', 'udp', '53'], verdict: { kind: 'goto', chain: 'service-A' } });
  b.addElement('service-ips', { key: ['10.96.0.10', 'tcp', '53'], verdict: { kind: 'goto', chain: 'service-B' } });
  b.addElement('service-ips', { key: ['10.96.0.1', 'tcp', '443'], verdict: { kind: 'goto', chain: 'service-C' } });
  b.addSet({ name: 'affinity-X', kind: 'set', type: 'ipv4_addr', flags: ['dynamic', 'timeout'], timeout: 10800 });
  b.addChain('nat-prerouting', [rule([stmt.jump('services')])], { base: { type: 'nat', hook: 'prerouting', priority: -100 } });
  b.addChain('reject-chain', [rule([stmt.verdict('reject')])], { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
  b.addChain('masquerading', [
    rule([stmt.markAndEq('0x4000', '0'), stmt.verdict('return')]),
    rule([stmt.markSet('xor', '0x4000')]),
    rule([stmt.masquerade(true)]),
  ]);
  b.addChain('cluster-ips-check', [rule([stmt.addrAnon('daddr', ['10.96.0.0/12'], '10.96.0.0/12'), stmt.verdict('drop')], 'Drop traffic to unallocated ClusterIPs')]);
  b.addChain('service-B', [rule([stmt.numgen(['endpoint-1', 'endpoint-2'])])]);
  return b.finish();
}

const EXPECTED = `table ip kube-proxy {
	comment "rules for kube-proxy"
	set cluster-ips {
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.1, 10.96.0.10,
			     10.96.3.4, 10.96.12.7,
			     10.96.100.1 }
	}

	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
		elements = { 10.96.0.10 . tcp . 53 : goto service-B,
			     10.96.0.10 . udp . 53 : goto service-A,
			     10.96.0.1 . tcp . 443 : goto service-C }
	}

	set affinity-X {
		type ipv4_addr
		flags dynamic,timeout
		timeout 3h
		elements = { 10.244.1.9 timeout 3h expires 2h59m50s }
	}

	chain nat-prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		jump services
	}

	chain reject-chain {
		comment "helper for @no-endpoint-services / @no-endpoint-nodeports"
		reject
	}

	chain masquerading {
		meta mark & 0x00004000 == 0x00000000 return
		meta mark set meta mark ^ 0x00004000
		masquerade fully-random
	}

	chain cluster-ips-check {
		ip daddr 10.96.0.0/12 drop comment "Drop traffic to unallocated ClusterIPs"
	}

	chain service-B {
		numgen random mod 2 vmap { 0 : goto endpoint-1, 1 : goto endpoint-2 }
	}
}
`;

describe('nft list table', () => {
  it('prints the nested block form with sorted, wrapped elements', () => {
    const dynamic = new Map([['affinity-X', new Map([['10.244.1.9', 1000 + 10800], ['10.244.1.8', 900]])]]);
    expect(listTable(table(), { now: 1010, dynamic })).toBe(EXPECTED);
  });

  it('orders concatenated keys as a real kube-proxy node lists them (low port byte first)', () => {
    // REAL `nft list table ip kube-proxy` (k3s, service CIDR 10.43.0.0/16): service-ips in this order.
    const real = [
      ['10.43.0.10', 'tcp', '53'], ['10.43.0.10', 'udp', '53'], ['10.43.195.72', 'tcp', '8000'],
      ['10.43.34.64', 'tcp', '3001'], ['10.43.0.1', 'tcp', '443'], ['10.43.10.165', 'tcp', '443'],
      ['10.43.0.10', 'tcp', '9153'], ['10.43.22.243', 'tcp', '4317'], ['10.43.22.243', 'tcp', '4318'],
    ];
    const b = new NftTableBuilder('ip', 'kube-proxy', 'rules for kube-proxy');
    b.addSet({ name: 'service-ips', kind: 'map', type: 'ipv4_addr . inet_proto . inet_service : verdict' });
    for (const k of [...real].reverse()) b.addElement('service-ips', { key: k, verdict: { kind: 'goto', chain: `s-${k[2]}` } });
    b.addSet({ name: 'cluster-ips', kind: 'set', type: 'ipv4_addr' });
    for (const ip of ['10.43.195.72', '10.43.34.64', '10.43.0.10', '10.43.0.1']) b.addElement('cluster-ips', { key: [ip] });
    const text = listTable(b.finish());
    const listed = [...text.matchAll(/(\d+\.\d+\.\d+\.\d+ \. \w+ \. \d+) :/g)].map((m) => m[1]);
    expect(listed).toEqual(real.map((k) => k.join(' . ')));
    expect(text).toContain('elements = { 10.43.0.1, 10.43.0.10,\n\t\t\t     10.43.34.64, 10.43.195.72 }');
  });

  it('nft list ruleset prints each table in turn', () => {
    const t = table();
    expect(listRuleset([t, t])).toBe(listTable(t) + listTable(t));
  });

  it('prints times and priorities as nft does', () => {
    expect(timeText(10800_000)).toBe('3h');
    expect(timeText(90_061_500)).toBe('1d1h1m1s500ms');
    expect(priorityText(-110, 'prerouting')).toBe('dstnat - 10');
    expect(priorityText(-110, 'input')).toBe('-110');
    expect(priorityText(0, 'forward')).toBe('filter');
    expect(priorityText(100, 'postrouting')).toBe('srcnat');
    // nft 1.0.6 names dstnat on prerouting only (REAL dump: "type nat hook output priority -100").
    expect(priorityText(-90, 'output')).toBe('-90');
    expect(priorityText(-100, 'output')).toBe('-100');
    expect(priorityText(-110, 'output')).toBe('-110');
    expect(priorityText(100, 'input')).toBe('100');
  });
});
