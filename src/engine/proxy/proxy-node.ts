/** The node a proxy runs on, as kube-proxy knows it: its name, addresses, pod CIDR and zone. */
import type { Node } from '../api/core.ts';
import type { ClusterReader } from '../cluster/types.ts';
import { parseIPv4 } from '../net/ipv4.ts';

export interface ProxyNode {
  /** kube-proxy's --hostname-override: the Node name; EndpointSlice nodeName is compared with it. */
  name: string;
  /** IPv4 InternalIPs, the primary (kube-proxy's nodeIP) first. */
  ips: readonly string[];
  /**
   * Every IPv4 address on the node's interfaces, for --nodeport-addresses matching
   * (GetNodeIPs). Defaults to loopback and the InternalIPs; the node network may add cni0 and flannel.1.
   */
  addresses: readonly string[];
  /** spec.podCIDR (detect-local-mode NodeCIDR). */
  podCIDR?: string;
  /** The `topology.kubernetes.io/zone` label (topology hints). */
  zone?: string;
}

export function proxyNodeOf(node: Node, extraAddresses: readonly string[] = []): ProxyNode {
  const ips = (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' && parseIPv4(a.address) !== undefined).map((a) => a.address);
  const addresses = [...new Set(['127.0.0.1', ...ips, ...extraAddresses])];
  return {
    name: node.metadata.name,
    ips,
    addresses,
    podCIDR: node.spec.podCIDR ?? node.spec.podCIDRs?.[0],
    zone: node.metadata.labels?.['topology.kubernetes.io/zone'],
  };
}

export function proxyNodesOf(cluster: ClusterReader): ProxyNode[] {
  return cluster.list('Node').map((n) => proxyNodeOf(n));
}
