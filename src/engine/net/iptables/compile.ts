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
import { BUILTIN_CHAINS, chainKeyOf, isBuiltinChain } from './tables.ts';
import type { IptablesTable, IptablesTableName, LazyChain, RuleSpec, RuleVisit, Ruleset } from './types.ts';

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
  /** Each matched rule's visit record by index, made on its first match (evaluate.ts) and kept on the chain, not looked up beside it. */
  visits?: RuleVisit[];
}

/** A table's chains by name: a Map, or a few node-specific chains over a shared table's. */
export interface ChainLookup {
  get(name: string): CompiledChain | undefined;
  /** A lazily named chain, found by identity (a jump's target), or by name when it is not here. */
  lazy(chain: LazyChain): CompiledChain | undefined;
  values(): IterableIterator<CompiledChain>;
}

export interface CompiledTable {
  name: IptablesTableName;
  chains: ChainLookup;
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
export function compileTable(table: IptablesTable, base?: CompiledTable): CompiledTable {
  const cached = tableCache.get(table);
  if (cached) return cached;
  const root = base && base.name === table.name ? rootOf(base) : undefined;
  let compiled: CompiledTable;
  if (root) compiled = overlayTable(table, root);
  else {
    compiled = fullTable(table);
    roots.set(compiled, { table, chains: compiled.chains as TableChains });
  }
  tableCache.set(table, compiled);
  return compiled;
}

function fullTable(table: IptablesTable): CompiledTable {
  return { name: table.name, chains: new TableChains(table) };
}

/**
 * A table's chains by name, each grouped from the rule list the first time it is asked for: a
 * node's nat table has some 110,000 chains and a trace reads a few dozen, so compiling is one
 * pass noting where each chain's rules start. A chain asked for again is the same object.
 * Lazily named chains (LazyChain, 100,000 KUBE-SEP- on a big node) are not noted at all: a
 * jump to one holds it, and the rule list is searched for it (its chain's first rule); a name
 * not found otherwise names them all, once.
 */
class TableChains implements ChainLookup {
  /** Chain -> where its first run of rules starts (kube-proxy writes most chains in one run). */
  private readonly firstRun = new Map<string, number>();
  /** Chains written in more than one run: where the later runs start. */
  private readonly laterRuns = new Map<string, number[]>();
  private readonly made = new Map<string, CompiledChain>();
  private declared?: Set<string>;
  /** Where each lazily named chain here starts, by name: made when a name is not found otherwise. */
  private lazyByName?: Map<string, number>;

  constructor(readonly table: IptablesTable) {
    const rules = table.rules;
    const firstRun = this.firstRun;
    for (let i = 0; i < rules.length; ) {
      const key = chainKeyOf(rules[i]);
      let j = i + 1;
      while (j < rules.length && chainKeyOf(rules[j]) === key) j++;
      // A lazily named chain is not noted: found by identity when asked for.
      if (typeof key === 'string') {
        if (!firstRun.has(key)) firstRun.set(key, i);
        else {
          const later = this.laterRuns.get(key);
          if (later) later.push(i);
          else this.laterRuns.set(key, [i]);
        }
      }
      i = j;
    }
  }

  private isDeclared(name: string): boolean {
    this.declared ??= new Set(this.table.chains);
    return this.declared.has(name);
  }

  /** Where the lazily named chain of this table called `name` starts, or -1 (names them all, once). */
  private lazyStart(name: string): number {
    const rules = this.table.rules;
    if (!this.lazyByName) {
      this.lazyByName = new Map();
      for (let i = 0; i < rules.length; i++) {
        const rule = this.table.rules[i];
        if (rule.lazyChain === rule) this.lazyByName.set(rule.chain, i);
      }
    }
    return this.lazyByName.get(name) ?? -1;
  }

  lazy(chain: LazyChain): CompiledChain | undefined {
    const name = chain.chain;
    const c = this.made.get(name);
    if (c) return c;
    const at = this.table.rules.indexOf(chain);
    return at < 0 ? this.get(name) : this.make(name, undefined, at);
  }

