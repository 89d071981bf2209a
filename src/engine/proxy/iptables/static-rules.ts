/**
 * The rules kube-proxy writes on every sync whatever the Services (reference §1.3; proxier.go
 * syncProxyRules), the NodePort tail rule of nat KUBE-SERVICES, and the jump rules it installs in
 * the built-in chains with `iptables -I` on a full sync (reference §1.2; iptablesJumpChains and
 * iptablesKubeletJumpChains).
 */
import type { IptablesTableName, RuleSpec } from '../../net/iptables/types.ts';
import { cidrContains, parseCidr, parseIPv4 } from '../../net/ipv4.ts';
import type { ProxyNode } from '../proxy-node.ts';
import type { IptablesProxyConfig } from './config.ts';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './names.ts';

function rule(chain: string, args: readonly string[]): RuleSpec {
  return { chain, args, author: 'kube-proxy' };
}

/** --nodeport-addresses resolved for one node (pkg/proxy/util/nodeport_addresses.go). */
export interface NodePortAddresses {
  matchAll: boolean;
  containsIPv4Loopback: boolean;
  /** The node's addresses the CIDRs select (only when not matchAll), in the node's address order. */
  nodeIPs: readonly string[];
}

export function nodePortAddressesFor(cfg: IptablesProxyConfig, node: Pick<ProxyNode, 'ips' | 'addresses'>): NodePortAddresses {
  // `primary` stands for the node's primary IPs (cmd/kube-proxy turns it into /32 CIDRs).
  const strings = cfg.nodePortAddresses.flatMap((s) => (s === 'primary' ? node.ips.slice(0, 1).map((ip) => `${ip}/32`) : [s.trim()]));
  const cidrs = strings.map((s) => parseCidr(s)).filter((c) => c !== undefined);
  if (cidrs.length === 0) return { matchAll: true, containsIPv4Loopback: true, nodeIPs: [] };
  const loopback = parseIPv4('127.0.0.0')!;
  let containsIPv4Loopback = false;
  let matchAll = false;
  for (const c of cidrs) {
    if (cidrContains(c, loopback) || (c.base >>> 24) === 127) containsIPv4Loopback = true;
    if (c.prefix === 0) {
      matchAll = true;
      break;
    }
  }
  if (matchAll) return { matchAll, containsIPv4Loopback, nodeIPs: [] };
  const nodeIPs = node.addresses.filter((a) => {
    const ip = parseIPv4(a);
    return ip !== undefined && cidrs.some((c) => cidrContains(c, ip));
  });
  return { matchAll, containsIPv4Loopback, nodeIPs };
}

/** NewProxier turns localhostNodePorts off when --nodeport-addresses leaves out loopback. */
export function effectiveLocalhostNodePorts(cfg: IptablesProxyConfig, npa: NodePortAddresses): boolean {
  return cfg.localhostNodePorts && npa.containsIPv4Loopback;
}

export interface StaticPart {
  chains: readonly string[];
  rules: readonly RuleSpec[];
}

/** filter: the top-level chains and the KUBE-FIREWALL rule, written before any service. */
export function filterHead(localhostNodePorts: boolean): StaticPart {
  const chains = [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL];
  if (!localhostNodePorts) return { chains, rules: [] };
  // route_localnet opens 127.0.0.0/8 to the network (issue 90259); this rule closes it again.
  return {
    chains: [...chains, KUBE_FIREWALL],
    rules: [
      rule(KUBE_FIREWALL, ['-m', 'comment', '--comment', 'block incoming localnet connections', '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP']),
    ],
  };
}

/** filter: KUBE-FORWARD, written after every service. */
export function filterTail(cfg: IptablesProxyConfig, mark: string): RuleSpec[] {
  const rules: RuleSpec[] = [];
  if (!cfg.conntrackTCPBeLiberal) {
    const nfacct = cfg.nfacct ? ['-m', 'nfacct', '--nfacct-name', 'ct_state_invalid_dropped_pkts'] : [];
    rules.push(rule(KUBE_FORWARD, ['-m', 'conntrack', '--ctstate', 'INVALID', ...nfacct, '-j', 'DROP']));
  }
  rules.push(rule(KUBE_FORWARD, ['-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT']));
  rules.push(rule(KUBE_FORWARD, ['-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']));
  return rules;
}

