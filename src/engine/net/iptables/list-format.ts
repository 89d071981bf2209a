/**
 * `iptables [-t TABLE] -L [CHAIN] [-n] [-v] [-x] [--line-numbers]` as iptables v1.8.10
 * (nf_tables) prints it: column widths from iptables nft-shared.c print_header /
 * print_rule_details and xshared.c print_ipv4_addresses, then each match's and the
 * target's `print` (extensions/libxt_*.c), each starting with a space. In 1.8.10, `-n` also
 * prints protocols as numbers (`0`, `6`, `17`): the change reverted in 1.8.11
 * ("Revert xshared: Print protocol numbers if --numeric was given", Jan 2024).
 */
import { formatIPv4 } from '../ipv4.ts';
import { parseRuleSpec } from './parse.ts';
import type { AddrMatch, AddrTypeSide, IfaceMatch, Match, ParsedRule, PortMatch, Target } from './rule.ts';
import { stateListOptions } from './match-state.ts';
import { redirectListOptions } from './target-redirect.ts';
import { physdevText, setText } from './match-set.ts';
import { formatProbability, hex, portList, saveString, targetName } from './save-rule.ts';
import { IPTABLES_VERSION } from './save-format.ts';
import type { TextResult } from './save-format.ts';
import { isTableName, layoutTable } from './tables.ts';
import type { IptablesTable, RuleSpec, Ruleset } from './types.ts';

export interface ListOptions {
  table?: string;
  chain?: string;
  /** -n */
  numeric: boolean;
  /** -v */
  verbose: boolean;
  /** --line-numbers */
  lineNumbers: boolean;
  /** -x */
  exact?: boolean;
}

/** A few /etc/services names getservbyport finds for ports Services commonly use. */
const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 8080: 'http-alt' };

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padLeft = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function port(p: number, numeric: boolean): string {
  return numeric ? String(p) : (SERVICES[p] ?? String(p));
}

function ports(name: string, p: PortMatch | undefined, numeric: boolean): string {
  if (!p) return '';
  const inv = p.invert ? '!' : '';
  return p.min === p.max
    ? ` ${name}:${inv}${port(p.min, numeric)}`
    : ` ${name}s:${inv}${port(p.min, numeric)}:${port(p.max, numeric)}`;
}

function addrTypes(name: string, side: AddrTypeSide | undefined): string {
  return side ? ` ${name} ${side.invert ? '!' : ''}${side.types.join(',')}` : '';
}

