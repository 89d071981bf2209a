/**
 * A RuleSpec's arguments -> a ParsedRule, as iptables(-restore) reads them: `!` inverts the next
 * option, `-m` loads a match whose options may come anywhere after it (kube-proxy writes
 * `-m tcp -p tcp -d IP --dport 80`), `-p tcp --dport` loads the tcp match implicitly, options
 * after `-j` belong to the target. Problems come back as a message, never as an exception.
 * Results are cached per RuleSpec object, so rules shared between nodes are parsed once.
 */
import { parseIPv4 } from '../ipv4.ts';
import type { RuleSpec } from './types.ts';
import type {
  AddrMatch, AddrType, AddrTypeSide, CtState, IfaceMatch, Match, ParseResult, ParsedRule,
  PortMatch, PortRange, ProtoMatch, RecentCommand, Target,
} from './rule.ts';
import { ADDR_TYPES, CT_STATES } from './rule.ts';
import { REJECT_TYPES, canonicalRejectType } from './reject-types.ts';

class ParseError extends Error {}

function fail(message: string): never {
  throw new ParseError(message);
}

/** kube-proxy passes some arguments already quoted (`"ns1/svc1 cluster IP"`); strip that. */
export function unquoteArg(arg: string): string {
  if (arg.length >= 2 && arg.charCodeAt(0) === 34 && arg.charCodeAt(arg.length - 1) === 34) {
    return arg.slice(1, -1).replace(/\\(["\\'])/g, '$1');
  }
  return arg;
}

/** strtoul(s, 0): decimal, 0x hex or leading-0 octal, as iptables reads marks. */
export function parseUint32(text: string): number | undefined {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) n = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) n = parseInt(text, 8);
  else if (/^\d+$/.test(text)) n = Number(text);
  else return undefined;
  return n <= 0xffffffff ? n : undefined;
}

function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function parseAddr(text: string, invert: boolean): AddrMatch {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const addr = parseIPv4(host);
  if (addr === undefined) fail(`host/network \`${host}' not found`);
  let prefix = 32;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (/^\d{1,2}$/.test(m) && Number(m) <= 32) prefix = Number(m);
    else {
      const dotted = parseIPv4(m);
      const bits = dotted === undefined ? -1 : maskToPrefix(dotted);
      if (bits < 0) fail(`invalid mask \`${m}' specified`);
      prefix = bits;
    }
  }
  const mask = prefixMask(prefix);
  return { invert, addr: (addr & mask) >>> 0, prefix, mask };
}

function maskToPrefix(mask: number): number {
  for (let p = 0; p <= 32; p++) if (prefixMask(p) === mask) return p;
  return -1;
}

function parseIface(text: string, invert: boolean): IfaceMatch {
  if (text.length === 0 || text.length > 15) fail(`interface name \`${text}' must be shorter than IFNAMSIZ (15)`);
  const wildcard = text.endsWith('+');
  return { invert, name: wildcard ? text.slice(0, -1) : text, wildcard };
}

const PROTO_NUMBERS: Record<string, number> = { all: 0, icmp: 1, tcp: 6, udp: 17, sctp: 132 };

function parseProto(text: string, invert: boolean): ProtoMatch {
  const lower = text.toLowerCase();
  if (lower in PROTO_NUMBERS) {
    const number = PROTO_NUMBERS[lower];
    return { invert, number, name: lower as ProtoMatch['name'] };
  }
  if (/^\d+$/.test(text) && Number(text) <= 255) {
    const number = Number(text);
    const name = Object.keys(PROTO_NUMBERS).find((k) => PROTO_NUMBERS[k] === number) as ProtoMatch['name'];
    return { invert, number, name };
  }
  fail(`unknown protocol "${text}" specified`);
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) fail(`invalid port/service \`${text}' specified`);
  return Number(text);
}

function parsePortRange(text: string, sep: string): PortRange {
  const i = text.indexOf(sep);
  if (i < 0) {
    const p = parsePort(text);
    return { min: p, max: p };
  }
  const min = i === 0 ? 0 : parsePort(text.slice(0, i));
  const max = i === text.length - 1 ? 65535 : parsePort(text.slice(i + 1));
  if (min > max) fail(`invalid portrange (min > max)`);
  return { min, max };
}

