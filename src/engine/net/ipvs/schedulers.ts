/**
 * The IPVS schedulers (net/netfilter/ipvs/ip_vs_<name>.c), each choosing a destination for a
 * new connection from the service's list in kernel order. A destination is unavailable when its
 * weight is 0 (or it is overloaded, which kube-proxy's thresholds never cause).
 *  - rr: the next available after the last chosen (ip_vs_rr.c).
 *  - wrr: interleaved weighted round robin over gcd steps (ip_vs_wrr.c); all weights 1 = rr.
 *  - lc: least overhead, (activeconns << 8) + inactconns (ip_vs_lc.c).
 *  - wlc: least overhead / weight, compared as loh * dw > doh * lw (ip_vs_wlc.c).
 *  - sed: like wlc with overhead activeconns + 1 (ip_vs_sed.c).
 *  - nq: an idle server (0 active) at once, else as sed (ip_vs_nq.c).
 *  - dh / sh: a 256-bucket table filled round the list by weight, indexed by
 *    hash_32(destination / source address [+ source port with sh-port]) (ip_vs_dh.c, ip_vs_sh.c).
 *  - lblc / lblcr: per destination IP, the server (set) last used unless overloaded, else wlc (ip_vs_lblc*.c).
 *  - mh: maglev (maglev.ts).
 */
import { parseIPv4 } from '../ipv4.ts';
import { MaglevTable } from './maglev.ts';
import type { IpvsDest, IpvsService } from './service.ts';
import type { IpvsFlow, SchedulerName } from './types.ts';

export interface Scheduler {
  pick(svc: IpvsService, flow: IpvsFlow): IpvsDest | undefined;
}

/** linux/hash.h hash_32: multiply by GOLDEN_RATIO_32, keep the top bits. */
export function hash32(value: number, bits: number): number {
  return Math.imul(value >>> 0, 0x61c88647) >>> (32 - bits);
}

