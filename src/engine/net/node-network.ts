/**
 * Every node's network as a kubeadm node with flannel sets it up: the NIC, flannel.1 (VXLAN) or
 * host-gw routes, the cni0 bridge with one veth per pod, and each pod's own namespace. Built
 * lazily per node from the cluster's Nodes and Pods, so a 5,000-node cluster costs only the
 * nodes a trace or a command looks at.
 *
 * Facts: flannel-io/flannel pkg/backend/vxlan (flannel.1, VNI 1, port 8472, MTU - 50, per-peer
 * `10.244.N.0/24 via 10.244.N.0 dev flannel.1 onlink` routes with a permanent ARP and FDB entry),
 * pkg/backend/hostgw (`10.244.N.0/24 via <peer IP> dev eth0`, only for peers on the same link);
 * flannel-io/cni-plugin flannel_linux.go (delegates to bridge with isGateway, host-local over the
 * node's subnet and a route to the whole pod network); containernetworking/plugins bridge.go.
 */
import type { Node, Pod } from '../api/core.ts';
import type { Kind, ObjectOfKind } from '../api/objects.ts';
import type { Cidr } from './ipv4.ts';
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from './ipv4.ts';
import type { InetAddress, NetInterface } from './interfaces.ts';
import { broadcastOf, cniBridge, flannelVxlan, loopback, nodeNic, vethEnd } from './interfaces.ts';
import { cniNetnsName, localMac, vethName, vmNicMac } from './link-addresses.ts';
import type { Route, RouteTableName, RouteType } from './routes.ts';
import { addressRoutes, cidrOf, DEFAULT_DST, gatewayRoute, RouteTable } from './routes.ts';

export type CniMode = 'flannel-vxlan' | 'flannel-host-gw';

/** What the network needs from the cluster; `ClusterReader` satisfies it. */
export interface NetworkSource {
  readonly settings: { readonly cni: CniMode; readonly podSubnet: string };
  list<K extends Kind>(kind: K): readonly ObjectOfKind<K>[];
}

export interface NetworkOptions {
  /** The underlay subnet's prefix length around each node's InternalIP (default 24). */
  underlayPrefix?: number;
}

/** One network namespace: its links and its two routing tables. */
export interface Netns {
  /** `host` for a node's own namespace, `pod:<namespace>/<name>` for a pod's (HopPlace.netns). */
  id: string;
  /** The node it lives on. */
  host: string;
  interfaces: readonly NetInterface[];
  main: RouteTable;
  local: RouteTable;
}

/** A permanent neighbour entry (`ip neigh`): flannel's ARP entry for a peer's VTEP. */
export interface NeighborEntry {
  ip: string;
  dev: string;
  lladdr: string;
}

/** A forwarding-database entry (`bridge fdb`): where a peer VTEP's MAC lives on the underlay. */
export interface FdbEntry {
  mac: string;
  dev: string;
  dst: string;
}

export interface PodNetwork extends Netns {
  /** `namespace/name`. */
  pod: string;
  ip: string;
  /** containerd's netns name, as `ip link` on the node shows it after `link-netns`. */
  netnsName: string;
  /** The host end of the pod's veth pair, enslaved to cni0. */
  hostVeth: string;
  hostVethIndex: number;
}

export interface NodeNetwork extends Netns {
  node: string;
  cni: CniMode;
  internalIP?: string;
  podCIDR?: string;
  /** The link the node's NIC sits on and its gateway. */
  underlay?: { cidr: string; gateway: string };
  neighbors: readonly NeighborEntry[];
  fdb: readonly FdbEntry[];
  /** Pods with their own namespace on this node, by `namespace/name`. */
  pods: ReadonlyMap<string, PodNetwork>;
}

export interface RouteLookup {
  /** `local`: the address belongs to this namespace (delivered through lo). */
  type: RouteType;
  table: RouteTableName;
  /** The output interface (`lo` for local delivery). */
  iface: string;
  via?: string;
  onlink?: boolean;
  /** The source address a socket would bind, and MASQUERADE's choice on this interface. */
  src: string;
  route: Route;
}

export const NIC_NAME = 'eth0';
export const NIC_MTU = 1500;
/** VXLAN over IPv4 adds 50 bytes (outer Ethernet 14 + IP 20 + UDP 8 + VXLAN 8). */
export const VXLAN_OVERHEAD = 50;
export const FLANNEL_VNI = 1;
export const FLANNEL_VXLAN_PORT = 8472;
export const BRIDGE_NAME = 'cni0';
export const FLANNEL_BACKEND_DATA = 'flannel.alpha.coreos.com/backend-data';

