/**
 * The virtual services a node's IPVS holds, as configured: most are the same on every node
 * (ClusterIPs, externalIPs, LB IPs with Cluster policy), built once and shared; a few are the
 * node's own (NodePort services on its addresses, Local-policy services with its local
 * endpoints). The node's own entries win over shared ones with the same key.
 */
import { serviceKey, specKey } from './types.ts';
import type { IpvsProtocol, VirtualServerSpec } from './types.ts';

export class IpvsTable {
  constructor(
    readonly shared: ReadonlyMap<string, VirtualServerSpec>,
    readonly own: ReadonlyMap<string, VirtualServerSpec> = new Map(),
  ) {}

  static of(specs: readonly VirtualServerSpec[]): IpvsTable {
    return new IpvsTable(new Map(specs.map((s) => [specKey(s), s])));
  }

  get(key: string): VirtualServerSpec | undefined {
    return this.own.get(key) ?? this.shared.get(key);
  }

  find(protocol: IpvsProtocol, address: string, port: number): VirtualServerSpec | undefined {
    return this.get(serviceKey(protocol, address, port));
  }

  get size(): number {
    let n = this.shared.size;
    for (const k of this.own.keys()) if (!this.shared.has(k)) n++;
    return n;
  }

  /** Every virtual service, each key once. */
  *all(): Generator<VirtualServerSpec> {
    for (const [k, s] of this.shared) yield this.own.get(k) ?? s;
    for (const [k, s] of this.own) if (!this.shared.has(k)) yield s;
  }
}
