/**
 * A table's chains as a ReadonlyMap without an entry per chain: single chains by name, then
 * groups of chains (one per kube-proxy service port: its endpoint, service, external and
 * firewall chains) found through a key their names carry. A node's kube-proxy table has some
 * 111,000 chains in 10,000 groups, and every node alike holds the same group arrays, so a table
 * costs a map of 10,000 keys, not one of 111,000 names. Iteration is creation order: the single
 * chains, then the groups in the order added.
 */
import type { NftChain } from './types.ts';

export class NftChainMap implements ReadonlyMap<string, NftChain> {
  private readonly byKey = new Map<string, readonly NftChain[]>();
  /**
   * Group chains whose name does not give their group's key (a truncated name), found by a scan
   * of every group the first time a name is not where its key says (never, for most tables).
   */
  private strays?: Map<string, NftChain>;
  private readonly groups: (readonly NftChain[])[] = [];
  private count: number;

  constructor(
    private readonly direct: ReadonlyMap<string, NftChain>,
    /** The group key a chain name carries, or undefined. */
    private readonly keyOf: (name: string) => string | undefined,
  ) {
    this.count = direct.size;
  }

  /** Adds a group under `key`; its chains' names are unique and none is a single chain's. */
  addGroup(key: string, chains: readonly NftChain[]): void {
    if (chains.length === 0) return;
    this.byKey.set(key, chains);
    this.groups.push(chains);
    this.count += chains.length;
    this.strays = undefined;
  }

  get size(): number {
    return this.count;
  }

  get(name: string): NftChain | undefined {
    const d = this.direct.get(name);
    if (d !== undefined) return d;
    const key = this.keyOf(name);
    const group = key === undefined ? undefined : this.byKey.get(key);
    if (group !== undefined) for (const c of group) if (c.name === name) return c;
    if (this.strays === undefined) {
      this.strays = new Map();
      for (const [k, g] of this.byKey) for (const c of g) if (this.keyOf(c.name) !== k) this.strays.set(c.name, c);
    }
    return this.strays.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  *entries(): MapIterator<[string, NftChain]> {
    for (const c of this.values()) yield [c.name, c];
  }

  *keys(): MapIterator<string> {
    for (const c of this.values()) yield c.name;
  }

  /** The single chains only (base chains are always single: groups hold a service port's own chains). */
  singles(): MapIterator<NftChain> {
    return this.direct.values();
  }

  *values(): MapIterator<NftChain> {
    yield* this.direct.values();
    for (const g of this.groups) yield* g;
  }

  [Symbol.iterator](): MapIterator<[string, NftChain]> {
    return this.entries();
  }

  forEach(fn: (value: NftChain, key: string, map: ReadonlyMap<string, NftChain>) => void): void {
    for (const c of this.values()) fn(c, c.name, this);
  }
}
