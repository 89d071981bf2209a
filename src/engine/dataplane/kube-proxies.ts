/**
 * kube-proxy on every node: which mode and configuration each node's kube-proxy runs with, and
 * what that mode has written on the node (its iptables part, the nftables table, the IPVS state,
 * the userspace proxy's sockets), together with what an earlier mode left behind.
 *
 * A kube-proxy reads its ConfigMap when it starts, not when the ConfigMap changes: seed 001 edits
 * the `kube-proxy` ConfigMap and then deletes the kube-proxy pods so the DaemonSet starts new ones
 * that read it. So each node's configuration is the one its kube-proxy pod started with; a node
 * whose pod is new since last seen reads the ConfigMap again, and a change of mode applies the
 * start-up cleanup of that mode (proxy/mode-cleanup.ts).
 */
import type { KubeProxyConfiguration, ProxyMode } from '../api/config.ts';
import type { ClusterReader } from '../cluster/types.ts';
import type { Ruleset } from '../net/iptables/types.ts';
import type { NftTable } from '../net/nftables/types.ts';
import { applyIptablesLeftovers, leftoversAfterSwitch, type ModeLeftovers } from '../proxy/mode-cleanup.ts';
import type { ProxyNode } from '../proxy/proxy-node.ts';
import type { ProxyState } from '../proxy/proxy-state.ts';
import { IptablesBackend } from '../proxy/iptables/backend.ts';
import { iptablesConfigFrom } from '../proxy/iptables/config.ts';
import { NftablesBackend } from '../proxy/nftables/compile.ts';
import { nftablesConfigFrom } from '../proxy/nftables/config.ts';
import { UserspaceProxy } from '../proxy/userspace/proxier.ts';
import { userspaceConfigFrom } from '../proxy/userspace/config.ts';
import { IpvsProxy, type IpvsNodeView } from './ipvs-node.ts';
import type { IpvsKernel } from '../net/ipvs/kernel.ts';
import type { Rand } from '../rand.ts';

/** Decodes a ConfigMap's `config.conf` (the manifest layer's decoder, passed in by the session). */
export type ProxyConfigDecoder = (text: string) => KubeProxyConfiguration | undefined;

/** What a node's kube-proxy (and the ones before it) left on the node. */
export interface NodeKubeProxy {
  mode: ProxyMode;
  config: KubeProxyConfiguration;
  /** kube-proxy's part of iptables-save: this mode's rules plus what earlier modes left. */
  iptables: Ruleset;
  /** `table ip kube-proxy` (nftables mode, or left by it). */
  nft?: NftTable;
  /** IPVS virtual servers, ipsets and kube-ipvs0 (ipvs mode, or left by it). */
  ipvs?: IpvsNodeView;
  /** The userspace proxy process (userspace mode only: its sockets die with it). */
  userspace?: UserspaceProxy;
  /** Set when the configuration cannot run (kube-proxy would exit with this error). */
  error?: string;
}

/** A node's kube-proxy as it started, and what the modes before it left. */
interface NodeRun {
  podUid: string | undefined;
  config: KubeProxyConfiguration;
  mode: ProxyMode;
  /** Frozen state of earlier modes that the start-up cleanup did not remove. */
  leftIptables?: { ruleset: Ruleset; leftovers: ModeLeftovers };
  leftNft?: NftTable;
  leftIpvs?: IpvsNodeView;
}

const EMPTY_RULESET: Ruleset = { tables: [] };

function modeOf(config: KubeProxyConfiguration): ProxyMode {
  return config.mode ? config.mode : 'iptables';
}

export class KubeProxies {
  private readonly runs = new Map<string, NodeRun>();
  private readonly iptables = new Map<string, IptablesBackend>();
  private readonly nftables = new Map<string, NftablesBackend>();
  private readonly ipvs = new Map<string, IpvsProxy>();
  /** Each node's IPVS table: kernel state, kept across syncs and kube-proxy restarts. */
  private readonly kernels = new Map<string, IpvsKernel>();
  private readonly userspace = new Map<string, { key: string; proxy: UserspaceProxy; version: number }>();

  constructor(
    private readonly rand: Rand,
    private readonly decode?: ProxyConfigDecoder,
  ) {}

