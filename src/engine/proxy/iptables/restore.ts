/**
 * kube-proxy's restore input as text, and the canonical order upstream's tests compare it in
 * (kubernetes pkg/proxy/iptables/proxier_test.go sortIPTablesRules; reference §2.0): tables by
 * name; chains KUBE-NODEPORTS, KUBE-SERVICES, then other KUBE-* by name, then the rest by name;
 * each chain's rules grouped under it in generation order, except KUBE-NODEPORTS and
 * KUBE-SERVICES, stably sorted by the service name that starts their comment, with nat
 * KUBE-SERVICES' "must be the last rule" rule kept last. Real kube-proxy writes services in
 * Go map order; this order is the stable one a reader can compare.
 * (Kept here until the iptables engine's formatter offers the same; it only reads the contract types.)
 */
import type { IptablesTable, RuleSpec, Ruleset } from '../../net/iptables/types.ts';

function commentOf(r: RuleSpec): string | undefined {
  const i = r.args.indexOf('--comment');
  return i >= 0 && i + 1 < r.args.length ? r.args[i + 1] : undefined;
}

/** The text before the first space or colon of the comment (orderByCommentServiceName). */
function serviceNameOf(r: RuleSpec): string | undefined {
  const c = commentOf(r);
  if (c === undefined) return undefined;
  const m = /[ :]/.exec(c);
  return m ? c.slice(0, m.index) : c;
}

function chainRank(name: string): number {
  if (name === 'KUBE-NODEPORTS') return 0;
  if (name === 'KUBE-SERVICES') return 1;
  return name.startsWith('KUBE-') ? 2 : 3;
}

function compareChains(a: string, b: string): number {
  const ra = chainRank(a);
  const rb = chainRank(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

const MUST_BE_LAST = 'must be the last rule';

function sortByServiceName(rules: RuleSpec[], keepLast: boolean): RuleSpec[] {
  const keyed = rules.map((r, i) => ({ r, i, name: serviceNameOf(r), last: keepLast && (commentOf(r)?.includes(MUST_BE_LAST) ?? false) }));
  keyed.sort((x, y) => {
    if (x.last !== y.last) return x.last ? 1 : -1;
    // A rule without a comment compares equal to everything (upstream returns false both ways).
    if (x.name !== undefined && y.name !== undefined && x.name !== y.name) return x.name < y.name ? -1 : 1;
    return x.i - y.i;
  });
  return keyed.map((k) => k.r);
}

function sortTable(t: IptablesTable): IptablesTable {
  const chains = [...t.chains].sort(compareChains);
  const byChain = new Map<string, RuleSpec[]>();
  for (const c of chains) byChain.set(c, []);
  const undeclared: RuleSpec[] = [];
  for (const r of t.rules) {
    const list = byChain.get(r.chain);
    if (list) list.push(r);
    else undeclared.push(r);
  }
  const rules: RuleSpec[] = [];
  for (const c of chains) {
    let list = byChain.get(c)!;
    if (c === 'KUBE-NODEPORTS' || c === 'KUBE-SERVICES') list = sortByServiceName(list, c === 'KUBE-SERVICES' && t.name === 'nat');
    for (const r of list) rules.push(r);
  }
  for (const r of undeclared) rules.push(r);
  return { name: t.name, chains, rules };
}

export function sortForRestore(ruleset: Ruleset): Ruleset {
  const tables = [...ruleset.tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { tables: tables.map(sortTable) };
}

/** One argument as iptables-restore input: quoted when it holds a space, as proxier.go writes `"..."`. */
export function restoreArg(arg: string): string {
  return arg.includes(' ') ? `"${arg}"` : arg;
}

export function restoreRuleLine(r: RuleSpec): string {
  let line = `-A ${r.chain}`;
  for (const a of r.args) line += ` ${restoreArg(a)}`;
  return line;
}

/** `*table`, `:CHAIN - [0:0]` lines, `-A` lines and COMMIT, each line ending in a newline. */
export function formatRestore(ruleset: Ruleset): string {
  const out: string[] = [];
  for (const t of ruleset.tables) {
    out.push(`*${t.name}`);
    for (const c of t.chains) out.push(`:${c} - [0:0]`);
    for (const r of t.rules) out.push(restoreRuleLine(r));
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}