interface NodeInfo {
  node: Node;
  name: string;
  internalIP?: string;
  ipNum?: number;
  podCIDR?: Cidr;
  vtepMac: string;
}

interface PodPlacement {
  pods: Pod[];
}

function podKey(pod: Pod): string {
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
function hasPodNetns(pod: Pod): boolean {
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

function primaryInet(iface: NetInterface | undefined): string | undefined {
  return iface?.inet.find((a) => a.scope !== 'host')?.address ?? iface?.inet[0]?.address;
}

/** The cluster's node networks, built on first use and cached (rebuild after the cluster changes). */
export class ClusterNetwork {
  readonly cni: CniMode;
  readonly podSubnet?: Cidr;
  private readonly underlayPrefix: number;
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly nodeOrder: NodeInfo[] = [];
  private readonly built = new Map<string, NodeNetwork>();
  private placement?: Map<string, PodPlacement>;
  /** hostNetwork pods and pods without a namespace yet: `namespace/name` -> node. */
  private hostPods?: Map<string, string>;
  private podNode?: Map<string, string>;
  private owners?: Map<number, { kind: 'node' | 'pod'; name: string }>;

  constructor(private readonly source: NetworkSource, options: NetworkOptions = {}) {
    this.cni = source.settings.cni;
    this.podSubnet = parseCidr(source.settings.podSubnet);
    this.underlayPrefix = options.underlayPrefix ?? 24;
    for (const node of source.list('Node')) {
      const internalIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      const ipNum = internalIP ? parseIPv4(internalIP) : undefined;
      const cidrText = node.spec.podCIDR ?? node.spec.podCIDRs?.[0];
      const podCIDR = cidrText ? parseCidr(cidrText) : undefined;
      const info: NodeInfo = {
        node,
        name: node.metadata.name,
        ...(ipNum !== undefined ? { internalIP, ipNum } : {}),
        ...(podCIDR ? { podCIDR } : {}),
        vtepMac: vtepMacOf(node),
      };
      this.nodes.set(info.name, info);
      this.nodeOrder.push(info);
    }
  }

  nodeNames(): string[] {
    return this.nodeOrder.map((n) => n.name);
  }

  /** A node's network, or undefined for a name that is not a node. */
  node(name: string): NodeNetwork | undefined {
    const cached = this.built.get(name);
    if (cached) return cached;
    const info = this.nodes.get(name);
    if (!info) return undefined;
    const net = this.buildNode(info);
    this.built.set(name, net);
    return net;
  }

  /** A pod's own namespace (`namespace/name`); undefined for hostNetwork pods and unknown pods. */
  pod(key: string): PodNetwork | undefined {
    const node = this.podNodes().get(key);
    return node ? this.node(node)?.pods.get(key) : undefined;
  }

  /**
   * The namespace a console line or a packet starts in: a node by name, or a pod by
   * `namespace/name` (a hostNetwork pod shares its node's).
   */
  netns(nodeOrPod: string): Netns | undefined {
    if (!nodeOrPod.includes('/')) return this.node(nodeOrPod);
    const own = this.pod(nodeOrPod);
    if (own) return own;
    const host = this.hostPodNodes().get(nodeOrPod);
    return host ? this.node(host) : undefined;
  }

  /** Which node or pod holds an address (node NIC, flannel.1, cni0, or a pod's eth0). */
  ownerOf(ip: string): { kind: 'node' | 'pod'; name: string } | undefined {
    const n = parseIPv4(ip);
    return n === undefined ? undefined : this.ownerIndex().get(n);
  }

  private podNodes(): Map<string, string> {
    this.groupPods();
    return this.podNode!;
  }

  private hostPodNodes(): Map<string, string> {
    this.groupPods();
    return this.hostPods!;
  }

  /** One pass over the pods: which node each sits on. */
  private groupPods(): Map<string, PodPlacement> {
    if (this.placement) return this.placement;
    const placement = new Map<string, PodPlacement>();
    const podNode = new Map<string, string>();
    const hostPods = new Map<string, string>();
    for (const pod of this.source.list('Pod')) {
      const node = pod.spec.nodeName;
      if (!node || !this.nodes.has(node)) continue;
      if (!hasPodNetns(pod)) {
        if (pod.spec.hostNetwork) hostPods.set(podKey(pod), node);
        continue;
      }
      let p = placement.get(node);
      if (!p) placement.set(node, (p = { pods: [] }));
      p.pods.push(pod);
      podNode.set(podKey(pod), node);
    }
    this.placement = placement;
    this.podNode = podNode;
    this.hostPods = hostPods;
    return placement;
  }

  private ownerIndex(): Map<number, { kind: 'node' | 'pod'; name: string }> {
    if (this.owners) return this.owners;
    const owners = new Map<number, { kind: 'node' | 'pod'; name: string }>();
    for (const info of this.nodeOrder) {
      if (info.ipNum !== undefined) owners.set(info.ipNum, { kind: 'node', name: info.name });
      if (info.podCIDR) {
        if (this.cni === 'flannel-vxlan' && info.ipNum !== undefined) owners.set(info.podCIDR.base, { kind: 'node', name: info.name });
        if (this.groupPods().get(info.name)?.pods.length) owners.set(info.podCIDR.base + 1, { kind: 'node', name: info.name });
      }
    }
    for (const { pods } of this.groupPods().values()) {
      for (const pod of pods) {
        const n = parseIPv4(pod.status!.podIP!);
        if (n !== undefined && !owners.has(n)) owners.set(n, { kind: 'pod', name: podKey(pod) });
      }
    }
    this.owners = owners;
    return owners;
  }

  private buildNode(info: NodeInfo): NodeNetwork {
    const vxlan = this.cni === 'flannel-vxlan';
    const podMtu = vxlan ? NIC_MTU - VXLAN_OVERHEAD : NIC_MTU;
    const interfaces: NetInterface[] = [loopback()];
    const extra: Route[] = [];
    const neighbors: NeighborEntry[] = [];
    const fdb: FdbEntry[] = [];
    let underlay: NodeNetwork['underlay'];
    let underlayCidr: Cidr | undefined;

    const nicInet: InetAddress | undefined =
      info.ipNum !== undefined
        ? { address: info.internalIP!, prefix: this.underlayPrefix, broadcast: formatIPv4(broadcastOf(info.ipNum, this.underlayPrefix)), scope: 'global' }
        : undefined;
    interfaces.push(nodeNic({ ifindex: 2, name: NIC_NAME, mac: vmNicMac(info.name), mtu: NIC_MTU, ...(nicInet ? { inet: nicInet } : {}) }));
    if (info.ipNum !== undefined) {
      underlayCidr = cidrOf(info.ipNum, this.underlayPrefix);
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
      for (const peer of this.nodeOrder) {
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
    const placed = [...(this.groupPods().get(info.name)?.pods ?? [])].sort(byCreation);
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
        pods.set(key, this.buildPod(info, pod, key, { name, ifindex, netnsName, mtu: podMtu }));
      }
    }

    const routes = [...extra];
    for (const iface of interfaces) routes.push(...addressRoutes(iface));
    return {
      id: 'host',
      host: info.name,
      node: info.name,
      cni: this.cni,
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

  private buildPod(info: NodeInfo, pod: Pod, key: string, veth: { name: string; ifindex: number; netnsName: string; mtu: number }): PodNetwork {
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
    if (this.podSubnet) routes.push(gatewayRoute(this.podSubnet, gateway, 'eth0'));
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
}

export function buildClusterNetwork(source: NetworkSource, options?: NetworkOptions): ClusterNetwork {
  return new ClusterNetwork(source, options);
}

/** The route a packet from `netns` to `dstIP` takes: the local table first, then main. */
export function lookupRouteIn(netns: Netns, dstIP: string): RouteLookup | undefined {
  const dst = parseIPv4(dstIP);
  if (dst === undefined) return undefined;
  const local = netns.local.lookup(dst);
  const route = local ?? netns.main.lookup(dst);
  if (!route) return undefined;
  const dev = netns.interfaces.find((i) => i.name === route.dev);
  const src = route.src ?? primaryInet(dev) ?? netns.interfaces.map((i) => primaryInet(i)).find((a) => a && !a.startsWith('127.')) ?? '0.0.0.0';
  return {
    type: route.type,
    table: route.table,
    // the kernel delivers to local addresses through the loopback device
    iface: route.type === 'local' ? 'lo' : route.dev,
    ...(route.via ? { via: route.via } : {}),
    ...(route.onlink ? { onlink: true } : {}),
    src,
    route,
  };
}

/** `lookupRoute(network, 'node201', '10.244.2.5')` or `lookupRoute(network, 'default/web-1', '10.96.0.10')`. */
export function lookupRoute(network: ClusterNetwork, nodeOrPod: string, dstIP: string): RouteLookup | undefined {
  const netns = network.netns(nodeOrPod);
  return netns ? lookupRouteIn(netns, dstIP) : undefined;
}
