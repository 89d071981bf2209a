/**
 * Building nftables objects: statement constructors (so a rule is written once, as kube-proxy
 * writes it, and both printers and the evaluator read the same statements) and a mutable
 * table builder that keeps creation order and the set indexes.
 */
import { parseCidr } from '../ipv4.ts';
import type { Cidr } from '../ipv4.ts';
import type { L4Protocol } from '../packet.ts';
import { NftChainMap } from './chain-map.ts';
import type { NftAddrField, NftBaseChainSpec, NftChain, NftElement, NftRule, NftSet, NftStmt, NftTable, NftVerdict } from './types.ts';

/** A dotted quad read by hand (the hot path: one per endpoint), or undefined. */
function quad(text: string): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return undefined;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? n * 256 + octet : undefined;
}

function cidrOf(text: string): Cidr {
  if (!text.includes('/')) {
    const n = quad(text);
    if (n !== undefined) return { base: n, prefix: 32, size: 1 };
  }
  const c = parseCidr(text.includes('/') ? text : `${text}/32`);
  if (!c) throw new Error(`nftables: not an IPv4 address or prefix: ${text}`);
  return c;
}

// Statements are read-only, so the common ones are shared between rules.
const JUMPS = new Map<string, NftStmt>();
const L4PROTO: Record<L4Protocol, NftStmt> = { tcp: { kind: 'l4proto', proto: 'tcp' }, udp: { kind: 'l4proto', proto: 'udp' }, sctp: { kind: 'l4proto', proto: 'sctp' } };

export const stmt = {
  addr(field: NftAddrField, text: string, negate = false): NftStmt {
    return { kind: 'addr', field, negate, cidr: cidrOf(text), text };
  },
  /** An anonymous set; `text` is the brace content kube-proxy wrote (`172.30.0.0/16`, `a , b`). */
  addrAnon(field: NftAddrField, items: readonly string[], text: string, negate = false): NftStmt {
    return { kind: 'addr-anon', field, negate, cidrs: items.map(cidrOf), items, text };
  },
  addrSet(field: NftAddrField, set: string, negate = false): NftStmt {
    return { kind: 'addr-set', field, negate, set };
  },
  fibLocal(field: NftAddrField): NftStmt {
    return { kind: 'fib-local', field };
  },
  iif(name: string, byName: boolean, negate = false): NftStmt {
    return { kind: 'iif', name, byName, negate };
  },
  ctStateNew: { kind: 'ct-state-new' } as NftStmt,
  l4proto(proto: L4Protocol): NftStmt {
    return L4PROTO[proto];
  },
  markAndEq(maskText: string, valueText: string): NftStmt {
    return { kind: 'mark-and-eq', mask: Number(maskText), value: Number(valueText), maskText, valueText };
  },
  markSet(op: 'or' | 'xor', valueText: string): NftStmt {
    return { kind: 'mark-set', op, value: Number(valueText), valueText };
  },
  vmap(key: 'daddr.l4proto.dport' | 'l4proto.dport', map: string): NftStmt {
    return { kind: 'vmap', key, map };
  },
  numgen(targets: readonly string[]): NftStmt {
    return { kind: 'numgen', mod: targets.length, targets };
  },
  updateSaddr(set: string): NftStmt {
    return { kind: 'update-saddr', set };
  },
  dnat(ip: string, port: number): NftStmt {
    return { kind: 'dnat', ip, port };
  },
  masquerade(fullyRandom: boolean): NftStmt {
    return { kind: 'masquerade', fullyRandom };
  },
  jump(chain: string): NftStmt {
    let j = JUMPS.get(chain);
    if (!j) JUMPS.set(chain, (j = { kind: 'verdict', verdict: { kind: 'jump', chain } }));
    return j;
  },
  goto(chain: string): NftStmt {
    return { kind: 'verdict', verdict: { kind: 'goto', chain } };
  },
  verdict(kind: 'accept' | 'drop' | 'reject' | 'return'): NftStmt {
    return { kind: 'verdict', verdict: { kind } };
  },
};

