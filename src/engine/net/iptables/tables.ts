/**
 * Where chains sit in a table: the built-in chains of each table in hook order, the order
 * iptables-save (nf_tables) prints tables in, and one table's rules grouped by chain.
 */
import type { BuiltinChain, IptablesTable, IptablesTableName, LazyChain, RuleSpec } from './types.ts';

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
  // Built-in names are 5 to 11 characters: most user chains (KUBE-SVC-..., 25) are told by length.
  if (chain.length > 11) return false;
  let set = BUILTIN_SETS.get(table);
  if (!set) BUILTIN_SETS.set(table, (set = new Set(BUILTIN_CHAINS[table])));
  return set.has(chain);
}

/** What groups a rule with its chain's others: the chain's name, or its LazyChain (whose name is not made). */
export function chainKeyOf(rule: RuleSpec): string | LazyChain {
  return rule.lazyChain ?? rule.chain;
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
  /** The chain's rules in order (empty when it has none). */
  rulesOf(chain: string): RuleSpec[];
  /** Every rule in print order: built-in chains in hook order, then user chains by name. */
  forEachRule(visit: (rule: RuleSpec) => void): void;
}

/**
 * Group a table's rules by chain; chains only referenced by rules are declared too. Rules come
 * in runs of one chain (a big node: 320,000 rules in 110,000 chains, KUBE-SERVICES' rules
 * between each Service's own chains), so the grouping is by run, with no array per chain:
 * each chain knows its first and last run, each run the next run of the same chain.
 */
export function layoutTable(table: IptablesTable): TableLayout {
  const builtins = BUILTIN_CHAINS[table.name];
  const rules = table.rules;
  // chain -> its slot; each slot's name, first and last run (-1: declared, no rules yet).
  const slotOf = new Map<string, number>();
  const names: string[] = [];
  const firstRun: number[] = [];
  const lastRun: number[] = [];
  const userSlots: number[] = [];
  const slotFor = (chain: string): number => {
    let slot = slotOf.get(chain);
    if (slot === undefined) {
      slot = names.length;
      slotOf.set(chain, slot);
      names.push(chain);
      firstRun.push(-1);
      lastRun.push(-1);
      // At most five built-in names: comparing is cheaper than a set lookup.
      if (!isBuiltinChain(table.name, chain)) userSlots.push(slot);
    }
    return slot;
  };
  for (const c of table.chains) slotFor(c);
  // Run r holds rules[runStart[r]] .. rules[runStart[r + 1] - 1].
  const runStart: number[] = [];
  const nextRun: number[] = [];
  for (let i = 0; i < rules.length; ) {
    const chain = rules[i].chain;
    const run = runStart.length;
    runStart.push(i);
    nextRun.push(-1);
    i++;
    while (i < rules.length && rules[i].chain === chain) i++;
    const slot = slotFor(chain);
    if (firstRun[slot] < 0) firstRun[slot] = run;
    else nextRun[lastRun[slot]] = run;
    lastRun[slot] = run;
  }
  runStart.push(rules.length);
  // The default sort compares UTF-16 code units, the order compareNames gives, and is faster
  // than any comparator on a big node's 110,000 chains; then each name finds its slot again.
  const userChains = userSlots.map((slot) => names[slot]).sort();
  for (let k = 0; k < userChains.length; k++) userSlots[k] = slotOf.get(userChains[k]) as number;
  const eachRuleOfSlot = (slot: number, visit: (rule: RuleSpec) => void): void => {
    for (let r = firstRun[slot]; r >= 0; r = nextRun[r]) {
      for (let k = runStart[r], end = runStart[r + 1]; k < end; k++) visit(rules[k]);
    }
  };
  return {
    name: table.name,
    builtins,
    userChains,
    rulesOf(chain) {
      const out: RuleSpec[] = [];
      const slot = slotOf.get(chain);
      if (slot !== undefined) eachRuleOfSlot(slot, (rule) => out.push(rule));
      return out;
    },
    forEachRule(visit) {
      for (const c of builtins) {
        const slot = slotOf.get(c);
        if (slot !== undefined) eachRuleOfSlot(slot, visit);
      }
      for (const slot of userSlots) eachRuleOfSlot(slot, visit);
    },
  };
}
