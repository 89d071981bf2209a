/**
 * `nft list table ip kube-proxy` and `nft list ruleset` (nftables src/rule.c table_print,
 * set_print, chain_print; src/expression.c set_expr_print, set_elem_expr_print). Layout:
 *  - `table ip kube-proxy {`, the table comment on its own line, then sets and maps (creation
 *    order), then chains (creation order), one blank line between objects, `}`;
 *  - a set: `type ...`, `flags dynamic,timeout` (set_print_declaration prints every flag, also
 *    when the set has a default timeout: nftables tests/shell/testcases/maps/dumps/
 *    typeof_maps_concat_update_0.nft "flags dynamic,timeout" then "timeout 6m"), `timeout 3h`,
 *    `comment "..."`, `elements = { ... }`; elements are sorted (netlink.c list_expr_sort), joined
 *    by ", " and wrapped after every 2 addresses, or one per line for maps, concatenations,
 *    commented elements and sets with timeouts (calculate_delim: ",\n\t\t\t     ");
 *  - a single address sorts by its numeric value; a concatenated key sorts as its register bytes
 *    read little-endian, so the last bytes weigh most: the port's low byte, then its high byte,
 *    then the protocol, then the address from its last octet (REAL kube-proxy dumps: service-ips
 *    lists `10.43.0.10 . tcp . 53, 10.43.0.10 . udp . 53, 10.43.195.72 . tcp . 8000,
 *    10.43.34.64 . tcp . 3001, 10.43.0.1 . tcp . 443, 10.43.10.165 . tcp . 443, …` and
 *    `10.100.192.23 . tcp . 80` before `10.96.0.1 . tcp . 443`);
 *  - a chain: `comment "..."` first, then `type T hook H priority P; policy accept;` for base
 *    chains, then the rules.
 * Dynamic set elements print `timeout 3h expires 2h59m58s` [UNCERTAIN: newer kernels may leave
 * out a timeout equal to the set's default].
 */
import { keyText } from './build.ts';
import { priorityText } from './priority.ts';
import { ruleListText, verdictText } from './rule-text.ts';
import type { NftChain, NftDynamicSets, NftElement, NftSet, NftTable } from './types.ts';

/** datatype.c time_print: `1d2h3m4s5ms`, units that are zero left out. */
export function timeText(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  const days = Math.floor(rest / 86400000);
  rest %= 86400000;
  const hours = Math.floor(rest / 3600000);
  rest %= 3600000;
  const minutes = Math.floor(rest / 60000);
  rest %= 60000;
  const seconds = Math.floor(rest / 1000);
  rest %= 1000;
  let out = '';
  if (days > 0) out += `${days}d`;
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0) out += `${minutes}m`;
  if (seconds > 0) out += `${seconds}s`;
  if (rest > 0) out += `${rest}ms`;
  return out === '' ? '0s' : out;
}

const PROTO_NUMBER: Record<string, number> = { tcp: 6, udp: 17, sctp: 132 };

/** One key part as the number nft compares (addresses, protocol numbers, ports). */
function partValue(part: string): number {
  const proto = PROTO_NUMBER[part];
  if (proto !== undefined) return proto;
  if (part.includes('.')) {
    const slash = part.indexOf('/');
    const ip = slash < 0 ? part : part.slice(0, slash);
    let n = 0;
    for (const o of ip.split('.')) n = n * 256 + Number(o);
    return n;
  }
  return Number(part);
}

interface Printable {
  sort: number[];
  text: string;
}

/** A key part's bytes as nft puts it in a 32-bit-aligned register: address 4, protocol 1, port 2 (big-endian), zero-padded. */
function partBytes(part: string, out: number[]): void {
  const proto = PROTO_NUMBER[part];
  if (proto !== undefined) {
    out.push(proto, 0, 0, 0);
  } else if (part.includes('.')) {
    const slash = part.indexOf('/');
    for (const o of (slash < 0 ? part : part.slice(0, slash)).split('.')) out.push(Number(o) & 255);
  } else {
    const n = Number(part);
    out.push((n >> 8) & 255, n & 255, 0, 0);
  }
}

/** Sort values for a key: the number for one part; for a concatenation the register bytes, last first. */
function sortKey(key: readonly string[]): number[] {
  if (key.length === 1) return [partValue(key[0])];
  const bytes: number[] = [];
  for (const part of key) partBytes(part, bytes);
  return bytes.reverse();
}

