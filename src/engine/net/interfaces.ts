/**
 * Network interfaces as the kernel reports them over rtnetlink (what `ip link` and `ip addr`
 * print), and builders for the ones a flannel node has: lo, eth0, flannel.1 (VXLAN), the cni0
 * bridge and one veth pair per pod (containernetworking/plugins plugins/main/bridge).
 */
import { linkLocalFromMac } from './link-addresses.ts';

/** Link flags in the order iproute2 prints them (ip/ipaddress.c print_link_flags). */
export const LINK_FLAG_ORDER = ['LOOPBACK', 'BROADCAST', 'POINTOPOINT', 'MULTICAST', 'NOARP', 'ALLMULTI', 'PROMISC', 'MASTER', 'SLAVE', 'UP', 'LOWER_UP'] as const;
export type LinkFlag = (typeof LINK_FLAG_ORDER)[number];

export type LinkKind = 'loopback' | 'ether' | 'bridge' | 'vxlan' | 'veth';

export interface InetAddress {
  address: string;
  prefix: number;
  /** IFA_BROADCAST: set by netlink address adds for prefixes shorter than /31. */
  broadcast?: string;
  scope: 'host' | 'link' | 'global';
  /** Address flags as `ip addr` lists them after the scope (`noprefixroute`). */
  flags?: readonly string[];
}

export interface VxlanInfo {
  vni: number;
  /** The VTEP's underlay address (flannel: the node's public IP). */
  local: string;
  dev: string;
  /** Destination UDP port: 8472, Linux's historical VXLAN port, which flannel keeps. */
  dstport: number;
  learning: boolean;
}

export interface NetInterface {
  ifindex: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  flags: readonly LinkFlag[];
  qdisc: string;
  /** IFLA_OPERSTATE: virtual devices without carrier detection report UNKNOWN. */
  operstate: 'UP' | 'DOWN' | 'UNKNOWN';
  /** tx queue length; 0 is not printed. */
  qlen: number;
  /** The bridge a port is enslaved to (veths: cni0). */
  master?: string;
  /** A veth's peer: its ifindex in the other namespace and how `ip` names that namespace. */
  peer?: { ifindex: number; netns: { name: string } | { id: number } };
  inet: readonly InetAddress[];
  inet6: readonly InetAddress[];
  vxlan?: VxlanInfo;
}

const ETHER_FLAGS: readonly LinkFlag[] = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

function linkLocal(mac: string): InetAddress[] {
  return [{ address: linkLocalFromMac(mac), prefix: 64, scope: 'link' }];
}

/** The last address of `address/prefix`, as netlink fills IFA_BROADCAST. */
export function broadcastOf(address: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return address - (address % size) + size - 1;
}

/** lo: 127.0.0.1/8 and ::1 (noprefixroute since Linux 6.x, as Ubuntu 24.04's kernel shows it). */
export function loopback(): NetInterface {
  return {
    ifindex: 1,
    name: 'lo',
    kind: 'loopback',
    mac: '00:00:00:00:00:00',
    mtu: 65536,
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    qdisc: 'noqueue',
    operstate: 'UNKNOWN',
    qlen: 1000,
    inet: [{ address: '127.0.0.1', prefix: 8, scope: 'host' }],
    inet6: [{ address: '::1', prefix: 128, scope: 'host', flags: ['noprefixroute'] }],
  };
}

export interface EtherOptions {
  ifindex: number;
  name: string;
  mac: string;
  mtu: number;
  inet?: InetAddress;
}

/** The node's NIC, configured statically by netplan: fq_codel is Ubuntu's default qdisc. */
export function nodeNic(o: EtherOptions): NetInterface {
  return {
    ifindex: o.ifindex,
    name: o.name,
    kind: 'ether',
    mac: o.mac,
    mtu: o.mtu,
    flags: ETHER_FLAGS,
    qdisc: 'fq_codel',
    operstate: 'UP',
    qlen: 1000,
    inet: o.inet ? [o.inet] : [],
    inet6: linkLocal(o.mac),
  };
}

/**
 * flannel.1 (flannel-io/flannel pkg/backend/vxlan/device.go): created with a LinkAttrs literal,
 * so txqueuelen 0 (no `qlen`), MTU of the external interface minus 50, learning off, and the
 * node's subnet address as a /32 (no broadcast).
 */
export function flannelVxlan(o: EtherOptions & { vxlan: VxlanInfo }): NetInterface {
  return {
    ifindex: o.ifindex,
    name: o.name,
    kind: 'vxlan',
    mac: o.mac,
    mtu: o.mtu,
    flags: ETHER_FLAGS,
    qdisc: 'noqueue',
    operstate: 'UNKNOWN',
    qlen: 0,
    inet: o.inet ? [o.inet] : [],
    inet6: linkLocal(o.mac),
    vxlan: o.vxlan,
  };
}

/** cni0: the bridge plugin's ensureBridge (NewLinkAttrs, so the default txqueuelen 1000). */
export function cniBridge(o: EtherOptions): NetInterface {
  return {
    ifindex: o.ifindex,
    name: o.name,
    kind: 'bridge',
    mac: o.mac,
    mtu: o.mtu,
    flags: ETHER_FLAGS,
    qdisc: 'noqueue',
    operstate: 'UP',
    qlen: 1000,
    inet: o.inet ? [o.inet] : [],
    inet6: linkLocal(o.mac),
  };
}

/**
 * One end of a pod's veth pair. plugins >= v1.6.0 create it with NewLinkAttrs, so both ends keep
 * the kernel's txqueuelen 1000 (pkg/ip/link_linux.go makeVethPair).
 */
export function vethEnd(o: EtherOptions & { master?: string; peer: NonNullable<NetInterface['peer']> }): NetInterface {
  return {
    ifindex: o.ifindex,
    name: o.name,
    kind: 'veth',
    mac: o.mac,
    mtu: o.mtu,
    flags: ETHER_FLAGS,
    qdisc: 'noqueue',
    operstate: 'UP',
    qlen: 1000,
    ...(o.master ? { master: o.master } : {}),
    peer: o.peer,
    inet: o.inet ? [o.inet] : [],
    inet6: linkLocal(o.mac),
  };
}
