/**
 * The data plane's state beside the control plane: each node's network, the iptables rules on
 * it (kube-proxy's, kubelet's, flannel's), its conntrack table and `-m recent` lists. Rules and
 * networks are derived from the cluster and rebuilt lazily when it changes; conntrack and
 * recent lists are kernel state and live on across changes, as on a real node.
 */
import type { ClusterReader } from '../cluster/types.ts';
import type { Ruleset, RecentLists } from '../net/iptables/types.ts';
import { assembleNode } from '../net/iptables/assemble.ts';
import { compileRuleset, type CompiledRuleset } from '../net/iptables/compile.ts';
import { kubeletRules } from '../net/iptables/kubelet.ts';
import { flannelRules } from '../net/cni/flannel.ts';
import { buildClusterNetwork, type ClusterNetwork, type NodeNetwork } from '../net/node-network.ts';
import { ConntrackTable } from '../net/conntrack.ts';
import { kubeProxyTimeouts } from '../net/conntrack-states.ts';
import { ProxyState } from '../proxy/proxy-state.ts';
import { proxyNodeOf } from '../proxy/proxy-node.ts';
import { IptablesBackend } from '../proxy/iptables/backend.ts';
import { iptablesConfigFrom } from '../proxy/iptables/config.ts';
import { Rand } from '../rand.ts';

/** The cluster as the data plane reads it: state plus a change counter. */
export type ClusterView = ClusterReader & { readonly revision: number };

export interface NodeRules {
  ruleset: Ruleset;
  compiled: CompiledRuleset;
}

export class DataPlane {
  private rev = -1;
  private net!: ClusterNetwork;
  private readonly proxy = new ProxyState();
  private backend: IptablesBackend | undefined;
  private backendKey = '';
  private readonly rules = new Map<string, NodeRules>();
  private readonly tracks = new Map<string, ConntrackTable>();
  private readonly recents = new Map<string, RecentLists>();
  /** Ephemeral ports, `statistic random` draws, NAT port choices: seeded, separate from the control plane's. */
  readonly rand: Rand;

  constructor(private readonly cluster: ClusterView, seed: number) {
    this.rand = new Rand((seed ^ 0x5eed0dda) >>> 0);
  }

  /** The proxy mode the cluster's kube-proxy runs in ("" means iptables on Linux). */
  get mode(): string {
    return this.cluster.settings.proxy.mode || 'iptables';
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
    const key = JSON.stringify(this.cluster.settings.proxy);
    if (!this.backend || key !== this.backendKey) {
      this.backend = new IptablesBackend(iptablesConfigFrom(this.cluster.settings.proxy));
      this.backendKey = key;
    }
    if (changed.size) this.clearStaleUdp(changed);
  }

  /**
   * kube-proxy deletes UDP conntrack entries of Services whose endpoints changed, so clients
   * stop talking to a backend that is gone (pkg/proxy/conntrack/cleanup.go).
   */
  private clearStaleUdp(services: ReadonlySet<string>): void {
    const ips = new Set<string>();
    for (const svc of this.cluster.list('Service')) {
      if (!services.has(`${svc.metadata.namespace}/${svc.metadata.name}`)) continue;
      for (const ip of svc.spec.clusterIPs ?? []) if (ip !== 'None') ips.add(ip);
    }
    if (!ips.size) return;
    for (const table of this.tracks.values()) for (const ip of ips) table.delete({ proto: 'udp', origDst: ip }, this.now());
  }

  get network(): ClusterNetwork {
    this.refresh();
    return this.net;
  }

  node(name: string): NodeNetwork | undefined {
    return this.network.node(name);
  }

  /** Every rule on a node, in the kernel's tables. */
  rulesOf(nodeName: string): NodeRules | undefined {
    this.refresh();
    const cached = this.rules.get(nodeName);
    if (cached) return cached;
    const node = this.cluster.get('Node', undefined, nodeName);
    const net = this.net.node(nodeName);
    if (!node || !net || !this.backend) return undefined;
    const extra = net.interfaces.flatMap((i) => i.inet.map((a) => a.address)).filter((a) => !a.startsWith('127.'));
    const tables = this.backend.compile(this.proxy, proxyNodeOf(node, extra));
    const podSubnet = this.cluster.settings.podSubnet;
    const ruleset = assembleNode([
      { author: 'kube-proxy', ruleset: tables.ruleset },
      { author: 'kubelet', ruleset: kubeletRules() },
      ...(net.podCIDR ? [{ author: 'flannel' as const, ruleset: flannelRules({ network: podSubnet, subnet: net.podCIDR }) }] : []),
    ]);
    const entry = { ruleset, compiled: compileRuleset(ruleset) };
    this.rules.set(nodeName, entry);
    return entry;
  }

  /** kube-proxy's own restore input for a node (`iptables-save --kube-proxy`). */
  kubeProxyRestoreText(nodeName: string): string | undefined {
    this.refresh();
    const node = this.cluster.get('Node', undefined, nodeName);
    if (!node || !this.backend) return undefined;
    return this.backend.compile(this.proxy, proxyNodeOf(node)).restoreText();
  }

  conntrack(nodeName: string): ConntrackTable {
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
