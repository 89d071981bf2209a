/**
 * One node's tables from each author's part, in the order a real node shows them. In built-in
 * chains kube-proxy's jumps come first and kubelet's next (both insert with `iptables -I`,
 * kube-proxy last, so on top), then the CNI's and anything else, which append (`-A`): the
 * order observed on kubeadm + flannel nodes (`-A FORWARD ... -j KUBE-FORWARD` before
 * `-A FORWARD ... -j FLANNEL-FWD`; `-A INPUT ... -j KUBE-EXTERNAL-SERVICES` before
 * `-A INPUT -j KUBE-FIREWALL`). Each part lists its rules in the order they appear in a chain.
 * A user chain written by two authors (KUBE-FIREWALL: kubelet and kube-proxy) holds one copy
 * of an identical rule, as `iptables -C` before `-A` and iptables-restore's flush leave it.
 */
import { saveLine } from './save-format.ts';
import { chainKeyOf, isBuiltinChain } from './tables.ts';
import type { BuiltinChain, IptablesTable, IptablesTableName, RuleAuthor, RuleSpec, Ruleset } from './types.ts';

export interface RulesetPart {
  author: RuleAuthor;
  ruleset: Ruleset;
}

const PREPEND_RANK: Partial<Record<RuleAuthor, number>> = { 'kube-proxy': 0, kubelet: 1 };

function rank(author: RuleAuthor): number {
  return PREPEND_RANK[author] ?? 2;
}

/** What assembling needs to know of one part's table; computed once per table object. */
interface PartInfo {
  /** Its declared chains, first occurrence kept. */
  chains: readonly string[];
  /** Whether it declares a chain (a set for small parts, a scan remembered per name for big unique ones). */
  declares(chain: string): boolean;
  /** Its rules in built-in chains, in order. */
  builtins: readonly RuleSpec[];
  /** Its rules in user chains, in order. */
  userRules: number;
  /** Whether it writes rules in a user chain: a set for small parts, a scan remembered per name for big ones. */
  writesIn(chain: string): boolean;
  /** The user chains it writes rules in (built on first use: small parts only need it). */
  ruleChains(): ReadonlySet<string>;
}

const partInfos = new WeakMap<IptablesTable, PartInfo>();

// A node's nat table holds some 300,000 rules at 10,000 Services and kube-proxy's part is the
// same table object on every node alike: analyse it once, never allocate per rule, and never
// build a set of its 100,000 chains with rules (other parts ask about a handful of names).
function partInfo(t: IptablesTable): PartInfo {
  let info = partInfos.get(t);
  if (info) return info;
  let chainSet: Set<string> | undefined;
  let chains: readonly string[];
  if (t.uniqueChains) chains = t.chains;
  else {
    chainSet = new Set<string>();
    const list: string[] = [];
    for (const c of t.chains) {
      if (!chainSet.has(c)) {
        chainSet.add(c);
        list.push(c);
      }
    }
    chains = list;
  }
  const declaredAsked = new Map<string, boolean>();
  const builtins: RuleSpec[] = [];
  const list = t.rules;
  let userRules = 0;
  for (let i = 0; i < list.length; ) {
    const chain = chainKeyOf(list[i]);
    let j = i + 1;
    while (j < list.length && chainKeyOf(list[j]) === chain) j++;
    if (typeof chain === 'string' && isBuiltinChain(t.name, chain)) for (let k = i; k < j; k++) builtins.push(list[k]);
    else userRules += j - i;
    i = j;
  }
  let ruleChains: Set<string> | undefined;
  const asked = new Map<string, boolean>();
  // Lazily named chains are left out: they are their author's alone, so never shared.
  const ruleChainsOf = (): Set<string> => {
    if (ruleChains) return ruleChains;
    ruleChains = new Set<string>();
    for (const r of list) if (r.lazyChain === undefined && !isBuiltinChain(t.name, r.chain)) ruleChains.add(r.chain);
    return ruleChains;
  };
  info = {
    chains,
    declares(chain: string): boolean {
      if (chainSet === undefined && chains.length < 1024) chainSet = new Set(chains);
      if (chainSet !== undefined) return chainSet.has(chain);
      let yes = declaredAsked.get(chain);
      if (yes === undefined) declaredAsked.set(chain, (yes = chains.includes(chain)));
      return yes;
    },
    builtins,
    userRules,
    ruleChains: ruleChainsOf,
    writesIn(chain: string): boolean {
      if (ruleChains || list.length < 1024) return ruleChainsOf().has(chain);
      let yes = asked.get(chain);
      if (yes === undefined) {
        yes = false;
        if (!isBuiltinChain(t.name, chain)) for (let i = 0; i < list.length && !yes; i++) yes = list[i].lazyChain === undefined && list[i].chain === chain;
        asked.set(chain, yes);
      }
      return yes;
    },
  };
  partInfos.set(t, info);
  return info;
}

