/**
 * The iptables rules ipvs mode still writes (pkg/proxy/ipvs/proxier.go writeIptablesRules,
 * acceptIPVSTraffic, createAndLinkKubeChain; v1.33): masquerade marks for service traffic that
 * needs SNAT, hairpin MASQUERADE through KUBE-LOOP-BACK, NodePort and load-balancer chains,
 * source-range firewalling, externalIP admission and KUBE-IPVS-FILTER's "reject new
 * connections to a VIP port that is no service". Restore input order: nat chains, nat rules,
 * filter chains, filter rules. A rule that matches an ipset is only written when the set is
 * non-empty, except the fixed KUBE-IPVS-FILTER and health-check rules.
 */
import type { IptablesTable, IptablesTableName, RuleSpec, Ruleset } from '../../net/iptables/types.ts';
import type { LocalDetector } from '../iptables/config.ts';
import type { IpvsProxyConfig } from './config.ts';
import * as N from './names.ts';

function rule(chain: string, args: readonly string[]): RuleSpec {
  return { chain, args, author: 'kube-proxy' };
}

const NAT_CHAINS = [N.KUBE_SERVICES, N.KUBE_POSTROUTING, N.KUBE_NODE_PORT, N.KUBE_LOAD_BALANCER, N.KUBE_MARK_MASQ];
const FILTER_CHAINS = [N.KUBE_FORWARD, N.KUBE_NODE_PORT, N.KUBE_PROXY_FIREWALL, N.KUBE_SOURCE_RANGES_FIREWALL, N.KUBE_IPVS_FILTER, N.KUBE_IPVS_OUT_FILTER];

/** ipsetWithIptablesChain: set, table, from chain, target, match flags, protocol. */
const SET_JUMPS: readonly [string, IptablesTableName, string, string, string, string][] = [
  [N.LOOP_BACK, 'nat', N.KUBE_POSTROUTING, 'MASQUERADE', 'dst,dst,src', ''],
  [N.LOAD_BALANCER, 'nat', N.KUBE_SERVICES, N.KUBE_LOAD_BALANCER, 'dst,dst', ''],
  [N.LOAD_BALANCER_LOCAL, 'nat', N.KUBE_LOAD_BALANCER, 'RETURN', 'dst,dst', ''],
  [N.NODE_PORT_LOCAL_TCP, 'nat', N.KUBE_NODE_PORT, 'RETURN', 'dst', 'tcp'],
  [N.NODE_PORT_TCP, 'nat', N.KUBE_NODE_PORT, N.KUBE_MARK_MASQ, 'dst', 'tcp'],
  [N.NODE_PORT_LOCAL_UDP, 'nat', N.KUBE_NODE_PORT, 'RETURN', 'dst', 'udp'],
  [N.NODE_PORT_UDP, 'nat', N.KUBE_NODE_PORT, N.KUBE_MARK_MASQ, 'dst', 'udp'],
  [N.NODE_PORT_LOCAL_SCTP, 'nat', N.KUBE_NODE_PORT, 'RETURN', 'dst,dst', 'sctp'],
  [N.NODE_PORT_SCTP, 'nat', N.KUBE_NODE_PORT, N.KUBE_MARK_MASQ, 'dst,dst', 'sctp'],
  [N.LOAD_BALANCER_FW, 'filter', N.KUBE_PROXY_FIREWALL, N.KUBE_SOURCE_RANGES_FIREWALL, 'dst,dst', ''],
  [N.LOAD_BALANCER_SOURCE_CIDR, 'filter', N.KUBE_SOURCE_RANGES_FIREWALL, 'RETURN', 'dst,dst,src', ''],
  [N.LOAD_BALANCER_SOURCE_IP, 'filter', N.KUBE_SOURCE_RANGES_FIREWALL, 'RETURN', 'dst,dst,src', ''],
];

/** A load-balancer VIP:port the node may not reach (its source ranges leave the node out). */
export interface LbNoNodeAccess {
  ip: string;
  protocol: string;
  port: number;
}

