/**
 * What kube-proxy's setupNFTables writes on every sync before any Service: the table, its base
 * chains, the dispatch and check chains, the sets and verdict maps and their static rules
 * (reference §4.2, upstream proxier_test.go baseRules). Objects are created in the order
 * below, which is the order `nft list` shows them in [UNCERTAIN: upstream's exact creation
 * order; the transaction dump sorts by name and does not depend on it].
 */
import { NftTableBuilder, rule, stmt } from '../../net/nftables/build.ts';
import type { NftBaseChainSpec } from '../../net/nftables/types.ts';
import { parseCidr } from '../../net/ipv4.ts';
import type { ProxyNode } from '../proxy-node.ts';
import { nftMarkText } from './config.ts';
import type { NftablesProxyConfig } from './config.ts';

export const KUBE_PROXY_TABLE = 'kube-proxy';
export const SERVICES = 'services';
export const SERVICE_IPS = 'service-ips';
export const SERVICE_NODEPORTS = 'service-nodeports';
export const NODEPORT_IPS = 'nodeport-ips';
export const CLUSTER_IPS = 'cluster-ips';
export const SERVICE_ENDPOINTS_CHECK = 'service-endpoints-check';
export const NODEPORT_ENDPOINTS_CHECK = 'nodeport-endpoints-check';
export const NO_ENDPOINT_SERVICES = 'no-endpoint-services';
export const NO_ENDPOINT_NODEPORTS = 'no-endpoint-nodeports';
export const REJECT_CHAIN = 'reject-chain';
export const CLUSTER_IPS_CHECK = 'cluster-ips-check';
export const FIREWALL_IPS = 'firewall-ips';
export const FIREWALL_CHECK = 'firewall-check';
export const MARK_MASQ = 'mark-for-masquerade';
export const MASQUERADING = 'masquerading';

const ADDR_PROTO_PORT = 'ipv4_addr . inet_proto . inet_service : verdict';
const PROTO_PORT = 'inet_proto . inet_service : verdict';

/** The base chains (KTIP): filtering before DNAT on prerouting/output, the rest at filter priority. */
export const BASE_CHAINS: readonly { name: string; spec: NftBaseChainSpec }[] = [
  { name: 'filter-prerouting-pre-dnat', spec: { type: 'filter', hook: 'prerouting', priority: -110 } },
  { name: 'filter-output-pre-dnat', spec: { type: 'filter', hook: 'output', priority: -110 } },
  { name: 'filter-forward', spec: { type: 'filter', hook: 'forward', priority: 0 } },
  { name: 'filter-input', spec: { type: 'filter', hook: 'input', priority: 0 } },
  { name: 'filter-output', spec: { type: 'filter', hook: 'output', priority: 0 } },
  { name: 'nat-prerouting', spec: { type: 'nat', hook: 'prerouting', priority: -100 } },
  { name: 'nat-output', spec: { type: 'nat', hook: 'output', priority: -100 } },
  { name: 'nat-postrouting', spec: { type: 'nat', hook: 'postrouting', priority: 100 } },
];

/** Which base chains jump where (each `ct state new` for the filter ones), in rule order per chain. */
const JUMPS: readonly { from: string; to: string; ctNew: boolean }[] = [
  { from: 'filter-prerouting-pre-dnat', to: FIREWALL_CHECK, ctNew: true },
  { from: 'filter-output-pre-dnat', to: FIREWALL_CHECK, ctNew: true },
  { from: 'filter-forward', to: SERVICE_ENDPOINTS_CHECK, ctNew: true },
  { from: 'filter-forward', to: CLUSTER_IPS_CHECK, ctNew: true },
  { from: 'filter-input', to: NODEPORT_ENDPOINTS_CHECK, ctNew: true },
  { from: 'filter-input', to: SERVICE_ENDPOINTS_CHECK, ctNew: true },
  { from: 'filter-output', to: SERVICE_ENDPOINTS_CHECK, ctNew: true },
  { from: 'filter-output', to: CLUSTER_IPS_CHECK, ctNew: true },
  { from: 'nat-prerouting', to: SERVICES, ctNew: false },
  { from: 'nat-output', to: SERVICES, ctNew: false },
  { from: 'nat-postrouting', to: MASQUERADING, ctNew: false },
];

/** proxyutil.NodePortAddresses.MatchAll: no --nodeport-addresses given. */
export function nodePortMatchAll(cfg: NftablesProxyConfig): boolean {
  return cfg.nodePortAddresses.length === 0;
}

/**
 * GetNodeIPs: the node's addresses inside the configured CIDRs, loopback left out. `primary` is
 * the node's primary IPv4 as a /32 (cmd/kube-proxy/app/server.go: NodeIPs[IPv4] + "/32"), so one
 * address, not every InternalIP.
 */
export function nodePortIPs(cfg: NftablesProxyConfig, node: ProxyNode): string[] {
  const out: string[] = [];
  for (const spec of cfg.nodePortAddresses) {
    if (spec === 'primary') {
      const primary = node.ips.find((ip) => parseCidr(`${ip}/32`) !== undefined);
      if (primary !== undefined && !primary.startsWith('127.') && !out.includes(primary)) out.push(primary);
      continue;
    }
    const c = parseCidr(spec);
    if (!c) continue;
    for (const a of node.addresses) {
      const parsed = parseCidr(`${a}/32`);
      if (!parsed || a.startsWith('127.') || out.includes(a)) continue;
      if (parsed.base >= c.base && parsed.base < c.base + c.size) out.push(a);
    }
  }
  return out;
}

