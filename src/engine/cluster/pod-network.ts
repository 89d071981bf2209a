/**
 * Pod addresses, the way flannel's CNI config hands them out: the host-local IPAM plugin on
 * each node, over the node's podCIDR. The bridge cni0 takes the first address (.1); allocation
 * continues after the last reserved address and wraps (containernetworking/plugins
 * plugins/ipam/host-local/backend/allocator/allocator.go, RangeIter). The node annotation
 * `svcsim.dev/last-reserved-ip` says where earlier allocations ended, so a scenario can continue
 * a tutorial's numbering; the pod annotation `svcsim.dev/pod-ip` pins an address.
 */
import type { Node, Pod } from '../api/core.ts';
import type { Cidr } from './ipv4.ts';
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from './ipv4.ts';

export const LAST_RESERVED_IP_ANNOTATION = 'svcsim.dev/last-reserved-ip';
export const POD_IP_ANNOTATION = 'svcsim.dev/pod-ip';

/** '0' .. '255'. */
const OCTETS = Array.from({ length: 256 }, (_, i) => String(i));

/** Ranges up to this many addresses are held as bits; bigger ones (a /15 podCIDR ...) as a Set. */
const MAX_BITS = 65536;

/** Addresses in use in one range: a bit per address (a node's /24 is 32 bytes, not a Set). */
class AddressBits {
  private readonly bits: Uint8Array | undefined;
  private readonly set: Set<number> | undefined;

  constructor(private readonly base: number, size: number) {
    if (size <= MAX_BITS) this.bits = new Uint8Array((size + 7) >>> 3);
    else this.set = new Set();
  }

  has(ip: number): boolean {
    if (this.set) return this.set.has(ip);
    const i = ip - this.base;
    return (this.bits![i >>> 3] & (1 << (i & 7))) !== 0;
  }

  add(ip: number): void {
    if (this.set) {
      this.set.add(ip);
      return;
    }
    const i = ip - this.base;
    this.bits![i >>> 3] |= 1 << (i & 7);
  }

  delete(ip: number): void {
    if (this.set) {
      this.set.delete(ip);
      return;
    }
    const i = ip - this.base;
    this.bits![i >>> 3] &= ~(1 << (i & 7));
  }
}

interface NodeRange {
  cidr: Cidr;
  gateway: number;
  first: number;
  last: number;
  /** Only addresses inside cidr are ever added (reserve and release check). */
  allocated: AddressBits;
  /** `a.b.c.` for a range within one /24: an address is this plus its last octet. */
  prefix: string | undefined;
  lastReserved?: number;
}

export function nodeInternalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

export class PodNetwork {
  private readonly ranges = new Map<string, NodeRange>();
  /** The address allocate() handed out last, and where: the stored pod's echo need not be parsed again. */
  private lastIssued: string | undefined;
  private lastIssuedNode: string | undefined;

  /** Registers or refreshes a node's range, keeping what is allocated there. */
  setNode(node: Node): void {
    this.lastIssued = undefined;
    const cidrText = node.spec.podCIDR ?? node.spec.podCIDRs?.[0];
    const cidr = cidrText ? parseCidr(cidrText) : undefined;
    const name = node.metadata.name;
    if (!cidr || cidr.size < 4) {
      this.ranges.delete(name);
      return;
    }
    const prev = this.ranges.get(name);
    const annotated = parseIPv4(node.metadata.annotations?.[LAST_RESERVED_IP_ANNOTATION] ?? '');
    const range: NodeRange = {
      cidr,
      gateway: cidr.base + 1,
      // host-local's default range: network+1 .. broadcast-1, the gateway excluded.
      first: cidr.base + 1,
      last: cidr.base + cidr.size - 2,
      prefix: cidr.prefix >= 24 ? formatIPv4(cidr.base).slice(0, formatIPv4(cidr.base).lastIndexOf('.') + 1) : undefined,
      allocated: prev && prev.cidr.base === cidr.base && prev.cidr.prefix === cidr.prefix ? prev.allocated : new AddressBits(cidr.base, cidr.size),
      lastReserved: prev?.lastReserved ?? (annotated !== undefined && cidrContains(cidr, annotated) ? annotated : undefined),
    };
    this.ranges.set(name, range);
  }

  removeNode(name: string): void {
    this.lastIssued = undefined;
    this.ranges.delete(name);
  }

  /** Marks an address as in use on a node (a pinned or pasted pod). `moveLast` as host-local does for a requested IP. */
  reserve(nodeName: string, ip: string, moveLast: boolean): void {
    if (!moveLast && ip === this.lastIssued && nodeName === this.lastIssuedNode) return; // already held
    const r = this.ranges.get(nodeName);
    const n = parseIPv4(ip);
    if (!r || n === undefined || !cidrContains(r.cidr, n)) return;
    r.allocated.add(n);
    if (moveLast) r.lastReserved = n;
  }

  /** The next free address on the node, or undefined when the node has no range or it is full. */
  allocate(nodeName: string): string | undefined {
    const r = this.ranges.get(nodeName);
    if (!r) return undefined;
    const span = r.last - r.first + 1;
    const start = r.lastReserved !== undefined && r.lastReserved >= r.first && r.lastReserved <= r.last ? r.lastReserved + 1 : r.first;
    for (let k = 0; k < span; k++) {
      let ip = start + k;
      if (ip > r.last) ip -= span;
      if (ip === r.gateway || r.allocated.has(ip)) continue;
      r.allocated.add(ip);
      r.lastReserved = ip;
      this.lastIssuedNode = nodeName;
      return (this.lastIssued = r.prefix !== undefined ? r.prefix + OCTETS[ip & 255] : formatIPv4(ip));
    }
    return undefined;
  }

  release(nodeName: string, ip: string): void {
    this.lastIssued = undefined;
    const n = parseIPv4(ip);
    const r = this.ranges.get(nodeName);
    if (n !== undefined && r && cidrContains(r.cidr, n)) r.allocated.delete(n);
  }

  /** The address a pod should get: its node's InternalIP on the host network, a pinned one, or the next free. */
  addressFor(pod: Pod, node: Node): string | undefined {
    if (pod.spec.hostNetwork) return nodeInternalIP(node);
    const pinned = pod.metadata.annotations?.[POD_IP_ANNOTATION];
    if (pinned) {
      this.reserve(node.metadata.name, pinned, true);
      return pinned;
    }
    return this.allocate(node.metadata.name);
  }
}