export interface RuleInputs {
  config: IpvsProxyConfig;
  detector: LocalDetector | undefined;
  /** Whether the named set has members. */
  nonEmpty(name: string): boolean;
  lbNoNodeAccess: readonly LbNoNodeAccess[];
}

function setMatch(name: string, flags: string): string[] {
  return ['-m', 'comment', '--comment', N.IPSET_COMMENT[name], '-m', 'set', '--match-set', name, flags];
}

/** kube-proxy's iptables-restore input in ipvs mode: nat, then filter. */
export function ipvsRestore(inp: RuleInputs): Ruleset {
  const { config, detector, nonEmpty } = inp;
  const nat: RuleSpec[] = [rule(N.KUBE_SERVICES, ['-s', '127.0.0.0/8', '-j', 'RETURN'])];
  const filter: RuleSpec[] = [];
  for (const [name, table, from, to, flags, proto] of SET_JUMPS) {
    if (!nonEmpty(name)) continue;
    const r = rule(from, [...(proto ? ['-p', proto] : []), ...setMatch(name, flags), '-j', to]);
    (table === 'nat' ? nat : filter).push(r);
  }
  if (nonEmpty(N.CLUSTER_IP)) {
    const base = ['-m', 'comment', '--comment', N.IPSET_COMMENT[N.CLUSTER_IP], '-m', 'set', '--match-set', N.CLUSTER_IP];
    if (config.iptables.masqueradeAll) nat.push(rule(N.KUBE_SERVICES, [...base, 'dst,dst', '-j', N.KUBE_MARK_MASQ]));
    else if (detector) nat.push(rule(N.KUBE_SERVICES, [...base, 'dst,dst', ...detector.ifNotLocal, '-j', N.KUBE_MARK_MASQ]));
    // No detector: masquerade node traffic that picked a VIP on kube-ipvs0 as its source.
    else nat.push(rule(N.KUBE_SERVICES, [...base, 'src,dst', '-j', N.KUBE_MARK_MASQ]));
  }
  const externalIPRules = (args: string[]) => {
    nat.push(rule(N.KUBE_SERVICES, [...args, '-m', 'physdev', '!', '--physdev-is-in', '-m', 'addrtype', '!', '--src-type', 'LOCAL', '-j', 'ACCEPT']));
    nat.push(rule(N.KUBE_SERVICES, [...args, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'ACCEPT']));
  };
  if (nonEmpty(N.EXTERNAL_IP)) {
    const args = setMatch(N.EXTERNAL_IP, 'dst,dst');
    nat.push(rule(N.KUBE_SERVICES, [...args, '-j', N.KUBE_MARK_MASQ]));
    externalIPRules(args);
  }
  if (nonEmpty(N.EXTERNAL_IP_LOCAL)) externalIPRules(setMatch(N.EXTERNAL_IP_LOCAL, 'dst,dst'));
  nat.push(rule(N.KUBE_SERVICES, ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', N.KUBE_NODE_PORT]));
  nat.push(rule(N.KUBE_LOAD_BALANCER, ['-j', N.KUBE_MARK_MASQ]));
  filter.push(rule(N.KUBE_SOURCE_RANGES_FIREWALL, ['-j', 'DROP']));
  for (const e of inp.lbNoNodeAccess) {
    filter.push(rule(N.KUBE_IPVS_OUT_FILTER, ['-s', e.ip, '-m', 'ipvs', '--vaddr', e.ip, '--vproto', e.protocol, '--vport', String(e.port), '-j', 'DROP']));
  }
  // acceptIPVSTraffic: the last rules of KUBE-SERVICES.
  for (const name of [N.CLUSTER_IP, N.LOAD_BALANCER]) {
    if (nonEmpty(name)) nat.push(rule(N.KUBE_SERVICES, ['-m', 'set', '--match-set', name, 'dst,dst', '-j', 'ACCEPT']));
  }
  const mark = config.mark;
  filter.push(rule(N.KUBE_FORWARD, ['-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT']));
  filter.push(rule(N.KUBE_FORWARD, ['-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']));
  filter.push(rule(N.KUBE_NODE_PORT, [...setMatch(N.HEALTH_CHECK_NODE_PORT, 'dst'), '-j', 'ACCEPT']));
  for (const [name, flags] of [[N.LOAD_BALANCER, 'dst,dst'], [N.CLUSTER_IP, 'dst,dst'], [N.EXTERNAL_IP, 'dst,dst'], [N.EXTERNAL_IP_LOCAL, 'dst,dst'], [N.HEALTH_CHECK_NODE_PORT, 'dst']]) {
    filter.push(rule(N.KUBE_IPVS_FILTER, ['-m', 'set', '--match-set', name, flags, '-j', 'RETURN']));
  }
  filter.push(rule(N.KUBE_IPVS_FILTER, ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'set', '--match-set', N.IPVS_IPS, 'dst', '-j', 'REJECT']));
  nat.push(rule(N.KUBE_POSTROUTING, ['-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN']));
  // Clear the mark so a packet that goes round the stack again is not masqueraded twice.
  nat.push(rule(N.KUBE_POSTROUTING, ['-j', 'MARK', '--xor-mark', mark]));
  nat.push(rule(N.KUBE_POSTROUTING, ['-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE', ...(config.iptables.randomFully ? ['--random-fully'] : [])]));
  nat.push(rule(N.KUBE_MARK_MASQ, ['-j', 'MARK', '--or-mark', mark]));
  return { tables: [{ name: 'nat', chains: NAT_CHAINS, rules: nat }, { name: 'filter', chains: FILTER_CHAINS, rules: filter }] };
}

/** iptablesJumpChain: each `iptables -I` (prepend) on a sync; the last inserted ends up first. */
const JUMPS: readonly [IptablesTableName, string, string, string][] = [
  ['nat', 'OUTPUT', N.KUBE_SERVICES, 'kubernetes service portals'],
  ['nat', 'PREROUTING', N.KUBE_SERVICES, 'kubernetes service portals'],
  ['nat', 'POSTROUTING', N.KUBE_POSTROUTING, 'kubernetes postrouting rules'],
  ['filter', 'FORWARD', N.KUBE_FORWARD, 'kubernetes forwarding rules'],
  ['filter', 'INPUT', N.KUBE_NODE_PORT, 'kubernetes health check rules'],
  ['filter', 'INPUT', N.KUBE_PROXY_FIREWALL, 'kube-proxy firewall rules'],
  ['filter', 'FORWARD', N.KUBE_PROXY_FIREWALL, 'kube-proxy firewall rules'],
  ['filter', 'INPUT', N.KUBE_IPVS_FILTER, 'kubernetes ipvs access filter'],
  ['filter', 'OUTPUT', N.KUBE_IPVS_OUT_FILTER, 'kubernetes ipvs access filter'],
];

export const IPVS_JUMP_RULES: Readonly<Record<'nat' | 'filter', readonly RuleSpec[]>> = {
  nat: JUMPS.filter((j) => j[0] === 'nat').map((j) => rule(j[1], ['-m', 'comment', '--comment', j[3], '-j', j[2]])).reverse(),
  filter: JUMPS.filter((j) => j[0] === 'filter').map((j) => rule(j[1], ['-m', 'comment', '--comment', j[3], '-j', j[2]])).reverse(),
};

/** kube-proxy's whole part of the node's iptables: the jump rules in the built-in chains, then the restore input. */
export function withJumps(restore: Ruleset): Ruleset {
  const tables: IptablesTable[] = restore.tables.map((t) => {
    const jumps = t.name === 'nat' || t.name === 'filter' ? IPVS_JUMP_RULES[t.name] : [];
    return { ...t, rules: [...jumps, ...t.rules] };
  });
  return { tables };
}
