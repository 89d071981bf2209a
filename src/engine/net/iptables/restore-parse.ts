/**
 * iptables-restore text -> a Ruleset: `*table`, `:CHAIN POLICY [p:b]`, `-A CHAIN args`,
 * `COMMIT`. Arguments keep their quotes, as kube-proxy passes them (`"ns1/svc1 cluster IP"`),
 * so the restore view prints them back unchanged. Used for golden tests and pasted rules.
 */
import { isBuiltinChain, isTableName } from './tables.ts';
import type { BuiltinChain, IptablesTable, IptablesTableName, RuleAuthor, RuleSpec, Ruleset } from './types.ts';

export type RestoreParseResult = { ok: true; ruleset: Ruleset } | { ok: false; error: string; line: number };

/** Split a line on spaces, keeping a double-quoted run (with its quotes) as one argument. */
export function splitRestoreArgs(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let j = i;
    let quoted = false;
    while (j < line.length && (quoted || line[j] !== ' ')) {
      if (line[j] === '\\' && quoted) j++;
      else if (line[j] === '"') quoted = !quoted;
      j++;
    }
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

interface Draft {
  name: IptablesTableName;
  chains: string[];
  rules: RuleSpec[];
  policies: Partial<Record<BuiltinChain, 'ACCEPT' | 'DROP'>>;
}

export function parseRestoreText(text: string, author: RuleAuthor): RestoreParseResult {
  const tables: IptablesTable[] = [];
  let current: Draft | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    const err = (error: string): RestoreParseResult => ({ ok: false, error, line: n + 1 });
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const name = line.slice(1);
      if (!isTableName(name)) return err(`table '${name}' does not exist`);
      current = { name, chains: [], rules: [], policies: {} };
      continue;
    }
    if (!current) return err('no table specified');
    if (line === 'COMMIT') {
      const { name, chains, rules, policies } = current;
      tables.push(Object.keys(policies).length ? { name, chains, rules, policies } : { name, chains, rules });
      current = undefined;
      continue;
    }
    if (line.startsWith(':')) {
      const [chain, policy] = line.slice(1).split(' ');
      if (isBuiltinChain(current.name, chain)) {
        if (policy === 'DROP') current.policies[chain] = 'DROP';
      } else current.chains.push(chain);
      continue;
    }
    const args = splitRestoreArgs(line);
    if (args[0] !== '-A' || args.length < 2) return err(`unsupported line: ${line}`);
    current.rules.push({ chain: args[1], args: args.slice(2), author });
  }
  if (current) return { ok: false, error: `table ${current.name} was never committed`, line: lines.length };
  return { ok: true, ruleset: { tables } };
}
