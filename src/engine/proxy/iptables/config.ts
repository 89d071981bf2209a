/**
 * The iptables proxier's settings: KubeProxyConfiguration fields (kubeproxy.config.k8s.io/v1alpha1,
 * defaults from pkg/proxy/apis/config/v1alpha1/defaults.go) plus what the node's iptables and
 * kernel support, which decides a few rules (proxier.go NewProxier):
 *  - `randomFully`: iptables >= 1.6.2 has MASQUERADE --random-fully (HasRandomFully); every
 *    current distribution does, so a real node writes it (reference §2.8 REAL).
 *  - `nfacct`: the nfacct counters ct_state_invalid_dropped_pkts and localhost_nps_accepted_pkts
 *    could be created (xt_nfacct, present in stock Ubuntu kernels): v1.33 nodes show both
 *    (REAL dumps: `-m nfacct --nfacct-name  localhost_nps_accepted_pkts`).
 *  - `conntrackTCPBeLiberal`: sysctl net/netfilter/nf_conntrack_tcp_be_liberal non-zero, which
 *    drops the INVALID DROP rule (off by default).
 * The upstream unit-test goldens (reference §2.0) use a fake iptables without either feature.
 */
import type { KubeProxyConfiguration } from '../../api/config.ts';
import { parseCidr } from '../../net/ipv4.ts';
import type { ProxyNode } from '../proxy-node.ts';

export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';

export interface IptablesProxyConfig {
  masqueradeAll: boolean;
  /** The masquerade mark bit: 14 -> 0x4000. */
  masqueradeBit: number;
  detectLocalMode: DetectLocalMode;
  /** ClusterCIDR mode's range; empty means no local-traffic detector. */
  clusterCIDR: string;
  bridgeInterface: string;
  interfaceNamePrefix: string;
  localhostNodePorts: boolean;
  /** --nodeport-addresses: CIDRs, or `primary` for the node's own IPs; empty means all. */
  nodePortAddresses: readonly string[];
  randomFully: boolean;
  nfacct: boolean;
  conntrackTCPBeLiberal: boolean;
  /**
   * The mark text as written, when not derived from the bit: upstream's fake proxier hard-codes
   * `0x4000`, while a real kube-proxy writes fmt.Sprintf("%#08x", 1<<14) = `0x00004000`
   * (its log: "Using iptables mark for masquerade" mark="0x00004000"); iptables-save prints 0x4000 either way.
   */
  masqueradeMarkText?: string;
}

/** What a v1.33 kubeadm node runs with when the configuration says nothing. */
export const DEFAULT_IPTABLES_CONFIG: IptablesProxyConfig = {
  masqueradeAll: false,
  masqueradeBit: 14,
  detectLocalMode: 'ClusterCIDR',
  clusterCIDR: '',
  bridgeInterface: '',
  interfaceNamePrefix: '',
  localhostNodePorts: true,
  nodePortAddresses: [],
  randomFully: true,
  nfacct: true,
  conntrackTCPBeLiberal: false,
};

/** The upstream proxier_test.go harness (reference §2.0): clusterCIDR 10.0.0.0/8, no random-fully, no nfacct. */
export const GOLDEN_HARNESS_CONFIG: IptablesProxyConfig = {
  ...DEFAULT_IPTABLES_CONFIG,
  clusterCIDR: '10.0.0.0/8',
  randomFully: false,
  nfacct: false,
  masqueradeMarkText: '0x4000',
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The iptables settings a KubeProxyConfiguration gives (node capabilities from `node`). */
export function iptablesConfigFrom(kpc: KubeProxyConfiguration, node: Partial<Pick<IptablesProxyConfig, 'randomFully' | 'nfacct' | 'conntrackTCPBeLiberal'>> = {}): IptablesProxyConfig {
  const detectLocal = (kpc.detectLocal ?? {}) as Record<string, unknown>;
  const mode = str(kpc.detectLocalMode);
  return {
    ...DEFAULT_IPTABLES_CONFIG,
    ...node,
    masqueradeAll: kpc.iptables?.masqueradeAll ?? false,
    masqueradeBit: kpc.iptables?.masqueradeBit ?? 14,
    detectLocalMode: mode === 'NodeCIDR' || mode === 'BridgeInterface' || mode === 'InterfaceNamePrefix' ? mode : 'ClusterCIDR',
    clusterCIDR: kpc.clusterCIDR ?? '',
    bridgeInterface: str(detectLocal.bridgeInterface) ?? '',
    interfaceNamePrefix: str(detectLocal.interfaceNamePrefix) ?? '',
    localhostNodePorts: kpc.iptables?.localhostNodePorts ?? true,
    nodePortAddresses: kpc.nodePortAddresses ?? [],
  };
}

/** pkg/proxy/util LocalTrafficDetector: the match that says "from a pod on the cluster network". */
export interface LocalDetector {
  key: string;
  ifLocal: readonly string[];
  ifNotLocal: readonly string[];
}

function byCidr(cidr: string): LocalDetector | undefined {
  // Only the IPv4 CIDR of a dual-stack list; written as net.IPNet.String() (the network address).
  const first = cidr.split(',').map((c) => c.trim()).find((c) => parseCidr(c) !== undefined);
  const c = first === undefined ? undefined : parseCidr(first);
  if (!c) return undefined;
  const text = `${formatBase(c.base)}/${c.prefix}`;
  return { key: `s:${text}`, ifLocal: ['-s', text], ifNotLocal: ['!', '-s', text] };
}

function formatBase(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The detector for this node (undefined: the no-op detector, so no local-traffic rules). */
export function localDetectorFor(cfg: IptablesProxyConfig, node: Pick<ProxyNode, 'podCIDR'>): LocalDetector | undefined {
  switch (cfg.detectLocalMode) {
    case 'ClusterCIDR':
      return cfg.clusterCIDR ? byCidr(cfg.clusterCIDR) : undefined;
    case 'NodeCIDR':
      return node.podCIDR ? byCidr(node.podCIDR) : undefined;
    case 'BridgeInterface':
      return cfg.bridgeInterface ? { key: `i:${cfg.bridgeInterface}`, ifLocal: ['-i', cfg.bridgeInterface], ifNotLocal: ['!', '-i', cfg.bridgeInterface] } : undefined;
    case 'InterfaceNamePrefix': {
      const p = `${cfg.interfaceNamePrefix}+`;
      return cfg.interfaceNamePrefix ? { key: `i:${p}`, ifLocal: ['-i', p], ifNotLocal: ['!', '-i', p] } : undefined;
    }
  }
}

/** fmt.Sprintf("%#08x", 1<<bit): Go zero-pads the digits to 8 before the 0x prefix, so `0x00004000` for bit 14. */
export function masqueradeMark(bit: number): string {
  return `0x${(2 ** bit).toString(16).padStart(8, '0')}`;
}

export function masqueradeMarkOf(cfg: IptablesProxyConfig): string {
  return cfg.masqueradeMarkText ?? masqueradeMark(cfg.masqueradeBit);
}
