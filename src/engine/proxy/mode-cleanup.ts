/**
 * What a kube-proxy starting in one mode does to another mode's leftovers on the node.
 *
 * v1.33 (cmd/kube-proxy/app/options.go Run -> server_linux.go platformCleanup(mode, cleanupAndExit),
 * called before the proxier is created):
 *  - starting in nftables: iptables.CleanupLeftovers and ipvs.CleanupLeftovers run for each IP family
 *    (`if !isIPTablesBased(mode) || cleanupAndExit`);
 *  - starting in iptables or ipvs: nftables.CleanupLeftovers runs (`if isIPTablesBased(mode) || ...`),
 *    and nothing else: iptables <-> ipvs switches leave the other mode's state in place. Each mode's
 *    own iptables-restore (--noflush) flushes and rewrites only the chains it declares, and the
 *    iptables proxier's full sync deletes only stale KUBE-SVC/SVL/EXT/FW/SEP chains;
 *  - `kube-proxy --cleanup` runs all three and exits.
 * The userspace proxier (<= v1.25) cleaned nothing of other modes when it started (v1.25
 * server_others.go newProxyServer calls no CleanupLeftovers), only flushed its own chains
 * (proxier.go createProxier -> iptablesFlush); and since v1.26 no kube-proxy knows its chains,
 * so they stay until the node reboots or someone deletes them [DERIVED].
 *
 * What each cleanup removes (read in the stored newest sources; KUBE-MARK-MASQ in ipvs's list and
 * KUBE-IPVS-OUT-FILTER are from a post-v1.33 version, UNCERTAIN for v1.33 exactly):
 *  - iptables.CleanupLeftovers (pkg/proxy/iptables/proxier.go): deletes its jump rules
 *    (iptablesJumpChains, not kubelet's KUBE-FIREWALL ones), flushes and deletes nat KUBE-SERVICES,
 *    KUBE-NODEPORTS, KUBE-POSTROUTING and every KUBE-SVC-/SVL-/EXT-/FW-/SEP- chain, and filter
 *    KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD, KUBE-NODEPORTS.
 *  - ipvs.CleanupLeftovers (pkg/proxy/ipvs/proxier.go): flushes every IPVS virtual server, deletes
 *    the kube-ipvs0 dummy device, deletes its jump rules (iptablesJumpChain) and chains
 *    (iptablesCleanupChains), then destroys its ipsets (ipsetInfo).
 *  - nftables.CleanupLeftovers (pkg/proxy/nftables/proxier.go): deletes `table ip kube-proxy` and
 *    `table ip6 kube-proxy`.
 */
import type { ProxyMode } from '../api/config.ts';
import type { IptablesTable, IptablesTableName, RuleSpec, Ruleset } from '../net/iptables/types.ts';

export type ProxyModeName = ProxyMode;

export type CleanupName = 'iptables.CleanupLeftovers' | 'ipvs.CleanupLeftovers' | 'nftables.CleanupLeftovers';

/** A chain a cleanup deletes; a name ending in `-` is a prefix (`KUBE-SVC-`). */
export interface ChainRef {
  table: IptablesTableName;
  chain: string;
}

/** A jump rule a cleanup deletes (DeleteRule matches `-m comment --comment C -j TARGET` plus the extra matches). */
export interface JumpRef {
  table: IptablesTableName;
  from: string;
  to: string;
  comment: string;
}

export interface ModeLeftovers {
  from: ProxyModeName;
  to: ProxyModeName;
  /** The cleanups kube-proxy runs at start, in order. */
  cleanups: CleanupName[];
  /** Old chains deleted (flushed, then removed). Every other old chain stays unless the new mode rewrites it. */
  iptablesChainsDeleted: ChainRef[];
  /** Old jump rules in built-in chains deleted; every other old rule stays. */
  iptablesJumpsDeleted: JumpRef[];
  /** Nothing of the old mode's iptables state is removed. */
  iptablesChainsKept: 'all' | 'some';
  /** IPVS virtual and real servers (`ipvsadm -Ln`) stay. */
  ipvsKept: boolean;
  /** The kube-ipvs0 dummy interface and its service addresses stay. */
  dummyInterfaceKept: boolean;
  /** The KUBE-* ipsets stay. */
  ipsetsKept: boolean;
  /** `table ip kube-proxy` stays. */
  nftTableKept: boolean;
  /** The old process's proxy sockets: always gone (the process was replaced). */
  userspaceSocketsKept: false;
}

