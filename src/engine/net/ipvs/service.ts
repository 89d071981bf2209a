/**
 * A virtual service and its destinations as the kernel keeps them at run time (struct
 * ip_vs_service, struct ip_vs_dest): weights, active/inactive/persistent connection counts and
 * statistics. Destinations are listed as svc->destinations holds them: ip_vs_add_dest puts each
 * new one at the head (list_add_rcu), so the most recently added comes first.
 */
import { parseIPv4 } from '../ipv4.ts';
import type { IpvsStats, RealServerSpec, VirtualServerSpec } from './types.ts';

export function emptyStats(): IpvsStats {
  return { conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 };
}

export class IpvsDest {
  readonly addr: number;
  activeConns = 0;
  inactConns = 0;
  persistConns = 0;
  readonly stats = emptyStats();
  /** Gone from the user's config but kept (weight 0) while connections drain (kube-proxy's graceful termination). */
  draining = false;

  constructor(
    readonly address: string,
    readonly port: number,
    public weight: number,
  ) {
    this.addr = parseIPv4(address) ?? 0;
  }

  get key(): string {
    return `${this.address}:${this.port}`;
  }

  /** ip_vs_dest_conn_overhead: (activeconns << 8) + inactconns. */
  get overhead(): number {
    return this.activeConns * 256 + this.inactConns;
  }

  /** Neither weight 0 nor IP_VS_DEST_F_OVERLOAD (kube-proxy sets no thresholds, so never overloaded). */
  get available(): boolean {
    return this.weight > 0;
  }
}

export class IpvsService {
  /** In kernel list order: newest first. */
  dests: IpvsDest[] = [];
  readonly stats = emptyStats();
  /** Bumped whenever the destination list or a weight changes: schedulers with tables rebuild. */
  generation = 0;

  constructor(public spec: VirtualServerSpec) {
    for (const d of spec.destinations) this.addDest(d);
  }

  addDest(d: RealServerSpec): IpvsDest {
    const dest = new IpvsDest(d.address, d.port, d.weight);
    this.dests.unshift(dest);
    this.generation++;
    return dest;
  }

  dest(address: string, port: number): IpvsDest | undefined {
    return this.dests.find((d) => d.address === address && d.port === port);
  }

  removeDest(dest: IpvsDest): void {
    this.dests = this.dests.filter((d) => d !== dest);
    this.generation++;
  }
}
