/**
 * The virtual services a node's IPVS holds, as configured: most are the same on every node
 * (ClusterIPs, externalIPs, LB IPs with Cluster policy), built once and shared; some are the
 * node's own (Local-policy services with its local endpoints); and some repeat one shared
 * template on each of the node's addresses (NodePort services), made when first asked for.
 * The node's own entries win over shared ones with the same key.
 */
import { serviceKey, specKey } from './types.ts';
import type { IpvsProtocol, VirtualServerSpec } from './types.ts';

/** A virtual service repeated on each of a node's addresses (`address` is ignored). */
export interface PerAddressServices {
  addresses: readonly string[];
  /** By `protocol|port`. */
  templates: ReadonlyMap<string, VirtualServerSpec>;
}

const NONE: PerAddressServices = { addresses: [], templates: new Map() };

export class IpvsTable {
  private readonly made = new Map<string, VirtualServerSpec>();
  private readonly addressSet: ReadonlySet<string>;

  constructor(
    readonly shared: ReadonlyMap<string, VirtualServerSpec>,
    readonly own: ReadonlyMap<string, VirtualServerSpec> = new Map(),
    readonly perAddress: PerAddressServices = NONE,
  ) {
    this.addressSet = new Set(perAddress.addresses);
  }

  static of(specs: readonly VirtualServerSpec[]): IpvsTable {
    return new IpvsTable(new Map(specs.map((s) => [specKey(s), s])));
  }

  get(key: string): VirtualServerSpec | undefined {
    const s = this.own.get(key) ?? this.shared.get(key);
    if (s || this.perAddress.templates.size === 0) return s;
    const [protocol, address, port] = key.split('|');
    return this.fromTemplate(protocol as IpvsProtocol, address, Number(port), key);
  }

  find(protocol: IpvsProtocol, address: string, port: number): VirtualServerSpec | undefined {
    const key = serviceKey(protocol, address, port);
    return this.own.get(key) ?? this.shared.get(key) ?? this.fromTemplate(protocol, address, port, key);
  }

  private fromTemplate(protocol: IpvsProtocol, address: string, port: number, key: string): VirtualServerSpec | undefined {
    if (!this.addressSet.has(address)) return undefined;
    const t = this.perAddress.templates.get(`${protocol}|${port}`);
    if (!t) return undefined;
    let s = this.made.get(key);
    if (!s) this.made.set(key, (s = { ...t, address }));
    return s;
  }

  get size(): number {
    let n = this.shared.size;
    for (const k of this.own.keys()) if (!this.shared.has(k)) n++;
    for (const s of this.perAddressKeys()) if (!this.own.has(s) && !this.shared.has(s)) n++;
    return n;
  }

  private *perAddressKeys(): Generator<string> {
    for (const t of this.perAddress.templates.values()) for (const a of this.perAddress.addresses) yield serviceKey(t.protocol, a, t.port);
  }

  /** Every virtual service, each key once. */
  *all(): Generator<VirtualServerSpec> {
    for (const [k, s] of this.shared) yield this.own.get(k) ?? s;
    for (const [k, s] of this.own) if (!this.shared.has(k)) yield s;
    for (const t of this.perAddress.templates.values()) {
      for (const a of this.perAddress.addresses) {
        const k = serviceKey(t.protocol, a, t.port);
        if (!this.own.has(k) && !this.shared.has(k)) yield this.fromTemplate(t.protocol, a, t.port, k)!;
      }
    }
  }
}
