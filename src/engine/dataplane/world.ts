/**
 * The data plane's state beside the control plane: each node's network, the iptables rules on
 * it (kube-proxy's, kubelet's, flannel's), its conntrack table and `-m recent` lists. Rules and
 * networks are derived from the cluster and rebuilt lazily when it changes; conntrack and
 * recent lists are kernel state and live on across changes, as on a real node.
 */
import type { ProxyMode } from '../api/config.ts';
import type { ClusterReader } from '../cluster/types.ts';
import type { Ruleset, RecentLists } from '../net/iptables/types.ts';
import { assembleNode } from '../net/iptables/assemble.ts';
import { compileRuleset, type CompiledRuleset } from '../net/iptables/compile.ts';
import { kubeletRules } from '../net/iptables/kubelet.ts';
import { flannelRules } from '../net/cni/flannel.ts';
import { buildClusterNetwork, type ClusterNetwork, type NodeNetwork } from '../net/node-network.ts';
import { ConntrackTable } from '../net/conntrack.ts';
import { kubeProxyTimeouts } from '../net/conntrack-states.ts';
import type { NftDynamicSets } from '../net/nftables/types.ts';
import { ProxyState } from '../proxy/proxy-state.ts';
import { proxyNodeOf, type ProxyNode } from '../proxy/proxy-node.ts';
import { Rand } from '../rand.ts';
import { KubeProxies, type NodeKubeProxy, type ProxyConfigDecoder } from './kube-proxies.ts';
import { withKubeIpvs0 } from './ipvs-network.ts';

/**
 * How many nodes' compiled rules stay cached. A node's compiled tables are the chains where it
 * differs from the first node compiled (flannel's, a Local policy's): kilobytes each.
 */
const MAX_CACHED_NODES = 1024;
/** How many of them also keep their assembled lists (~300,000 rules, megabytes, at 10,000 Services); the others re-assemble on demand. */
const MAX_ASSEMBLED_NODES = 32;

/** The cluster as the data plane reads it: state plus a change counter. */
export type ClusterView = ClusterReader & { readonly revision: number };

export interface NodeRules {
  readonly ruleset: Ruleset;
  readonly compiled: CompiledRuleset;
}

/** A node's compiled rules, and its assembled lists kept or re-assembled (deterministically) when asked for. */
class NodeRulesEntry implements NodeRules {
  constructor(
    readonly compiled: CompiledRuleset,
    private kept: Ruleset | undefined,
    private readonly assemble: () => Ruleset,
  ) {}

  get ruleset(): Ruleset {
    return (this.kept ??= this.assemble());
  }

  get assembled(): boolean {
    return this.kept !== undefined;
  }

  drop(): void {
    this.kept = undefined;
  }
}

export class DataPlane {
  private rev = -1;
  private net!: ClusterNetwork;
  private readonly proxy = new ProxyState();
  /** Each node's kube-proxy: its mode and configuration, and what it wrote. */
  private readonly proxies: KubeProxies;
  private readonly kubeProxyCache = new Map<string, NodeKubeProxy>();
  /** Nodes whose network carries kube-ipvs0 (ipvs mode), built on first use after a change. */
  private readonly ipvsNets = new Map<string, NodeNetwork>();
  private readonly nftSets = new Map<string, NftDynamicSets>();
  private readonly rules = new Map<string, NodeRulesEntry>();
  /** The node last moved to the recent end of `rules`. */
  private lastRules = '';
  /** The first node compiled since the last change: other nodes share its identical chains. */
  private compiledBase: CompiledRuleset | undefined;
  /** flannel's rules by network and node subnet: the same objects each time a node is rebuilt. */
  private readonly flannel = new Map<string, Ruleset>();
  private readonly tracks = new Map<string, ConntrackTable>();
  private readonly recents = new Map<string, RecentLists>();
  /** Ephemeral ports, `statistic random` draws, NAT port choices: seeded, separate from the control plane's. */
  readonly rand: Rand;

  constructor(
    private readonly cluster: ClusterView,
    seed: number,
    decodeProxyConfig?: ProxyConfigDecoder,
  ) {
    this.rand = new Rand((seed ^ 0x5eed0dda) >>> 0);
    this.proxies = new KubeProxies(this.rand, decodeProxyConfig);
  }