  get(name: string): CompiledChain | undefined {
    const c = this.made.get(name);
    if (c) return c;
    const start = this.firstRun.get(name);
    let lazyAt = -1;
    if (start === undefined && !isBuiltinChain(this.table.name, name) && !this.isDeclared(name)) {
      lazyAt = this.lazyStart(name);
      if (lazyAt < 0) return undefined;
    }
    return this.make(name, start, lazyAt);
  }

  /** The chain `name`: from its runs by name (`start`), or from its lazily named run at `lazyAt` (when >= 0). */
  private make(name: string, start: number | undefined, lazyAt: number): CompiledChain {
    const c = newChain(this.table, name);
    const rules = this.table.rules;
    const runFrom = (at: number, key: string | LazyChain): void => {
      for (let k = at; k < rules.length && chainKeyOf(rules[k]) === key; k++) c.rules.push(rules[k]);
    };
    if (lazyAt >= 0) runFrom(lazyAt, chainKeyOf(rules[lazyAt]));
    else if (start !== undefined) {
      runFrom(start, name);
      for (const at of this.laterRuns.get(name) ?? []) runFrom(at, name);
    }
    this.made.set(name, c);
    return c;
  }

  /** Every chain: built-in ones, then declared ones, then any other with rules (lazily named ones last). */
  *values(): IterableIterator<CompiledChain> {
    const seen = new Set<string>();
    const lazy = this.table.rules.filter((r) => r.lazyChain === r).map((r) => r.chain);
    const names = [BUILTIN_CHAINS[this.table.name], this.table.chains, this.firstRun.keys(), lazy];
    for (const list of names) {
      for (const name of list) {
        if (seen.has(name)) continue;
        seen.add(name);
        yield this.get(name)!;
      }
    }
  }
}

/** Chains of a root table looked up under this node's own (null: the chain is not here). */
class OverlayChains implements ChainLookup {
  constructor(
    readonly own: Map<string, CompiledChain | null>,
    readonly root: Root,
  ) {}

  get(name: string): CompiledChain | undefined {
    const c = this.own.get(name);
    if (c !== undefined) return c ?? undefined;
    return this.root.chains.get(name);
  }

  // A node's own chain of that name (its variant of a service port) is another LazyChain: by name first.
  lazy(chain: LazyChain): CompiledChain | undefined {
    const c = this.own.get(chain.chain);
    if (c !== undefined) return c ?? undefined;
    return this.root.chains.lazy(chain);
  }

