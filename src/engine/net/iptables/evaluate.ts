/**
 * One netfilter hook of one table, run over a packet (netfilter's ipt_do_table): start at
 * the built-in chain, test rules in order, follow jumps (-j pushes a return point, -g does
 * not), RETURN or falling off a user chain goes back, falling off a built-in chain applies
 * its policy. MARK and target-less rules continue; ACCEPT, DROP, REJECT, DNAT, SNAT and
 * MASQUERADE end the hook. `traversed` counts every rule tested, index lookups included:
 * a match at position p after starting at s costs p - s + 1, no match costs the rest.
 */
import { formatIPv4, parseIPv4 } from '../ipv4.ts';
import type { Packet } from '../packet.ts';
import { indexOf, dstKey, portKey, ruleAt } from './compile.ts';
import type { ChainLookup, CompiledChain, CompiledRuleset } from './compile.ts';
import { PROTO_NUMBER, ruleMatches } from './match.ts';
import type { PacketView } from './match.ts';
import { saveLine } from './save-format.ts';
import { redirectDestination } from './target-redirect.ts';
import type { BuiltinChain, FilterContext, HookResult, IptablesTableName, RuleVisit } from './types.ts';

/** Deeper than any real ruleset; the kernel refuses loops at load time, we stop here. */
const MAX_DEPTH = 64;
/** A packet enters a handful of chains; a goto cycle would enter them forever. */
const MAX_CHAIN_ENTRIES = 10_000;

const EMPTY: readonly number[] = [];