export function rule(stmts: readonly NftStmt[], comment?: string): NftRule {
  return comment === undefined ? { stmts } : { stmts, comment };
}

/** The verdict a map element holds, from kube-proxy's text (`goto reject-chain`, `drop`). */
export function parseVerdict(text: string): NftVerdict {
  if (text === 'drop' || text === 'accept' || text === 'reject' || text === 'return') return { kind: text };
  const [kind, chain] = text.split(' ');
  if ((kind === 'goto' || kind === 'jump') && chain) return { kind, chain };
  throw new Error(`nftables: unknown verdict ${text}`);
}

export function keyText(key: readonly string[]): string {
  return key.length === 1 ? key[0] : key.join(' . ');
}

interface MutableSet {
  name: string;
  kind: 'set' | 'map';
  type: string;
  flags?: readonly ('dynamic' | 'timeout' | 'interval')[];
  timeout?: number;
  comment?: string;
  elements: NftElement[];
  index: Map<string, NftElement>;
}

/** A table being written; `finish()` freezes nothing but hands the maps over as the table. */
export class NftTableBuilder {
  readonly sets = new Map<string, MutableSet>();
  readonly chains = new Map<string, NftChain>();

  constructor(
    readonly family: 'ip',
    readonly name: string,
    readonly comment?: string,
  ) {}

  addSet(s: Omit<NftSet, 'elements' | 'index'>): void {
    if (this.sets.has(s.name)) return;
    this.sets.set(s.name, { ...s, elements: [], index: new Map() });
  }

  deleteSet(name: string): void {
    this.sets.delete(name);
  }

  addElement(set: string, el: NftElement): void {
    const s = this.sets.get(set);
    if (!s) throw new Error(`nftables: no set ${set}`);
    const k = keyText(el.key);
    if (s.index.has(k)) return;
    s.elements.push(el);
    s.index.set(k, el);
  }

  /** Adds a chain, or appends the rules to the one of that name. */
  addChain(name: string, rules: readonly NftRule[] = [], opts: { base?: NftBaseChainSpec; comment?: string } = {}): void {
    const prev = this.chains.get(name);
    if (prev) {
      if (rules.length > 0) this.chains.set(name, { ...prev, rules: [...prev.rules, ...rules] });
      return;
    }
    this.chains.set(name, { name, rules, ...(opts.base ? { base: opts.base } : {}), ...(opts.comment !== undefined ? { comment: opts.comment } : {}) });
  }

  /** Adds a chain object as is (shared between nodes). */
  putChain(chain: NftChain): void {
    this.chains.set(chain.name, chain);
  }

  private grouped?: { keyOf: (name: string) => string | undefined; groups: [string, readonly NftChain[]][] };

  /**
   * Adds a group of chain objects as is, after every single chain (see NftChainMap): `keyOf`
   * gives the group key a chain's name carries; names are unique and none is a single chain's.
   */
  putChainGroup(key: string, chains: readonly NftChain[], keyOf: (name: string) => string | undefined): void {
    this.grouped ??= { keyOf, groups: [] };
    this.grouped.groups.push([key, chains]);
  }

  addRule(chain: string, r: NftRule): void {
    const c = this.chains.get(chain);
    if (!c) throw new Error(`nftables: no chain ${chain}`);
    this.chains.set(chain, { ...c, rules: [...c.rules, r] });
  }

  finish(): NftTable {
    let chains: ReadonlyMap<string, NftChain> = this.chains;
    if (this.grouped) {
      const map = new NftChainMap(this.chains, this.grouped.keyOf);
      for (const [key, group] of this.grouped.groups) map.addGroup(key, group);
      chains = map;
    }
    return { family: this.family, name: this.name, ...(this.comment !== undefined ? { comment: this.comment } : {}), sets: this.sets, chains };
  }
}
