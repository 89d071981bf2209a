/**
 * Running a packet through one base chain of a table, as nf_tables_core.c nft_do_chain does:
 * rules in order, each rule's expressions until one does not match (NFT_BREAK); verdicts
 * `jump` (push a return point), `goto` (replace the current chain), `return` / end of chain
 * (pop; in the base chain, the policy); `accept`, `drop`, `reject` end the chain. A map lookup
 * that finds nothing does not match; one that finds an element runs its verdict. NAT
 * statements (`dnat`, `masquerade`) end the chain with accept (nft_nat_eval sets the verdict).
 * Lookups are Map.get on the key text, so a Service dispatch is one rule however many
 * Services the maps hold.
 */
import { cidrContains, parseIPv4 } from '../ipv4.ts';
import type { Packet } from '../packet.ts';
import { keyText } from './build.ts';
import { NftChainMap } from './chain-map.ts';
import { ruleListText, verdictText } from './rule-text.ts';
import type { NftChain, NftContext, NftElement, NftHook, NftHookResult, NftRule, NftRuleVisit, NftStmt, NftTable, NftVerdict } from './types.ts';

const MAX_DEPTH = 16; // NFT_JUMP_STACK_SIZE
const MAX_STEPS = 100_000;

/** The table's base chains on a hook, by priority (lower first; ties in creation order). */
export function baseChainsFor(table: NftTable, hook: NftHook): NftChain[] {
  const out: NftChain[] = [];
  // A grouped table keeps its base chains among the single chains: no walk over 100,000 others.
  const chains = table.chains instanceof NftChainMap ? table.chains.singles() : table.chains.values();
  for (const c of chains) if (c.base?.hook === hook) out.push(c);
  return out.sort((a, b) => a.base!.priority - b.base!.priority);
}

function addrOf(ctx: NftContext, field: 'saddr' | 'daddr'): string {
  return field === 'saddr' ? ctx.packet.src : ctx.packet.dst;
}

/** Whether `ip` is in a named set, counting what `update @set` added and has not expired. */
export function setHas(table: NftTable, ctx: NftContext, set: string, ip: string): boolean {
  if (table.sets.get(set)?.index.has(ip)) return true;
  const exp = ctx.dynamic.get(set)?.get(ip);
  return exp !== undefined && exp > ctx.now;
}

interface Frame {
  chain: NftChain;
  next: number;
}

type Outcome =
  | { kind: 'continue' }
  | { kind: 'nomatch' }
  | { kind: 'verdict'; verdict: NftVerdict; element?: NftElement }
  | { kind: 'nat' };

/** Rule and element texts for the trace, built once per object (rules are immutable once loaded). */
const ruleTexts = new WeakMap<NftRule, string>();
const elementTexts = new WeakMap<NftElement, string>();

function ruleText(r: NftRule): string {
  let t = ruleTexts.get(r);
  if (t === undefined) ruleTexts.set(r, (t = ruleListText(r)));
  return t;
}

/**
 * A rule's visit record (per map element for a verdict map), made once and shared: visits are
 * read-only and a warm trace meets the same rules again and again.
 */
const ruleVisits = new WeakMap<NftRule, NftRuleVisit>();
const tableNames = new WeakMap<NftTable, string>();
const elementVisits = new WeakMap<NftElement, NftRuleVisit>();

function visitOf(table: string, chain: NftChain, position: number, r: NftRule, element: NftElement | undefined): NftRuleVisit {
  let v = element ? elementVisits.get(element) : ruleVisits.get(r);
  if (v === undefined || v.chain !== chain.name || v.position !== position || v.table !== table) {
    v = { table, chain: chain.name, position, text: ruleText(r), author: 'kube-proxy' };
    if (element) {
      let et = elementTexts.get(element);
      if (et === undefined) elementTexts.set(element, (et = elementText(element)));
      v.element = et;
      elementVisits.set(element, v);
    } else ruleVisits.set(r, v);
  }
  return v;
}

/** Chains whose every rule starts with `ct state new` (kube-proxy's filter base chains): by chain. */
const newOnly = new WeakMap<NftChain, boolean>();

function onlyForNew(chain: NftChain): boolean {
  let v = newOnly.get(chain);
  if (v === undefined) newOnly.set(chain, (v = chain.rules.length > 0 && chain.rules.every((r) => r.stmts[0]?.kind === 'ct-state-new')));
  return v;
}

export function runNftChain(table: NftTable, chainName: string, ctx: NftContext): NftHookResult {
  const start = table.chains.get(chainName);
  // A packet of a known connection fails every rule of such a chain at its first statement: the
  // kernel still tests each rule (counted), and the policy decides.
  if (start && ctx.conntrack.state !== 'NEW' && onlyForNew(start)) {
    return { verdict: start.base?.policy === 'drop' ? 'DROP' : 'ACCEPT', packet: ctx.packet, matched: [], traversed: start.rules.length };
  }
  const result: NftHookResult = { verdict: 'ACCEPT', packet: ctx.packet, matched: [], traversed: 0 };
  if (!start) return { ...result, packet: { ...ctx.packet }, error: `no chain ${chainName} in table ${table.family} ${table.name}` };
  // Statements read the packet being rewritten (mark): the first statement that writes makes the
  // chain's own copy (the caller's packet is never changed) and the context carries it; the
  // caller's packet is given back at the end. Most chains write nothing.
  const given = ctx.packet;
  packetCopied = false;
  try {
    return runFrom(table, start, ctx, result);
  } finally {
    ctx.packet = given;
  }
}

