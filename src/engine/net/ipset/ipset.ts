/**
 * The kernel's ipsets as kube-proxy's ipvs mode uses them (netfilter ipset, kernel 6.1 /
 * ipset v7.17 as on a Debian 12 node): hash:ip, hash:ip,port, hash:ip,port,ip,
 * hash:ip,port,net and bitmap:port. Members are kept in the text form `ipset add` takes
 * (`10.96.0.1,tcp:443`) and as a lookup key, so `-m set --match-set NAME dst,dst` costs one
 * Set lookup per packet.
 */
import { cidrContains, parseCidr, parseIPv4 } from '../ipv4.ts';
import type { Cidr } from '../ipv4.ts';
import type { IpsetLookup, SetDirection } from '../iptables/match-set.ts';
import type { Packet } from '../packet.ts';

export type IpsetType = 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';

/** How many packet fields (dimensions) a set of the type matches: `--match-set` gives one flag each. */
export const DIMENSIONS: Readonly<Record<IpsetType, number>> = {
  'hash:ip': 1,
  'hash:ip,port': 2,
  'hash:ip,port,ip': 3,
  'hash:ip,port,net': 3,
  'bitmap:port': 1,
};

export interface IpsetOptions {
  /** bitmap:port `range FROM-TO`; kube-proxy creates 0-65535. */
  range?: { from: number; to: number };
  /** hash types' random `initval` (printed in the header); derive it from the seeded generator. */
  initval?: number;
}

function side(p: Packet, f: SetDirection | undefined): { ip: string; port: number } {
  return f === 'src' ? { ip: p.src, port: p.sport } : { ip: p.dst, port: p.dport };
}

/** One set. `add` takes the member text kube-proxy passes to `ipset add` (entry.String()). */
export class IpSet implements IpsetLookup {
  private readonly members = new Set<string>();
  /** Insertion order, for listing. */
  private readonly order: string[] = [];
  /** hash:ip,port,net: the networks per `ip,proto:port`. */
  private readonly nets = new Map<string, Cidr[]>();
  readonly range: { from: number; to: number };
  readonly initval: number;

  constructor(
    readonly name: string,
    readonly type: IpsetType,
    opts: IpsetOptions = {},
  ) {
    this.range = opts.range ?? { from: 0, to: 65535 };
    this.initval = (opts.initval ?? 0) >>> 0;
  }

  get size(): number {
    return this.members.size;
  }

  /** Members in the order they were added. */
  entries(): readonly string[] {
    return this.order;
  }

  has(entry: string): boolean {
    return this.members.has(entry);
  }

  /** Adds a member (`-exist` semantics: a duplicate is a no-op). Returns false for a malformed one. */
  add(entry: string): boolean {
    if (this.members.has(entry)) return true;
    if (!this.valid(entry)) return false;
    this.insert(entry);
    return true;
  }

  /** Adds a member its writer has already validated (kube-proxy's Entry.Validate), without parsing it again. */
  addValidated(entry: string): void {
    if (!this.members.has(entry)) this.insert(entry);
  }

  private insert(entry: string): void {
    this.members.add(entry);
    this.order.push(entry);
    if (this.type === 'hash:ip,port,net') {
      const cut = entry.lastIndexOf(',');
      const key = entry.slice(0, cut);
      const net = entry.slice(cut + 1);
      const cidr = parseCidr(net.includes('/') ? net : `${net}/32`);
      if (cidr) {
        let list = this.nets.get(key);
        if (!list) this.nets.set(key, (list = []));
        list.push(cidr);
      }
    }
  }

  private valid(entry: string): boolean {
    const parts = entry.split(',');
    const ipOk = (s: string) => parseIPv4(s) !== undefined;
    const portOk = (s: string) => /^(tcp|udp|sctp):\d{1,5}$/.test(s) && Number(s.slice(s.indexOf(':') + 1)) <= 65535;
    switch (this.type) {
      case 'hash:ip': return parts.length === 1 && ipOk(parts[0]);
      case 'hash:ip,port': return parts.length === 2 && ipOk(parts[0]) && portOk(parts[1]);
      case 'hash:ip,port,ip': return parts.length === 3 && ipOk(parts[0]) && portOk(parts[1]) && ipOk(parts[2]);
      case 'hash:ip,port,net': return parts.length === 3 && ipOk(parts[0]) && portOk(parts[1]) && parseCidr(parts[2].includes('/') ? parts[2] : `${parts[2]}/32`) !== undefined;
      case 'bitmap:port': {
        const n = Number(entry);
        return /^\d{1,5}$/.test(entry) && n >= this.range.from && n <= this.range.to;
      }
    }
  }

  /** The kernel's lookup for `-m set --match-set NAME flags` (one flag per dimension; extra dimensions are not matched). */
  test(p: Packet, flags: readonly SetDirection[]): boolean {
    if (flags.length < DIMENSIONS[this.type]) return false;
    switch (this.type) {
      case 'bitmap:port':
        return this.members.has(String(side(p, flags[0]).port));
      case 'hash:ip':
        return this.members.has(side(p, flags[0]).ip);
      case 'hash:ip,port':
        return this.members.has(`${side(p, flags[0]).ip},${p.proto}:${side(p, flags[1]).port}`);
      case 'hash:ip,port,ip':
        return this.members.has(`${side(p, flags[0]).ip},${p.proto}:${side(p, flags[1]).port},${side(p, flags[2]).ip}`);
      case 'hash:ip,port,net': {
        const list = this.nets.get(`${side(p, flags[0]).ip},${p.proto}:${side(p, flags[1]).port}`);
        const ip = parseIPv4(side(p, flags[2]).ip);
        return list !== undefined && ip !== undefined && list.some((c) => cidrContains(c, ip));
      }
    }
  }
}
