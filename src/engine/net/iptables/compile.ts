/**
 * A Ruleset made evaluable: rules grouped by chain with their 1-based positions, parsed once
 * (lazily, and shared through the RuleSpec parse cache), and, for long chains, an index that
 * finds the candidate rules for a packet by hash while evaluation still counts every rule the
 * kernel would test. Compiling is one pass over the rules; parsing and indexing happen the
 * first time a chain is evaluated, so a node's 200,000 rules cost only for chains packets use.
 * A compiled table must not be mutated by callers except to turn a chain's index off.
 */
import { parseRuleSpec } from './parse.ts';
import type { ParsedRule } from './rule.ts';
import { BUILTIN_CHAINS, isBuiltinChain } from './tables.ts';
import type { IptablesTable, IptablesTableName, RuleSpec, Ruleset } from './types.ts';

/** Candidate positions (0-based, ascending) for packets of one destination/port. */
export interface ChainIndex {
  /** key(dst, proto, dport) -> rules with `-d dst/32 -p proto --dport dport`. */
  byDst: Map<number, number[]>;
  /** key(proto, dport) -> rules with no `-d` and `-p proto --dport dport`. */
  byPort: Map<number, number[]>;
  /** Every other rule: tested in order for every packet. */
  generic: number[];
}

export interface CompiledChain {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP';
  /** The chain's rules in order; position = index + 1. */
  rules: RuleSpec[];
  /** Parsed rules by index: undefined until first needed, null when a rule does not parse (it never matches). */
  parsed: (ParsedRule | null | undefined)[];
  /** Built on first evaluation for chains of at least INDEX_MIN_RULES rules. */
  index?: ChainIndex | null;
}

export interface CompiledTable {
  name: IptablesTableName;
  chains: Map<string, CompiledChain>;
}

export interface CompiledRuleset {
  tables: Map<IptablesTableName, CompiledTable>;
}

export const INDEX_MIN_RULES = 16;

const PROTO_SLOT: Record<number, number> = { 6: 0, 17: 1, 132: 2 };

/** Index keys: exact integers (dst < 2^32, dport < 2^16, slot < 4: below 2^50). */
export function dstKey(dst: number, protoNumber: number, dport: number): number {
  return ((dst * 65536 + dport) * 4) + (PROTO_SLOT[protoNumber] ?? 3);
}

export function portKey(protoNumber: number, dport: number): number {
  return dport * 4 + (PROTO_SLOT[protoNumber] ?? 3);
}

const tableCache = new WeakMap<IptablesTable, CompiledTable>();

/** One pass over a table's rules, grouping them by chain; cached per table object. */
export function compileTable(table: IptablesTable): CompiledTable {
  const cached = tableCache.get(table);
  if (cached) return cached;
  const chains = new Map<string, CompiledChain>();
  const chainOf = (name: string): CompiledChain => {
    let c = chains.get(name);
    if (!c) {
      const builtin = isBuiltinChain(table.name, name);
      const policy = builtin ? (table.policies?.[name] ?? 'ACCEPT') : 'ACCEPT';
      chains.set(name, (c = { name, builtin, policy, rules: [], parsed: [] }));
    }
    return c;
  };
  for (const name of BUILTIN_CHAINS[table.name]) chainOf(name);
  for (const name of table.chains) chainOf(name);
  let last: CompiledChain | undefined;
  for (const r of table.rules) {
    // kube-proxy's rules come chain by chain: skip the map lookup while the chain repeats.
    if (!last || last.name !== r.chain) last = chainOf(r.chain);
    last.rules.push(r);
  }
  const compiled = { name: table.name, chains };
  tableCache.set(table, compiled);
  return compiled;
}

/**
 * A ruleset made evaluable. Tables are compiled once per table object: a node whose filter
 * table did not change keeps its compiled filter table (and its parsed rules and indexes).
 */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const tables = new Map<IptablesTableName, CompiledTable>();
  for (const table of ruleset.tables) tables.set(table.name, compileTable(table));
  return { tables };
}

/** The parsed rule at an index, parsing on first use. */
export function ruleAt(chain: CompiledChain, i: number): ParsedRule | null {
  let rule = chain.parsed[i];
  if (rule === undefined) {
    const res = parseRuleSpec(chain.rules[i]);
    rule = chain.parsed[i] = res.ok ? res.rule : null;
  }
  return rule;
}

/** The (proto, dport, dst?) a rule requires, when it requires exactly one of each. */
function indexKeyOf(rule: ParsedRule): { dst?: number; proto: number; dport: number } | undefined {
  const p = rule.proto;
  if (!p || p.invert || PROTO_SLOT[p.number] === undefined) return undefined;
  if (rule.dst && (rule.dst.invert || rule.dst.prefix !== 32)) return undefined;
  // Skipping a rule must not skip a side effect the kernel would have had (a statistic draw
  // or a recent update before the port test fails), so such rules are always tested.
  if (rule.matches.some((m) => m.kind === 'statistic' || m.kind === 'recent')) return undefined;
  for (const m of rule.matches) {
    if ((m.kind === 'tcp' || m.kind === 'udp' || m.kind === 'sctp') && m.dport && !m.dport.invert && m.dport.min === m.dport.max) {
      return { dst: rule.dst?.addr, proto: p.number, dport: m.dport.min };
    }
  }
  return undefined;
}

function push(map: Map<number, number[]>, key: number, pos: number): void {
  const list = map.get(key);
  if (list) list.push(pos);
  else map.set(key, [pos]);
}

/** The chain's index, built on first use (null for short chains: they are scanned). */
export function indexOf(chain: CompiledChain): ChainIndex | null {
  if (chain.index !== undefined) return chain.index;
  if (chain.rules.length < INDEX_MIN_RULES) return (chain.index = null);
  const index: ChainIndex = { byDst: new Map(), byPort: new Map(), generic: [] };
  chain.rules.forEach((_r, pos) => {
    const rule = ruleAt(chain, pos);
    const key = rule ? indexKeyOf(rule) : undefined;
    if (!key) index.generic.push(pos);
    else if (key.dst !== undefined) push(index.byDst, dstKey(key.dst, key.proto, key.dport), pos);
    else push(index.byPort, portKey(key.proto, key.dport), pos);
  });
  return (chain.index = index);
}
