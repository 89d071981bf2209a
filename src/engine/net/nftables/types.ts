/**
 * nftables as the kernel holds it, for what kube-proxy writes: one table of sets, maps and
 * chains of rules. Rules are kept structurally (typed statements), so evaluation reads them
 * without parsing and the two printers (kube-proxy's transaction text, `nft list`'s nested
 * form) render the same statements their two ways. Sets and maps keep an index by key text,
 * so a verdict-map lookup is one Map.get however many Services there are.
 */
import type { Cidr } from '../ipv4.ts';
import type { ConntrackView } from '../iptables/types.ts';
import type { L4Protocol, Packet } from '../packet.ts';

export type NftFamily = 'ip';
export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
export type NftChainType = 'filter' | 'nat';

export type NftVerdict =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'reject' }
  | { kind: 'return' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string };

export type NftAddrField = 'saddr' | 'daddr';

/** The statements and expressions kube-proxy's rules use, in the order a rule holds them. */
export type NftStmt =
  /** `ip daddr 172.30.0.41`, `ip saddr != 10.0.0.0/8` (prefix 32 for a single address). */
  | { kind: 'addr'; field: NftAddrField; negate: boolean; cidr: Cidr; text: string }
  /** `ip daddr { 172.30.0.0/16 }`: an anonymous set; `text` is what kube-proxy wrote between the braces. */
  | { kind: 'addr-anon'; field: NftAddrField; negate: boolean; cidrs: readonly Cidr[]; items: readonly string[]; text: string }
  /** `ip daddr @cluster-ips`. */
  | { kind: 'addr-set'; field: NftAddrField; negate: boolean; set: string }
  /** `fib saddr type local`. */
  | { kind: 'fib-local'; field: NftAddrField }
  /** `iif cni0` / `iifname != "veth*"` (interface-based local-traffic detectors). */
  | { kind: 'iif'; byName: boolean; negate: boolean; name: string }
  | { kind: 'ct-state-new' }
  /** `meta l4proto tcp`. */
  | { kind: 'l4proto'; proto: L4Protocol }
  /** `mark and 0x4000 == 0`; `maskText` as kube-proxy wrote it. */
  | { kind: 'mark-and-eq'; mask: number; value: number; maskText: string; valueText: string }
  /** `mark set mark or 0x4000` / `xor`. */
  | { kind: 'mark-set'; op: 'or' | 'xor'; value: number; valueText: string }
  /** `ip daddr . meta l4proto . th dport vmap @service-ips`, `meta l4proto . th dport vmap @...`. */
  | { kind: 'vmap'; key: 'daddr.l4proto.dport' | 'l4proto.dport'; map: string }
  /** `numgen random mod N vmap { 0 : goto a , 1 : goto b }`. */
  | { kind: 'numgen'; mod: number; targets: readonly string[] }
  /** `update @set { ip saddr }`: add or refresh the source in a dynamic set. */
  | { kind: 'update-saddr'; set: string }
  | { kind: 'dnat'; ip: string; port: number }
  | { kind: 'masquerade'; fullyRandom: boolean }
  | { kind: 'verdict'; verdict: NftVerdict };

export interface NftRule {
  readonly stmts: readonly NftStmt[];
  readonly comment?: string;
}

export interface NftBaseChainSpec {
  type: NftChainType;
  hook: NftHook;
  /** Numeric priority (dstnat = -100, filter = 0, srcnat = 100). */
  priority: number;
  policy?: 'accept' | 'drop';
}

export interface NftChain {
  readonly name: string;
  readonly base?: NftBaseChainSpec;
  readonly comment?: string;
  readonly rules: readonly NftRule[];
}

export interface NftElement {
  /** The key's parts as written (`172.30.0.41`, `tcp`, `80`). */
  readonly key: readonly string[];
  readonly comment?: string;
  /** Maps only. */
  readonly verdict?: NftVerdict;
}

export interface NftSet {
  readonly name: string;
  readonly kind: 'set' | 'map';
  /** `ipv4_addr`, `ipv4_addr . inet_proto . inet_service : verdict` (data type included for maps). */
  readonly type: string;
  readonly flags?: readonly ('dynamic' | 'timeout' | 'interval')[];
  /** Default element timeout, seconds. */
  readonly timeout?: number;
  readonly comment?: string;
  /** In the order added. */
  readonly elements: readonly NftElement[];
  /** Key text (`a . b . c`) -> element. */
  readonly index: ReadonlyMap<string, NftElement>;
}

export interface NftTable {
  readonly family: NftFamily;
  readonly name: string;
  readonly comment?: string;
  /** In creation order (what `nft list` walks). */
  readonly sets: ReadonlyMap<string, NftSet>;
  readonly chains: ReadonlyMap<string, NftChain>;
}

/** Elements a packet path added to dynamic sets (`update @set`), per node: set -> address -> expiry (seconds). */
export type NftDynamicSets = Map<string, Map<string, number>>;

/** What evaluating a base chain needs (shaped like iptables' FilterContext). */
export interface NftContext {
  packet: Packet;
  inIface?: string;
  outIface?: string;
  conntrack: ConntrackView;
  /** `fib saddr|daddr type local`: an address of this node. */
  isLocal(ip: string): boolean;
  /** Uniform in [0, 1) from the scenario's seeded generator (`numgen random`). */
  random(): number;
  /** Simulated time, seconds (dynamic set timeouts). */
  now: number;
  /** The node's dynamic set contents; `update @set` writes here. */
  dynamic: NftDynamicSets;
}

/** One rule a packet was tested against and matched. */
export interface NftRuleVisit {
  /** `ip kube-proxy`. */
  table: string;
  chain: string;
  /** 1-based position in the chain. */
  position: number;
  /** The rule as `nft list` prints it. */
  text: string;
  author: 'kube-proxy';
  /** For a map lookup: the element that matched, as `nft list` prints it. */
  element?: string;
}

/** What a base chain did to a packet (like iptables' HookResult). */
export interface NftHookResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  packet: Packet;
  dnat?: { ip: string; port: number };
  snat?: { masquerade: true; randomFully: boolean };
  rejectWith?: string;
  matched: NftRuleVisit[];
  /** Rules the kernel evaluated; a map lookup is one rule however many elements the map holds. */
  traversed: number;
  error?: string;
}
