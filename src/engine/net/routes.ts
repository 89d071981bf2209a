/**
 * Kernel routing tables (the `main` and `local` FIB tables) with longest-prefix lookup, and the
 * routes the kernel derives from interface addresses (net/ipv4/fib_frontend.c fib_add_ifaddr).
 */
import type { Cidr } from './ipv4.ts';
import { formatIPv4, parseIPv4 } from './ipv4.ts';
import type { NetInterface } from './interfaces.ts';
import { broadcastOf } from './interfaces.ts';

export type RouteTableName = 'main' | 'local';
export type RouteType = 'unicast' | 'local' | 'broadcast';
/** rtm_protocol names from /etc/iproute2/rt_protos; `boot` (netlink's default) is not printed. */
export type RouteProto = 'boot' | 'kernel' | 'static' | 'dhcp';
export type RouteScope = 'universe' | 'link' | 'host';

export interface Route {
  table: RouteTableName;
  type: RouteType;
  dst: Cidr;
  via?: string;
  dev: string;
  proto: RouteProto;
  scope: RouteScope;
  /** RTA_PREFSRC. */
  src?: string;
  /** RTNH_F_ONLINK: the gateway is on the link even though no prefix says so (flannel VXLAN). */
  onlink?: boolean;
  metric?: number;
}

export function cidrOf(base: number, prefix: number): Cidr {
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), prefix, size };
}

/**
 * One FIB table: routes in dump order (ascending key, longer prefix first for the same key,
 * as the fib_trie walk returns them) and an index by prefix length for lookups.
 */
export class RouteTable {
  readonly routes: readonly Route[];
  /** prefix length -> network base -> route (first one added wins, as with equal metrics). */
  private readonly byPrefix = new Map<number, Map<number, Route>>();
  /** Prefix lengths present, longest first. */
  private readonly prefixes: number[];

  constructor(routes: readonly Route[]) {
    this.routes = [...routes].sort((a, b) => a.dst.base - b.dst.base || b.dst.prefix - a.dst.prefix || (a.metric ?? 0) - (b.metric ?? 0));
    for (const r of this.routes) {
      let m = this.byPrefix.get(r.dst.prefix);
      if (!m) this.byPrefix.set(r.dst.prefix, (m = new Map()));
      if (!m.has(r.dst.base)) m.set(r.dst.base, r);
    }
    this.prefixes = [...this.byPrefix.keys()].sort((a, b) => b - a);
  }

  /** Longest-prefix match; O(number of distinct prefix lengths). */
  lookup(ip: number): Route | undefined {
    for (const p of this.prefixes) {
      const size = 2 ** (32 - p);
      const r = this.byPrefix.get(p)!.get(ip - (ip % size));
      if (r) return r;
    }
    return undefined;
  }
}

/**
 * The routes the kernel adds for an interface's IPv4 addresses: in `local`, the address itself
 * and the prefix's broadcast (/30 and shorter); in `main`, the prefix route (`proto kernel scope
 * link`), except on loopback, whose prefix becomes a `local` route. Since Linux 5.x no broadcast
 * route is added for the network address.
 */
export function addressRoutes(iface: NetInterface): Route[] {
  const out: Route[] = [];
  for (const a of iface.inet) {
    const addr = parseIPv4(a.address);
    if (addr === undefined) continue;
    const common = { dev: iface.name, proto: 'kernel' as const, src: a.address };
    out.push({ table: 'local', type: 'local', dst: cidrOf(addr, 32), scope: 'host', ...common });
    if (a.prefix < 32) {
      const net = cidrOf(addr, a.prefix);
      if (iface.kind === 'loopback') out.push({ table: 'local', type: 'local', dst: net, scope: 'host', ...common });
      else out.push({ table: 'main', type: 'unicast', dst: net, scope: 'link', ...common });
    }
    if (a.prefix < 31) {
      out.push({ table: 'local', type: 'broadcast', dst: cidrOf(broadcastOf(addr, a.prefix), 32), scope: 'link', ...common });
    }
  }
  return out;
}

/** A gateway route as netlink programs add it (flannel, the CNI plugins): `proto boot`. */
export function gatewayRoute(dst: Cidr, via: string, dev: string, extra: Partial<Route> = {}): Route {
  return { table: 'main', type: 'unicast', dst, via, dev, proto: 'boot', scope: 'universe', ...extra };
}

export const DEFAULT_DST: Cidr = { base: 0, prefix: 0, size: 2 ** 32 };

export function formatDst(dst: Cidr): string {
  if (dst.prefix === 0) return 'default';
  return dst.prefix === 32 ? formatIPv4(dst.base) : `${formatIPv4(dst.base)}/${dst.prefix}`;
}