const IPTABLES_CHAINS: ChainRef[] = [
  { table: 'nat', chain: 'KUBE-SERVICES' }, { table: 'nat', chain: 'KUBE-NODEPORTS' }, { table: 'nat', chain: 'KUBE-POSTROUTING' },
  { table: 'nat', chain: 'KUBE-SVC-' }, { table: 'nat', chain: 'KUBE-SVL-' }, { table: 'nat', chain: 'KUBE-EXT-' },
  { table: 'nat', chain: 'KUBE-FW-' }, { table: 'nat', chain: 'KUBE-SEP-' },
  { table: 'filter', chain: 'KUBE-SERVICES' }, { table: 'filter', chain: 'KUBE-EXTERNAL-SERVICES' },
  { table: 'filter', chain: 'KUBE-FORWARD' }, { table: 'filter', chain: 'KUBE-NODEPORTS' },
];

// iptables proxier.go iptablesJumpChains (reference §1.2).
const IPTABLES_JUMPS: JumpRef[] = [
  { table: 'filter', from: 'INPUT', to: 'KUBE-EXTERNAL-SERVICES', comment: 'kubernetes externally-visible service portals' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-EXTERNAL-SERVICES', comment: 'kubernetes externally-visible service portals' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-NODEPORTS', comment: 'kubernetes health check service ports' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'filter', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-PROXY-FIREWALL', comment: 'kubernetes load balancer firewall' },
  { table: 'filter', from: 'OUTPUT', to: 'KUBE-PROXY-FIREWALL', comment: 'kubernetes load balancer firewall' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-PROXY-FIREWALL', comment: 'kubernetes load balancer firewall' },
  { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'POSTROUTING', to: 'KUBE-POSTROUTING', comment: 'kubernetes postrouting rules' },
];

// ipvs proxier.go iptablesCleanupChains and iptablesJumpChain.
const IPVS_CHAINS: ChainRef[] = [
  { table: 'nat', chain: 'KUBE-SERVICES' }, { table: 'nat', chain: 'KUBE-POSTROUTING' }, { table: 'nat', chain: 'KUBE-NODE-PORT' },
  { table: 'nat', chain: 'KUBE-LOAD-BALANCER' }, { table: 'nat', chain: 'KUBE-MARK-MASQ' },
  { table: 'filter', chain: 'KUBE-FORWARD' }, { table: 'filter', chain: 'KUBE-NODE-PORT' }, { table: 'filter', chain: 'KUBE-PROXY-FIREWALL' },
  { table: 'filter', chain: 'KUBE-SOURCE-RANGES-FIREWALL' }, { table: 'filter', chain: 'KUBE-IPVS-FILTER' }, { table: 'filter', chain: 'KUBE-IPVS-OUT-FILTER' },
];

const IPVS_JUMPS: JumpRef[] = [
  { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'POSTROUTING', to: 'KUBE-POSTROUTING', comment: 'kubernetes postrouting rules' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-NODE-PORT', comment: 'kubernetes health check rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-PROXY-FIREWALL', comment: 'kube-proxy firewall rules' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-PROXY-FIREWALL', comment: 'kube-proxy firewall rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-IPVS-FILTER', comment: 'kubernetes ipvs access filter' },
  { table: 'filter', from: 'OUTPUT', to: 'KUBE-IPVS-OUT-FILTER', comment: 'kubernetes ipvs access filter' },
];

/** The cleanups kube-proxy runs when it starts in `to` (or with --cleanup). */
export function cleanupsOnStart(to: ProxyModeName, cleanupAndExit = false): CleanupName[] {
  if (cleanupAndExit) return ['iptables.CleanupLeftovers', 'ipvs.CleanupLeftovers', 'nftables.CleanupLeftovers'];
  switch (to) {
    case 'nftables': return ['iptables.CleanupLeftovers', 'ipvs.CleanupLeftovers'];
    case 'iptables': case 'ipvs': return ['nftables.CleanupLeftovers'];
    // v1.25 server_others.go: the userspace proxier cleaned no other mode.
    case 'userspace': return [];
  }
}

/** What of mode `from`'s state is left on a node after kube-proxy restarts in mode `to`. */
export function leftoversAfterSwitch(from: ProxyModeName, to: ProxyModeName, cleanupAndExit = false): ModeLeftovers {
  const cleanups = cleanupsOnStart(to, cleanupAndExit);
  const chains: ChainRef[] = [];
  const jumps: JumpRef[] = [];
  if (cleanups.includes('iptables.CleanupLeftovers')) {
    chains.push(...IPTABLES_CHAINS);
    jumps.push(...IPTABLES_JUMPS);
  }
  const ipvsCleaned = cleanups.includes('ipvs.CleanupLeftovers');
  if (ipvsCleaned) {
    for (const c of IPVS_CHAINS) if (!chains.some((x) => x.table === c.table && x.chain === c.chain)) chains.push(c);
    for (const j of IPVS_JUMPS) if (!jumps.some((x) => x.table === j.table && x.from === j.from && x.to === j.to && x.comment === j.comment)) jumps.push(j);
  }
  const hadIptables = from !== 'nftables';
  return {
    from,
    to,
    cleanups,
    iptablesChainsDeleted: hadIptables ? chains : [],
    iptablesJumpsDeleted: hadIptables ? jumps : [],
    iptablesChainsKept: hadIptables && chains.length > 0 ? 'some' : 'all',
    ipvsKept: from === 'ipvs' && !ipvsCleaned,
    dummyInterfaceKept: from === 'ipvs' && !ipvsCleaned,
    ipsetsKept: from === 'ipvs' && !ipvsCleaned,
    nftTableKept: from === 'nftables' && !cleanups.includes('nftables.CleanupLeftovers'),
    userspaceSocketsKept: false,
  };
}

function chainDeleted(l: ModeLeftovers, table: IptablesTableName, chain: string): boolean {
  return l.iptablesChainsDeleted.some((c) => c.table === table && (c.chain.endsWith('-') ? chain.startsWith(c.chain) : chain === c.chain));
}

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0 || i + 1 >= args.length) return undefined;
  const v = args[i + 1];
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function jumpDeleted(l: ModeLeftovers, table: IptablesTableName, rule: RuleSpec): boolean {
  const to = argAfter(rule.args, '-j');
  const comment = argAfter(rule.args, '--comment');
  return l.iptablesJumpsDeleted.some((j) => j.table === table && j.from === rule.chain && j.to === to && j.comment === comment);
}

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/**
 * kube-proxy's iptables part on the node after the switch: the new mode's rules, plus what the
 * old mode left that no cleanup deleted and the new mode's restore did not rewrite (a chain the
 * new mode declares is flushed and refilled). In built-in chains the new mode's jumps that were
 * not there already go on top (EnsureRule -I); an identical old jump keeps its place. Old rules
 * that jump to a deleted chain are dropped with it (iptables would refuse to delete a chain still
 * referenced, and the kernel state could not hold such a rule).
 */
export function applyIptablesLeftovers(old: Ruleset, next: Ruleset, l: ModeLeftovers): Ruleset {
  const names: IptablesTableName[] = [];
  for (const t of [...next.tables, ...old.tables]) if (!names.includes(t.name)) names.push(t.name);
  const tables: IptablesTable[] = names.map((name) => {
    const n = next.tables.find((t) => t.name === name);
    const o = old.tables.find((t) => t.name === name);
    const declared = new Set([...(n?.chains ?? []), ...new Set((n?.rules ?? []).map((r) => r.chain))]);
    const keptOld = (o?.rules ?? []).filter((r) => {
      const target = argAfter(r.args, '-j') ?? argAfter(r.args, '-g');
      if (target !== undefined && chainDeleted(l, name, target)) return false;
      if (BUILTIN.has(r.chain)) return !jumpDeleted(l, name, r);
      return !chainDeleted(l, name, r.chain) && !declared.has(r.chain);
    });
    const oldBuiltin = keptOld.filter((r) => BUILTIN.has(r.chain));
    const same = (a: RuleSpec, b: RuleSpec) => a.chain === b.chain && a.args.length === b.args.length && a.args.every((x, i) => x === b.args[i]);
    const rules: RuleSpec[] = [];
    for (const chain of BUILTIN) {
      for (const r of n?.rules ?? []) if (r.chain === chain && !oldBuiltin.some((x) => same(x, r))) rules.push(r);
      for (const r of oldBuiltin) if (r.chain === chain) rules.push(r);
    }
    for (const r of n?.rules ?? []) if (!BUILTIN.has(r.chain)) rules.push(r);
    for (const r of keptOld) if (!BUILTIN.has(r.chain)) rules.push(r);
    const chains = [...(n?.chains ?? [])];
    for (const c of o?.chains ?? []) if (!chains.includes(c) && !chainDeleted(l, name, c)) chains.push(c);
    return { name, chains, rules, ...(n?.policies ?? o?.policies ? { policies: n?.policies ?? o?.policies } : {}) };
  });
  return { tables };
}
