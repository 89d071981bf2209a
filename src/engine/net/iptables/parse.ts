/**
 * A RuleSpec's arguments -> a ParsedRule, as iptables(-restore) reads them: `!` inverts the next
 * option, `-m` loads a match whose options may come anywhere after it (kube-proxy writes
 * `-m tcp -p tcp -d IP --dport 80`), `-p tcp --dport` loads the tcp match implicitly, options
 * after `-j` belong to the target. Problems come back as a message, never as an exception.
 * Results are cached per RuleSpec object, so rules shared between nodes are parsed once.
 */
import type { RuleSpec } from './types.ts';
import type { Match, ParseResult, ParsedRule, Target } from './rule.ts';
import { MATCH_OPTIONS, TARGET_OPTIONS, applyMatchOption, applyTargetOption, newMatch, newTarget } from './parse-extensions.ts';
import { ParseError, fail, parseAddr, parseIface, parseProto } from './parse-values.ts';

export { parseUint32 } from './parse-values.ts';

/** kube-proxy passes some arguments already quoted (`"ns1/svc1 cluster IP"`); strip that. */
export function unquoteArg(arg: string): string {
  if (arg.length >= 2 && arg.charCodeAt(0) === 34 && arg.charCodeAt(arg.length - 1) === 34) {
    return arg.slice(1, -1).replace(/\\(["\\'])/g, '$1');
  }
  return arg;
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

// Parsed rules by RuleSpec object: rules shared between nodes are parsed once.
const results = new WeakMap<RuleSpec, ParseResult>();

/** Parse a RuleSpec once; the same object parsed again returns the cached result. */
export function parseRuleSpec(spec: RuleSpec): ParseResult {
  let result = results.get(spec);
  if (!result) {
    result = parseArgs(spec.chain, spec.args);
    const lazy = spec.jumpChain;
    if (lazy && result.ok && result.rule.target.kind === 'jump') result.rule.target = { ...result.rule.target, lazy };
    results.set(spec, result);
  }
  return result;
}

/** The cached parse of a RuleSpec, if something parsed it already. */
export function cachedParse(spec: RuleSpec): ParseResult | undefined {
  return results.get(spec);
}

/** The value after an option, or iptables' complaint that it is missing. */
function valueAt(args: readonly string[], i: number, opt: string): string {
  if (i >= args.length) fail(`option "${opt}" requires an argument`);
  return args[i];
}

const PROTO_MATCH_NUMBER = { tcp: 6, udp: 17, sctp: 132 } as const;

/** The protocol match `-p tcp|udp|sctp` loads by itself when one of its options comes without `-m`. */
function implicitMatch(rule: ParsedRule, option: string): Match | undefined {
  const p = rule.proto?.name;
  if ((p === 'tcp' || p === 'udp' || p === 'sctp') && option in MATCH_OPTIONS[p]) return newMatch(p);
  return undefined;
}

/** A rule without `-j` (it only counts): one frozen object shared by all of them. */
const NO_TARGET: Target = Object.freeze({ kind: 'none' });

function parseOrThrow(chain: string, rawArgs: readonly string[]): ParsedRule {
  const rule: ParsedRule = { chain, matches: [], target: NO_TARGET };
  const matches = rule.matches;
  let target: Target | undefined;
  let targetApplied = false;
  // Which `-m recent` matches (by index) already gave their command.
  let commanded: boolean[] | undefined;
  let invert = false;
  let i = 0;
  // Most rules carry no quoted argument: read them as they are, without a copy.
  let quoted = false;
  for (let k = 0; k < rawArgs.length && !quoted; k++) quoted = rawArgs[k].charCodeAt(0) === 34;
  const args = quoted ? rawArgs.map(unquoteArg) : rawArgs;
  const n = args.length;
  while (i < n) {
    const arg = args[i++];
    switch (arg) {
      case '!':
        if (invert) fail('Multiple `!\' flags not allowed');
        invert = true;
        continue;
      case '-s': case '--source': case '--src':
        rule.src = parseAddr(valueAt(args, i++, arg), invert);
        invert = false;
        continue;
      case '-d': case '--destination': case '--dst':
        rule.dst = parseAddr(valueAt(args, i++, arg), invert);
        invert = false;
        continue;
      case '-i': case '--in-interface':
        rule.inIface = parseIface(valueAt(args, i++, arg), invert);
        invert = false;
        continue;
      case '-o': case '--out-interface':
        rule.outIface = parseIface(valueAt(args, i++, arg), invert);
        invert = false;
        continue;
      case '-p': case '--protocol':
        rule.proto = parseProto(valueAt(args, i++, arg), invert);
        invert = false;
        continue;
      case '-m': case '--match':
        if (invert) fail('unexpected ! flag before --match');
        matches.push(newMatch(valueAt(args, i++, arg)));
        continue;
      case '-j': case '--jump': case '-g': case '--goto':
        if (invert) fail('cannot have ! before -j');
        if (target) fail('multiple -j flags not allowed');
        target = newTarget(valueAt(args, i++, arg), arg === '-g' || arg === '--goto');
        rule.target = target;
        continue;
    }
    if (arg.length < 2 || arg.charCodeAt(0) !== 45) fail(`Bad argument \`${arg}'`);
    // The option belongs to the target, else to the latest match that knows it.
    if (target) {
      const arity = TARGET_OPTIONS[target.kind][arg];
      if (arity !== undefined) {
        const v = arity > 0 ? valueAt(args, i++, arg) : '';
        invert = false;
        applyTargetOption(target, arg, v, targetApplied);
        targetApplied = true;
        continue;
      }
    }
    let k = matches.length - 1;
    while (k >= 0 && !(arg in MATCH_OPTIONS[matches[k].kind])) k--;
    if (k < 0) {
      const implicit = implicitMatch(rule, arg);
      if (!implicit) fail(`unknown option "${arg}"`);
      k = matches.push(implicit) - 1;
    }
    const match = matches[k];
    const arity = MATCH_OPTIONS[match.kind][arg];
    let v = arity > 0 ? valueAt(args, i++, arg) : '';
    // `--match-set NAME FLAGS` takes two values.
    if (arity > 1) v += ' ' + valueAt(args, i++, arg);
    const inv = invert;
    invert = false;
    if (applyMatchOption(match, arg, v, inv, commanded?.[k] === true)) (commanded ??= [])[k] = true;
  }
  if (invert) fail('no command specified after !');
  validate(rule);
  return rule;
}

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
      case 'mark': case 'conntrack': case 'addrtype': case 'recent': case 'nfacct': case 'state':
        break;
      case 'set': case 'physdev':
        break;
    }
  }
  const t = rule.target;
  if ((t.kind === 'DNAT' || t.kind === 'SNAT') && t.ip < 0) {
    fail(`${t.kind}: you must specify ${t.kind === 'DNAT' ? '--to-destination' : '--to-source'}`);
  }
  if (((t.kind === 'DNAT' || t.kind === 'SNAT') && t.port) || ((t.kind === 'MASQUERADE' || t.kind === 'REDIRECT') && t.ports)) {
    const p = rule.proto?.name;
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') fail(`${t.kind}: Need TCP, UDP, SCTP or DCCP with port specification`);
  }
}