  /**
   * Notes kube-proxy pods started since the last look: each reads the kube-proxy ConfigMap as it
   * is now. Cheap (the kube-system pods only); the session calls it after every console line so a
   * ConfigMap edited after a restart does not reach the restarted process. True when a node's
   * kube-proxy restarted.
   */
  observe(cluster: ClusterReader, current: (nodeName: string) => NodeKubeProxy | undefined): boolean {
    let changed = false;
    const pods = cluster.list('Pod', 'kube-system');
    for (const pod of pods) {
      if (pod.metadata.labels?.['k8s-app'] !== 'kube-proxy' || !pod.spec.nodeName) continue;
      const nodeName = pod.spec.nodeName;
      const run = this.runs.get(nodeName);
      const uid = pod.metadata.uid;
      if (!run) {
        // The first look: the pod has been running since the cluster started, with the cluster's configuration.
        this.runs.set(nodeName, { podUid: uid, config: cluster.settings.proxy, mode: modeOf(cluster.settings.proxy) });
        continue;
      }
      if (run.podUid === uid) continue;
      const config = this.configFromConfigMap(cluster) ?? run.config;
      const mode = modeOf(config);
      const next: NodeRun = { podUid: uid, config, mode };
      if (mode !== run.mode) {
        // What the old mode wrote stays where the new mode's start-up cleanup does not remove it.
        const before = current(nodeName);
        const leftovers = leftoversAfterSwitch(run.mode, mode);
        if (before) {
          next.leftIptables = { ruleset: before.iptables, leftovers };
          if (leftovers.nftTableKept && before.nft) next.leftNft = before.nft;
          if (leftovers.ipvsKept && before.ipvs) next.leftIpvs = before.ipvs;
        }
      } else {
        if (run.leftIptables) next.leftIptables = run.leftIptables;
        if (run.leftNft) next.leftNft = run.leftNft;
        if (run.leftIpvs) next.leftIpvs = run.leftIpvs;
      }
      this.runs.set(nodeName, next);
      // The old process's userspace sockets close with it.
      this.userspace.delete(nodeName);
      changed = true;
    }
    return changed;
  }

  private configFromConfigMap(cluster: ClusterReader): KubeProxyConfiguration | undefined {
    const text = cluster.get('ConfigMap', 'kube-system', 'kube-proxy')?.data?.['config.conf'];
    if (text === undefined || !this.decode) return undefined;
    const decoded = this.decode(text);
    if (!decoded) return undefined;
    return { ...decoded, clusterCIDR: decoded.clusterCIDR || cluster.settings.proxy.clusterCIDR };
  }

  /** The configuration a node's kube-proxy runs with. */
  configOf(cluster: ClusterReader, nodeName: string): KubeProxyConfiguration {
    return this.runs.get(nodeName)?.config ?? cluster.settings.proxy;
  }

  /** Whether the node holds IPVS state: kube-proxy runs in ipvs mode there, or an ipvs run left it. */
  holdsIpvs(cluster: ClusterReader, nodeName: string): boolean {
    const run = this.runs.get(nodeName);
    return modeOf(run?.config ?? cluster.settings.proxy) === 'ipvs' || run?.leftIpvs !== undefined;
  }

  modeOf(cluster: ClusterReader, nodeName: string): ProxyMode {
    return modeOf(this.configOf(cluster, nodeName));
  }

  /** kube-proxy's iptables-restore input on a node in iptables mode (undefined in other modes). */
  iptablesRestoreText(cluster: ClusterReader, state: ProxyState, node: ProxyNode): string | undefined {
    const config = this.configOf(cluster, node.name);
    if (modeOf(config) !== 'iptables') return undefined;
    return this.iptablesBackend(config).compile(state, node).restoreText();
  }

  private iptablesBackend(config: KubeProxyConfiguration): IptablesBackend {
    const key = JSON.stringify(config);
    let b = this.iptables.get(key);
    if (!b) this.iptables.set(key, (b = new IptablesBackend(iptablesConfigFrom(config))));
    return b;
  }

  /** What kube-proxy has written on a node for the current state. */
  nodeState(cluster: ClusterReader, state: ProxyState, node: ProxyNode, nowMs: number): NodeKubeProxy {
    const run = this.runs.get(node.name);
    const config = run?.config ?? cluster.settings.proxy;
    const mode = modeOf(config);
    const key = JSON.stringify(config);
    let own: Omit<NodeKubeProxy, 'mode' | 'config'>;
    switch (mode) {
      case 'iptables': {
        own = { iptables: this.iptablesBackend(config).compile(state, node).ruleset };
        break;
      }
      case 'nftables': {
        let b = this.nftables.get(key);
        if (!b) this.nftables.set(key, (b = new NftablesBackend(nftablesConfigFrom(config, [cluster.settings.serviceSubnet]))));
        own = { iptables: EMPTY_RULESET, nft: b.compile(state, node).table };
        break;
      }
      case 'ipvs': {
        let p = this.ipvs.get(key);
        if (!p) this.ipvs.set(key, (p = new IpvsProxy(config, this.kernels)));
        const view = p.compile(state, node);
        own = { iptables: view.state.ruleset, ipvs: view };
        break;
      }
      case 'userspace': {
        const cfg = userspaceConfigFrom(config);
        if ('error' in cfg) {
          own = { iptables: EMPTY_RULESET, error: cfg.error };
          break;
        }
        let u = this.userspace.get(node.name);
        if (!u || u.key !== key) this.userspace.set(node.name, (u = { key, proxy: new UserspaceProxy(node, cfg, this.rand), version: -1 }));
        if (u.version !== state.version) {
          u.proxy.sync(state, nowMs);
          u.version = state.version;
        }
        own = { iptables: u.proxy.ruleset(), userspace: u.proxy };
        break;
      }
    }
    const left = run?.leftIptables;
    const iptables = left ? applyIptablesLeftovers(left.ruleset, own.iptables, left.leftovers) : own.iptables;
    return {
      mode,
      config,
      ...own,
      iptables,
      ...(!own.nft && run?.leftNft ? { nft: run.leftNft } : {}),
      ...(!own.ipvs && run?.leftIpvs ? { ipvs: run.leftIpvs } : {}),
    };
  }
}