/** nat: the top-level chains, KUBE-POSTROUTING and KUBE-MARK-MASQ. */
export function natHead(cfg: IptablesProxyConfig, mark: string): StaticPart {
  return {
    chains: [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ],
    rules: [
      rule(KUBE_POSTROUTING, ['-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN']),
      // Clear the mark so a packet that goes round the stack again is not masqueraded twice.
      rule(KUBE_POSTROUTING, ['-j', 'MARK', '--xor-mark', mark]),
      rule(KUBE_POSTROUTING, ['-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE', ...(cfg.randomFully ? ['--random-fully'] : [])]),
      rule(KUBE_MARK_MASQ, ['-j', 'MARK', '--or-mark', mark]),
    ],
  };
}

const LAST_RULE_COMMENT = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';

/** nat: the jump to KUBE-NODEPORTS that ends KUBE-SERVICES. */
export function natTail(npa: NodePortAddresses, localhostNodePorts: boolean): RuleSpec[] {
  if (npa.matchAll) {
    // IPv4 localhost NodePorts only work with route_localnet; without it, leave 127/8 alone.
    const block = localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8'];
    return [rule(KUBE_SERVICES, ['-m', 'comment', '--comment', LAST_RULE_COMMENT, '-m', 'addrtype', '--dst-type', 'LOCAL', ...block, '-j', KUBE_NODEPORTS])];
  }
  const rules: RuleSpec[] = [];
  for (const ip of npa.nodeIPs) {
    if (ip.startsWith('127.') && !localhostNodePorts) continue;
    rules.push(rule(KUBE_SERVICES, ['-m', 'comment', '--comment', LAST_RULE_COMMENT, '-d', ip, '-j', KUBE_NODEPORTS]));
  }
  return rules;
}

/** One `iptables -t TABLE -I CHAIN ...` kube-proxy runs (EnsureRule Prepend) on a full sync. */
export interface IptablesJump {
  table: IptablesTableName;
  rule: RuleSpec;
  /**
   * kubelet's own jump, which kube-proxy only ensures (EnsureRule checks with -C first): on a
   * real node kubelet has written it already, so it keeps kubelet's place (REAL §1.2 shows
   * `-A INPUT -j KUBE-FIREWALL` below kube-proxy's jumps).
   */
  kubeletDuplicate: boolean;
}

const JUMPS: [IptablesTableName, string, string, string, readonly string[]][] = [
  ['filter', 'INPUT', KUBE_EXTERNAL_SERVICES, 'kubernetes externally-visible service portals', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['filter', 'FORWARD', KUBE_EXTERNAL_SERVICES, 'kubernetes externally-visible service portals', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['filter', 'INPUT', KUBE_NODEPORTS, 'kubernetes health check service ports', []],
  ['filter', 'FORWARD', KUBE_SERVICES, 'kubernetes service portals', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['filter', 'OUTPUT', KUBE_SERVICES, 'kubernetes service portals', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['filter', 'FORWARD', KUBE_FORWARD, 'kubernetes forwarding rules', []],
  ['filter', 'INPUT', KUBE_PROXY_FIREWALL, 'kubernetes load balancer firewall', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['filter', 'OUTPUT', KUBE_PROXY_FIREWALL, 'kubernetes load balancer firewall', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['filter', 'FORWARD', KUBE_PROXY_FIREWALL, 'kubernetes load balancer firewall', ['-m', 'conntrack', '--ctstate', 'NEW']],
  ['nat', 'OUTPUT', KUBE_SERVICES, 'kubernetes service portals', []],
  ['nat', 'PREROUTING', KUBE_SERVICES, 'kubernetes service portals', []],
  ['nat', 'POSTROUTING', KUBE_POSTROUTING, 'kubernetes postrouting rules', []],
  // Duplicates of kubelet's jumps (pkg/kubelet/kubelet_network_linux.go): no comment.
  ['filter', 'INPUT', KUBE_FIREWALL, '', []],
  ['filter', 'OUTPUT', KUBE_FIREWALL, '', []],
];

/** The jump rules in the order kube-proxy inserts them; each goes to the top of its chain. */
export const IPTABLES_JUMPS: readonly IptablesJump[] = JUMPS.map(([table, chain, dst, comment, extra]) => ({
  table,
  kubeletDuplicate: dst === KUBE_FIREWALL,
  rule: rule(chain, [...extra, ...(comment ? ['-m', 'comment', '--comment', comment] : []), '-j', dst]),
}));
