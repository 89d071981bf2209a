/**
 * Where chains sit in a table: the built-in chains of each table in hook order, the order
 * iptables-save (nf_tables) prints tables in, and one table's rules grouped by chain.
 */
import type { BuiltinChain, IptablesTable, IptablesTableName, RuleSpec } from './types.ts';

/** Built-in chains per table, in the order iptables-save and -L print them. */
export const BUILTIN_CHAINS: Record<IptablesTableName, readonly BuiltinChain[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

/**
 * iptables-nft walks its builtin table list in enum nft_table_type order (mangle, security,
 * raw, filter, nat: iptables/nft.h), printing the tables that exist; a real kubeadm node
 * shows `*mangle`, `*filter`, `*nat` in that order.
 */
export const SAVE_TABLE_ORDER: readonly IptablesTableName[] = ['mangle', 'raw', 'filter', 'nat'];

export const TABLE_NAMES: readonly IptablesTableName[] = ['raw', 'mangle', 'filter', 'nat'];

export function isTableName(name: string): name is IptablesTableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}

const BUILTIN_SETS = new Map<IptablesTableName, ReadonlySet<string>>();

export function isBuiltinChain(table: IptablesTableName, chain: string): chain is BuiltinChain {
  let set = BUILTIN_SETS.get(table);
  if (!set) BUILTIN_SETS.set(table, (set = new Set(BUILTIN_CHAINS[table])));
  return set.has(chain);
}

/** Byte-wise comparison, as C's strcmp orders chain names (`KUBE-SEP-…` < `KUBE-SERVICES`). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface TableLayout {
  name: IptablesTableName;
  builtins: readonly BuiltinChain[];
  /** User chains, sorted by name (iptables-nft keeps its chain cache sorted). */
  userChains: string[];
  rulesByChain: Map<string, RuleSpec[]>;
}

/** Group a table's rules by chain; chains only referenced by rules are declared too. */
export function layoutTable(table: IptablesTable): TableLayout {
  const builtins = BUILTIN_CHAINS[table.name];
  const rulesByChain = new Map<string, RuleSpec[]>();
  const user = new Set<string>();
  for (const c of table.chains) if (!isBuiltinChain(table.name, c)) user.add(c);
  for (const r of table.rules) {
    let list = rulesByChain.get(r.chain);
    if (!list) {
      list = [];
      rulesByChain.set(r.chain, list);
      if (!isBuiltinChain(table.name, r.chain)) user.add(r.chain);
    }
    list.push(r);
  }
  return { name: table.name, builtins, userChains: [...user].sort(compareNames), rulesByChain };
}
