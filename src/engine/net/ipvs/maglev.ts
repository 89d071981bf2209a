/**
 * The mh scheduler's Maglev lookup table (ip_vs_mh.c, after Google's Maglev paper): a table of
 * 65537 slots (the default CONFIG_IP_VS_MH_TAB_INDEX picks the prime 65537), filled by letting
 * each destination claim, in turns proportional to its weight, the next free slot of its own
 * permutation (offset + j * skip) mod M. A client's source address (plus its port with the
 * mh-port flag, which kube-proxy sets) hashes to one slot: the same client always lands on the
 * same server, and a server's removal moves only its own clients.
 * The kernel hashes with hsiphash under fixed keys; this uses a stand-in 32-bit hash, so which
 * server a given client gets differs from a real node, while every property above holds.
 */
import { parseIPv4 } from '../ipv4.ts';
import type { IpvsDest } from './service.ts';

export const MH_TABLE_SIZE = 65537;

function mix(a: number, b: number, seed: number): number {
  let h = (seed ^ Math.imul(a, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = (h ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function gcdOf(values: number[]): number {
  let g = 0;
  for (let v of values) {
    let a = g;
    while (v) [a, v] = [v, a % v];
    g = a;
  }
  return g || 1;
}

export class MaglevTable {
  private readonly slots: Int32Array;

  constructor(private readonly dests: readonly IpvsDest[]) {
    this.slots = new Int32Array(MH_TABLE_SIZE).fill(-1);
    const live = dests.map((d, i) => ({ d, i })).filter(({ d }) => d.weight > 0);
    if (live.length === 0) return;
    const g = gcdOf(live.map(({ d }) => d.weight));
    const offset = live.map(({ d }) => mix(d.addr, d.port, 0x9e3779b1) % MH_TABLE_SIZE);
    const skip = live.map(({ d }) => (mix(d.addr, d.port, 0x85ebca77) % (MH_TABLE_SIZE - 1)) + 1);
    const next = new Array<number>(live.length).fill(0);
    let filled = 0;
    while (filled < MH_TABLE_SIZE) {
      for (let k = 0; k < live.length && filled < MH_TABLE_SIZE; k++) {
        for (let turn = live[k].d.weight / g; turn > 0 && filled < MH_TABLE_SIZE; turn--) {
          let c = (offset[k] + next[k] * skip[k]) % MH_TABLE_SIZE;
          while (this.slots[c] >= 0) {
            next[k]++;
            c = (offset[k] + next[k] * skip[k]) % MH_TABLE_SIZE;
          }
          this.slots[c] = live[k].i;
          next[k]++;
          filled++;
        }
      }
    }
  }

  /** The destination for a client; with fallback, the next slots are tried while it is unavailable. */
  lookup(src: string, sport: number, fallback: boolean): IpvsDest | undefined {
    const start = mix(parseIPv4(src) ?? 0, sport, 0x27d4eb2f) % MH_TABLE_SIZE;
    const first = this.slots[start];
    if (first < 0) return undefined;
    const d = this.dests[first];
    if (d.weight > 0 || !fallback) return d.weight > 0 ? d : undefined;
    for (let k = 1; k < MH_TABLE_SIZE; k++) {
      const o = this.dests[this.slots[(start + k) % MH_TABLE_SIZE]];
      if (o && o.weight > 0) return o;
    }
    return undefined;
  }
}
