/**
 * Builds one node's network as a kubeadm node with flannel sets it up: the NIC, flannel.1
 * (VXLAN) or host-gw routes, the cni0 bridge with one veth per pod, and each pod's own namespace.
 *
 * Facts: flannel-io/flannel pkg/backend/vxlan (flannel.1, VNI 1, port 8472, MTU - 50, per-peer
 * `10.244.N.0/24 via 10.244.N.0 dev flannel.1 onlink` routes with a permanent ARP and FDB entry),
 * pkg/backend/hostgw (`10.244.N.0/24 via <peer IP> dev eth0`, only for peers on the same link);
 * flannel-io/cni-plugin flannel_linux.go (delegates to bridge with isGateway, host-local over the
 * node's subnet and a route to the whole pod network); containernetworking/plugins bridge.go.
 */
import type { Node, Pod } from '../api/core.ts';
import type { Cidr } from './ipv4.ts';
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from './ipv4.ts';
import type { InetAddress, NetInterface } from './interfaces.ts';
import { broadcastOf, cniBridge, flannelVxlan, loopback, nodeNic, vethEnd } from './interfaces.ts';
import { cniNetnsName, localMac, vethName, vmNicMac } from './link-addresses.ts';
import type { CniMode, FdbEntry, NeighborEntry, NodeNetwork, PodNetwork } from './netns.ts';
import { BRIDGE_NAME, FLANNEL_BACKEND_DATA, FLANNEL_VNI, FLANNEL_VXLAN_PORT, NIC_MTU, NIC_NAME, VXLAN_OVERHEAD } from './netns.ts';
import type { Route } from './routes.ts';
import { addressRoutes, cidrOf, DEFAULT_DST, gatewayRoute, RouteTable } from './routes.ts';

/** What one node contributes to everyone's network: parsed once per cluster. */
export interface NodeInfo {
  name: string;
  internalIP?: string;
  ipNum?: number;
  podCIDR?: Cidr;
  vtepMac: string;
}

export interface NodeBuildContext {
  cni: CniMode;
  podSubnet?: Cidr;
  underlayPrefix: number;
  /** Every node, this one included, in the cluster's order. */
  peers: readonly NodeInfo[];
  /** The pods on this node that have their own namespace. */
  pods: readonly Pod[];
}

