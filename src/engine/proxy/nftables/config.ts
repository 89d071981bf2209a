/**
 * The nftables proxier's settings, from the KubeProxyConfiguration (v1alpha1: `nftables.masqueradeAll`,
 * `nftables.masqueradeBit`, `detectLocalMode`, `clusterCIDR`, `detectLocal`, `nodePortAddresses`)
 * and the cluster's service CIDRs (ServiceCIDR objects / --service-cluster-ip-range), which
 * `cluster-ips-check` drops unallocated addresses of.
 */
import type { KubeProxyConfiguration } from '../../api/config.ts';
import { formatCidr, parseCidr } from '../../net/ipv4.ts';
import { stmt } from '../../net/nftables/build.ts';
import type { NftStmt } from '../../net/nftables/types.ts';
import type { ProxyNode } from '../proxy-node.ts';
import { masqueradeMark } from '../iptables/config.ts';
import type { DetectLocalMode } from '../iptables/config.ts';

export interface NftablesProxyConfig {
  masqueradeAll: boolean;
  masqueradeBit: number;
  /** The mark as written; upstream's test harness writes `0x4000`, a real kube-proxy fmt's %#08x. */
  masqueradeMarkText?: string;
  detectLocalMode: DetectLocalMode;
  clusterCIDR: string;
  bridgeInterface: string;
  interfaceNamePrefix: string;
  /** CIDRs, or `primary` (the default from a KubeProxyConfiguration); empty: every local address (then `fib daddr type local`). */
  nodePortAddresses: readonly string[];
  /** IPv4 service CIDRs; empty leaves out the drop rule of cluster-ips-check. */
  serviceCIDRs: readonly string[];
}

export const DEFAULT_NFTABLES_CONFIG: NftablesProxyConfig = {
  masqueradeAll: false,
  masqueradeBit: 14,
  detectLocalMode: 'ClusterCIDR',
  clusterCIDR: '',
  bridgeInterface: '',
  interfaceNamePrefix: '',
  nodePortAddresses: [],
  serviceCIDRs: [],
};

/** Upstream NewFakeProxier (pkg/proxy/nftables/proxier_test.go, reference §4.2). */
export const NFT_GOLDEN_HARNESS_CONFIG: NftablesProxyConfig = {
  ...DEFAULT_NFTABLES_CONFIG,
  clusterCIDR: '10.0.0.0/8',
  masqueradeMarkText: '0x4000',
  nodePortAddresses: ['192.168.0.2/32'],
  serviceCIDRs: ['172.30.0.0/16'],
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function nftablesConfigFrom(kpc: KubeProxyConfiguration, serviceCIDRs: readonly string[] = []): NftablesProxyConfig {
  const detectLocal = (kpc.detectLocal ?? {}) as Record<string, unknown>;
  const mode = str(kpc.detectLocalMode);
  return {
    ...DEFAULT_NFTABLES_CONFIG,
    masqueradeAll: kpc.nftables?.masqueradeAll ?? false,
    masqueradeBit: kpc.nftables?.masqueradeBit ?? 14,
    detectLocalMode: mode === 'NodeCIDR' || mode === 'BridgeInterface' || mode === 'InterfaceNamePrefix' ? mode : 'ClusterCIDR',
    clusterCIDR: kpc.clusterCIDR ?? '',
    bridgeInterface: str(detectLocal.bridgeInterface) ?? '',
    interfaceNamePrefix: str(detectLocal.interfaceNamePrefix) ?? '',
    // v1.29-v1.33 cmd/kube-proxy/app/server_linux.go platformApplyDefaults: in nftables mode an
    // unset nodePortAddresses means `primary` (the node's primary IP), not every local address.
    nodePortAddresses: kpc.nodePortAddresses && kpc.nodePortAddresses.length > 0 ? kpc.nodePortAddresses : ['primary'],
    serviceCIDRs: serviceCIDRs.filter((c) => parseCidr(c.trim()) !== undefined),
  };
}

export function nftMarkText(cfg: NftablesProxyConfig): string {
  return cfg.masqueradeMarkText ?? masqueradeMark(cfg.masqueradeBit);
}

/** pkg/proxy/util LocalTrafficDetector's IfLocalNFT / IfNotLocalNFT. */
export interface NftLocalDetector {
  key: string;
  ifLocal: NftStmt;
  ifNotLocal: NftStmt;
}

function byCidr(list: string): NftLocalDetector | undefined {
  const first = list.split(',').map((c) => c.trim()).find((c) => parseCidr(c) !== undefined);
  const c = first === undefined ? undefined : parseCidr(first);
  if (!c) return undefined;
  const text = formatCidr(c);
  return { key: `s:${text}`, ifLocal: stmt.addr('saddr', text), ifNotLocal: stmt.addr('saddr', text, true) };
}

export function nftLocalDetectorFor(cfg: NftablesProxyConfig, node: Pick<ProxyNode, 'podCIDR'>): NftLocalDetector | undefined {
  switch (cfg.detectLocalMode) {
    case 'ClusterCIDR':
      return cfg.clusterCIDR ? byCidr(cfg.clusterCIDR) : undefined;
    case 'NodeCIDR':
      return node.podCIDR ? byCidr(node.podCIDR) : undefined;
    // Both interface detectors match by name, `iifname NAME` / `iifname PREFIX*`: kubernetes PR
    // #134024 ("use iifname for input interface name matches", on release-1.33 as #134117);
    // before it kube-proxy wrote `iif != azv*`, which nft refused ("Interface does not exist").
    case 'BridgeInterface':
      return cfg.bridgeInterface
        ? { key: `i:${cfg.bridgeInterface}`, ifLocal: stmt.iif(cfg.bridgeInterface, true), ifNotLocal: stmt.iif(cfg.bridgeInterface, true, true) }
        : undefined;
    case 'InterfaceNamePrefix': {
      const p = `${cfg.interfaceNamePrefix}*`;
      return cfg.interfaceNamePrefix ? { key: `n:${p}`, ifLocal: stmt.iif(p, true), ifNotLocal: stmt.iif(p, true, true) } : undefined;
    }
  }
}