  /** The proxy mode a node's kube-proxy runs in (the cluster's configured mode when no node is named). */
  modeOf(nodeName?: string): ProxyMode {
    return nodeName ? this.proxies.modeOf(this.cluster, nodeName) : this.cluster.settings.proxy.mode || 'iptables';
  }

  /**
   * Notes kube-proxy pods started since the last call: each reads the kube-proxy ConfigMap as it
   * is now (a mode change rebuilds that node's tables, with the old mode's leftovers).
   */
  observeKubeProxies(): void {
    // A restart with another configuration rebuilds the nodes' tables (the old mode's state,
    // read for its leftovers, was cached on the way).
    if (this.proxies.observe(this.cluster, (name) => this.kubeProxy(name))) this.rev = -1;
  }

  /** The simulated clock, milliseconds. */
  now(): number {
    return this.cluster.now();
  }

  private refresh(): void {
    if (this.cluster.revision === this.rev) return;
    this.rev = this.cluster.revision;
    this.net = buildClusterNetwork(this.cluster);
    const changed = this.proxy.sync(this.cluster);
    this.rules.clear();
    this.lastRules = '';
    this.compiledBase = undefined;
    this.kubeProxyCache.clear();
    this.ipvsNets.clear();
    if (changed.size) this.clearStaleUdp();
  }

  /**
   * kube-proxy's conntrack cleanup after a sync (kubernetes pkg/proxy/conntrack/cleanup.go
   * CleanStaleEntries): for each UDP service port with serving endpoints, delete the UDP entries
   * sent to its ClusterIP, load-balancer IPs, externalIPs (ip:port) or its nodePort whose reply
   * does not come from a serving endpoint. Entries to endpoints still serving stay; a Service
   * left without endpoints is not cleaned.
   */
  private clearStaleUdp(): void {
    if (!this.tracks.size) return;
    const byAddress = new Map<string, Set<string>>();
    const byNodePort = new Map<number, Set<string>>();
    for (const sp of this.proxy.servicePorts()) {
      if (sp.protocol !== 'udp') continue;
      const serving = new Set<string>();
      for (const ep of this.proxy.endpoints(sp)) if (ep.serving) serving.add(ep.ip);
      if (!serving.size) continue;
      for (const ip of [sp.clusterIP, ...sp.loadBalancerVIPs, ...sp.externalIPs]) if (ip) byAddress.set(`${ip}:${sp.port}`, serving);
      if (sp.nodePort) byNodePort.set(sp.nodePort, serving);
    }
    if (!byAddress.size && !byNodePort.size) return;
    const now = this.now();
    for (const table of this.tracks.values()) {
      for (const e of table.list(now, { proto: 'udp' })) {
        const o = e.original;
        const serving = byAddress.get(`${o.dst}:${o.dport}`);
        if (serving && !serving.has(e.reply.src)) table.delete({ proto: 'udp', origDst: o.dst, origDport: o.dport, replySrc: e.reply.src }, now);
        const byPort = byNodePort.get(o.dport);
        if (byPort && !byPort.has(e.reply.src)) table.delete({ proto: 'udp', origDport: o.dport, replySrc: e.reply.src }, now);
      }
    }
  }

  get network(): ClusterNetwork {
    this.refresh();
    return this.net;
  }

  /** A node's network namespace; in ipvs mode with kube-ipvs0 and its service addresses. */
  node(name: string): NodeNetwork | undefined {
    const net = this.network.node(name);
    if (!net || !this.proxies.holdsIpvs(this.cluster, name)) return net;
    // Only ipvs mode changes the node's links; other modes' tables are not built for this.
    const ipvs = this.kubeProxy(name)?.ipvs;
    if (!ipvs) return net;
    let wrapped = this.ipvsNets.get(name);
    if (!wrapped) this.ipvsNets.set(name, (wrapped = withKubeIpvs0(net, ipvs.state.dummyAddresses)));
    return wrapped;
  }

  private proxyNode(nodeName: string): ProxyNode | undefined {
    const node = this.cluster.get('Node', undefined, nodeName);
    const net = this.net.node(nodeName);
    if (!node || !net) return undefined;
    const extra = net.interfaces.flatMap((i) => i.inet.map((a) => a.address)).filter((a) => !a.startsWith('127.'));
    return proxyNodeOf(node, extra);
  }

