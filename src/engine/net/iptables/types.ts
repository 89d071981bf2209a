/**
 * iptables as the kernel holds it: tables of chains of rules, each rule written as the
 * argument list its author gave (`-m comment --comment "..." -m tcp -p tcp -d 10.96.0.1 --dport 443
 * -j KUBE-SVC-...`). The restore view prints rules exactly so; the `iptables-save` view prints
 * them as the kernel normalises them (reference §1.12); evaluation parses them once.
 */
import type { Packet } from '../packet.ts';
import type { IpsetLookup } from './match-set.ts';

export type IptablesTableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type BuiltinChain = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
/** Who wrote a rule: shown in the UI, and decides where jump rules sit in built-in chains. */
export type RuleAuthor = 'kube-proxy' | 'kubelet' | 'flannel' | 'system';

export interface RuleSpec {
  chain: string;
  /** The arguments after `-A CHAIN`, as the author passed them to iptables(-restore). */
  args: readonly string[];
  author: RuleAuthor;
  /** Set on the rules of a chain named on first read (see LazyChain): grouping compares this, not `chain`. */
  readonly lazyChain?: LazyChain;
  /** Set when the rule jumps to such a chain: evaluation finds the target by identity, not by name. */
  readonly jumpChain?: LazyChain;
  /** Its iptables-save line, made without the argument list, when the rule can (else undefined): exactly the line its arguments give. */
  saveText?(): string | undefined;
}

/**
 * A chain whose name is costly to make and made on first read (kube-proxy's KUBE-SEP- hashes:
 * 100,000 on a big node, most never read). Its rules share this object, so tables group them
 * by identity without the name. Such a chain is its author's alone: no other part writes in it
 * or declares it, and its author does not declare it either (its rules do). Its rules are
 * written in one run, the first of them being this object (found by identity in a rule list).
 */
export interface LazyChain extends RuleSpec {
  /** The name, made on first read. */
  readonly chain: string;
}

export interface IptablesTable {
  name: IptablesTableName;
  /** User chains in the order their author declared them (`:KUBE-SERVICES - [0:0]`). */
  chains: readonly string[];
  rules: readonly RuleSpec[];
  /** Built-in chain policies other than the default ACCEPT (`iptables -P FORWARD DROP`). */
  policies?: Partial<Record<BuiltinChain, 'ACCEPT' | 'DROP'>>;
  /** Its author declares each chain once (kube-proxy's 110,000): assembling need not look for repeats. */
  uniqueChains?: boolean;
}

/** One node's whole iptables state (what `iptables-save` prints), or one author's part of it. */
export interface Ruleset {
  tables: readonly IptablesTable[];
}

/** conntrack's view of the packet being filtered (`-m conntrack --ctstate`, `--ctstate DNAT`). */
export interface ConntrackView {
  state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
  /** The connection was destination-NATed (ctstate DNAT). */
  dnat: boolean;
}

/** What a hook's evaluation needs to know about the node and the packet's path. */
export interface FilterContext {
  packet: Packet;
  /** -i: the interface the packet came in on (PREROUTING, INPUT, FORWARD). */
  inIface?: string;
  /** -o: the interface it leaves by (FORWARD, OUTPUT, POSTROUTING). */
  outIface?: string;
  conntrack: ConntrackView;
  /** `-m addrtype --src-type/--dst-type LOCAL`: an address of this node. */
  isLocal(ip: string): boolean;
  /** `isLocal` for an address as a number, when the context has one: the rule walk holds numbers, and spelling one out per test was a string each time. */
  isLocalAddress?(ip: number): boolean;
  /** A uniform draw in [0, 1) from the scenario's seeded generator (`-m statistic --mode random`). */
  random(): number;
  /** `-m recent` lists, kept per node; the evaluator reads and updates them. */
  recent: RecentLists;
  /** Simulated time in seconds, for `-m recent --seconds`. */
  now: number;
  /** The primary (first) IPv4 address of an interface, for `-j REDIRECT` (nf_nat_redirect_ipv4). */
  primaryAddress?(iface: string): string | undefined;
  /** `-m set --match-set NAME`: the node's ipsets by name (ipvs mode); absent sets never match. */
  ipsets?: (name: string) => IpsetLookup | undefined;
  /** `-m physdev --physdev-is-in`: the packet came in through a bridge port (br_netfilter). */
  bridged?: boolean;
}

/** `-m recent` state: list name -> source IP -> last seen (seconds). */
export type RecentLists = Map<string, Map<string, number>>;

/** One rule the packet was tested against, as the trace and the rule tables show it. */
export interface RuleVisit {
  table: IptablesTableName;
  chain: string;
  /** 1-based, as `iptables -L --line-numbers` numbers it. */
  position: number;
  /** The rule as `iptables-save` prints it (`-A CHAIN ...`). */
  text: string;
  author: RuleAuthor;
}

/** What a table's chain for a hook did to a packet. */
export interface HookResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The packet after the hook (DNAT rewrote dst/dport, MARK changed mark ...). */
  packet: Packet;
  /** Set when a DNAT target fired (REDIRECT too: it is a DNAT to the node itself). */
  dnat?: { ip: string; port: number };
  /** Set when REDIRECT fired: the node address and port it sent the packet to. */
  redirect?: { ip: string; port: number };
  /** Set when MASQUERADE (or SNAT) fired: the walker picks the egress address for MASQUERADE. */
  snat?: { masquerade: true; randomFully: boolean } | { masquerade: false; ip: string; port?: number };
  /** REJECT's reply (`icmp-port-unreachable` unless the rule says otherwise). */
  rejectWith?: string;
  /** The rules that matched, in order (jumps included), with their places. */
  matched: RuleVisit[];
  /** How many rules the kernel tested in this hook (all of them up to each match, in every chain visited). */
  traversed: number;
  /** Set when evaluation had to stop (a jump loop the kernel would have refused to load). */
  error?: string;
}
