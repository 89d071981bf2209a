/**
 * kube-proxy in ipvs mode on one node: what its sync leaves in the kernel (reference §3;
 * pkg/proxy/ipvs/proxier.go syncProxyRules). The node-independent part comes from
 * `buildShared`, made once per ProxyState version and config; the node adds the NodePort
 * servers on its addresses, the servers of Local-policy ports with its local endpoints, its
 * KUBE-LOOP-BACK members, and the iptables rules (which only depend on which sets are empty).
 */
import { cidrContains, parseCidr, parseIPv4 } from '../../net/ipv4.ts';
import type { IpSet } from '../../net/ipset/ipset.ts';
import type { IpvsKernelOptions } from '../../net/ipvs/kernel.ts';
import { IpvsTable } from '../../net/ipvs/table.ts';
import { specKey } from '../../net/ipvs/types.ts';
import type { VirtualServerSpec } from '../../net/ipvs/types.ts';
import type { Ruleset } from '../../net/iptables/types.ts';
import { localDetectorFor } from '../iptables/config.ts';
import { nodePortAddressesFor } from '../iptables/static-rules.ts';
import type { ProxyNode } from '../proxy-node.ts';
import type { ProxyState } from '../proxy-state.ts';
import type { IpvsProxyConfig } from './config.ts';
import * as N from './names.ts';
import { ipvsRestore, withJumps } from './rules.ts';
import type { LbNoNodeAccess } from './rules.ts';
import { buildShared, loopbackEntry, newSet } from './shared.ts';
import type { SharedIpvs } from './shared.ts';
import { addressServers, portDests, virtualServer } from './virtual-servers.ts';

/** One node's ipvs-mode state: what `ip addr show kube-ipvs0`, `ipvsadm`, `ipset list` and `iptables-save` show. */
export interface IpvsNodeState {
  readonly mode: 'ipvs';
  readonly node: ProxyNode;
  readonly config: IpvsProxyConfig;
  /** The /32 addresses on kube-ipvs0, in the order they were bound. */
  readonly dummyAddresses: readonly string[];
  /** The virtual services to load into the node's IpvsKernel (`kernel.load(state.table)`). */
  readonly table: IpvsTable;
  /** `ipvsadm --set` values for `new IpvsKernel(table, kernelOptions)`. */
  readonly kernelOptions: IpvsKernelOptions;
  /** The ipsets, in creation order. */
  readonly ipsets: readonly IpSet[];
  ipset(name: string): IpSet | undefined;
  /** kube-proxy's iptables-restore input (nat, then filter). */
  readonly restore: Ruleset;
  /** kube-proxy's part of the node's iptables for assembleNode: the jump rules, then the restore input. */
  readonly ruleset: Ruleset;
  /** How many iptables rules name a set (`References:` in `ipset list`). */
  references(name: string): number;
}

const sharedCache = new WeakMap<ProxyState, WeakMap<IpvsProxyConfig, SharedIpvs>>();

