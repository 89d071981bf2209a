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
import { isBuiltinChain } from './tables.ts';
import type { BuiltinChain, IptablesTable, IptablesTableName, RuleAuthor, RuleSpec, Ruleset } from './types.ts';

export interface RulesetPart {
  author: RuleAuthor;
  ruleset: Ruleset;
}

const PREPEND_RANK: Partial<Record<RuleAuthor, number>> = { 'kube-proxy': 0, kubelet: 1 };

function rank(author: RuleAuthor): number {
  return PREPEND_RANK[author] ?? 2;
}

interface TableDraft {
  chains: string[];
  seenChains: Set<string>;
  /** Per part, its rules in this table. */
  parts: { author: RuleAuthor; order: number; rules: readonly RuleSpec[] }[];
  policies: Partial<Record<BuiltinChain, 'ACCEPT' | 'DROP'>>;
}

export function assembleNode(parts: readonly RulesetPart[]): Ruleset {
  const drafts = new Map<IptablesTableName, TableDraft>();
  parts.forEach((part, order) => {
    for (const t of part.ruleset.tables) {
      let d = drafts.get(t.name);
      if (!d) drafts.set(t.name, (d = { chains: [], seenChains: new Set(), parts: [], policies: {} }));
      for (const c of t.chains) {
        if (!d.seenChains.has(c)) {
          d.seenChains.add(c);
          d.chains.push(c);
        }
      }
      d.parts.push({ author: part.author, order, rules: t.rules });
      Object.assign(d.policies, t.policies ?? {});
    }
  });
  const tables: IptablesTable[] = [];
  for (const [name, d] of drafts) {
    const ordered = [...d.parts].sort((a, b) => rank(a.author) - rank(b.author) || a.order - b.order);
    // One pass per part: built-in chain rules apart, and which chains each part writes (a node's
    // nat table holds some 300,000 rules at 10,000 Services, so no per-rule allocation here).
    const builtinByPart = new Map<(typeof d.parts)[number], RuleSpec[]>();
    const owners = new Map<string, number>();
    for (const p of d.parts) {
      const builtins: RuleSpec[] = [];
      const list = p.rules;
      const chainsOfPart = new Set<string>();
      for (let i = 0; i < list.length; ) {
        const chain = list[i].chain;
        let j = i + 1;
        while (j < list.length && list[j].chain === chain) j++;
        if (isBuiltinChain(name, chain)) for (let k = i; k < j; k++) builtins.push(list[k]);
        else chainsOfPart.add(chain);
        i = j;
      }
      builtinByPart.set(p, builtins);
      for (const c of chainsOfPart) owners.set(c, (owners.get(c) ?? 0) + 1);
    }
    const rules: RuleSpec[] = [];
    for (const p of ordered) for (const r of builtinByPart.get(p) ?? []) rules.push(r);
    const seen = new Map<string, Set<string>>();
    for (const p of d.parts) {
      const list = p.rules;
      // Rules come grouped by chain: decide once per run of one chain.
      for (let i = 0; i < list.length; ) {
        const chain = list[i].chain;
        let j = i + 1;
        while (j < list.length && list[j].chain === chain) j++;
        if (!isBuiltinChain(name, chain)) {
          if ((owners.get(chain) ?? 0) > 1) {
            let texts = seen.get(chain);
            if (!texts) seen.set(chain, (texts = new Set()));
            for (let k = i; k < j; k++) {
              const text = saveLine(list[k]);
              if (texts.has(text)) continue;
              texts.add(text);
              rules.push(list[k]);
            }
          } else {
            for (let k = i; k < j; k++) rules.push(list[k]);
          }
        }
        i = j;
      }
    }
    const table: IptablesTable = { name, chains: d.chains, rules };
    tables.push(Object.keys(d.policies).length ? { ...table, policies: d.policies } : table);
  }
  return { tables };
}