export function writeBaseTable(cfg: NftablesProxyConfig, node: ProxyNode): NftTableBuilder {
  const b = new NftTableBuilder('ip', KUBE_PROXY_TABLE, 'rules for kube-proxy');
  const mark = nftMarkText(cfg);
  const matchAll = nodePortMatchAll(cfg);

  b.addSet({ name: CLUSTER_IPS, kind: 'set', type: 'ipv4_addr', comment: 'Active ClusterIPs' });
  if (!matchAll) b.addSet({ name: NODEPORT_IPS, kind: 'set', type: 'ipv4_addr', comment: 'IPs that accept NodePort traffic' });
  b.addSet({ name: NO_ENDPOINT_SERVICES, kind: 'map', type: ADDR_PROTO_PORT, comment: 'vmap to drop or reject packets to services with no endpoints' });
  b.addSet({ name: NO_ENDPOINT_NODEPORTS, kind: 'map', type: PROTO_PORT, comment: 'vmap to drop or reject packets to service nodeports with no endpoints' });
  b.addSet({ name: FIREWALL_IPS, kind: 'map', type: ADDR_PROTO_PORT, comment: 'destinations that are subject to LoadBalancerSourceRanges' });
  b.addSet({ name: SERVICE_IPS, kind: 'map', type: ADDR_PROTO_PORT, comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' });
  b.addSet({ name: SERVICE_NODEPORTS, kind: 'map', type: PROTO_PORT, comment: 'NodePort traffic' });

  // kube-proxy sets no policy: the kernel's default, accept, which `nft list` prints.
  for (const bc of BASE_CHAINS) b.addChain(bc.name, [], { base: bc.spec });
  for (const name of [SERVICE_ENDPOINTS_CHECK, CLUSTER_IPS_CHECK, NODEPORT_ENDPOINTS_CHECK, FIREWALL_CHECK, SERVICES, MASQUERADING, MARK_MASQ]) b.addChain(name);
  b.addChain(REJECT_CHAIN, [rule([stmt.verdict('reject')])], { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });

  const hooks: Record<string, ReturnType<typeof rule>[]> = {};
  for (const j of JUMPS) (hooks[j.from] ??= []).push(rule(j.ctNew ? [stmt.ctStateNew, stmt.jump(j.to)] : [stmt.jump(j.to)]));
  for (const [chain, rules] of Object.entries(hooks)) b.addChain(chain, rules);

  b.addChain(MARK_MASQ, [rule([stmt.markSet('or', mark)])]);
  b.addChain(MASQUERADING, [rule([stmt.markAndEq(mark, '0'), stmt.verdict('return')]), rule([stmt.markSet('xor', mark)]), rule([stmt.masquerade(true)])]);

  const checks = [rule([stmt.addrSet('daddr', CLUSTER_IPS), stmt.verdict('reject')], 'Reject traffic to invalid ports of ClusterIPs')];
  if (cfg.serviceCIDRs.length > 0) {
    // Concat(ipX, "daddr", "{", proxier.serviceCIDRs, "}", "drop"): the CIDRs joined by "," as one token.
    const text = cfg.serviceCIDRs.join(',');
    checks.push(rule([stmt.addrAnon('daddr', cfg.serviceCIDRs, text), stmt.verdict('drop')], 'Drop traffic to unallocated ClusterIPs'));
  }
  b.addChain(CLUSTER_IPS_CHECK, checks);

  b.addChain(FIREWALL_CHECK, [rule([stmt.vmap('daddr.l4proto.dport', FIREWALL_IPS)])]);
  b.addChain(SERVICE_ENDPOINTS_CHECK, [rule([stmt.vmap('daddr.l4proto.dport', NO_ENDPOINT_SERVICES)])]);
  const noLocalhost = stmt.addr('daddr', '127.0.0.0/8', true);
  if (matchAll) {
    b.addChain(NODEPORT_ENDPOINTS_CHECK, [rule([noLocalhost, stmt.vmap('l4proto.dport', NO_ENDPOINT_NODEPORTS)])]);
    b.addChain(SERVICES, [
      rule([stmt.vmap('daddr.l4proto.dport', SERVICE_IPS)]),
      rule([stmt.fibLocal('daddr'), noLocalhost, stmt.vmap('l4proto.dport', SERVICE_NODEPORTS)]),
    ]);
  } else {
    b.addChain(NODEPORT_ENDPOINTS_CHECK, [rule([stmt.addrSet('daddr', NODEPORT_IPS), stmt.vmap('l4proto.dport', NO_ENDPOINT_NODEPORTS)])]);
    b.addChain(SERVICES, [
      rule([stmt.vmap('daddr.l4proto.dport', SERVICE_IPS)]),
      rule([stmt.addrSet('daddr', NODEPORT_IPS), stmt.vmap('l4proto.dport', SERVICE_NODEPORTS)]),
    ]);
    for (const ip of nodePortIPs(cfg, node)) b.addElement(NODEPORT_IPS, { key: [ip] });
  }
  return b;
}