interface PartTable {
  author: RuleAuthor;
  order: number;
  table: IptablesTable;
  info: PartInfo;
}

export function assembleNode(parts: readonly RulesetPart[]): Ruleset {
  const drafts = new Map<IptablesTableName, PartTable[]>();
  parts.forEach((part, order) => {
    for (const t of part.ruleset.tables) {
      let d = drafts.get(t.name);
      if (!d) drafts.set(t.name, (d = []));
      d.push({ author: part.author, order, table: t, info: partInfo(t) });
    }
  });
  const tables: IptablesTable[] = [];
  for (const [name, d] of drafts) {
    const policies: Partial<Record<BuiltinChain, 'ACCEPT' | 'DROP'>> = {};
    for (const p of d) Object.assign(policies, p.table.policies ?? {});
    // Declared chains in part order, first occurrence kept.
    const chains: string[] = d[0].info.chains.slice();
    for (let k = 1; k < d.length; k++) {
      for (const c of d[k].info.chains) {
        let dup = false;
        for (let q = 0; q < k && !dup; q++) dup = d[q].info.declares(c);
        if (!dup) chains.push(c);
      }
    }
    // Chains written by more than one part: look the smaller sets up in the others.
    const shared = new Set<string>();
    for (let a = 0; a < d.length; a++) {
      for (let b = a + 1; b < d.length; b++) {
        const [small, large] = d[a].table.rules.length <= d[b].table.rules.length ? [d[a], d[b]] : [d[b], d[a]];
        for (const c of small.info.ruleChains()) if (large.info.writesIn(c)) shared.add(c);
      }
    }
    const ordered = [...d].sort((a, b) => rank(a.author) - rank(b.author) || a.order - b.order);
    // Sized for every rule (shared chains may drop a few duplicates: trimmed at the end).
    let size = 0;
    for (const p of d) size += p.info.builtins.length + p.info.userRules;
    const rules = new Array<RuleSpec>(size);
    let n = 0;
    for (const p of ordered) for (const r of p.info.builtins) rules[n++] = r;
    const seen = new Map<string, Set<string>>();
    for (const p of d) {
      const list = p.table.rules;
      // Rules come grouped by chain: decide once per run of one chain.
      for (let i = 0; i < list.length; ) {
        const chain = chainKeyOf(list[i]);
        let j = i + 1;
        while (j < list.length && chainKeyOf(list[j]) === chain) j++;
        if (typeof chain !== 'string') {
          for (let k = i; k < j; k++) rules[n++] = list[k];
        } else if (shared.size !== 0 && shared.has(chain)) {
          let texts = seen.get(chain);
          if (!texts) seen.set(chain, (texts = new Set()));
          for (let k = i; k < j; k++) {
            const text = saveLine(list[k]);
            if (texts.has(text)) continue;
            texts.add(text);
            rules[n++] = list[k];
          }
        } else if (!isBuiltinChain(name, chain)) {
          for (let k = i; k < j; k++) rules[n++] = list[k];
        }
        i = j;
      }
    }
    rules.length = n;
    const table: IptablesTable = { name, chains, rules };
    tables.push(Object.keys(policies).length ? { ...table, policies } : table);
  }
  return { tables };
}