function sortedElements(items: Printable[]): Printable[] {
  return items.sort((a, b) => {
    const n = Math.min(a.sort.length, b.sort.length);
    for (let i = 0; i < n; i++) if (a.sort[i] !== b.sort[i]) return a.sort[i] - b.sort[i];
    return 0;
  });
}

function elementText(el: NftElement): string {
  let t = keyText(el.key);
  if (el.comment !== undefined) t += ` comment "${el.comment}"`;
  if (el.verdict) t += ` : ${verdictText(el.verdict)}`;
  return t;
}

const elementTexts = new WeakMap<NftElement, Printable>();

function printable(el: NftElement): Printable {
  let p = elementTexts.get(el);
  if (!p) elementTexts.set(el, (p = { sort: sortKey(el.key), text: elementText(el) }));
  return p;
}

const NEWLINE = ',\n\t\t\t     ';

function setText(s: NftSet, dynamic: ReadonlyMap<string, number> | undefined, nowSec: number): string {
  let out = `\t${s.kind} ${s.name} {\n\t\ttype ${s.type}\n`;
  const flags = s.flags ?? [];
  // set_print_declaration prints flags in a fixed order: constant, dynamic, interval, timeout.
  const order = ['dynamic', 'interval', 'timeout'] as const;
  const shown = order.filter((f) => flags.includes(f));
  if (shown.length > 0) out += `\t\tflags ${shown.join(',')}\n`;
  if (s.timeout !== undefined) out += `\t\ttimeout ${timeText(s.timeout * 1000)}\n`;
  if (s.comment !== undefined) out += `\t\tcomment "${s.comment}"\n`;
  const items: Printable[] = s.elements.map(printable);
  if (dynamic) {
    for (const [ip, expires] of dynamic) {
      if (expires <= nowSec || s.index.has(ip)) continue;
      let text = ip;
      if (s.timeout !== undefined) text += ` timeout ${timeText(s.timeout * 1000)}`;
      text += ` expires ${timeText((expires - nowSec) * 1000)}`;
      items.push({ sort: [partValue(ip)], text });
    }
  }
  if (items.length > 0) {
    const forceNewline = s.kind === 'map' || s.timeout !== undefined || s.type.includes(' . ') || s.elements.some((e) => e.comment !== undefined) || (s.flags ?? []).includes('timeout');
    // calculate_delim: addresses two to a line; other key types here one to a line.
    const perLine = s.type === 'ipv4_addr' ? 2 : 1;
    out += '\t\telements = { ';
    sortedElements(items).forEach((p, i) => {
      if (i > 0) out += forceNewline || i % perLine === 0 ? NEWLINE : ', ';
      out += p.text;
    });
    out += ' }\n';
  }
  return `${out}\t}\n`;
}

function chainText(c: NftChain): string {
  let out = `\tchain ${c.name} {`;
  if (c.comment !== undefined) out += `\n\t\tcomment "${c.comment}"`;
  out += '\n';
  if (c.base) out += `\t\ttype ${c.base.type} hook ${c.base.hook} priority ${priorityText(c.base.priority, c.base.hook)}; policy ${c.base.policy ?? 'accept'};\n`;
  for (const r of c.rules) out += `\t\t${ruleListText(r)}\n`;
  return `${out}\t}\n`;
}

/** `nft list table <family> <name>`; `dynamic` holds what `update @set` added on this node. */
export function listTable(table: NftTable, opts: { now?: number; dynamic?: NftDynamicSets } = {}): string {
  const now = opts.now ?? 0;
  const parts: string[] = [];
  for (const s of table.sets.values()) parts.push(setText(s, opts.dynamic?.get(s.name), now));
  for (const c of table.chains.values()) parts.push(chainText(c));
  let head = `table ${table.family} ${table.name} {\n`;
  if (table.comment !== undefined) head += `\tcomment "${table.comment}"\n`;
  return `${head}${parts.join('\n')}}\n`;
}

/** `nft list ruleset`: every table, in creation order, one after the other. */
export function listRuleset(tables: readonly NftTable[], opts: { now?: number; dynamic?: NftDynamicSets } = {}): string {
  return tables.map((t) => listTable(t, opts)).join('');
}
