/**
 * The cluster's node networks, built lazily per node from its Nodes and Pods (node-build.ts),
 * so a 5,000-node cluster costs only the nodes a trace or a command looks at; and route
 * lookups in a namespace (the local table first, then main: `ip rule`'s default order).
 */
import type { Pod } from '../api/core.ts';
import type { Kind, ObjectOfKind } from '../api/objects.ts';
import type { Cidr } from './ipv4.ts';
import { parseCidr, parseIPv4 } from './ipv4.ts';
import type { NetInterface } from './interfaces.ts';
import type { NodeInfo } from './node-build.ts';
import { buildNodeNetwork, hasPodNetns, nodeInfo, podKey } from './node-build.ts';
import type { CniMode, Netns, NodeNetwork, PodNetwork } from './netns.ts';
import type { Route, RouteTableName, RouteType } from './routes.ts';

export type { CniMode, FdbEntry, NeighborEntry, Netns, NodeNetwork, PodNetwork } from './netns.ts';

/** What the network needs from the cluster; `ClusterReader` satisfies it. */
export interface NetworkSource {
  readonly settings: { readonly cni: CniMode; readonly podSubnet: string };
  list<K extends Kind>(kind: K): readonly ObjectOfKind<K>[];
  /** Every object of a kind, unsorted: the pods are grouped by node and each node's sorted apart. */
  each?<K extends Kind>(kind: K): Iterable<ObjectOfKind<K>>;
  /** One object by key: with it a pod is found through the source's own index, not one built here. */
  get?<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined;
}

export interface NetworkOptions {
  /** The underlay subnet's prefix length around each node's InternalIP (default 24). */
  underlayPrefix?: number;
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

interface PodPlacement {
  pods: Pod[];
  /** Whether pods is in (namespace, name) order yet: sorted when the node's network is built. */
  sorted: boolean;
}

/** Pods in (namespace, name) order, as a list of the cluster gives them. */
function byNamespaceName(a: Pod, b: Pod): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
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
      const info = nodeInfo(node);
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
    const net = buildNodeNetwork(info, {
      cni: this.cni,
      ...(this.podSubnet ? { podSubnet: this.podSubnet } : {}),
      underlayPrefix: this.underlayPrefix,
      peers: this.nodeOrder,
      pods: this.podsOn(name),
    });
    this.built.set(name, net);
    return net;
  }

  /** The pods with their own namespace on a node, in (namespace, name) order. */
  private podsOn(name: string): Pod[] {
    const p = this.groupPods().get(name);
    if (!p) return [];
    if (!p.sorted) {
      p.pods.sort(byNamespaceName);
      p.sorted = true;
    }
    return p.pods;
  }

  /** A pod's own namespace (`namespace/name`); undefined for hostNetwork pods and unknown pods. */
  pod(key: string): PodNetwork | undefined {
    const node = this.source.get ? this.placed(key, true) : this.podNodes().get(key);
    return node ? this.node(node)?.pods.get(key) : undefined;
  }

  /** The node of a pod looked up in the source: one with its own namespace (`own`), or a hostNetwork one. */
  private placed(key: string, own: boolean): string | undefined {
    const slash = key.indexOf('/');
    if (slash < 0) return undefined;
    const pod = this.source.get!('Pod', key.slice(0, slash), key.slice(slash + 1));
    const node = pod?.spec.nodeName;
    if (!pod || !node || !this.nodes.has(node)) return undefined;
    if (own) return hasPodNetns(pod) ? node : undefined;
    return !hasPodNetns(pod) && pod.spec.hostNetwork ? node : undefined;
  }

  /**
   * The namespace a console line or a packet starts in: a node by name, or a pod by
   * `namespace/name` (a hostNetwork pod shares its node's).
   */
  netns(nodeOrPod: string): Netns | undefined {
    if (!nodeOrPod.includes('/')) return this.node(nodeOrPod);
    const own = this.pod(nodeOrPod);
    if (own) return own;
    const host = this.source.get ? this.placed(nodeOrPod, false) : this.hostPodNodes().get(nodeOrPod);
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

  /**
   * One pass over the pods: which node each sits on. The pod -> node maps are only built for a
   * source without `get` (100,000 keys at the bench's size; a ClusterReader finds pods itself).
   * The pods are read unsorted where the source can, and a node's are sorted when its network is
   * built: a list of 100,000 pods is sorted whole after every change, most nodes are never built.
   */
  private groupPods(): Map<string, PodPlacement> {
    if (this.placement) return this.placement;
    const placement = new Map<string, PodPlacement>();
    const byKey = !this.source.get;
    const podNode = new Map<string, string>();
    const hostPods = new Map<string, string>();
    const unsorted = this.source.each?.('Pod');
    for (const pod of unsorted ?? this.source.list('Pod')) {
      const node = pod.spec.nodeName;
      if (!node || !this.nodes.has(node)) continue;
      if (!hasPodNetns(pod)) {
        if (byKey && pod.spec.hostNetwork) hostPods.set(podKey(pod), node);
        continue;
      }
      let p = placement.get(node);
      if (!p) placement.set(node, (p = { pods: [], sorted: !unsorted }));
      p.pods.push(pod);
      if (byKey) podNode.set(podKey(pod), node);
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
    // Two pods given one address (pinned by hand): the first in (namespace, name) order holds it.
    const holders = new Map<number, Pod>();
    for (const { pods } of this.groupPods().values()) {
      for (const pod of pods) {
        const n = parseIPv4(pod.status!.podIP!);
        if (n === undefined || owners.has(n)) continue;
        const held = holders.get(n);
        if (held === undefined || byNamespaceName(pod, held) < 0) holders.set(n, pod);
      }
    }
    for (const [n, pod] of holders) owners.set(n, { kind: 'pod', name: podKey(pod) });
    this.owners = owners;
    return owners;
  }
}

export function buildClusterNetwork(source: NetworkSource, options?: NetworkOptions): ClusterNetwork {
  return new ClusterNetwork(source, options);
}

/** The route a packet from `netns` to `dstIP` takes: the local table first, then main. */
export function lookupRouteIn(netns: Netns, dstIP: string): RouteLookup | undefined {
  // A namespace's routes never change once built (a cluster change builds new ones): keep
  // the answers, read-only, for the addresses a walk asks about again and again.
  let cache = routeCache.get(netns);
  if (!cache) routeCache.set(netns, (cache = new Map()));
  const hit = cache.get(dstIP);
  if (hit !== undefined) return hit ?? undefined;
  const found = findRoute(netns, dstIP);
  if (cache.size >= 1024) cache.clear();
  cache.set(dstIP, found ?? null);
  return found;
}

const routeCache = new WeakMap<Netns, Map<string, RouteLookup | null>>();

function findRoute(netns: Netns, dstIP: string): RouteLookup | undefined {
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
