/**
 * One rule as `iptables-save` (iptables v1.8.10) prints it: `[!] -s`, `[!] -d`, `-i`, `-o`,
 * `-p`, then each match with its options in the author's order, then the target — each part
 * printed the way the kernel stored it (iptables nft-ipv4.c nft_ipv4_save_rule, nft-shared.c
 * save_rule_details / save_matches_and_target, and each extension's `save` in extensions/libxt_*.c).
 */
import { formatIPv4 } from '../ipv4.ts';
import { stateSaveOptions } from './match-state.ts';
import { redirectSaveOptions } from './target-redirect.ts';
import { physdevText, setText } from './match-set.ts';
import type { AddrMatch, AddrTypeSide, IfaceMatch, Match, ParsedRule, PortMatch, PortRange, Target } from './rule.ts';

/** libxtables xtables_save_string: quote unless only [A-Za-z0-9_-]; escape `"`, `\` and `'`. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return ' ' + value;
  return ' "' + (/["\\']/.test(value) ? value.replace(/(["\\'])/g, '\\$1') : value) + '"';
}

/** The kernel's 31-bit probability printed as libxt_statistic does (`%.11f`). */
export function formatProbability(fixed31: number): string {
  return (fixed31 / 0x80000000).toFixed(11);
}

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}

function addr(letter: 's' | 'd', a: AddrMatch): string {
  return `${a.invert ? '! ' : ''}-${letter} ${formatIPv4(a.addr)}/${a.prefix} `;
}

function iface(letter: 'i' | 'o', f: IfaceMatch): string {
  return `${f.invert ? '! ' : ''}-${letter} ${f.name}${f.wildcard ? '+' : ''} `;
}

function ports(option: string, p: PortMatch): string {
  const inv = p.invert ? ' !' : '';
  return p.min === p.max ? `${inv} ${option} ${p.min}` : `${inv} ${option} ${p.min}:${p.max}`;
}

export function portList(list: readonly PortRange[]): string {
  return list.map((p) => (p.min === p.max ? `${p.min}` : `${p.min}:${p.max}`)).join(',');
}

function addrTypes(option: string, side: AddrTypeSide): string {
  return `${side.invert ? ' !' : ''} ${option} ${side.types.join(',')}`;
}

function markPair(value: number, mask: number): string {
  return mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

function matchOptions(m: Match): string {
  switch (m.kind) {
    case 'comment':
      return ' --comment' + saveString(m.comment);
    case 'tcp': case 'udp': case 'sctp':
      return (m.sport ? ports('--sport', m.sport) : '') + (m.dport ? ports('--dport', m.dport) : '');
    case 'addrtype':
      return (m.src ? addrTypes('--src-type', m.src) : '') + (m.dst ? addrTypes('--dst-type', m.dst) : '');
    case 'conntrack':
      return m.ctstate ? `${m.ctstate.invert ? ' !' : ''} --ctstate ${m.ctstate.states.join(',')}` : '';
    case 'mark':
      return `${m.invert ? ' !' : ''} --mark ${markPair(m.value, m.mask)}`;
    case 'statistic':
      return ` --mode random${m.invert ? ' !' : ''} --probability ${formatProbability(m.probability)}`;
    case 'recent':
      return (
        (m.invert ? ' !' : '') +
        ` --${m.command}` +
        (m.seconds ? ` --seconds ${m.seconds}` : '') +
        (m.reap ? ' --reap' : '') +
        (m.hitcount ? ` --hitcount ${m.hitcount}` : '') +
        ` --name ${m.name} --mask ${formatIPv4(m.mask)}` +
        (m.side === 'source' ? ' --rsource' : ' --rdest')
      );
    case 'nfacct':
      // libxt_nfacct prints " --nfacct-name " and then the saved string with its own leading space.
      return ' --nfacct-name ' + saveString(m.name);
    case 'multiport':
      return `${m.invert ? ' !' : ''} --${m.dir} ${portList(m.ports)}`;
    case 'state':
      return stateSaveOptions(m);
    case 'set':
      return setText(m, '--match-set');
    case 'physdev':
      return physdevText(m);
  }
}

function natRange(ip: number, port: PortRange | undefined): string {
  if (!port) return formatIPv4(ip);
  return `${formatIPv4(ip)}:${port.min === port.max ? port.min : `${port.min}-${port.max}`}`;
}

/** `-j NAME ...` (or `-g CHAIN`), empty for a rule without a target. */
export function targetName(t: Target): string {
  switch (t.kind) {
    case 'none': return '';
    case 'jump': return t.chain;
    default: return t.kind;
  }
}

function targetOptions(t: Target): string {
  switch (t.kind) {
    case 'REJECT':
      return ` --reject-with ${t.rejectWith}`;
    case 'DNAT':
      return ` --to-destination ${natRange(t.ip, t.port)}${t.random ? ' --random' : ''}${t.persistent ? ' --persistent' : ''}`;
    case 'SNAT':
      return (
        ` --to-source ${natRange(t.ip, t.port)}` +
        (t.random ? ' --random' : '') + (t.randomFully ? ' --random-fully' : '') + (t.persistent ? ' --persistent' : '')
      );
    case 'MASQUERADE':
      return (
        (t.ports ? ` --to-ports ${t.ports.min === t.ports.max ? t.ports.min : `${t.ports.min}-${t.ports.max}`}` : '') +
        (t.random ? ' --random' : '') + (t.randomFully ? ' --random-fully' : '')
      );
    case 'MARK':
      return ` --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'REDIRECT':
      return redirectSaveOptions(t);
    default:
      return '';
  }
}

/** The whole `-A CHAIN ...` line as iptables-save prints it (without the newline). */
export function saveRuleText(rule: ParsedRule): string {
  let text = `-A ${rule.chain} `;
  if (rule.src) text += addr('s', rule.src);
  if (rule.dst) text += addr('d', rule.dst);
  if (rule.inIface) text += iface('i', rule.inIface);
  if (rule.outIface) text += iface('o', rule.outIface);
  if (rule.proto && rule.proto.number !== 0) {
    text += `${rule.proto.invert ? '! ' : ''}-p ${rule.proto.name ?? rule.proto.number} `;
  }
  for (const m of rule.matches) text += `-m ${m.kind}${matchOptions(m)} `;
  const t = rule.target;
  // A rule without a target keeps the trailing space, as save_matches_and_target leaves it.
  if (t.kind === 'jump') text += `${t.goto ? '-g' : '-j'} ${t.chain}`;
  else if (t.kind !== 'none') text += `-j ${t.kind}${targetOptions(t)}`;
  return text;
}
