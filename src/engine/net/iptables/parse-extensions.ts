/**
 * The match and target extensions iptables(-restore) loads for `-m NAME` and `-j NAME`: the
 * options each accepts (and whether it takes a value), the blank Match or Target, and how an
 * option changes it. Plain tables and functions: a node's 300,000 rules are read without a
 * closure or option table made per rule.
 */
import { parseIPv4 } from '../ipv4.ts';
import { ADDR_TYPES, CT_STATES } from './rule.ts';
import type { AddrType, AddrTypeSide, CtState, Match, MatchKind, PortMatch, RecentCommand, Target } from './rule.ts';
import { REJECT_TYPES, canonicalRejectType } from './reject-types.ts';
import { STATE_NAMES, STATE_OPTIONS, newStateMatch } from './match-state.ts';
import type { StateName } from './match-state.ts';
import { REDIRECT_OPTIONS, newRedirect } from './target-redirect.ts';
import { PHYSDEV_OPTIONS, SET_OPTIONS, applyPhysdevOption, applySetOption, newSetMatch } from './match-set.ts';
import { fail, parseMarkPair, parseNatRange, parsePort, parsePortRange, parseUint32, parseList } from './parse-values.ts';

/** Option -> 1 when it takes a value, 0 when it is a flag. */
export type OptionTable = Readonly<Record<string, number>>;

const PORT_OPTIONS: OptionTable = { '--dport': 1, '--destination-port': 1, '--sport': 1, '--source-port': 1 };

export const MATCH_OPTIONS: Readonly<Record<MatchKind, OptionTable>> = {
  comment: { '--comment': 1 },
  tcp: PORT_OPTIONS,
  udp: PORT_OPTIONS,
  sctp: PORT_OPTIONS,
  addrtype: { '--src-type': 1, '--dst-type': 1 },
  conntrack: { '--ctstate': 1 },
  mark: { '--mark': 1 },
  statistic: { '--mode': 1, '--probability': 1 },
  recent: {
    '--set': 0, '--rcheck': 0, '--update': 0, '--remove': 0, '--seconds': 1, '--reap': 0,
    '--hitcount': 1, '--name': 1, '--rsource': 0, '--rdest': 0, '--mask': 1,
  },
  nfacct: { '--nfacct-name': 1 },
  multiport: { '--dports': 1, '--destination-ports': 1, '--sports': 1, '--source-ports': 1, '--ports': 1 },
  state: STATE_OPTIONS,
  set: SET_OPTIONS,
  physdev: PHYSDEV_OPTIONS,
};

/** The blank match `-m NAME` loads. */
export function newMatch(name: string): Match {
  switch (name) {
    case 'comment': return { kind: 'comment', comment: '' };
    case 'tcp': case 'udp': case 'sctp': return { kind: name };
    case 'addrtype': return { kind: 'addrtype' };
    case 'conntrack': return { kind: 'conntrack' };
    case 'mark': return { kind: 'mark', invert: false, value: 0, mask: 0xffffffff };
    case 'statistic': return { kind: 'statistic', invert: false, probability: -1 };
    case 'recent':
      return { kind: 'recent', invert: false, name: 'DEFAULT', command: 'set', reap: false, side: 'source', mask: 0xffffffff };
    case 'nfacct': return { kind: 'nfacct', name: '' };
    case 'multiport': return { kind: 'multiport', invert: false, dir: 'dports', ports: [] };
    case 'state': return newStateMatch();
    case 'set': return newSetMatch();
    case 'physdev': return { kind: 'physdev' };
    default: fail(`Couldn't load match \`${name}':No such file or directory`);
  }
}

/**
 * Apply one of the match's options (`o` is in its MATCH_OPTIONS). `hadCommand`: an earlier
 * option of this same `-m recent` already gave its command. Returns whether this one did.
 */
export function applyMatchOption(match: Match, o: string, v: string, invert: boolean, hadCommand: boolean): boolean {
  switch (match.kind) {
    case 'comment':
      if (v.length > 255) fail('comment may not exceed 255 characters');
      match.comment = v;
      return false;
    case 'tcp': case 'udp': case 'sctp': {
      const r = parsePortRange(v, ':');
      const range: PortMatch = { min: r.min, max: r.max, invert };
      if (o === '--dport' || o === '--destination-port') match.dport = range;
      else match.sport = range;
      return false;
    }
    case 'addrtype': {
      const side: AddrTypeSide = { invert, types: parseList<AddrType>(v, ADDR_TYPES, 'addrtype') };
      if (o === '--src-type') match.src = side;
      else match.dst = side;
      return false;
    }
    case 'conntrack':
      match.ctstate = { invert, states: parseList<CtState>(v, CT_STATES, 'ctstate') };
      return false;
    case 'mark': {
      const { value, mask } = parseMarkPair(v, 0xffffffff);
      match.invert = invert;
      match.value = value;
      match.mask = mask;
      return false;
    }
    case 'statistic': {
      if (o === '--mode') {
        if (v !== 'random') fail(`statistic: unsupported mode "${v}"`);
        return false;
      }
      const p = Number(v);
      if (!/^[0-9.eE+-]+$/.test(v) || !(p >= 0 && p <= 1)) fail('statistic: invalid probability');
      // libxt_statistic: lround(0x80000000 * p)
      match.probability = Math.round(0x80000000 * p);
      match.invert = invert;
      return false;
    }
    case 'recent':
      switch (o) {
        case '--set': case '--rcheck': case '--update': case '--remove':
          if (hadCommand) fail('recent: only one of `--set\', `--rcheck\' `--update\' or `--remove\' may be set');
          match.command = o.slice(2) as RecentCommand;
          match.invert = invert;
          return true;
        case '--seconds': match.seconds = parsePort(v); return false;
        case '--hitcount': match.hitcount = parsePort(v); return false;
        case '--reap': match.reap = true; return false;
        case '--name': match.name = v; return false;
        case '--rsource': match.side = 'source'; return false;
        case '--rdest': match.side = 'dest'; return false;
        default: {
          const m = parseIPv4(v);
          if (m === undefined) fail(`recent: bad mask "${v}"`);
          match.mask = m;
          return false;
        }
      }
    case 'nfacct':
      match.name = v;
      return false;
    case 'multiport': {
      match.invert = invert;
      match.dir = o === '--ports' ? 'ports' : o.startsWith('--d') ? 'dports' : 'sports';
      const parts = v.split(',');
      const ports = [];
      for (const part of parts) ports.push(parsePortRange(part, ':'));
      match.ports = ports;
      if (ports.length > 15) fail('multiport: too many ports specified');
      return false;
    }
    case 'state':
      match.invert = invert;
      match.states = parseList<StateName>(v, STATE_NAMES, 'state');
      return false;
    case 'set':
      applySetOption(match, v, invert);
      return false;
    case 'physdev':
      applyPhysdevOption(match, invert);
      return false;
  }
}