function matchPrint(m: Match, numeric: boolean): string {
  switch (m.kind) {
    case 'comment': return ` /* ${m.comment} */`;
    case 'tcp': case 'udp': case 'sctp':
      return ` ${m.kind}${ports('spt', m.sport, numeric)}${ports('dpt', m.dport, numeric)}`;
    case 'addrtype': return ` ADDRTYPE match${addrTypes('src-type', m.src)}${addrTypes('dst-type', m.dst)}`;
    case 'conntrack':
      return m.ctstate ? `${m.ctstate.invert ? ' !' : ''} ctstate ${m.ctstate.states.join(',')}` : '';
    case 'mark':
      return ` mark match${m.invert ? ' !' : ''} ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'statistic':
      return ` statistic mode random${m.invert ? ' !' : ''} probability ${formatProbability(m.probability)}`;
    case 'recent':
      return (
        `${m.invert ? ' !' : ''} recent: ${m.command === 'rcheck' ? 'CHECK' : m.command.toUpperCase()}` +
        (m.seconds ? ` seconds: ${m.seconds}` : '') + (m.reap ? ' reap' : '') +
        (m.hitcount ? ` hit_count: ${m.hitcount}` : '') +
        ` name: ${m.name} side: ${m.side} mask: ${formatIPv4(m.mask)}`
      );
    case 'nfacct': return ' nfacct-name ' + saveString(m.name);
    case 'multiport': return ` multiport ${m.dir} ${m.invert ? '!' : ''}${portList(m.ports)}`;
    case 'state': return stateListOptions(m);
    case 'set': return setText(m, 'match-set');
    case 'physdev': return ` PHYSDEV match${physdevText(m)}`;
  }
}

function natRange(ip: number, p: { min: number; max: number } | undefined): string {
  return formatIPv4(ip) + (p ? `:${p.min === p.max ? p.min : `${p.min}-${p.max}`}` : '');
}

function targetPrint(t: Target): string {
  switch (t.kind) {
    case 'REJECT': return ` reject-with ${t.rejectWith}`;
    case 'DNAT': return ` to:${natRange(t.ip, t.port)}${t.random ? ' random' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'SNAT':
      return ` to:${natRange(t.ip, t.port)}${t.random ? ' random' : ''}${t.randomFully ? ' random-fully' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'MASQUERADE':
      return (
        (t.ports ? ` masq ports: ${t.ports.min === t.ports.max ? t.ports.min : `${t.ports.min}-${t.ports.max}`}` : '') +
        (t.random ? ' random' : '') + (t.randomFully ? ' random-fully' : '')
      );
    case 'MARK':
      // libxt_MARK mark_tg_print picks the friendliest form of (value, mask).
      if (t.value === 0) return ` MARK and ${hex(~t.mask >>> 0)}`;
      if (t.value === t.mask) return ` MARK or ${hex(t.value)}`;
      if (t.mask === 0) return ` MARK xor ${hex(t.value)}`;
      if (t.mask === 0xffffffff) return ` MARK set ${hex(t.value)}`;
      return ` MARK xset ${hex(t.value)}/${hex(t.mask)}`;
    case 'REDIRECT': return redirectListOptions(t);
    default: return '';
  }
}

function addrText(a: AddrMatch | undefined, numeric: boolean): string {
  if (!a || (a.addr === 0 && a.prefix === 0)) return numeric ? '0.0.0.0/0' : 'anywhere';
  return formatIPv4(a.addr) + (a.prefix === 32 ? '' : `/${a.prefix}`);
}

function ifaceText(f: IfaceMatch | undefined, numeric: boolean): string {
  if (!f) return numeric ? '*' : 'any';
  return `${f.invert ? '!' : ''}${f.name}${f.wildcard ? '+' : ''}`;
}

function counter(opts: ListOptions): string {
  return opts.exact ? `${padLeft('0', 8)} ${padLeft('0', 10)} ` : '    0     0 ';
}

function header(opts: ListOptions): string {
  let h = opts.lineNumbers ? 'num  ' : '';
  if (opts.verbose) h += opts.exact ? `${padLeft('pkts', 8)} ${padLeft('bytes', 10)} ` : ' pkts bytes ';
  h += 'target     prot opt';
  if (opts.verbose) h += ' in     out    ';
  return h + ' source               destination         ';
}

function ruleLine(rule: ParsedRule, num: number, opts: ListOptions): string {
  const { numeric } = opts;
  let line = opts.lineNumbers ? pad(String(num), 4) + ' ' : '';
  if (opts.verbose) line += counter(opts);
  line += pad(targetName(rule.target), 9) + ' ';
  const p = rule.proto;
  const protoText = !p ? (numeric ? '0' : 'all') : numeric ? String(p.number) : (p.name ?? String(p.number));
  line += (p?.invert ? '!' : ' ') + pad(protoText, 4) + ' ';
  line += '-- ';
  if (opts.verbose) line += ' ' + pad(ifaceText(rule.inIface, numeric), 6) + ' ' + pad(ifaceText(rule.outIface, numeric), 6) + ' ';
  line += (rule.src?.invert ? '!' : ' ') + pad(addrText(rule.src, numeric), 19) + ' ';
  line += (rule.dst?.invert ? '!' : ' ') + pad(addrText(rule.dst, numeric), 19) + ' ';
  if (rule.target.kind === 'jump' && rule.target.goto) line += '[goto] ';
  for (const m of rule.matches) line += matchPrint(m, numeric);
  return line + targetPrint(rule.target);
}

function references(table: IptablesTable): Map<string, number> {
  const refs = new Map<string, number>();
  for (const r of table.rules) {
    const parsed = parseRuleSpec(r);
    if (parsed.ok && parsed.rule.target.kind === 'jump') {
      const c = parsed.rule.target.chain;
      refs.set(c, (refs.get(c) ?? 0) + 1);
    }
  }
  return refs;
}

function listChain(name: string, builtin: boolean, policy: string, rules: readonly RuleSpec[], refs: number, opts: ListOptions): string[] {
  const out: string[] = [];
  if (builtin) out.push(`Chain ${name} (policy ${policy}${opts.verbose ? ' 0 packets, 0 bytes' : ''})`);
  else out.push(`Chain ${name} (${refs} references)`);
  out.push(header(opts));
  rules.forEach((r, i) => {
    const parsed = parseRuleSpec(r);
    if (parsed.ok) out.push(ruleLine(parsed.rule, i + 1, opts));
  });
  return out;
}

export function formatIptablesList(ruleset: Ruleset, opts: ListOptions): TextResult {
  const tableName = opts.table ?? 'filter';
  if (!isTableName(tableName)) {
    return { ok: false, error: `iptables ${IPTABLES_VERSION}: table '${tableName}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.` };
  }
  const table = ruleset.tables.find((t) => t.name === tableName) ?? { name: tableName, chains: [], rules: [] };
  const layout = layoutTable(table);
  const refs = references(table);
  const all = [...layout.builtins, ...layout.userChains];
  const chains = opts.chain === undefined ? all : all.filter((c) => c === opts.chain);
  if (chains.length === 0) return { ok: false, error: 'iptables: No chain/target/match by that name.' };
  const blocks = chains.map((c) => {
    const builtin = (layout.builtins as readonly string[]).includes(c);
    const policy = builtin ? (table.policies?.[c as keyof typeof table.policies] ?? 'ACCEPT') : '';
    return listChain(c, builtin, policy, layout.rulesOf(c), refs.get(c) ?? 0, opts).join('\n');
  });
  return { ok: true, text: blocks.join('\n\n') + '\n' };
}
