/**
 * The `iptables-save` line of a rule in one of the shapes kube-proxy writes by the hundred
 * thousand, made straight from its arguments without building a ParsedRule:
 *
 *   -m comment --comment C -m tcp -p tcp -d IP --dport N -j KUBE-SVC-…
 *   -m comment --comment C -s IP -j KUBE-MARK-MASQ
 *   -m comment --comment C -m tcp -p tcp -j DNAT --to-destination IP:PORT
 *   -m comment --comment C -m statistic --mode random --probability P -j KUBE-SEP-…
 *
 * Anything else (`!`, masks, ranges, long option names, other matches and targets, repeated
 * options, rules iptables would refuse) answers undefined, and the caller parses the rule in
 * full. What it does answer is byte for byte what saveRuleText prints for the parsed rule.
 */
import { unquoteArg } from './parse.ts';
import { formatProbability, saveString } from './save-rule.ts';

/** A dotted quad exactly as formatIPv4 prints it (no leading zeros, octets up to 255). */
function isCanonicalIPv4(text: string): boolean {
  let dots = 0;
  let octet = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      octet = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return false;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else {
      return false;
    }
  }
  return dots === 3 && digits > 0;
}
/** A port as the save line prints it (no leading zeros); 65535 at most is checked apart. */
const CANONICAL_PORT = /^(?:0|[1-9]\d{0,4})$/;
const JUMP_NAME = /^[A-Za-z0-9_.\-]{1,28}$/;
/** Targets with options or defaults of their own: parsed in full. */
const SPECIAL_TARGETS: ReadonlySet<string> = new Set(['REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'MARK']);

function arg(args: readonly string[], i: number): string | undefined {
  if (i >= args.length) return undefined;
  const a = args[i];
  return a.charCodeAt(0) === 34 ? unquoteArg(a) : a;
}

function port(text: string | undefined): string | undefined {
  return text !== undefined && CANONICAL_PORT.test(text) && Number(text) <= 65535 ? text : undefined;
}

// kube-proxy writes one probability string per endpoint count: print each once.
const PROBABILITIES = new Map<string, string>();
const PROBABILITIES_MAX = 4096;

/** `--probability P` as libxt_statistic saves it, or undefined when iptables would refuse P. */
function probabilityText(p: string): string | undefined {
  let printed = PROBABILITIES.get(p);
  if (printed !== undefined) return printed;
  const value = Number(p);
  if (!/^[0-9.eE+-]+$/.test(p) || !(value >= 0 && value <= 1)) return undefined;
  // libxt_statistic: lround(0x80000000 * p), printed back as `%.11f`.
  printed = formatProbability(Math.round(0x80000000 * value));
  if (PROBABILITIES.size < PROBABILITIES_MAX) PROBABILITIES.set(p, printed);
  return printed;
}

/** `IP` or `IP:PORT` as DNAT's save prints it, or undefined for any other form. */
function natDestination(text: string): { text: string; hasPort: boolean } | undefined {
  const colon = text.indexOf(':');
  const ip = colon < 0 ? text : text.slice(0, colon);
  if (!isCanonicalIPv4(ip)) return undefined;
  if (colon < 0) return { text, hasPort: false };
  return port(text.slice(colon + 1)) === undefined ? undefined : { text, hasPort: true };
}

// The pieces of those lines, for rules that write their own line (RuleSpec.saveText) exactly as
// fastSaveText would from their arguments; each answers undefined where it would not.

/** `-m comment --comment C ` as saved. */
export function saveComment(c: string): string | undefined {
  return c.length > 255 || c.charCodeAt(0) === 34 ? undefined : '-m comment --comment' + saveString(c) + ' ';
}

/** `-s IP/32 ` as saved. */
export function saveSource(ip: string): string | undefined {
  return isCanonicalIPv4(ip) ? `-s ${ip}/32 ` : undefined;
}

/** `-m statistic --mode random --probability P ` as saved. */
export function saveRandom(p: string): string | undefined {
  const printed = probabilityText(p);
  return printed === undefined ? undefined : '-m statistic --mode random --probability ' + printed + ' ';
}

/** `-j CHAIN` for a jump to a user chain. */
export function saveJump(chain: string): string | undefined {
  return !SPECIAL_TARGETS.has(chain) && JUMP_NAME.test(chain) ? '-j ' + chain : undefined;
}

/** `-p P ` + `matches` + `-m P -j DNAT --to-destination IP:PORT`: a protocol's DNAT to an address and port. */
export function saveDnat(protocol: string, matches: string, to: string): string | undefined {
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') return undefined;
  const dest = natDestination(to);
  return dest === undefined || !dest.hasPort ? undefined : `-p ${protocol} ` + matches + `-m ${protocol} -j DNAT --to-destination ` + dest.text;
}

/** The save line (without the newline), or undefined when the rule needs the full parser. */
export function fastSaveText(chain: string, args: readonly string[]): string | undefined {
  let src = '';
  let dst = '';
  let proto = '';
  let matches = '';
  // The one tcp/udp/sctp match allowed: where its text goes in `matches`, and its options.
  let portKind = '';
  let portAt = -1;
  let sport = '';
  let dport = '';
  let target = '';
  let targetNeedsProto = false;
  const n = args.length;
  for (let i = 0; i < n; i++) {
    const a = arg(args, i);
    switch (a) {
      case '-s': case '-d': {
        const v = arg(args, ++i);
        if (v === undefined || !isCanonicalIPv4(v)) return undefined;
        if (a === '-s') {
          if (src) return undefined;
          src = `-s ${v}/32 `;
        } else {
          if (dst) return undefined;
          dst = `-d ${v}/32 `;
        }
        continue;
      }
      case '-p': {
        const v = arg(args, ++i);
        if (proto || (v !== 'tcp' && v !== 'udp' && v !== 'sctp')) return undefined;
        proto = v;
        continue;
      }
      case '-m': {
        const name = arg(args, ++i);
        if (name === 'comment') {
          const c = arg(args, i + 2);
          if (arg(args, i + 1) !== '--comment' || c === undefined || c.length > 255) return undefined;
          matches += '-m comment --comment' + saveString(c) + ' ';
          i += 2;
        } else if (name === 'tcp' || name === 'udp' || name === 'sctp') {
          if (portAt >= 0) return undefined;
          portKind = name;
          portAt = matches.length;
        } else if (name === 'statistic') {
          const p = arg(args, i + 4);
          if (arg(args, i + 1) !== '--mode' || arg(args, i + 2) !== 'random' || arg(args, i + 3) !== '--probability') return undefined;
          const printed = p === undefined ? undefined : probabilityText(p);
          if (printed === undefined) return undefined;
          matches += '-m statistic --mode random --probability ' + printed + ' ';
          i += 4;
        } else {
          return undefined;
        }
        continue;
      }
      case '--sport': case '--dport': {
        const v = port(arg(args, ++i));
        if (portAt < 0 || target || v === undefined) return undefined;
        if (a === '--sport') {
          if (sport) return undefined;
          sport = ' --sport ' + v;
        } else {
          if (dport) return undefined;
          dport = ' --dport ' + v;
        }
        continue;
      }
      case '-j': {
        const name = arg(args, ++i);
        if (target || name === undefined) return undefined;
        if (name === 'DNAT') {
          const to = arg(args, i + 2);
          const dest = to === undefined ? undefined : natDestination(to);
          if (arg(args, i + 1) !== '--to-destination' || dest === undefined) return undefined;
          target = '-j DNAT --to-destination ' + dest.text;
          targetNeedsProto = dest.hasPort;
          i += 2;
        } else if (!SPECIAL_TARGETS.has(name) && JUMP_NAME.test(name)) {
          target = '-j ' + name;
        } else {
          return undefined;
        }
        continue;
      }
      default:
        return undefined;
    }
  }
  // What iptables would refuse (a port match without its protocol, DNAT to a port without
  // one) is left to the parser's messages.
  if (portAt >= 0 && proto !== portKind) return undefined;
  if (targetNeedsProto && !proto) return undefined;
  if (portAt >= 0) matches = matches.slice(0, portAt) + `-m ${portKind}${sport}${dport} ` + matches.slice(portAt);
  return `-A ${chain} ` + src + dst + (proto ? `-p ${proto} ` : '') + matches + target;
}