const NO_OPTIONS: OptionTable = {};

export const TARGET_OPTIONS: Readonly<Record<Target['kind'], OptionTable>> = {
  none: NO_OPTIONS,
  jump: NO_OPTIONS,
  ACCEPT: NO_OPTIONS,
  DROP: NO_OPTIONS,
  RETURN: NO_OPTIONS,
  REJECT: { '--reject-with': 1 },
  DNAT: { '--to-destination': 1, '--random': 0, '--persistent': 0 },
  SNAT: { '--to-source': 1, '--random': 0, '--random-fully': 0, '--persistent': 0 },
  MASQUERADE: { '--to-ports': 1, '--random': 0, '--random-fully': 0 },
  MARK: { '--set-xmark': 1, '--set-mark': 1, '--and-mark': 1, '--or-mark': 1, '--xor-mark': 1 },
  REDIRECT: REDIRECT_OPTIONS,
};

const JUMP_NAME = /^[A-Za-z0-9_.\-]{1,28}$/;

/** The target `-j NAME` (or `-g NAME`) loads, before its options. */
export function newTarget(name: string, isGoto: boolean): Target {
  if (isGoto) {
    if (!JUMP_NAME.test(name)) fail(`Invalid target name \`${name}'`);
    return { kind: 'jump', chain: name, goto: true };
  }
  switch (name) {
    case 'ACCEPT': case 'DROP': case 'RETURN': return { kind: name };
    case 'REJECT': return { kind: 'REJECT', rejectWith: 'icmp-port-unreachable' };
    case 'DNAT': return { kind: 'DNAT', ip: -1, random: false, persistent: false };
    case 'SNAT': return { kind: 'SNAT', ip: -1, random: false, randomFully: false, persistent: false };
    case 'MASQUERADE': return { kind: 'MASQUERADE', random: false, randomFully: false };
    case 'MARK': return { kind: 'MARK', value: 0, mask: 0 };
    case 'REDIRECT': return newRedirect();
    default:
      if (!JUMP_NAME.test(name)) fail(`Couldn't load target \`${name}':No such file or directory`);
      return { kind: 'jump', chain: name, goto: false };
  }
}

/** Apply one of the target's options (`o` is in its TARGET_OPTIONS); `repeated`: one was applied before. */
export function applyTargetOption(target: Target, o: string, v: string, repeated: boolean): void {
  switch (target.kind) {
    case 'REJECT': {
      const canonical = canonicalRejectType(v);
      if (!canonical) fail(`unknown reject type "${v}"; valid are ${REJECT_TYPES.join(', ')}`);
      target.rejectWith = canonical;
      return;
    }
    case 'DNAT': case 'SNAT': {
      if (o === '--random') target.random = true;
      else if (o === '--persistent') target.persistent = true;
      else if (o === '--random-fully' && target.kind === 'SNAT') target.randomFully = true;
      else {
        // A range without a port keeps the port an earlier one gave, as Object.assign did.
        const r = parseNatRange(v, o);
        target.ip = r.ip;
        if (r.port) target.port = r.port;
      }
      return;
    }
    case 'MASQUERADE':
      if (o === '--random') target.random = true;
      else if (o === '--random-fully') target.randomFully = true;
      else target.ports = parsePortRange(v, '-');
      return;
    case 'REDIRECT':
      if (o === '--random') target.random = true;
      else target.ports = parsePortRange(v, '-');
      return;
    case 'MARK':
      if (repeated) fail('MARK target: Can\'t specify --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark twice');
      // libxt_MARK.c mark_tg_parse: every form becomes (value, mask) in xmark semantics.
      if (o === '--set-xmark') {
        const p = parseMarkPair(v, 0xffffffff);
        target.value = p.value;
        target.mask = p.mask;
      } else if (o === '--set-mark') {
        const { value, mask } = parseMarkPair(v, 0xffffffff);
        target.value = value;
        target.mask = (value | mask) >>> 0;
      } else {
        const value = parseUint32(v);
        if (value === undefined) fail(`Bad MARK value "${v}"`);
        if (o === '--and-mark') {
          target.value = 0;
          target.mask = ~value >>> 0;
        } else if (o === '--or-mark') {
          target.value = value;
          target.mask = value;
        } else {
          target.value = value;
          target.mask = 0;
        }
      }
      return;
    default:
      return;
  }
}
