/**
 * What iproute2 prints for `ip route`, `ip addr` and `ip link`, byte for byte, in the version an
 * Ubuntu 24.04 node ships (iproute2 6.1.0). Every field is printed as `"%s "`, so most lines end
 * in a space; the exceptions are kept: an IPv4 address line ends with its label, and the link line
 * ends with `qlen N` when there is a queue length (iproute2 ip/iproute.c print_route,
 * ip/ipaddress.c print_linkinfo / print_addrinfo, ip/ipneigh.c print_neigh, v6.1.0).
 */
import type { InetAddress, NetInterface } from './interfaces.ts';
import { LINK_FLAG_ORDER } from './interfaces.ts';
import type { NeighborEntry, Netns } from './netns.ts';
import type { Route, RouteTableName } from './routes.ts';
import { formatDst } from './routes.ts';

/** One route as `ip route` prints it (the table name is omitted: `ip route show table X` filters by it). */
export function formatRoute(r: Route): string {
  let s = '';
  if (r.type !== 'unicast') s += `${r.type} `;
  s += `${formatDst(r.dst)} `;
  if (r.via) s += `via ${r.via} `;
  s += `dev ${r.dev} `;
  if (r.proto !== 'boot') s += `proto ${r.proto} `;
  if (r.scope !== 'universe') s += `scope ${r.scope} `;
  if (r.src) s += `src ${r.src} `;
  if (r.metric !== undefined) s += `metric ${r.metric} `;
  if (r.onlink) s += 'onlink ';
  return s;
}

/** `ip route` (main) or `ip route show table local`. */
export function formatIpRoute(netns: Netns, table: RouteTableName = 'main'): string {
  const t = table === 'local' ? netns.local : netns.main;
  return t.routes.map((r) => `${formatRoute(r)}\n`).join('');
}

function linkName(iface: NetInterface): string {
  // a veth whose peer is in another namespace: IFLA_LINK_NETNSID set, so `name@ifN`
  return iface.peer ? `${iface.name}@if${iface.peer.ifindex}` : iface.name;
}

function flagList(iface: NetInterface): string {
  return LINK_FLAG_ORDER.filter((f) => iface.flags.includes(f)).join(',');
}

function linkNetns(iface: NetInterface): string {
  if (!iface.peer) return '';
  const ns = iface.peer.netns;
  return 'name' in ns ? ` link-netns ${ns.name}` : ` link-netnsid ${ns.id}`;
}

/** The link lines; `showLinkLayer` is false under `ip -4 addr`, which skips `link/ether`. */
function formatLink(iface: NetInterface, mode: 'addr' | 'link', showLinkLayer: boolean): string {
  let s = `${iface.ifindex}: ${linkName(iface)}: <${flagList(iface)}> mtu ${iface.mtu} qdisc ${iface.qdisc} `;
  if (iface.master) s += `master ${iface.master} `;
  s += `state ${iface.operstate} `;
  if (mode === 'link') s += 'mode DEFAULT ';
  s += 'group default ';
  if (iface.qlen) s += `qlen ${iface.qlen}`;
  if (showLinkLayer) {
    const type = iface.kind === 'loopback' ? 'loopback' : 'ether';
    const brd = iface.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
    s += `\n    link/${type} ${iface.mac} brd ${brd}`;
  }
  // IFLA_LINK_NETNSID is printed outside the link-layer block, so `ip -4 addr` appends it to the first line
  s += linkNetns(iface);
  return `${s}\n`;
}

function formatInet(a: InetAddress, family: 'inet' | 'inet6', label: string): string {
  let s = `    ${family} ${a.address}/${a.prefix} `;
  if (a.broadcast) s += `brd ${a.broadcast} `;
  s += `scope ${a.scope} `;
  for (const f of a.flags ?? []) s += `${f} `;
  // IPv4 addresses carry IFA_LABEL (the device name); IPv6 ones have none
  if (family === 'inet') s += label;
  return `${s}\n       valid_lft forever preferred_lft forever\n`;
}

export interface IpAddrOptions {
  /** `ip -4 addr` / `ip -6 addr`: only links with an address of that family, and no link/ether line. */
  family?: 4 | 6;
  /** `ip addr show dev NAME`. */
  dev?: string;
}

/** `ip addr` (`ip a`, `ip address show`). */
export function formatIpAddr(netns: Netns, opts: IpAddrOptions = {}): string {
  let out = '';
  for (const iface of netns.interfaces) {
    if (opts.dev !== undefined && iface.name !== opts.dev) continue;
    const inet = opts.family === 6 ? [] : iface.inet;
    const inet6 = opts.family === 4 ? [] : iface.inet6;
    if (opts.family !== undefined && inet.length + inet6.length === 0) continue;
    out += formatLink(iface, 'addr', opts.family === undefined);
    for (const a of inet) out += formatInet(a, 'inet', iface.name);
    for (const a of inet6) out += formatInet(a, 'inet6', iface.name);
  }
  return out;
}

/** `ip link` (`ip link show [dev NAME]`). */
export function formatIpLink(netns: Netns, dev?: string): string {
  return netns.interfaces
    .filter((i) => dev === undefined || i.name === dev)
    .map((i) => formatLink(i, 'link', true))
    .join('');
}

/** `ip neigh` for the permanent entries flannel writes (`10.244.1.0 dev flannel.1 lladdr ... PERMANENT `). */
export function formatIpNeigh(neighbors: readonly NeighborEntry[]): string {
  return neighbors.map((n) => `${n.ip} dev ${n.dev} lladdr ${n.lladdr} PERMANENT \n`).join('');
}
