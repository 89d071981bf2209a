/**
 * The shapes of a node's network: a namespace with its links and routing tables, a node's
 * namespace with flannel's neighbour entries and its pods, and a pod's own namespace.
 */
import type { NetInterface } from './interfaces.ts';
import type { RouteTable } from './routes.ts';

export type CniMode = 'flannel-vxlan' | 'flannel-host-gw';

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

export const NIC_NAME = 'eth0';
export const NIC_MTU = 1500;
/** VXLAN over IPv4 adds 50 bytes (outer Ethernet 14 + IP 20 + UDP 8 + VXLAN 8). */
export const VXLAN_OVERHEAD = 50;
export const FLANNEL_VNI = 1;
export const FLANNEL_VXLAN_PORT = 8472;
export const BRIDGE_NAME = 'cni0';
export const FLANNEL_BACKEND_DATA = 'flannel.alpha.coreos.com/backend-data';