  /** What kube-proxy (in the node's mode, and the modes before it) has written on a node. */
  kubeProxy(nodeName: string): NodeKubeProxy | undefined {
    this.refresh();
    const cached = this.kubeProxyCache.get(nodeName);
    if (cached) return cached;
    const pn = this.proxyNode(nodeName);
    if (!pn) return undefined;
    const state = this.proxies.nodeState(this.cluster, this.proxy, pn, this.now());
    this.kubeProxyCache.set(nodeName, state);
    return state;
  }

  /** Elements `update @set` added to the node's nftables sets (ClientIP affinity), with their expiry. */
  nftDynamic(nodeName: string): NftDynamicSets {
    let d = this.nftSets.get(nodeName);
    if (!d) this.nftSets.set(nodeName, (d = new Map()));
    return d;
  }

  /** Every rule on a node, in the kernel's tables. */
  rulesOf(nodeName: string): NodeRules | undefined {
    this.refresh();
    const cached = this.rules.get(nodeName);
    if (cached) {
      // Most recently used last: the oldest node's rules are the first to go.
      if (this.lastRules !== nodeName) {
        this.rules.delete(nodeName);
        this.rules.set(nodeName, cached);
        this.lastRules = nodeName;
      }
      return cached;
    }
    const net = this.net.node(nodeName);
    const tables = this.kubeProxy(nodeName);
    if (!net || !tables) return undefined;
    const podSubnet = this.cluster.settings.podSubnet;
    const flannel = net.podCIDR ? this.flannelOf(podSubnet, net.podCIDR) : undefined;
    const kubelet = kubeletRules();
    const assemble = (): Ruleset =>
      assembleNode([
        { author: 'kube-proxy', ruleset: tables.iptables },
        { author: 'kubelet', ruleset: kubelet },
        ...(flannel ? [{ author: 'flannel' as const, ruleset: flannel }] : []),
      ]);
    const ruleset = assemble();
    const compiled = compileRuleset(ruleset, this.compiledBase);
    this.compiledBase ??= compiled;
    const entry = new NodeRulesEntry(compiled, ruleset, assemble);
    this.rules.set(nodeName, entry);
    this.lastRules = nodeName;
    // Keep the recently used nodes' compiled rules, and the assembled lists of the most recent few.
    if (this.rules.size > MAX_CACHED_NODES) this.rules.delete(this.rules.keys().next().value as string);
    if (this.rules.size > MAX_ASSEMBLED_NODES) {
      let assembled = 0;
      const entries = [...this.rules.values()];
      for (let i = entries.length - 1; i >= 0; i--) {
        if (!entries[i].assembled) continue;
        if (++assembled > MAX_ASSEMBLED_NODES) entries[i].drop();
      }
    }
    return entry;
  }

  private flannelOf(network: string, subnet: string): Ruleset {
    const key = `${network}|${subnet}`;
    let r = this.flannel.get(key);
    if (!r) this.flannel.set(key, (r = flannelRules({ network, subnet })));
    return r;
  }

  /** kube-proxy's own restore input for a node (`iptables-save --kube-proxy`), in iptables mode. */
  kubeProxyRestoreText(nodeName: string): string | undefined {
    this.refresh();
    const node = this.cluster.get('Node', undefined, nodeName);
    if (!node) return undefined;
    return this.proxies.iptablesRestoreText(this.cluster, this.proxy, proxyNodeOf(node));
  }

  conntrack(nodeName: string): ConntrackTable {
    // Bring kube-proxy up to date first: its cleanup may remove entries.
    this.refresh();
    let t = this.tracks.get(nodeName);
    if (!t) {
      const conf = (this.cluster.settings.proxy as { conntrack?: Parameters<typeof kubeProxyTimeouts>[0] }).conntrack;
      t = new ConntrackTable(kubeProxyTimeouts(conf));
      this.tracks.set(nodeName, t);
    }
    return t;
  }

  recent(nodeName: string): RecentLists {
    let r = this.recents.get(nodeName);
    if (!r) this.recents.set(nodeName, (r = new Map()));
    return r;
  }

  /** A Linux ephemeral port (net.ipv4.ip_local_port_range 32768-60999). */
  ephemeralPort(): number {
    return 32768 + this.rand.int(60999 - 32768 + 1);
  }
}
