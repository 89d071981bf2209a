/**
 * A Ruleset made evaluable: rules grouped by chain with their 1-based positions, parsed once
 * (lazily, and shared through the RuleSpec parse cache), and, for long chains, an index that
 * finds the candidate rules for a packet by hash while evaluation still counts every rule the
 * kernel would test. Compiling is one pass over the rules; parsing and indexing happen the
 * first time a chain is evaluated, so a node's 200,000 rules cost only for chains packets use.
 */
import { parseRuleSpec } from './parse.ts';
import type { ParsedRule } from './rule.ts';
import { isBuiltinChain, layoutTable } from './tables.ts';
import type { IptablesTableName, RuleAuthor, RuleSpec, Ruleset } from './types.ts';

export interface CompiledRule {
  spec: RuleSpec;
  author: RuleAuthor;
  /** 1-based, as `iptables -L --line-numbers` numbers it. */
  position: number;
  /** undefined until first needed; null when the rule does not parse (it then never matches). */
  parsed?: ParsedRule | null;
}

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
  rules: CompiledRule[];
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

export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const tables = new Map<IptablesTableName, CompiledTable>();
  for (const table of ruleset.tables) {
    const layout = layoutTable(table);
    const chains = new Map<string, CompiledChain>();
    for (const name of [...layout.builtins, ...layout.userChains]) {
      const specs = layout.rulesByChain.get(name) ?? [];
      const builtin = isBuiltinChain(table.name, name);
      chains.set(name, {
        name,
        builtin,
        policy: builtin ? (table.policies?.[name as keyof typeof table.policies] ?? 'ACCEPT') : 'ACCEPT',
        rules: specs.map((spec, i) => ({ spec, author: spec.author, position: i + 1 })),
      });
    }
    tables.set(table.name, { name: table.name, chains });
  }
  return { tables };
}

/** The parsed rule, parsing on first use. */
export function ruleOf(r: CompiledRule): ParsedRule | null {
  if (r.parsed === undefined) {
    const res = parseRuleSpec(r.spec);
    r.parsed = res.ok ? res.rule : null;
  }
  return r.parsed;
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
  chain.rules.forEach((r, pos) => {
    const rule = ruleOf(r);
    const key = rule ? indexKeyOf(rule) : undefined;
    if (!key) index.generic.push(pos);
    else if (key.dst !== undefined) push(index.byDst, dstKey(key.dst, key.proto, key.dport), pos);
    else push(index.byPort, portKey(key.proto, key.dport), pos);
  });
  return (chain.index = index);
}
