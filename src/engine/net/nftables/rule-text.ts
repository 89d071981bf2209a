/**
 * A rule's two texts. The transaction form is what kube-proxy passes to `nft -f` (knftables
 * Concat: tokens joined by single spaces). The list form is what `nft list` prints after the
 * kernel round trip (nftables src/statement.c, src/expression.c, src/datatype.c):
 *  - a one-element anonymous set becomes a plain comparison (`ip daddr { 172.30.0.0/16 }` lists
 *    as `ip daddr 172.30.0.0/16`; REAL dump: "ip daddr 10.43.0.0/16 drop comment ...");
 *  - `mark` is printed as `meta mark`, marks as %#010x, `and`/`or`/`xor` as `&`/`|`/`^`
 *    (REAL: "meta mark & 0x00004000 == 0x00000000 return", "meta mark set meta mark | 0x00004000");
 *  - anonymous set and vmap elements are separated by ", " (expression.c calculate_delim).
 * Texts are cached per rule object, so shared rules are printed once.
 */
import type { NftRule, NftStmt, NftVerdict } from './types.ts';

export function verdictText(v: NftVerdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind;
}

/** datatype.c mark_type: printed as a 32-bit hex number with 0x and 8 digits. */
function markHex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

function addrHead(field: string, negate: boolean): string {
  return negate ? `ip ${field} != ` : `ip ${field} `;
}

export function txStmt(s: NftStmt): string {
  switch (s.kind) {
    case 'addr':
      return addrHead(s.field, s.negate) + s.text;
    case 'addr-anon':
      return `${addrHead(s.field, s.negate)}{ ${s.text} }`;
    case 'addr-set':
      return `${addrHead(s.field, s.negate)}@${s.set}`;
    case 'fib-local':
      return `fib ${s.field} type local`;
    case 'iif':
      return `${s.byName ? 'iifname' : 'iif'}${s.negate ? ' !=' : ''} ${s.name}`;
    case 'ct-state-new':
      return 'ct state new';
    case 'l4proto':
      return `meta l4proto ${s.proto}`;
    case 'mark-and-eq':
      return `mark and ${s.maskText} == ${s.valueText}`;
    case 'mark-set':
      return `mark set mark ${s.op} ${s.valueText}`;
    case 'vmap':
      return s.key === 'daddr.l4proto.dport' ? `ip daddr . meta l4proto . th dport vmap @${s.map}` : `meta l4proto . th dport vmap @${s.map}`;
    case 'numgen':
      return `numgen random mod ${s.mod} vmap { ${s.targets.map((t, i) => `${i} : goto ${t}`).join(' , ')} }`;
    case 'update-saddr':
      return `update @${s.set} { ip saddr }`;
    case 'dnat':
      return `dnat to ${s.ip}:${s.port}`;
    case 'masquerade':
      return s.fullyRandom ? 'masquerade fully-random' : 'masquerade';
    case 'verdict':
      return verdictText(s.verdict);
  }
}

export function listStmt(s: NftStmt): string {
  switch (s.kind) {
    case 'addr-anon':
      return s.items.length === 1 ? addrHead(s.field, s.negate) + s.items[0] : `${addrHead(s.field, s.negate)}{ ${s.items.join(', ')} }`;
    case 'iif':
      return `${s.byName ? 'iifname' : 'iif'}${s.negate ? ' !=' : ''} "${s.name}"`;
    case 'mark-and-eq':
      return `meta mark & ${markHex(s.mask)} == ${markHex(s.value)}`;
    case 'mark-set':
      return `meta mark set meta mark ${s.op === 'or' ? '|' : '^'} ${markHex(s.value)}`;
    case 'numgen':
      return `numgen random mod ${s.mod} vmap { ${s.targets.map((t, i) => `${i} : goto ${t}`).join(', ')} }`;
    default:
      return txStmt(s);
  }
}

const txCache = new WeakMap<NftRule, string>();
const listCache = new WeakMap<NftRule, string>();

function joinStmts(r: NftRule, one: (s: NftStmt) => string): string {
  let out = '';
  for (let i = 0; i < r.stmts.length; i++) out += (i === 0 ? '' : ' ') + one(r.stmts[i]);
  return out;
}

/** Go's %q for the ASCII comments kube-proxy writes: quotes and backslashes escaped. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The rule as kube-proxy writes it after `add rule ip kube-proxy CHAIN ` (comment included). */
export function ruleTxText(r: NftRule): string {
  let t = txCache.get(r);
  if (t === undefined) {
    t = joinStmts(r, txStmt) + (r.comment === undefined ? '' : ` comment ${quote(r.comment)}`);
    txCache.set(r, t);
  }
  return t;
}

/** The rule as `nft list` prints it inside its chain. */
export function ruleListText(r: NftRule): string {
  let t = listCache.get(r);
  if (t === undefined) {
    // rule.c rule_print: statements, then ` comment "..."` (printed as stored, no escaping).
    t = joinStmts(r, listStmt) + (r.comment === undefined ? '' : ` comment "${r.comment}"`);
    listCache.set(r, t);
  }
  return t;
}