function runFrom(table: NftTable, start: NftChain, pctx: NftContext, result: NftHookResult): NftHookResult {
  let tableName = tableNames.get(table);
  if (tableName === undefined) tableNames.set(table, (tableName = `${table.family} ${table.name}`));
  const stack: Frame[] = [{ chain: start, next: 0 }];
  let steps = 0;

  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.chain.rules.length) {
      stack.pop();
      continue;
    }
    if (++steps > MAX_STEPS) return { ...result, error: 'rule evaluation did not end' };
    const position = frame.next + 1;
    const r = frame.chain.rules[frame.next++];
    result.traversed++;
    let outcome: Outcome = CONTINUE;
    let element: NftElement | undefined;
    for (const s of r.stmts) {
      outcome = evalStmt(table, s, pctx, result);
      if (outcome.kind !== 'continue') break;
    }
    if (outcome.kind === 'nomatch') continue;
    if (outcome.kind === 'verdict') element = outcome.element;
    result.matched.push(visitOf(tableName, frame.chain, position, r, element));
    if (outcome.kind === 'nat') return result;
    if (outcome.kind === 'continue') continue;
    const v = outcome.verdict;
    switch (v.kind) {
      case 'accept':
        return result;
      case 'drop':
        result.verdict = 'DROP';
        return result;
      case 'reject':
        result.verdict = 'REJECT';
        // `reject` in the ip family: ICMP port unreachable (statement.c reject_stmt_print).
        result.rejectWith = 'icmp-port-unreachable';
        return result;
      case 'return':
        stack.pop();
        break;
      case 'jump':
      case 'goto': {
        const target = table.chains.get(v.chain);
        if (!target) return { ...result, error: `${verdictText(v)}: no such chain` };
        if (v.kind === 'goto') stack.pop();
        if (stack.length >= MAX_DEPTH) return { ...result, error: 'jump stack too deep' };
        stack.push({ chain: target, next: 0 });
        break;
      }
    }
  }
  // Fell off the base chain: its policy.
  if (start.base?.policy === 'drop') result.verdict = 'DROP';
  return result;
}

function elementText(el: NftElement): string {
  let t = keyText(el.key);
  if (el.comment !== undefined) t += ` comment "${el.comment}"`;
  if (el.verdict) t += ` : ${verdictText(el.verdict)}`;
  return t;
}

function matchCidr(ip: string, cidr: { base: number; prefix: number; size: number }): boolean {
  const n = parseIPv4(ip);
  return n !== undefined && cidrContains(cidr, n);
}

const CONTINUE: Outcome = { kind: 'continue' };
const NOMATCH: Outcome = { kind: 'nomatch' };
const NAT: Outcome = { kind: 'nat' };

/** Whether the running chain has made its own copy of the packet yet (evaluation does not nest). */
let packetCopied = false;

/** The packet a statement may write: the chain's own copy, made on the first write. */
function writable(ctx: NftContext, result: NftHookResult): Packet {
  if (!packetCopied) {
    result.packet = ctx.packet = { ...ctx.packet };
    packetCopied = true;
  }
  return ctx.packet;
}

function evalStmt(table: NftTable, s: NftStmt, ctx: NftContext, result: NftHookResult): Outcome {
  const p = ctx.packet;
  const yes = CONTINUE;
  const no = NOMATCH;
  switch (s.kind) {
    case 'addr':
      return matchCidr(addrOf(ctx, s.field), s.cidr) !== s.negate ? yes : no;
    case 'addr-anon': {
      const ip = addrOf(ctx, s.field);
      const hit = s.cidrs.some((c) => matchCidr(ip, c));
      return hit !== s.negate ? yes : no;
    }
    case 'addr-set':
      return setHas(table, ctx, s.set, addrOf(ctx, s.field)) !== s.negate ? yes : no;
    case 'fib-local':
      return ctx.isLocal(addrOf(ctx, s.field)) ? yes : no;
    case 'iif': {
      const iface = ctx.inIface ?? '';
      const hit = s.byName && s.name.endsWith('*') ? iface.startsWith(s.name.slice(0, -1)) : iface === s.name;
      return hit !== s.negate ? yes : no;
    }
    case 'ct-state-new':
      return ctx.conntrack.state === 'NEW' ? yes : no;
    case 'l4proto':
      return p.proto === s.proto ? yes : no;
    case 'mark-and-eq':
      return ((p.mark & s.mask) >>> 0) === s.value ? yes : no;
    case 'mark-set':
      writable(ctx, result).mark = (s.op === 'or' ? p.mark | s.value : p.mark ^ s.value) >>> 0;
      return yes;
    case 'vmap': {
      const key = s.key === 'daddr.l4proto.dport' ? `${p.dst} . ${p.proto} . ${p.dport}` : `${p.proto} . ${p.dport}`;
      const el = table.sets.get(s.map)?.index.get(key);
      return el?.verdict ? { kind: 'verdict', verdict: el.verdict, element: el } : no;
    }
    case 'numgen': {
      const i = Math.min(s.mod - 1, Math.floor(ctx.random() * s.mod));
      return { kind: 'verdict', verdict: { kind: 'goto', chain: s.targets[i] } };
    }
    case 'update-saddr': {
      const set = table.sets.get(s.set);
      let entries = ctx.dynamic.get(s.set);
      if (!entries) ctx.dynamic.set(s.set, (entries = new Map()));
      entries.set(p.src, ctx.now + (set?.timeout ?? 0));
      return yes;
    }
    case 'dnat':
      {
        const w = writable(ctx, result);
        w.dst = s.ip;
        w.dport = s.port;
      }
      result.dnat = { ip: s.ip, port: s.port };
      return NAT;
    case 'masquerade':
      result.snat = { masquerade: true, randomFully: s.fullyRandom };
      return NAT;
    case 'verdict':
      return { kind: 'verdict', verdict: s.verdict };
  }
}