class RoundRobin implements Scheduler {
  private last: IpvsDest | undefined;
  pick(svc: IpvsService): IpvsDest | undefined {
    const list = svc.dests;
    const n = list.length;
    if (n === 0) return undefined;
    const start = this.last ? list.indexOf(this.last) + 1 : 0;
    for (let k = 0; k < n; k++) {
      const d = list[(start + k) % n];
      if (d.available) return (this.last = d);
    }
    return undefined;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

class WeightedRoundRobin implements Scheduler {
  private index = -1;
  private cw = 0;
  pick(svc: IpvsService): IpvsDest | undefined {
    const list = svc.dests;
    const weights = list.map((d) => (d.available ? d.weight : 0));
    const mw = Math.max(0, ...weights);
    if (mw === 0) return undefined;
    const di = weights.reduce((g, w) => (w > 0 ? gcd(g, w) : g), 0) || 1;
    // Walk the list; at each wrap lower the current weight by the gcd, back to the max below 1.
    for (let steps = 0; steps <= list.length * (mw / di + 1); steps++) {
      this.index++;
      if (this.index >= list.length) {
        this.index = 0;
        this.cw -= di;
        if (this.cw <= 0) this.cw = mw;
      } else if (this.cw === 0) this.cw = mw;
      if (weights[this.index] >= this.cw) return list[this.index];
    }
    return undefined;
  }
}

/** lc / wlc / sed: the first destination with the least overhead per weight. */
class LeastOverhead implements Scheduler {
  constructor(private readonly overhead: (d: IpvsDest) => number, private readonly weighted: boolean) {}
  pick(svc: IpvsService): IpvsDest | undefined {
    return this.pickFrom(svc.dests);
  }

  pickFrom(list: readonly IpvsDest[]): IpvsDest | undefined {
    let least: IpvsDest | undefined;
    let loh = 0;
    for (const d of list) {
      if (!d.available) continue;
      const doh = this.overhead(d);
      if (!least) {
        least = d;
        loh = doh;
      } else if (this.weighted ? loh * d.weight > doh * least.weight : doh < loh) {
        least = d;
        loh = doh;
      }
    }
    return least;
  }
}

class NeverQueue implements Scheduler {
  pick(svc: IpvsService): IpvsDest | undefined {
    let least: IpvsDest | undefined;
    let loh = 0;
    for (const d of svc.dests) {
      if (!d.available) continue;
      const doh = d.activeConns + 1;
      if (d.activeConns === 0) return d;
      if (!least || loh * d.weight > doh * least.weight) {
        least = d;
        loh = doh;
      }
    }
    return least;
  }
}

const TAB_BITS = 8;
const TAB_SIZE = 1 << TAB_BITS;

/** dh / sh: buckets assigned round the list, each destination taking `weight` buckets in a row. */
class HashTable implements Scheduler {
  private buckets: (IpvsDest | undefined)[] = [];
  private generation = -1;

  constructor(private readonly bySource: boolean, private readonly port: boolean, private readonly fallback: boolean) {}

  private assign(svc: IpvsService): void {
    const list = svc.dests;
    this.buckets = new Array<IpvsDest | undefined>(TAB_SIZE);
    let p = 0;
    let count = 0;
    for (let i = 0; i < TAB_SIZE; i++) {
      if (list.length === 0) continue;
      const d = list[p];
      this.buckets[i] = d;
      if (++count >= d.weight) {
        p = (p + 1) % list.length;
        count = 0;
      }
    }
    this.generation = svc.generation;
  }

  pick(svc: IpvsService, flow: IpvsFlow): IpvsDest | undefined {
    if (this.generation !== svc.generation) this.assign(svc);
    const addr = parseIPv4(this.bySource ? flow.src : flow.dst) ?? 0;
    const port = this.bySource && this.port ? flow.sport : 0;
    const hash = hash32((port + addr) >>> 0, TAB_BITS);
    const d = this.buckets[hash];
    if (d && d.available) return d;
    if (!this.fallback) return undefined;
    // ip_vs_sh_get_fallback: try the following buckets, offset by the round.
    for (let offset = 1; offset < TAB_SIZE; offset++) {
      const other = this.buckets[(hash + offset) & (TAB_SIZE - 1)];
      if (other && other.available) return other;
    }
    return undefined;
  }
}

/** lblc (replicate=false) and lblcr (replicate=true), keyed by the flow's destination address. */
class LocalityBased implements Scheduler {
  private readonly table = new Map<string, IpvsDest[]>();
  private readonly wlc = new LeastOverhead((d) => d.overhead, true);

  constructor(private readonly replicate: boolean) {}

  private overloaded(d: IpvsDest, svc: IpvsService): boolean {
    // ip_vs_lblc is_overloaded: busier than its weight while some server is at under half load.
    if (d.activeConns <= d.weight) return false;
    return svc.dests.some((o) => o.activeConns * 2 < o.weight);
  }

  pick(svc: IpvsService, flow: IpvsFlow): IpvsDest | undefined {
    const set = (this.table.get(flow.dst) ?? []).filter((d) => svc.dests.includes(d) && d.available);
    let chosen: IpvsDest | undefined;
    if (set.length > 0) {
      chosen = this.wlc.pickFrom(set);
      if (chosen && this.overloaded(chosen, svc)) chosen = undefined;
    }
    if (!chosen) {
      chosen = this.wlc.pick(svc);
      if (!chosen) return undefined;
      if (this.replicate) set.push(chosen);
      this.table.set(flow.dst, this.replicate ? set : [chosen]);
    }
    return chosen;
  }
}

class Maglev implements Scheduler {
  private table: MaglevTable | undefined;
  private generation = -1;
  constructor(private readonly port: boolean, private readonly fallback: boolean) {}
  pick(svc: IpvsService, flow: IpvsFlow): IpvsDest | undefined {
    if (!this.table || this.generation !== svc.generation) {
      this.table = new MaglevTable(svc.dests);
      this.generation = svc.generation;
    }
    return this.table.lookup(flow.src, this.port ? flow.sport : 0, this.fallback);
  }
}

export function createScheduler(name: SchedulerName, flags: { flag1?: boolean; flag2?: boolean } = {}): Scheduler {
  switch (name) {
    case 'rr': return new RoundRobin();
    case 'wrr': return new WeightedRoundRobin();
    case 'lc': return new LeastOverhead((d) => d.overhead, false);
    case 'wlc': return new LeastOverhead((d) => d.overhead, true);
    case 'sed': return new LeastOverhead((d) => d.activeConns + 1, true);
    case 'nq': return new NeverQueue();
    case 'dh': return new HashTable(false, false, false);
    case 'sh': return new HashTable(true, flags.flag2 === true, flags.flag1 === true);
    case 'lblc': return new LocalityBased(false);
    case 'lblcr': return new LocalityBased(true);
    case 'mh': return new Maglev(flags.flag2 === true, flags.flag1 === true);
  }
}