export function nodeInfo(node: Node): NodeInfo {
  const internalIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const ipNum = internalIP ? parseIPv4(internalIP) : undefined;
  const cidrText = node.spec.podCIDR ?? node.spec.podCIDRs?.[0];
  const podCIDR = cidrText ? parseCidr(cidrText) : undefined;
  return {
    name: node.metadata.name,
    ...(ipNum !== undefined ? { internalIP, ipNum } : {}),
    ...(podCIDR ? { podCIDR } : {}),
    vtepMac: vtepMacOf(node),
  };
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** The VTEP MAC flannel published in the node's annotation, else a stable stand-in. */
function vtepMacOf(node: Node): string {
  const data = node.metadata.annotations?.[FLANNEL_BACKEND_DATA];
  if (data) {
    const m = /"VtepMAC"\s*:\s*"([0-9a-fA-F:]{17})"/.exec(data);
    if (m) return m[1]!.toLowerCase();
  }
  return localMac(`flannel.1:${node.metadata.name}`);
}

/** A pod that has its own sandbox network namespace with an address. */
export function hasPodNetns(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.spec.hostNetwork && !!pod.spec.nodeName && !!pod.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed';
}

function byCreation(a: Pod, b: Pod): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = podKey(a);
  const kb = podKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function buildNodeNetwork(info: NodeInfo, ctx: NodeBuildContext): NodeNetwork {
  const vxlan = ctx.cni === 'flannel-vxlan';
  const podMtu = vxlan ? NIC_MTU - VXLAN_OVERHEAD : NIC_MTU;
  const interfaces: NetInterface[] = [loopback()];
  const extra: Route[] = [];
  const neighbors: NeighborEntry[] = [];
  const fdb: FdbEntry[] = [];
  let underlay: NodeNetwork['underlay'];
  let underlayCidr: Cidr | undefined;

  const nicInet: InetAddress | undefined =
    info.ipNum !== undefined
      ? { address: info.internalIP!, prefix: ctx.underlayPrefix, broadcast: formatIPv4(broadcastOf(info.ipNum, ctx.underlayPrefix)), scope: 'global' }
      : undefined;
  interfaces.push(nodeNic({ ifindex: 2, name: NIC_NAME, mac: vmNicMac(info.name), mtu: NIC_MTU, ...(nicInet ? { inet: nicInet } : {}) }));
  if (info.ipNum !== undefined) {
    underlayCidr = cidrOf(info.ipNum, ctx.underlayPrefix);
    // svcsim's underlay: the gateway is the first address of the node's subnet (the last when the node holds the first)
    const first = underlayCidr.base + 1;
    const gw = first === info.ipNum ? underlayCidr.base + underlayCidr.size - 2 : first;
    underlay = { cidr: `${formatIPv4(underlayCidr.base)}/${underlayCidr.prefix}`, gateway: formatIPv4(gw) };
    // netplan's static `routes: - to: default via:` -> systemd-networkd installs it as proto static
    extra.push({ table: 'main', type: 'unicast', dst: DEFAULT_DST, via: underlay.gateway, dev: NIC_NAME, proto: 'static', scope: 'universe' });
  }

  const hasFlannel = !!info.podCIDR && info.ipNum !== undefined;
  if (vxlan && hasFlannel) {
    interfaces.push(
      flannelVxlan({
        ifindex: interfaces.length + 1,
        name: `flannel.${FLANNEL_VNI}`,
        mac: info.vtepMac,
        mtu: podMtu,
        inet: { address: formatIPv4(info.podCIDR!.base), prefix: 32, scope: 'global' },
        vxlan: { vni: FLANNEL_VNI, local: info.internalIP!, dev: NIC_NAME, dstport: FLANNEL_VXLAN_PORT, learning: false },
      }),
    );
  }
  if (hasFlannel) {
    for (const peer of ctx.peers) {
      if (peer === info || !peer.podCIDR || peer.ipNum === undefined) continue;
      const peerNet = formatIPv4(peer.podCIDR.base);
      if (vxlan) {
        extra.push(gatewayRoute(peer.podCIDR, peerNet, `flannel.${FLANNEL_VNI}`, { onlink: true }));
        neighbors.push({ ip: peerNet, dev: `flannel.${FLANNEL_VNI}`, lladdr: peer.vtepMac });
        fdb.push({ mac: peer.vtepMac, dev: `flannel.${FLANNEL_VNI}`, dst: peer.internalIP! });
      } else if (underlayCidr && cidrContains(underlayCidr, peer.ipNum)) {
        // the kernel refuses a gateway that is not on a connected subnet, so host-gw skips such peers
        extra.push(gatewayRoute(peer.podCIDR, peer.internalIP!, NIC_NAME));
      }
    }
  }

  const pods = new Map<string, PodNetwork>();
  const placed = [...ctx.pods].sort(byCreation);
  if (placed.length > 0) {
    const gatewayCidr = info.podCIDR;
    const bridgeInet: InetAddress | undefined = gatewayCidr
      ? { address: formatIPv4(gatewayCidr.base + 1), prefix: gatewayCidr.prefix, broadcast: formatIPv4(broadcastOf(gatewayCidr.base, gatewayCidr.prefix)), scope: 'global' }
      : undefined;
    interfaces.push(cniBridge({ ifindex: interfaces.length + 1, name: BRIDGE_NAME, mac: localMac(`cni0:${info.name}`), mtu: podMtu, ...(bridgeInet ? { inet: bridgeInet } : {}) }));
    const taken = new Set<string>();
    for (const pod of placed) {
      const key = podKey(pod);
      const seed = pod.metadata.uid ?? key;
      let name = vethName(`${info.name}/${seed}`);
      for (let attempt = 1; taken.has(name); attempt++) name = vethName(`${info.name}/${seed}`, attempt);
      taken.add(name);
      const ifindex = interfaces.length + 1;
      const netnsName = cniNetnsName(seed);
      interfaces.push(vethEnd({ ifindex, name, mac: localMac(`veth:${seed}`), mtu: podMtu, master: BRIDGE_NAME, peer: { ifindex: 2, netns: { name: netnsName } } }));
      pods.set(key, buildPodNetwork(info, ctx, pod, key, { name, ifindex, netnsName, mtu: podMtu }));
    }
  }

  const routes = [...extra];
  for (const iface of interfaces) routes.push(...addressRoutes(iface));
  return {
    id: 'host',
    host: info.name,
    node: info.name,
    cni: ctx.cni,
    ...(info.internalIP ? { internalIP: info.internalIP } : {}),
    ...(info.podCIDR ? { podCIDR: `${formatIPv4(info.podCIDR.base)}/${info.podCIDR.prefix}` } : {}),
    ...(underlay ? { underlay } : {}),
    interfaces,
    main: new RouteTable(routes.filter((r) => r.table === 'main')),
    local: new RouteTable(routes.filter((r) => r.table === 'local')),
    neighbors,
    fdb,
    pods,
  };
}

function buildPodNetwork(info: NodeInfo, ctx: NodeBuildContext, pod: Pod, key: string, veth: { name: string; ifindex: number; netnsName: string; mtu: number }): PodNetwork {
  const ip = pod.status!.podIP!;
  const ipNum = parseIPv4(ip) ?? 0;
  // host-local hands out addresses with the node range's mask; the bridge's .1 is the gateway
  const range = info.podCIDR && cidrContains(info.podCIDR, ipNum) ? info.podCIDR : cidrOf(ipNum, info.podCIDR?.prefix ?? 24);
  const gateway = formatIPv4(range.base + 1);
  const seed = pod.metadata.uid ?? key;
  const eth0 = vethEnd({
    ifindex: 2,
    name: 'eth0',
    mac: localMac(`eth0:${seed}`),
    mtu: veth.mtu,
    // the host namespace is the pod's peer netns id 0, and it has no name inside the pod
    peer: { ifindex: veth.ifindex, netns: { id: 0 } },
    inet: { address: ip, prefix: range.prefix, broadcast: formatIPv4(broadcastOf(ipNum, range.prefix)), scope: 'global' },
  });
  const interfaces = [loopback(), eth0];
  const routes: Route[] = [gatewayRoute(DEFAULT_DST, gateway, 'eth0')];
  if (ctx.podSubnet) routes.push(gatewayRoute(ctx.podSubnet, gateway, 'eth0'));
  for (const iface of interfaces) routes.push(...addressRoutes(iface));
  return {
    id: `pod:${key}`,
    host: info.name,
    pod: key,
    ip,
    netnsName: veth.netnsName,
    hostVeth: veth.name,
    hostVethIndex: veth.ifindex,
    interfaces,
    main: new RouteTable(routes.filter((r) => r.table === 'main')),
    local: new RouteTable(routes.filter((r) => r.table === 'local')),
  };
}