  *values(): IterableIterator<CompiledChain> {
    for (const c of this.root.chains.values()) if (!this.own.has(c.name)) yield c;
    for (const c of this.own.values()) if (c) yield c;
  }
}

/** A fully compiled table and what comparing other tables with it needs (built on first use). */
interface Root {
  table: IptablesTable;
  chains: TableChains;
  declared?: Set<string>;
  rulePos?: Map<RuleSpec, number>;
  chainPos?: Map<string, number>;
}

const roots = new WeakMap<CompiledTable, Root>();

function rootOf(table: CompiledTable): Root | undefined {
  const chains = table.chains;
  if (chains instanceof OverlayChains) return chains.root;
  return roots.get(table);
}

/** Positions of a list's items (the first of equal ones). */
function positions<T>(list: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (let i = 0; i < list.length; i++) if (!m.has(list[i])) m.set(list[i], i);
  return m;
}

/**
 * Walk two lists in step; where they part, skip ahead in `base` when the item reappears there
 * (items between were removed), else take the item as inserted. Every item not paired with
 * an identical one in the same order is reported: a chain none of whose rules is reported has
 * the same rules in both, in the same order.
 */
function diff<T>(list: readonly T[], base: readonly T[], basePos: () => Map<T, number>, changed: (item: T) => void): void {
  let i = 0;
  let j = 0;
  while (i < list.length || j < base.length) {
    if (i < list.length && j < base.length && list[i] === base[j]) {
      i++;
      j++;
    } else if (j >= base.length) changed(list[i++]);
    else if (i >= list.length) changed(base[j++]);
    else {
      const p = basePos().get(list[i]);
      if (p !== undefined && p > j) {
        for (; j < p; j++) changed(base[j]);
      } else changed(list[i++]);
    }
  }
}

/**
 * The table compiled as a few chains over a root table's: nodes share most of their rules (the
 * very same RuleSpec objects), so a chain none of whose rules differs from the root's is the
 * root's chain (its parsed rules and index shared), and only the chains that differ are grouped
 * anew. A node's table costs one pass of identity comparisons, not a chain map of its own.
 */
function overlayTable(table: IptablesTable, root: Root): CompiledTable {
  // Chains by name, or by LazyChain: only the differing ones are ever named.
  const dirty = new Set<string | LazyChain>();
  const base = root.table;
  diff(table.rules, base.rules, () => (root.rulePos ??= positions(base.rules)), (r) => dirty.add(chainKeyOf(r)));
  diff(table.chains, base.chains, () => (root.chainPos ??= positions(base.chains)), (c) => dirty.add(c));
  for (const c of BUILTIN_CHAINS[table.name]) if ((table.policies?.[c] ?? 'ACCEPT') !== (base.policies?.[c] ?? 'ACCEPT')) dirty.add(c);
  const own = new Map<string, CompiledChain | null>();
  if (dirty.size) {
    const declared = new Set<string>();
    for (const c of table.chains) if (dirty.has(c)) declared.add(c);
    const fresh = new Map<string | LazyChain, CompiledChain>();
    for (const key of dirty) {
      if (typeof key === 'string' && (isBuiltinChain(table.name, key) || declared.has(key))) fresh.set(key, newChain(table, key));
    }
    const rules = table.rules;
    for (let i = 0; i < rules.length; ) {
      const key = chainKeyOf(rules[i]);
      let j = i + 1;
      while (j < rules.length && chainKeyOf(rules[j]) === key) j++;
      if (dirty.has(key)) {
        let c = fresh.get(key);
        if (!c) fresh.set(key, (c = newChain(table, rules[i].chain)));
        for (let k = i; k < j; k++) c.rules.push(rules[k]);
      }
      i = j;
    }
    // Lazily named chains by name: the root's and this table's of one name (a node's variant
    // of a service port) are two keys for one chain. Their rules are distinct objects, so the
    // root's chain is never the same, nor looked up (which might name all of the root's).
    const lazy = new Map<string, CompiledChain | null>();
    for (const key of dirty) {
      if (typeof key === 'string') {
        const c = fresh.get(key);
        const b = root.chains.get(key);
        if (!c) {
          if (b) own.set(key, null);
        } else if (!b || !sameChain(b, c)) own.set(key, c);
      } else {
        const c = fresh.get(key);
        if (c || !lazy.has(key.chain)) lazy.set(key.chain, c ?? null);
      }
    }
    for (const [name, c] of lazy) own.set(name, c);
  }
  return { name: table.name, chains: new OverlayChains(own, root) };
}

function newChain(table: IptablesTable, name: string): CompiledChain {
  const builtin = isBuiltinChain(table.name, name);
  const policy = builtin ? (table.policies?.[name] ?? 'ACCEPT') : 'ACCEPT';
  return { name, builtin, policy, rules: [], parsed: [], index: undefined, visits: undefined };
}

function sameChain(a: CompiledChain, b: CompiledChain): boolean {
  if (a.policy !== b.policy || a.rules.length !== b.rules.length) return false;
  for (let i = 0; i < a.rules.length; i++) if (a.rules[i] !== b.rules[i]) return false;
  return true;
}

/**
 * A ruleset made evaluable. Tables are compiled once per table object: a node whose filter
 * table did not change keeps its compiled filter table (and its parsed rules and indexes).
 * With `base` (another node's compiled ruleset), chains identical to the base's are shared.
 */
export function compileRuleset(ruleset: Ruleset, base?: CompiledRuleset): CompiledRuleset {
  const tables = new Map<IptablesTableName, CompiledTable>();
  for (const table of ruleset.tables) {
    const b = base?.tables.get(table.name);
    tables.set(table.name, compileTable(table, b));
  }
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