function lowerBound(list: readonly number[], start: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many rules the last `firstMatch` tested. A module-level out-parameter: the walk asks for a
 * match dozens of times per packet, and a result object per call was garbage for each.
 */
let lastTested = 0;

/** The first rule at or after `start` that matches (-1: none); `lastTested` says how many rules the kernel tested. */
function firstMatch(chain: CompiledChain, start: number, v: PacketView): number {
  const rules = chain.rules;
  const index = indexOf(chain);
  if (!index) {
    for (let i = start; i < rules.length; i++) {
      const rule = ruleAt(chain, i);
      if (rule && ruleMatches(rule, v)) {
        lastTested = i - start + 1;
        return i;
      }
    }
    lastTested = rules.length - start;
    return -1;
  }
  // Merge the three ascending candidate lists; every other rule cannot match this packet.
  const a = index.byDst.get(dstKey(v.dst, v.proto, v.packet.dport)) ?? EMPTY;
  const b = index.byPort.get(portKey(v.proto, v.packet.dport)) ?? EMPTY;
  const c = index.generic;
  let ia = lowerBound(a, start);
  let ib = lowerBound(b, start);
  let ic = lowerBound(c, start);
  for (;;) {
    const pa = ia < a.length ? a[ia] : Infinity;
    const pb = ib < b.length ? b[ib] : Infinity;
    const pc = ic < c.length ? c[ic] : Infinity;
    const pos = Math.min(pa, pb, pc);
    if (pos === Infinity) {
      lastTested = rules.length - start;
      return -1;
    }
    if (pos === pa) ia++;
    else if (pos === pb) ib++;
    else ic++;
    const rule = ruleAt(chain, pos);
    if (rule && ruleMatches(rule, v)) {
      lastTested = pos - start + 1;
      return pos;
    }
  }
}

interface Frame {
  chain: CompiledChain;
  pos: number;
}

/** Each rule's visit record, made once and kept on its chain: visits are read-only, and a warm trace meets the same rules again and again. */
function visitOf(table: IptablesTableName, chain: CompiledChain, index: number): RuleVisit {
  const list = (chain.visits ??= []);
  let v = list[index];
  if (v === undefined || v.table !== table) {
    const spec = chain.rules[index];
    list[index] = v = { table, chain: chain.name, position: index + 1, text: saveLine(spec), author: spec.author };
  }
  return v;
}

/** Run `table`'s built-in chain for `hook` over the packet in `ctx`. */
export function runHook(
  compiled: CompiledRuleset,
  table: IptablesTableName,
  hook: BuiltinChain,
  ctx: FilterContext,
): HookResult {
  const chains = compiled.tables.get(table)?.chains;
  const base = chains?.get(hook);
  // Most hooks of most tables hold no rule at all: nothing to copy or parse.
  if (!chains || !base) return { verdict: 'ACCEPT', packet: { ...ctx.packet }, matched: [], traversed: 0 };
  return runBuiltin(chains, base, table, hook, ctx);
}

/**
 * `runHook` from the hook's built-in chain, already looked up: the packet walker has it in hand
 * (it skips empty hooks before running them), so the two chain lookups are not made twice.
 */
export function runBuiltin(chains: ChainLookup, base: CompiledChain, table: IptablesTableName, hook: BuiltinChain, ctx: FilterContext): HookResult {
  if (base.rules.length === 0) return { verdict: base.policy, packet: { ...ctx.packet }, matched: [], traversed: 0 };
  const packet: Packet = { ...ctx.packet };
  const v: PacketView = {
    packet,
    src: parseIPv4(packet.src) ?? 0,
    dst: parseIPv4(packet.dst) ?? 0,
    proto: PROTO_NUMBER[packet.proto],
    ctx,
  };
  const result: HookResult = { verdict: 'ACCEPT', packet, matched: [], traversed: 0 };
  const stack: Frame[] = [];
  let chain = base;
  let pos = 0;
  let entries = 0;
  for (;;) {
    if (entries > MAX_CHAIN_ENTRIES || stack.length > MAX_DEPTH) {
      result.verdict = 'DROP';
      result.error = `iptables: Too many levels of symbolic links (a jump loop through ${chain.name})`;
      return result;
    }
    const index = firstMatch(chain, pos, v);
    result.traversed += lastTested;
    if (index < 0) {
      const back = stack.pop();
      if (!back) {
        result.verdict = base.policy;
        return result;
      }
      chain = back.chain;
      pos = back.pos;
      continue;
    }
    const rule = chain.parsed[index]!;
    result.matched.push(visitOf(table, chain, index));
    const t = rule.target;
    switch (t.kind) {
      case 'none':
        pos = index + 1;
        continue;
      case 'MARK':
        packet.mark = ((packet.mark & ~t.mask) ^ t.value) >>> 0;
        pos = index + 1;
        continue;
      case 'jump': {
        const target = t.lazy ? chains.lazy(t.lazy) : chains.get(t.chain);
        if (!target || target.builtin) {
          // iptables-restore would have refused the rule; keep going as if it only counted.
          pos = index + 1;
          continue;
        }
        if (!t.goto) stack.push({ chain, pos: index + 1 });
        entries++;
        chain = target;
        pos = 0;
        continue;
      }
      case 'RETURN': {
        const back = stack.pop();
        if (!back) {
          result.verdict = base.policy;
          return result;
        }
        chain = back.chain;
        pos = back.pos;
        continue;
      }
      case 'ACCEPT':
      case 'DROP':
        result.verdict = t.kind;
        return result;
      case 'REJECT':
        result.verdict = 'REJECT';
        result.rejectWith = t.rejectWith;
        return result;
      case 'DNAT': {
        const ip = formatIPv4(t.ip);
        const port = t.port ? t.port.min : packet.dport;
        packet.dst = ip;
        packet.dport = port;
        result.dnat = { ip, port };
        return result;
      }
      case 'SNAT': {
        const ip = formatIPv4(t.ip);
        packet.src = ip;
        if (t.port) packet.sport = t.port.min;
        result.snat = t.port ? { masquerade: false, ip, port: t.port.min } : { masquerade: false, ip };
        return result;
      }
      case 'MASQUERADE':
        result.snat = { masquerade: true, randomFully: t.randomFully };
        return result;
      case 'REDIRECT': {
        // A DNAT to one of the node's own addresses: conntrack and the walker treat it as one.
        const to = redirectDestination(t, packet, hook, ctx);
        if (!to) {
          result.verdict = 'DROP';
          return result;
        }
        packet.dst = to.ip;
        packet.dport = to.port;
        result.dnat = to;
        result.redirect = to;
        return result;
      }
    }
  }
}