function parseList<T extends string>(text: string, allowed: readonly T[], what: string): T[] {
  const out: T[] = [];
  for (const part of text.split(',')) {
    const up = part.toUpperCase() as T;
    if (!allowed.includes(up)) fail(`Bad ${what} "${part}"`);
    if (!out.includes(up)) out.push(up);
  }
  // The kernel keeps a bit mask: the printed order is the bit order, not the author's.
  return allowed.filter((t) => out.includes(t));
}

function parseMarkPair(text: string, defaultMask: number): { value: number; mask: number } {
  const slash = text.indexOf('/');
  const value = parseUint32(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? defaultMask : parseUint32(text.slice(slash + 1));
  if (value === undefined || mask === undefined) fail(`Bad MARK value "${text}"`);
  return { value, mask };
}

/** `ip[-ip][:port[-port]]` for DNAT/SNAT (one address only: that is all Services need). */
function parseNatRange(text: string, option: string): { ip: number; port?: PortRange } {
  const colon = text.indexOf(':');
  const ipText = colon < 0 ? text : text.slice(0, colon);
  const ip = parseIPv4(ipText);
  if (ip === undefined) fail(`Bad IP address "${ipText}" in ${option}`);
  if (colon < 0) return { ip };
  return { ip, port: parsePortRange(text.slice(colon + 1), '-') };
}

/** A match being built: its option handlers and the finished Match. */
interface MatchDraft {
  match: Match;
  options: Record<string, number>;
  apply(option: string, value: string, invert: boolean): void;
}

function draftFor(name: string): MatchDraft {
  switch (name) {
    case 'comment': {
      const match: Match = { kind: 'comment', comment: '' };
      return {
        match,
        options: { '--comment': 1 },
        apply(_o, v) {
          if (v.length > 255) fail('comment may not exceed 255 characters');
          match.comment = v;
        },
      };
    }
    case 'tcp':
    case 'udp':
    case 'sctp': {
      const match: Match = { kind: name };
      return {
        match,
        options: { '--dport': 1, '--destination-port': 1, '--sport': 1, '--source-port': 1 },
        apply(o, v, invert) {
          const range: PortMatch = { ...parsePortRange(v, ':'), invert };
          if (o === '--dport' || o === '--destination-port') match.dport = range;
          else match.sport = range;
        },
      };
    }
    case 'addrtype': {
      const match: Match = { kind: 'addrtype' };
      return {
        match,
        options: { '--src-type': 1, '--dst-type': 1 },
        apply(o, v, invert) {
          const side: AddrTypeSide = { invert, types: parseList<AddrType>(v, ADDR_TYPES, 'addrtype') };
          if (o === '--src-type') match.src = side;
          else match.dst = side;
        },
      };
    }
    case 'conntrack': {
      const match: Match = { kind: 'conntrack' };
      return {
        match,
        options: { '--ctstate': 1 },
        apply(_o, v, invert) {
          match.ctstate = { invert, states: parseList<CtState>(v, CT_STATES, 'ctstate') };
        },
      };
    }
    case 'mark': {
      const match: Match = { kind: 'mark', invert: false, value: 0, mask: 0xffffffff };
      return {
        match,
        options: { '--mark': 1 },
        apply(_o, v, invert) {
          const { value, mask } = parseMarkPair(v, 0xffffffff);
          Object.assign(match, { invert, value, mask });
        },
      };
    }
    case 'statistic': {
      const match: Match = { kind: 'statistic', invert: false, probability: -1 };
      return {
        match,
        options: { '--mode': 1, '--probability': 1 },
        apply(o, v, invert) {
          if (o === '--mode') {
            if (v !== 'random') fail(`statistic: unsupported mode "${v}"`);
            return;
          }
          const p = Number(v);
          if (!/^[0-9.eE+-]+$/.test(v) || !(p >= 0 && p <= 1)) fail('statistic: invalid probability');
          // libxt_statistic: lround(0x80000000 * p)
          match.probability = Math.round(0x80000000 * p);
          match.invert = invert;
        },
      };
    }
    case 'recent': {
      const match: Match = {
        kind: 'recent', invert: false, name: 'DEFAULT', command: 'set', reap: false, side: 'source', mask: 0xffffffff,
      };
      let hasCommand = false;
      return {
        match,
        options: {
          '--set': 0, '--rcheck': 0, '--update': 0, '--remove': 0, '--seconds': 1, '--reap': 0,
          '--hitcount': 1, '--name': 1, '--rsource': 0, '--rdest': 0, '--mask': 1,
        },
        apply(o, v, invert) {
          switch (o) {
            case '--set': case '--rcheck': case '--update': case '--remove':
              if (hasCommand) fail('recent: only one of `--set\', `--rcheck\' `--update\' or `--remove\' may be set');
              hasCommand = true;
              match.command = o.slice(2) as RecentCommand;
              match.invert = invert;
              return;
            case '--seconds': match.seconds = parsePort(v); return;
            case '--hitcount': match.hitcount = parsePort(v); return;
            case '--reap': match.reap = true; return;
            case '--name': match.name = v; return;
            case '--rsource': match.side = 'source'; return;
            case '--rdest': match.side = 'dest'; return;
            default: {
              const m = parseIPv4(v);
              if (m === undefined) fail(`recent: bad mask "${v}"`);
              match.mask = m;
            }
          }
        },
      };
    }
    case 'nfacct': {
      const match: Match = { kind: 'nfacct', name: '' };
      return { match, options: { '--nfacct-name': 1 }, apply(_o, v) { match.name = v; } };
    }
    case 'multiport': {
      const match: Match = { kind: 'multiport', invert: false, dir: 'dports', ports: [] };
      return {
        match,
        options: { '--dports': 1, '--destination-ports': 1, '--sports': 1, '--source-ports': 1, '--ports': 1 },
        apply(o, v, invert) {
          match.invert = invert;
          match.dir = o === '--ports' ? 'ports' : o.startsWith('--d') ? 'dports' : 'sports';
          match.ports = v.split(',').map((p) => parsePortRange(p, ':'));
          if (match.ports.length > 15) fail('multiport: too many ports specified');
        },
      };
    }
    default:
      fail(`Couldn't load match \`${name}':No such file or directory`);
  }
}

interface TargetDraft {
  target: Target;
  options: Record<string, number>;
  apply(option: string, value: string, invert: boolean): void;
}

const JUMP_NAME = /^[A-Za-z0-9_.\-]{1,28}$/;

function draftTarget(name: string, isGoto: boolean): TargetDraft {
  const none: TargetDraft['apply'] = () => {};
  if (isGoto) {
    if (!JUMP_NAME.test(name)) fail(`Invalid target name \`${name}'`);
    return { target: { kind: 'jump', chain: name, goto: true }, options: {}, apply: none };
  }
  switch (name) {
    case 'ACCEPT': case 'DROP': case 'RETURN':
      return { target: { kind: name }, options: {}, apply: none };
    case 'REJECT': {
      const target: Target = { kind: 'REJECT', rejectWith: 'icmp-port-unreachable' };
      return {
        target,
        options: { '--reject-with': 1 },
        apply(_o, v) {
          const canonical = canonicalRejectType(v);
          if (!canonical) fail(`unknown reject type "${v}"; valid are ${REJECT_TYPES.join(', ')}`);
          target.rejectWith = canonical;
        },
      };
    }
    case 'DNAT': {
      const target: Target = { kind: 'DNAT', ip: -1, random: false, persistent: false };
      return {
        target,
        options: { '--to-destination': 1, '--random': 0, '--persistent': 0 },
        apply(o, v) {
          if (o === '--random') target.random = true;
          else if (o === '--persistent') target.persistent = true;
          else Object.assign(target, parseNatRange(v, o));
        },
      };
    }
    case 'SNAT': {
      const target: Target = { kind: 'SNAT', ip: -1, random: false, randomFully: false, persistent: false };
      return {
        target,
        options: { '--to-source': 1, '--random': 0, '--random-fully': 0, '--persistent': 0 },
        apply(o, v) {
          if (o === '--random') target.random = true;
          else if (o === '--random-fully') target.randomFully = true;
          else if (o === '--persistent') target.persistent = true;
          else Object.assign(target, parseNatRange(v, o));
        },
      };
    }
    case 'MASQUERADE': {
      const target: Target = { kind: 'MASQUERADE', random: false, randomFully: false };
      return {
        target,
        options: { '--to-ports': 1, '--random': 0, '--random-fully': 0 },
        apply(o, v) {
          if (o === '--random') target.random = true;
          else if (o === '--random-fully') target.randomFully = true;
          else target.ports = parsePortRange(v, '-');
        },
      };
    }
    case 'MARK': {
      const target: Target = { kind: 'MARK', value: 0, mask: 0 };
      let set = false;
      return {
        target,
        options: { '--set-xmark': 1, '--set-mark': 1, '--and-mark': 1, '--or-mark': 1, '--xor-mark': 1 },
        apply(o, v) {
          if (set) fail('MARK target: Can\'t specify --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark twice');
          set = true;
          // libxt_MARK.c mark_tg_parse: every form becomes (value, mask) in xmark semantics.
          if (o === '--set-xmark') Object.assign(target, parseMarkPair(v, 0xffffffff));
          else if (o === '--set-mark') {
            const { value, mask } = parseMarkPair(v, 0xffffffff);
            Object.assign(target, { value, mask: (value | mask) >>> 0 });
          } else {
            const value = parseUint32(v);
            if (value === undefined) fail(`Bad MARK value "${v}"`);
            if (o === '--and-mark') Object.assign(target, { value: 0, mask: ~value >>> 0 });
            else if (o === '--or-mark') Object.assign(target, { value, mask: value });
            else Object.assign(target, { value, mask: 0 });
          }
        },
      };
    }
    default:
      if (!JUMP_NAME.test(name)) fail(`Couldn't load target \`${name}':No such file or directory`);
      return { target: { kind: 'jump', chain: name, goto: false }, options: {}, apply: none };
  }
}

/** Parse one rule's arguments (the part after `-A CHAIN`). */
export function parseArgs(chain: string, args: readonly string[]): ParseResult {
  try {
    return { ok: true, rule: parseOrThrow(chain, args) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/** What is known about one RuleSpec object, each part computed on first use. */
export interface RuleEntry {
  result?: ParseResult;
  saveText?: string;
  restoreText?: string;
}

const cache = new WeakMap<RuleSpec, RuleEntry>();

/** The cache entry of a RuleSpec (one WeakMap entry per rule: 200,000 rules on a big node). */
export function ruleEntry(spec: RuleSpec): RuleEntry {
  let entry = cache.get(spec);
  if (!entry) cache.set(spec, (entry = {}));
  return entry;
}

/** Parse a RuleSpec once; the same object parsed again returns the cached result. */
export function parseRuleSpec(spec: RuleSpec): ParseResult {
  const entry = ruleEntry(spec);
  return (entry.result ??= parseArgs(spec.chain, spec.args));
}

function parseOrThrow(chain: string, rawArgs: readonly string[]): ParsedRule {
  const rule: ParsedRule = { chain, matches: [], target: { kind: 'none' } };
  const drafts: MatchDraft[] = [];
  let target: TargetDraft | undefined;
  let invert = false;
  let i = 0;
  // Most rules carry no quoted argument: read them as they are, without a copy.
  let quoted = false;
  for (let k = 0; k < rawArgs.length && !quoted; k++) quoted = rawArgs[k].charCodeAt(0) === 34;
  const args = quoted ? rawArgs.map(unquoteArg) : rawArgs;
  const value = (opt: string): string => {
    if (i >= args.length) fail(`option "${opt}" requires an argument`);
    return args[i++];
  };
  const takeInvert = (): boolean => {
    const was = invert;
    invert = false;
    return was;
  };
  while (i < args.length) {
    const arg = args[i++];
    switch (arg) {
      case '!':
        if (invert) fail('Multiple `!\' flags not allowed');
        invert = true;
        continue;
      case '-s': case '--source': case '--src':
        rule.src = parseAddr(value(arg), takeInvert());
        continue;
      case '-d': case '--destination': case '--dst':
        rule.dst = parseAddr(value(arg), takeInvert());
        continue;
      case '-i': case '--in-interface':
        rule.inIface = parseIface(value(arg), takeInvert());
        continue;
      case '-o': case '--out-interface':
        rule.outIface = parseIface(value(arg), takeInvert());
        continue;
      case '-p': case '--protocol':
        rule.proto = parseProto(value(arg), takeInvert());
        continue;
      case '-m': case '--match': {
        if (takeInvert()) fail('unexpected ! flag before --match');
        const draft = draftFor(value(arg));
        drafts.push(draft);
        rule.matches.push(draft.match);
        continue;
      }
      case '-j': case '--jump': case '-g': case '--goto': {
        if (takeInvert()) fail('cannot have ! before -j');
        if (target) fail('multiple -j flags not allowed');
        target = draftTarget(value(arg), arg === '-g' || arg === '--goto');
        rule.target = target.target;
        continue;
      }
    }
    if (!arg.startsWith('-') || arg.length < 2) fail(`Bad argument \`${arg}'`);
    const owner = findOwner(arg, target, drafts, rule);
    if (!owner) fail(`unknown option "${arg}"`);
    const arity = owner.options[arg];
    owner.apply(arg, arity > 0 ? value(arg) : '', takeInvert());
  }
  if (invert) fail('no command specified after !');
  validate(rule);
  return rule;
}

function findOwner(
  option: string,
  target: TargetDraft | undefined,
  drafts: MatchDraft[],
  rule: ParsedRule,
): MatchDraft | TargetDraft | undefined {
  if (target && option in target.options) return target;
  for (let k = drafts.length - 1; k >= 0; k--) if (option in drafts[k].options) return drafts[k];
  // `-p tcp --dport 80` without `-m tcp`: iptables loads the protocol's match itself.
  const p = rule.proto?.name;
  if (p === 'tcp' || p === 'udp' || p === 'sctp') {
    const draft = draftFor(p);
    if (option in draft.options) {
      drafts.push(draft);
      rule.matches.push(draft.match);
      return draft;
    }
  }
  return undefined;
}

const PROTO_MATCH_NUMBER = { tcp: 6, udp: 17, sctp: 132 } as const;

function validate(rule: ParsedRule): void {
  for (const m of rule.matches) {
    switch (m.kind) {
      case 'tcp': case 'udp': case 'sctp':
        if (!rule.proto || rule.proto.invert || rule.proto.number !== PROTO_MATCH_NUMBER[m.kind]) {
          fail(`${m.kind} match: only valid for protocol ${PROTO_MATCH_NUMBER[m.kind]}`);
        }
        break;
      case 'statistic':
        if (m.probability < 0) fail('statistic: no mode specified');
        break;
      case 'comment':
        break;
      case 'multiport':
        if (m.ports.length === 0) fail('multiport expects an option');
        if (!rule.proto || !['tcp', 'udp', 'sctp'].includes(rule.proto.name ?? '')) {
          fail('multiport needs `-p tcp\', `-p udp\', `-p udplite\', `-p sctp\' or `-p dccp\'');
        }
        break;
      case 'mark': case 'conntrack': case 'addrtype': case 'recent': case 'nfacct':
        break;
    }
  }
  const t = rule.target;
  if ((t.kind === 'DNAT' || t.kind === 'SNAT') && t.ip < 0) {
    fail(`${t.kind}: you must specify ${t.kind === 'DNAT' ? '--to-destination' : '--to-source'}`);
  }
  if (((t.kind === 'DNAT' || t.kind === 'SNAT') && t.port) || (t.kind === 'MASQUERADE' && t.ports)) {
    const p = rule.proto?.name;
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') fail(`${t.kind}: Need TCP, UDP, SCTP or DCCP with port specification`);
  }
}