/** The shared part for the state's current version (rebuilt after any change). */
export function sharedFor(state: ProxyState, cfg: IpvsProxyConfig): SharedIpvs {
  let byCfg = sharedCache.get(state);
  if (!byCfg) sharedCache.set(state, (byCfg = new WeakMap()));
  let shared = byCfg.get(cfg);
  if (!shared || shared.version !== state.version) byCfg.set(cfg, (shared = buildShared(state, cfg)));
  return shared;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

/** The addresses NodePort services get a virtual server on: every node address but loopback, or the --nodeport-addresses matches. */
export function nodePortIPs(node: ProxyNode, cfg: IpvsProxyConfig): string[] {
  const npa = nodePortAddressesFor(cfg.iptables, node);
  const candidates = npa.matchAll ? node.addresses : npa.nodeIPs;
  return [...new Set(candidates.filter((ip) => !isLoopback(ip) && parseIPv4(ip) !== undefined))];
}

class NodeState implements IpvsNodeState {
  readonly mode = 'ipvs' as const;
  private restoreView?: Ruleset;
  private rulesetView?: Ruleset;
  private refs?: Map<string, number>;
  private readonly byName: Map<string, IpSet>;
  private tableView?: IpvsTable;

  constructor(
    readonly node: ProxyNode,
    readonly config: IpvsProxyConfig,
    readonly dummyAddresses: readonly string[],
    private readonly makeTable: () => IpvsTable,
    readonly ipsets: readonly IpSet[],
    private readonly lbNoNodeAccess: readonly LbNoNodeAccess[],
  ) {
    this.byName = new Map(ipsets.map((s) => [s.name, s]));
  }

  /** Built on first use: most nodes are never asked. */
  get table(): IpvsTable {
    this.tableView ??= this.makeTable();
    return this.tableView;
  }

  get kernelOptions(): IpvsKernelOptions {
    return { tcpTimeout: this.config.tcpTimeout, tcpFinTimeout: this.config.tcpFinTimeout, udpTimeout: this.config.udpTimeout };
  }

  ipset(name: string): IpSet | undefined {
    return this.byName.get(name);
  }

  get restore(): Ruleset {
    this.restoreView ??= ipvsRestore({
      config: this.config,
      detector: localDetectorFor(this.config.iptables, this.node),
      nonEmpty: (name) => (this.byName.get(name)?.size ?? 0) > 0,
      lbNoNodeAccess: this.lbNoNodeAccess,
    });
    return this.restoreView;
  }

  get ruleset(): Ruleset {
    this.rulesetView ??= withJumps(this.restore);
    return this.rulesetView;
  }

  references(name: string): number {
    if (!this.refs) {
      const refs = new Map<string, number>();
      for (const t of this.restore.tables) {
        for (const r of t.rules) {
          const i = r.args.indexOf('--match-set');
          if (i >= 0) refs.set(r.args[i + 1], (refs.get(r.args[i + 1]) ?? 0) + 1);
        }
      }
      this.refs = refs;
    }
    return this.refs.get(name) ?? 0;
  }
}

/** kube-proxy's ipvs-mode state on one node. */
export function compileIpvsNode(state: ProxyState, node: ProxyNode, cfg: IpvsProxyConfig): IpvsNodeState {
  const shared = sharedFor(state, cfg);
  const npIPs = shared.nodePorts.length > 0 ? nodePortIPs(node, cfg) : [];
  // The node's own sets; the rest are shared objects.
  const nodeAddrs = new Set(node.addresses);
  const loop = newSet(N.LOOP_BACK, node.name);
  for (const l of shared.loopback.get(node.name) ?? []) loop.addValidated(loopbackEntry(l));
  const sourceIP = newSet(N.LOAD_BALANCER_SOURCE_IP, node.name);
  const lbNoNodeAccess: LbNoNodeAccess[] = [];
  const nodeIP = parseIPv4(node.ips[0] ?? '');
  for (const { sp, vip } of shared.firewalled) {
    const allowFromNode = nodeIP !== undefined && sp.loadBalancerSourceRanges.some((c) => {
      const cidr = parseCidr(c);
      return cidr !== undefined && cidrContains(cidr, nodeIP);
    });
    if (allowFromNode) sourceIP.add(`${vip},${sp.protocol}:${sp.port},${vip}`);
    else lbNoNodeAccess.push({ ip: vip, protocol: sp.protocol, port: sp.port });
  }
  const sctp = newSet(N.NODE_PORT_SCTP, node.name);
  const sctpLocal = newSet(N.NODE_PORT_LOCAL_SCTP, node.name);
  for (const sp of shared.nodePorts) {
    if (sp.protocol !== 'sctp') continue;
    for (const ip of npIPs) {
      sctp.add(`${ip},sctp:${sp.nodePort}`);
      if (sp.externalPolicyLocal) sctpLocal.add(`${ip},sctp:${sp.nodePort}`);
    }
  }
  // An externalIP or LB VIP that is already a node address is not bound to kube-ipvs0.
  let dummy = shared.vips;
  const nodeSets: Record<string, IpSet> = {
    [N.LOOP_BACK]: loop, [N.LOAD_BALANCER_SOURCE_IP]: sourceIP, [N.NODE_PORT_SCTP]: sctp, [N.NODE_PORT_LOCAL_SCTP]: sctpLocal,
  };
  if (node.addresses.some((a) => shared.externalVips.has(a))) {
    dummy = shared.vips.filter((ip) => !(shared.externalVips.has(ip) && nodeAddrs.has(ip)));
    const ipvsIps = newSet(N.IPVS_IPS, node.name);
    for (const ip of dummy) ipvsIps.addValidated(ip);
    nodeSets[N.IPVS_IPS] = ipvsIps;
  }
  const ipsets = N.IPSET_INFO.map((i) => nodeSets[i.name] ?? shared.sets.get(i.name)!);
  const makeTable = () => new IpvsTable(shared.table, ownServers(state, shared, node, npIPs, cfg), { addresses: npIPs, templates: shared.nodePortTemplates });
  return new NodeState(node, cfg, dummy, makeTable, ipsets, lbNoNodeAccess);
}

/** The node's own virtual servers: Local-policy ports with its endpoints, NodePorts on its addresses. */
function ownServers(state: ProxyState, shared: SharedIpvs, node: ProxyNode, npIPs: readonly string[], cfg: IpvsProxyConfig): Map<string, VirtualServerSpec> {
  const own = new Map<string, VirtualServerSpec>();
  const zoneNode = { name: node.name, zone: node.zone };
  const dependentDests = new Map<string, ReturnType<typeof portDests>>();
  for (const sp of shared.dependent) {
    const d = portDests(sp, state.endpoints(sp), zoneNode);
    dependentDests.set(sp.key, d);
    for (const vs of addressServers(sp, d, cfg)) own.set(specKey(vs), vs);
  }
  for (const sp of shared.nodePorts) {
    const d = dependentDests.get(sp.key);
    if (!d) continue;
    for (const ip of npIPs) {
      const vs = virtualServer(sp, ip, sp.nodePort, d.external, cfg);
      own.set(specKey(vs), vs);
    }
  }
  return own;
}
