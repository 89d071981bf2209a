/**
 * A rule as the kernel holds it after iptables parsed the author's arguments: the IP header
 * matches, the match extensions in the order given, and the target. Both the `iptables-save`
 * and `iptables -L` views print from this, and evaluation tests it. Read-only once parsed:
 * rules share some parts (the `-p tcp` ProtoMatch, the no-target Target).
 */
import type { StateMatch } from './match-state.ts';
import type { PhysdevMatch, SetMatch } from './match-set.ts';
import type { RedirectTarget } from './target-redirect.ts';
import type { LazyChain } from './types.ts';

/** `[!] -s/-d ADDR[/MASK]`: addresses as unsigned 32-bit numbers, the mask as a number too. */
export interface AddrMatch {
  invert: boolean;
  addr: number;
  /** Prefix length (0..32); the kernel keeps only the network bits of `addr`. */
  prefix: number;
  mask: number;
}

/** `[!] -i/-o NAME[+]`: `+` makes the name a prefix. */
export interface IfaceMatch {
  invert: boolean;
  name: string;
  wildcard: boolean;
}

/** Protocols iptables resolves by name; anything else is kept as a number. */
export type ProtoName = 'tcp' | 'udp' | 'sctp' | 'icmp';

export interface ProtoMatch {
  invert: boolean;
  /** 0 means all (`-p all`). */
  number: number;
  name: ProtoName | 'all' | undefined;
}

export interface PortRange {
  min: number;
  max: number;
}

export interface PortMatch extends PortRange {
  invert: boolean;
}

/** conntrack states in the order libxt_conntrack prints them. */
export const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'] as const;
export type CtState = (typeof CT_STATES)[number];

/** addrtype types in the order libxt_addrtype prints them. */
export const ADDR_TYPES = [
  'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST',
  'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
] as const;
export type AddrType = (typeof ADDR_TYPES)[number];

export interface AddrTypeSide {
  invert: boolean;
  types: AddrType[];
}

export type RecentCommand = 'set' | 'rcheck' | 'update' | 'remove';

export type Match =
  | { kind: 'comment'; comment: string }
  | { kind: 'tcp' | 'udp' | 'sctp'; sport?: PortMatch; dport?: PortMatch }
  | { kind: 'addrtype'; src?: AddrTypeSide; dst?: AddrTypeSide }
  | { kind: 'conntrack'; ctstate?: { invert: boolean; states: CtState[] } }
  | { kind: 'mark'; invert: boolean; value: number; mask: number }
  | {
      kind: 'statistic';
      invert: boolean;
      /** The kernel's 31-bit fixed point: matches when (random & 0x7FFFFFFF) < probability. */
      probability: number;
    }
  | {
      kind: 'recent';
      invert: boolean;
      name: string;
      command: RecentCommand;
      seconds?: number;
      reap: boolean;
      hitcount?: number;
      side: 'source' | 'dest';
      mask: number;
    }
  | { kind: 'nfacct'; name: string }
  | { kind: 'multiport'; invert: boolean; dir: 'sports' | 'dports' | 'ports'; ports: PortRange[] }
  | StateMatch
  | SetMatch
  | PhysdevMatch;

export type MatchKind = Match['kind'];

export type Target =
  /** A rule with no `-j`: it only counts. */
  | { kind: 'none' }
  /** `lazy`: the target when it is a lazily named chain (RuleSpec.jumpChain), found by identity. */
  | { kind: 'jump'; chain: string; goto: boolean; lazy?: LazyChain }
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'REJECT'; rejectWith: string }
  | { kind: 'DNAT'; ip: number; port?: PortRange; random: boolean; persistent: boolean }
  | { kind: 'SNAT'; ip: number; port?: PortRange; random: boolean; randomFully: boolean; persistent: boolean }
  | { kind: 'MASQUERADE'; ports?: PortRange; random: boolean; randomFully: boolean }
  /** MARK in the kernel's xmark form: mark = (mark & ~mask) ^ value. */
  | { kind: 'MARK'; value: number; mask: number }
  | RedirectTarget;

export interface ParsedRule {
  chain: string;
  src?: AddrMatch;
  dst?: AddrMatch;
  inIface?: IfaceMatch;
  outIface?: IfaceMatch;
  proto?: ProtoMatch;
  matches: Match[];
  target: Target;
}

export type ParseResult = { ok: true; rule: ParsedRule } | { ok: false; error: string };
