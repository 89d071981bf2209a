/**
 * kube-proxy's own view: the `iptables-restore` input it writes, rules exactly as given, in
 * the canonical order kube-proxy's tests compare (pkg/proxy/iptables/proxier_test.go
 * sortIPTablesRules): tables by name; chains KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-*
 * by name, then the rest by name; rules grouped by chain, KUBE-NODEPORTS and KUBE-SERVICES
 * stably sorted by the service name in their comment with nat KUBE-SERVICES' "must be the
 * last rule" rule kept last; all other rules in the order written.
 */
import { unquoteArg } from './parse.ts';
import { compareNames, isBuiltinChain } from './tables.ts';
import type { IptablesTable, RuleSpec, Ruleset } from './types.ts';

/** An argument as kube-proxy's line buffer writes it: pre-quoted stays, spaces get quotes. */
export function restoreArg(arg: string): string {
  if (arg.length >= 2 && arg.charCodeAt(0) === 34 && arg.charCodeAt(arg.length - 1) === 34) return arg;
  return arg === '' || arg.includes(' ') || arg.includes('\t') ? `"${arg}"` : arg;
}

const restoreTexts = new WeakMap<RuleSpec, string>();

/** The `-A CHAIN args` line, made once per RuleSpec object. */
export function restoreRuleText(spec: RuleSpec): string {
  let text = restoreTexts.get(spec);
  if (text === undefined) {
    text = `-A ${spec.chain}`;
    for (const a of spec.args) text += ' ' + restoreArg(a);
    restoreTexts.set(spec, text);
  }
  return text;
}

const NODEPORTS = 'KUBE-NODEPORTS';
const SERVICES = 'KUBE-SERVICES';

function chainRank(name: string): number {
  if (name === NODEPORTS) return 0;
  if (name === SERVICES) return 1;
  return name.startsWith('KUBE-') ? 2 : 3;
}

export function compareRestoreChains(a: string, b: string): number {
  return chainRank(a) - chainRank(b) || compareNames(a, b);
}

/** The comment's value, if the rule has `-m comment --comment X`. */
function commentOf(spec: RuleSpec): string | undefined {
  const i = spec.args.indexOf('--comment');
  return i >= 0 && i + 1 < spec.args.length ? unquoteArg(spec.args[i + 1]) : undefined;
}

/** The service name at the start of a comment: up to the first space or colon. */
function serviceName(spec: RuleSpec): string {
  const c = commentOf(spec) ?? '';
  const cut = c.search(/[ :]/);
  return cut < 0 ? c : c.slice(0, cut);
}

const LAST_RULE = 'must be the last rule';

function sortByService(rules: RuleSpec[], keepLastRuleLast: boolean): RuleSpec[] {
  const keyed = rules.map((r, i) => ({
    r,
    i,
    last: keepLastRuleLast && (commentOf(r) ?? '').includes(LAST_RULE),
    name: serviceName(r),
  }));
  keyed.sort((a, b) => Number(a.last) - Number(b.last) || compareNames(a.name, b.name) || a.i - b.i);
  return keyed.map((k) => k.r);
}

function restoreTable(table: IptablesTable, out: string[]): void {
  const byChain = new Map<string, RuleSpec[]>();
  const chains = new Set<string>();
  for (const c of table.chains) if (!isBuiltinChain(table.name, c)) chains.add(c);
  for (const r of table.rules) {
    // kube-proxy installs its jumps from built-in chains with `iptables -I`, not in the restore.
    if (isBuiltinChain(table.name, r.chain)) continue;
    chains.add(r.chain);
    let list = byChain.get(r.chain);
    if (!list) byChain.set(r.chain, (list = []));
    list.push(r);
  }
  const order = [...chains].sort(compareRestoreChains);
  out.push(`*${table.name}`);
  for (const c of order) out.push(`:${c} - [0:0]`);
  for (const c of order) {
    let rules = byChain.get(c);
    if (!rules) continue;
    if (c === NODEPORTS || c === SERVICES) rules = sortByService(rules, table.name === 'nat' && c === SERVICES);
    for (const r of rules) out.push(restoreRuleText(r));
  }
  out.push('COMMIT');
}

/** kube-proxy's restore input for a ruleset, canonically sorted, ending with a newline. */
export function formatRestore(ruleset: Ruleset): string {
  const out: string[] = [];
  const tables = [...ruleset.tables].sort((a, b) => compareNames(a.name, b.name));
  for (const t of tables) restoreTable(t, out);
  return out.join('\n') + '\n';
}
