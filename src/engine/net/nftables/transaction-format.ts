/**
 * The table as a transaction (`add table ...`, `add chain ...`, `add rule ...`, `add element
 * ...`): the syntax kube-proxy feeds to `nft -f`, in the order sigs.k8s.io/knftables'
 * Fake.Dump() writes a table (fake.go dumpTable): the table; chains, sets and maps each sorted
 * by name (Go string order); then every chain's rules; then every set's and map's elements in
 * the order they were added. Object syntax follows knftables objects.go writeOperation:
 * `{ type T ; flags a,b ; timeout Ns ; comment "..." ; }`, base chains with a numeric priority,
 * elements as `{ k1 . k2 comment "..." : verdict }`.
 */
import { keyText } from './build.ts';
import { quote, ruleTxText, verdictText } from './rule-text.ts';
import type { NftChain, NftSet, NftTable } from './types.ts';

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function chainLine(prefix: string, c: NftChain): string {
  let line = `add chain ${prefix} ${c.name}`;
  if (c.base || c.comment !== undefined) {
    line += ' {';
    if (c.base) {
      line += ` type ${c.base.type} hook ${c.base.hook} priority ${c.base.priority} ;`;
      if (c.base.policy) line += ` policy ${c.base.policy} ;`;
    }
    if (c.comment !== undefined) line += ` comment ${quote(c.comment)} ;`;
    line += ' }';
  }
  return line;
}

function setLine(prefix: string, s: NftSet): string {
  let line = `add ${s.kind} ${prefix} ${s.name} { type ${s.type} ;`;
  if (s.flags && s.flags.length > 0) line += ` flags ${s.flags.join(',')} ;`;
  if (s.timeout !== undefined) line += ` timeout ${s.timeout}s ;`;
  if (s.comment !== undefined) line += ` comment ${quote(s.comment)} ;`;
  return `${line} }`;
}

/** knftables' dump of one table, one object per line, each line ending in a newline. */
export function transactionText(table: NftTable): string {
  const prefix = `${table.family} ${table.name}`;
  const out: string[] = [];
  out.push(table.comment === undefined ? `add table ${prefix}` : `add table ${prefix} { comment ${quote(table.comment)} ; }`);
  const chainNames = [...table.chains.keys()].sort(byName);
  const sets: NftSet[] = [];
  const maps: NftSet[] = [];
  for (const name of [...table.sets.keys()].sort(byName)) {
    const s = table.sets.get(name)!;
    (s.kind === 'map' ? maps : sets).push(s);
  }
  for (const n of chainNames) out.push(chainLine(prefix, table.chains.get(n)!));
  for (const s of sets) out.push(setLine(prefix, s));
  for (const s of maps) out.push(setLine(prefix, s));
  for (const n of chainNames) {
    const c = table.chains.get(n)!;
    const head = `add rule ${prefix} ${n} `;
    for (const r of c.rules) out.push(head + ruleTxText(r));
  }
  for (const s of [...sets, ...maps]) {
    const head = `add element ${prefix} ${s.name} { `;
    for (const el of s.elements) {
      let line = head + keyText(el.key);
      if (el.comment !== undefined) line += ` comment ${quote(el.comment)}`;
      if (el.verdict) line += ` : ${verdictText(el.verdict)}`;
      out.push(`${line} }`);
    }
  }
  return out.join('\n') + '\n';
}
