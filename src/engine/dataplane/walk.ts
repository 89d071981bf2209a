/**
 * The packet walker: one request through the kernel of every host it crosses, hop by hop,
 * and its reply back through conntrack (reference §1.13). Netfilter hooks run in the kernel's
 * order (PREROUTING raw/mangle/nat, routing, FORWARD or INPUT filter, POSTROUTING nat, OUTPUT
 * for locally sent packets); the nat table sees only a flow's first packet, later packets and
 * replies are translated by conntrack.
 */
import type { ScenarioClient } from '../api/scenario.ts';
import { lookupRouteIn, type RouteLookup } from '../net/node-network.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import type { NodeNetwork, PodNetwork } from '../net/netns.ts';
import type { Packet, L4Protocol } from '../net/packet.ts';
import type { BuiltinChain, ConntrackView, FilterContext, HookResult, IptablesTableName, RuleVisit } from '../net/iptables/types.ts';
import { runBuiltin } from '../net/iptables/evaluate.ts';
import { natTranslate, type ConntrackEntry, type ConntrackMatch, type ConntrackTable } from '../net/conntrack.ts';
import { FLANNEL_VXLAN_PORT, FLANNEL_VNI } from '../net/netns.ts';
import { baseChainsFor, runNftChain } from '../net/nftables/evaluate.ts';
import type { NftChain, NftContext, NftHook, NftRuleVisit, NftTable } from '../net/nftables/types.ts';
import type { IpvsConnection } from '../net/ipvs/kernel.ts';
import type { IpvsProtocol } from '../net/ipvs/types.ts';
import type { IpvsNodeView } from './ipvs-node.ts';
import { hostSocket, podListens, type HostSocket } from './listeners.ts';
import type { DataPlane, ClusterView, NodeRules } from './world.ts';
import type { Hop, HopAction, HopPlace, Trace, TraceRule, TraceSource } from './trace.ts';
import { kubeProxySentence } from './rule-sentences.ts';

/** Where a packet is handed on: a pod's namespace, a node's host namespace, or an outside client. */
export type At =
  | { kind: 'pod'; key: string; node: string }
  | { kind: 'node'; node: string }
  | { kind: 'client'; client: ScenarioClient };

type Outcome =
  | { kind: 'arrived'; at: At; packet: Packet; socket?: HostSocket }
  | { kind: 'refused'; packet: Packet; how: 'reject' | 'reset' }
  | { kind: 'dropped'; packet: Packet }
  | { kind: 'no-route'; packet: Packet }
  | { kind: 'lost'; packet: Packet; why: string };

const HOOK_TABLES: Record<BuiltinChain, IptablesTableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

const filterContexts = new WeakMap<NodeNetwork, FilterContext>();
const nftContexts = new WeakMap<NodeNetwork, NftContext>();

/** A walk's bookkeeping: the hops so far, the rules the kernel tested, and the direction. */
class Walker {
  readonly hops: Hop[] = [];
  traversed = 0;
  direction: 'request' | 'reply' = 'request';
  /** Node transits so far: a routing loop ends the walk instead of hanging it. */
  transits = 0;
  dnat?: { ip: string; port: number };
  /** The conntrack entries the request created or hit on each node, to advance them as the connection goes on. */
  readonly flows: { node: string; entry: ConntrackEntry; direction: 'original' | 'reply' }[] = [];
  /** IPVS connections the request was scheduled to, to advance their TCP state (ActiveConn/InActConn). */
  readonly ipvsConns: { view: IpvsNodeView; conn: IpvsConnection }[] = [];
  /** Set when a packet reached a userspace kube-proxy's proxy port (REDIRECT) on a node. */
  proxiedAt?: { node: string; key: string };

  constructor(
    readonly dp: DataPlane,
    readonly cluster: ClusterView,
    readonly clients: readonly ScenarioClient[],
  ) {}

  /**
   * One filter context per node network, reused hook after hook and walk after walk (no
   * closures per hook or per trace); a rebuilt network gets a new one.
   */
  contextOf(node: NodeNetwork): FilterContext {
    let ctx = filterContexts.get(node);
    if (!ctx) {
      const dp = this.dp;
      // Whether an address is the node's, by number: routes never change for a built namespace.
      const local = new Map<number, boolean>();
      ctx = {
        packet: { src: '', dst: '', proto: 'tcp', sport: 0, dport: 0, mark: 0 },
        conntrack: { state: 'NEW', dnat: false },
        isLocal: (ip) => lookupRouteIn(node, ip)?.type === 'local',
        isLocalAddress: (ip) => {
          let yes = local.get(ip);
          if (yes === undefined) {
            yes = lookupRouteIn(node, formatIPv4(ip))?.type === 'local';
            if (local.size >= 4096) local.clear();
            local.set(ip, yes);
          }
          return yes;
        },
        primaryAddress: (iface) => node.interfaces.find((i) => i.name === iface)?.inet[0]?.address,
        ipsets: (name) => dp.kubeProxy(node.node)?.ipvs?.state.ipset(name),
        bridged: false,
        random: () => dp.rand.next(),
        recent: dp.recent(node.node),
        now: 0,
      };
      filterContexts.set(node, ctx);
    }
    return ctx;
  }

  /** The nftables twin of `contextOf`: one evaluation context per node visited. */
  nftContextOf(node: NodeNetwork): NftContext {
    let ctx = nftContexts.get(node);
    if (!ctx) {
      const base = this.contextOf(node);
      ctx = { packet: base.packet, conntrack: base.conntrack, isLocal: base.isLocal, random: base.random, now: 0, dynamic: this.dp.nftDynamic(node.node) };
      nftContexts.set(node, ctx);
    }
    return ctx;
  }

  /**
   * A node's rules and kube-proxy nftables table, asked of the data plane once per node per walk,
   * not at each hook: a trace alternates between two nodes, and each ask moved the node in the
   * data plane's recently-used order (a delete and an insert). Two slots: the client's node and
   * the backend's. Nothing a walk does changes the cluster, so the answers hold for the walk.
   */
  private heldA: { name: string; rules: NodeRules | undefined; nft: NftTable | undefined } | undefined;
  private heldB: { name: string; rules: NodeRules | undefined; nft: NftTable | undefined } | undefined;

  tablesOf(name: string): { name: string; rules: NodeRules | undefined; nft: NftTable | undefined } {
    const a = this.heldA;
    if (a !== undefined && a.name === name) return a;
    const b = this.heldB;
    if (b !== undefined && b.name === name) return b;
    const held = { name, rules: this.dp.rulesOf(name), nft: this.dp.kubeProxy(name)?.nft };
    this.heldB = a;
    this.heldA = held;
    return held;
  }

  note(node: string, entry: ConntrackEntry, direction: 'original' | 'reply'): void {
    if (this.direction === 'request') this.flows.push({ node, entry, direction });
  }

  hop(place: HopPlace, action: HopAction, say: string, packet: Packet, extra?: Partial<Hop>): void {
    const hop: Hop = { place, action, say, packet: this.snapshot(packet), direction: this.direction };
    this.hops.push(extra ? Object.assign(hop, extra) : hop);
  }

  private last: Packet | undefined;

  /**
   * The packet as a hop shows it: a copy, shared by consecutive hops while its headers stay
   * the same (hops are read-only data; most rules leave the packet as it is).
   */
  private snapshot(p: Packet): Packet {
    const l = this.last;
    if (l !== undefined && l.src === p.src && l.dst === p.dst && l.sport === p.sport && l.dport === p.dport && l.mark === p.mark && l.proto === p.proto && l.tcpFlags === p.tcpFlags) return l;
    return (this.last = { ...p });
  }

  /** A rule's hop: the same fields in the same order as `hop(..., { rule })`, built directly. */
  ruleHop(place: HopPlace, action: HopAction, say: string, packet: Packet, rule: TraceRule): void {
    this.hops.push({ place, action, say, packet: this.snapshot(packet), direction: this.direction, rule });
  }
}

function show(ip: string, port: number): string {
  return `${ip}:${port}`;
}

function actionOf(text: string): HopAction {
  if (/ -j DNAT\b/.test(text)) return 'dnat';
  if (/ -j (MASQUERADE|SNAT)\b/.test(text)) return 'snat';
  if (/ -j MARK\b/.test(text)) return 'mark';
  if (/ -j REJECT\b/.test(text)) return 'reject';
  if (/ -j DROP\b/.test(text)) return 'drop';
  if (/ -j ACCEPT\b/.test(text)) return 'accept';
  if (/ -[jg] /.test(text)) return 'jump';
  return 'match';
}

/** What a rule's text says for a hop: its action, and its comment and target as the sentence quotes them. */
interface RuleReading {
  action: HopAction;
  /** ` ("comment")` or ''. */
  comment: string;
  what: string;
}

/** Readings by rule text: a warm trace meets the same few rules again and again. Cleared when large. */
const readings = new Map<string, RuleReading>();

function readingOf(text: string): RuleReading {
  let r = readings.get(text);
  if (r) return r;
  const comment = /--comment "?([^"]*?)"? -/.exec(text)?.[1];
  const target = / -[jg] (\S+)(.*)$/.exec(text);
  const what = target ? (target[1] === 'DNAT' ? `DNAT${target[2]}` : target[1]) : 'no target';
  r = { action: actionOf(text), comment: comment ? ` ("${comment}")` : '', what };
  if (readings.size >= 4096) readings.clear();
  readings.set(text, r);
  return r;
}

/** What a matched rule shows in a hop, by (shared) visit record: one lookup per matched rule, not a reading by text and a sentence beside it. */
const ruleHops = new WeakMap<RuleVisit, { action: HopAction; say: string }>();

function ruleHopOf(v: RuleVisit): { action: HopAction; say: string } {
  let h = ruleHops.get(v);
  if (h === undefined) {
    const r = readingOf(v.text);
    ruleHops.set(v, (h = { action: r.action, say: sentence(v, r) }));
  }
  return h;
}

function sentence(v: RuleVisit, r: RuleReading): string {
  return kubeProxySentence(v) ?? `${v.table} ${v.chain} rule ${v.position}${r.comment} matched: ${r.what}.`;
}

/** Runs one hook over every table it has, recording the rules that matched. */
function runHookTables(
  w: Walker,
  node: NodeNetwork,
  hook: BuiltinChain,
  packet: Packet,
  ct: ConntrackView,
  ifaces: { in?: string; out?: string },
  opts?: { skipNat?: boolean },
): { result: HookResult; verdict: 'ACCEPT' | 'DROP' | 'REJECT'; packet: Packet; dnat?: { ip: string; port: number }; snat?: HookResult['snat'] } {
  const held = w.tablesOf(node.node);
  const rules = held.rules;
  let current = packet;
  let last: HookResult | undefined;
  let dnat: { ip: string; port: number } | undefined;
  let snat: HookResult['snat'];
  if (rules) {
    const ctx = w.contextOf(node);
    ctx.inIface = ifaces.in;
    ctx.outIface = ifaces.out;
    ctx.conntrack = ct;
    ctx.now = w.dp.now() / 1000;
    // br_netfilter: a packet from a pod came through a bridge port (`-m physdev --physdev-is-in`).
    ctx.bridged = ifaces.in === 'cni0';
    const nft = held.nft;
    for (const step of stepsFor(hook, nft)) {
      // The nat table (iptables' or a nat-type nftables chain) sees only the first packet of a flow.
      if (typeof step !== 'string') {
        if (step.base?.type === 'nat' && (ct.state !== 'NEW' || opts?.skipNat)) continue;
        const r = runNftStep(w, node, hook, nft!, step, current, ct, ifaces);
        last = r;
        current = r.packet;
        if (r.dnat) dnat = r.dnat;
        if (r.snat) snat = r.snat;
        if (r.verdict !== 'ACCEPT') return { result: r, verdict: r.verdict, packet: current, dnat, snat };
        continue;
      }
      const table = step;
      if (table === 'nat' && (ct.state !== 'NEW' || opts?.skipNat)) continue;
      // Most hooks of most tables hold no rule (raw, mangle): the packet passes untouched.
      const chains = rules.compiled.tables.get(table)?.chains;
      const builtin = chains?.get(hook);
      if (chains === undefined || builtin === undefined || (builtin.rules.length === 0 && builtin.policy === 'ACCEPT')) continue;
      ctx.packet = current;
      const r = runBuiltin(chains, builtin, table, hook, ctx);
      w.traversed += r.traversed;
      if (r.matched.length !== 0) {
        const iface = ifaces.in ?? ifaces.out;
        for (const v of r.matched) {
          const seen = ruleHopOf(v);
          const action = seen.action;
          // The hook reports only its final packet: a DNAT shows it; a MARK or MASQUERADE shows the mark as it ends.
          const after = action === 'dnat' ? r.packet : action === 'mark' || action === 'snat' ? { ...current, mark: r.packet.mark } : current;
          const place: HopPlace = iface ? { host: node.node, netns: 'host', hook, table, iface, chain: v.chain } : { host: node.node, netns: 'host', hook, table, chain: v.chain };
          // A RuleVisit is a TraceRule (the same read-only fields), shared by every trace that meets the rule.
          w.ruleHop(place, action, seen.say, after, v);
        }
      }
      last = r;
      current = r.packet;
      if (r.dnat) dnat = r.dnat;
      if (r.snat) snat = r.snat;
      if (r.verdict !== 'ACCEPT') return { result: r, verdict: r.verdict, packet: current, dnat, snat };
    }
  }
  return { result: last ?? { verdict: 'ACCEPT', packet, matched: [], traversed: 0 }, verdict: 'ACCEPT', packet: current, dnat, snat };
}

/** iptables tables' netfilter priorities (NF_IP_PRI_*): nft base chains run among them by theirs. */
function iptablesPriority(table: IptablesTableName, hook: BuiltinChain): number {
  switch (table) {
    case 'raw': return -300;
    case 'mangle': return -150;
    case 'nat': return hook === 'POSTROUTING' || hook === 'INPUT' ? 100 : -100;
    case 'filter': return 0;
  }
}

type HookStep = IptablesTableName | NftChain;
const mergedSteps = new WeakMap<NftTable, Map<BuiltinChain, readonly HookStep[]>>();

/** The hook's iptables tables and nftables base chains in priority order (iptables first on a tie). */
function stepsFor(hook: BuiltinChain, nft: NftTable | undefined): readonly HookStep[] {
  if (!nft) return HOOK_TABLES[hook];
  let byHook = mergedSteps.get(nft);
  if (!byHook) mergedSteps.set(nft, (byHook = new Map()));
  let steps = byHook.get(hook);
  if (!steps) {
    const all: { p: number; step: HookStep }[] = HOOK_TABLES[hook].map((t) => ({ p: iptablesPriority(t, hook), step: t }));
    for (const c of baseChainsFor(nft, hook.toLowerCase() as NftHook)) all.push({ p: c.base!.priority, step: c });
    steps = all.sort((a, b) => a.p - b.p).map((x) => x.step);
    byHook.set(hook, steps);
  }
  return steps;
}

function nftActionOf(text: string): HopAction {
  if (/\bdnat to\b/.test(text)) return 'dnat';
  if (/\b(jump|goto|vmap)\b/.test(text)) return 'jump';
  if (/\bmasquerade\b/.test(text)) return 'snat';
  if (/\bmark set\b/.test(text)) return 'mark';
  if (/\breject\b/.test(text)) return 'reject';
  if (/\bdrop\b/.test(text)) return 'drop';
  if (/\baccept\b/.test(text)) return 'accept';
  return 'match';
}

const NO_VISITS: RuleVisit[] = [];

/** What a matched nftables rule shows in a hop, made once per (shared) visit record. */
const nftHops = new WeakMap<NftRuleVisit, { action: HopAction; say: string; rule: TraceRule }>();

/** One nftables base chain of kube-proxy's table over the packet, its matched rules as hops. */
function runNftStep(
  w: Walker,
  node: NodeNetwork,
  hook: BuiltinChain,
  nft: NftTable,
  chain: NftChain,
  packet: Packet,
  ct: ConntrackView,
  ifaces: { in?: string; out?: string },
): HookResult {
  const ctx = w.nftContextOf(node);
  ctx.packet = packet;
  ctx.inIface = ifaces.in;
  ctx.outIface = ifaces.out;
  ctx.conntrack = ct;
  ctx.now = w.dp.now() / 1000;
  const r = runNftChain(nft, chain.name, ctx);
  w.traversed += r.traversed;
  const iface = ifaces.in ?? ifaces.out;
  const table = 'ip kube-proxy' as const;
  for (const v of r.matched) {
    let seen = nftHops.get(v);
    if (!seen) {
      const say = `nftables ${table} ${v.chain} rule ${v.position} matched: ${v.text}${v.element ? ` (element ${v.element})` : ''}.`;
      nftHops.set(v, (seen = { action: nftActionOf(v.text), say, rule: { table, chain: v.chain, position: v.position, text: v.text, author: 'kube-proxy' } }));
    }
    const action = seen.action;
    const after = action === 'dnat' ? r.packet : action === 'mark' || action === 'snat' ? { ...packet, mark: r.packet.mark } : packet;
    // The same fields in the same order as a spread of `{ iface }` would give, without the spread's generic copy.
    const place: HopPlace = iface ? { host: node.node, netns: 'host', hook, table, iface, chain: v.chain } : { host: node.node, netns: 'host', hook, table, chain: v.chain };
    w.ruleHop(place, action, seen.say, after, seen.rule);
  }
  // The hops carry the matched rules; the hook result needs only the outcome.
  const out: HookResult = { verdict: r.verdict, packet: r.packet, matched: NO_VISITS, traversed: r.traversed };
  if (r.dnat) out.dnat = r.dnat;
  if (r.snat) out.snat = r.snat;
  if (r.rejectWith) out.rejectWith = r.rejectWith;
  return out;
}

function nodeIsControlPlane(cluster: ClusterView, name: string): boolean {
  return cluster.get('Node', undefined, name)?.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
}

function healthCheckNodePorts(cluster: ClusterView): Set<number> {
  const ports = new Set<number>();
  for (const s of cluster.list('Service')) if (s.spec.healthCheckNodePort) ports.add(s.spec.healthCheckNodePort);
  return ports;
}

/**
 * conntrack's lookup for a packet. A SYN on a tuple still held in TIME_WAIT or CLOSE reopens the
 * connection: the kernel kills the old entry and takes the packet as NEW, so the nat table decides
 * afresh (nf_conntrack_proto_tcp.c tcp_packet, "Attempt to reopen a closed/aborted connection").
 */
const UNSEEN = { unseen: true } as const;

function lookupFlow(table: ConntrackTable, packet: Packet, now: number): ConntrackMatch | undefined {
  const match = table.lookupPacket(packet, now);
  const state = match?.entry.state;
  if (match && packet.tcpFlags === 'SYN' && match.direction === 'original' && (state === 'TIME_WAIT' || state === 'CLOSE')) {
    table.forget(match.entry);
    return undefined;
  }
  return match;
}

const lastExpiry = new WeakMap<IpvsNodeView['kernel'], number>();

type IpvsOutcome = { kind: 'none' } | { kind: 'refused' } | { kind: 'dnat'; packet: Packet; dnat: { ip: string; port: number } };

/**
 * IPVS on a node in ipvs mode (kernel ip_vs_core.c): a packet to a virtual service, met in
 * LOCAL_IN (ip_vs_remote_request4, after filter INPUT) or, sent by the node itself, in LOCAL_OUT
 * (ip_vs_local_request4), is scheduled to a real server and rewritten to it (forward method
 * Masq); a virtual service without real servers answers ICMP port unreachable (ip_vs_leave).
 */
function ipvsStep(w: Walker, node: NodeNetwork, packet: Packet, hook: 'INPUT' | 'OUTPUT'): IpvsOutcome {
  const view = w.dp.kubeProxy(node.node)?.ipvs;
  if (!view) return { kind: 'none' };
  const now = w.dp.now() / 1000;
  // The kernel's connection timers: entries that ran out go before the next packet is looked up
  // (once per simulated second, so a burst of traces does not sweep the table each time).
  if (lastExpiry.get(view.kernel) !== now) {
    view.kernel.expire(now);
    lastExpiry.set(view.kernel, now);
  }
  const protocol = packet.proto.toUpperCase() as IpvsProtocol;
  const r = view.kernel.schedule({ protocol, src: packet.src, sport: packet.sport, dst: packet.dst, dport: packet.dport }, now);
  if (r.kind === 'not-virtual') return { kind: 'none' };
  const vs = `${protocol} ${show(packet.dst, packet.dport)}`;
  if (r.kind === 'no-destination') {
    w.hop({ host: node.node, netns: 'host', hook }, 'reject', `IPVS on ${node.node}: the virtual server ${vs} has no real server, so the kernel answers ICMP port unreachable.`, packet);
    return { kind: 'refused' };
  }
  const conn = r.conn;
  view.kernel.packet(conn, 'in', now, 60, packet.tcpFlags);
  if (w.direction === 'request') w.ipvsConns.push({ view, conn });
  const spec = conn.service.spec;
  const how = `${spec.scheduler}${spec.persistentTimeout ? ` persistent ${spec.persistentTimeout}` : ''}`;
  const choice = r.kind === 'existing' ? 'already sends this connection to' : r.viaTemplate ? 'keeps this client (persistence) on' : 'picks';
  const after: Packet = { ...packet, dst: conn.daddr, dport: conn.dport };
  w.hop(
    { host: node.node, netns: 'host', hook },
    'dnat',
    `IPVS on ${node.node}: the virtual server ${vs} (${how}) ${choice} the real server ${show(conn.daddr, conn.dport)}; Masq rewrites the destination.`,
    after,
  );
  return { kind: 'dnat', packet: after, dnat: { ip: conn.daddr, port: conn.dport } };
}

/** conntrack's view of a packet, one shared read-only object per value (hooks only read it): no copy per hook. */
const CT_NEW: ConntrackView = Object.freeze({ state: 'NEW', dnat: false });
const CT_NEW_DNAT: ConntrackView = Object.freeze({ state: 'NEW', dnat: true });
const CT_ESTABLISHED: ConntrackView = Object.freeze({ state: 'ESTABLISHED', dnat: false });
const CT_ESTABLISHED_DNAT: ConntrackView = Object.freeze({ state: 'ESTABLISHED', dnat: true });

function ctView(state: ConntrackView['state'], dnat: boolean): ConntrackView {
  if (state === 'NEW') return dnat ? CT_NEW_DNAT : CT_NEW;
  if (state === 'ESTABLISHED') return dnat ? CT_ESTABLISHED_DNAT : CT_ESTABLISHED;
  return { state, dnat };
}

/** A packet arriving at a node (from a pod's veth on cni0, from flannel.1, or on eth0). */
function ingress(w: Walker, node: NodeNetwork, packet: Packet, inIface: string): Outcome {
  if (++w.transits > 32) return { kind: 'lost', packet, why: 'routing loop' };
  const table = w.dp.conntrack(node.node);
  const match = lookupFlow(table, packet, w.dp.now());
  let pkt = packet;
  let ct: ConntrackView = CT_NEW;
  if (match) {
    ct = ctView('ESTABLISHED', match.entry.dstNat);
    pkt = natTranslate(pkt, match, 'dst');
    w.hop(
      { host: node.node, netns: 'host', iface: inIface, hook: 'PREROUTING' },
      'conntrack-hit',
      match.direction === 'reply'
        ? `conntrack on ${node.node} knows this reply (flow #${match.entry.id})${pkt.dst !== packet.dst ? `: it restores the destination ${show(pkt.dst, pkt.dport)}` : ''}.`
        : `conntrack on ${node.node} knows this flow (#${match.entry.id}): the nat table is skipped${pkt.dst !== packet.dst ? ` and the destination becomes ${show(pkt.dst, pkt.dport)} as before` : ''}.`,
      pkt,
    );
    table.update(match, { tcpFlags: pkt.proto === 'tcp' ? pkt.tcpFlags : undefined }, w.dp.now());
    w.note(node.node, match.entry, match.direction);
  }
  const pre = runHookTables(w, node, 'PREROUTING', pkt, ct, { in: inIface });
  if (pre.verdict === 'DROP') return { kind: 'dropped', packet: pre.packet };
  pkt = pre.packet;
  if (pre.dnat) w.dnat = pre.dnat;
  const route = lookupRouteIn(node, pkt.dst);
  if (!route) {
    w.hop({ host: node.node, netns: 'host' }, 'no-route', `${node.node} has no route to ${pkt.dst}.`, pkt);
    return { kind: 'no-route', packet: pkt };
  }
  if (route.type === 'local') {
    const input = runHookTables(w, node, 'INPUT', pkt, ctView(ct.state, ct.dnat || !!pre.dnat), { in: inIface });
    if (input.verdict === 'DROP') return { kind: 'dropped', packet: input.packet };
    if (input.verdict === 'REJECT') return { kind: 'refused', packet: input.packet, how: 'reject' };
    if (!match) {
      const v = ipvsStep(w, node, input.packet, 'INPUT');
      if (v.kind === 'refused') return { kind: 'refused', packet: input.packet, how: 'reject' };
      if (v.kind === 'dnat') {
        // ip_vs_nat_xmit sends it on through LOCAL_OUT (filter OUTPUT; the nat table already saw
        // this flow) and POSTROUTING, where KUBE-POSTROUTING masquerades marked packets.
        w.dnat = v.dnat;
        const route2 = lookupRouteIn(node, v.packet.dst);
        if (!route2) return { kind: 'no-route', packet: v.packet };
        const out = runHookTables(w, node, 'OUTPUT', v.packet, CT_NEW_DNAT, { out: route2.iface }, { skipNat: true });
        if (out.verdict === 'DROP') return { kind: 'dropped', packet: out.packet };
        if (out.verdict === 'REJECT') return { kind: 'refused', packet: out.packet, how: 'reject' };
        if (route2.type !== 'local') w.hop({ host: node.node, netns: 'host', iface: route2.iface }, 'route', `${node.node} routes ${v.packet.dst} via ${route2.iface}${route2.via ? ` (next hop ${route2.via})` : ''}.`, out.packet);
        return postrouting(w, node, out.packet, route2, CT_NEW_DNAT, undefined, packet, v.dnat);
      }
    }
    if (!match) w.note(node.node, table.create(packet, pre.dnat ? { dnat: pre.dnat } : {}, w.dp.now(), w.dp.rand, UNSEEN), 'original');
    // LOCAL_IN undoes a reply's destination NAT (the source it had before DNAT comes back).
    return arriveAtHost(w, node, match ? natTranslate(input.packet, match, 'src') : input.packet);
  }
  w.hop({ host: node.node, netns: 'host', iface: route.iface }, 'route', `${node.node} routes ${pkt.dst} via ${route.iface}${route.via ? ` (next hop ${route.via})` : ''}.`, pkt);
  const fwd = runHookTables(w, node, 'FORWARD', pkt, ctView(ct.state, ct.dnat || !!pre.dnat), { in: inIface, out: route.iface });
  if (fwd.verdict === 'DROP') return { kind: 'dropped', packet: fwd.packet };
  if (fwd.verdict === 'REJECT') return { kind: 'refused', packet: fwd.packet, how: 'reject' };
  return postrouting(w, node, fwd.packet, route, ct, match, packet, pre.dnat);
}

/** POSTROUTING: source NAT (or conntrack undoing the DNAT of a reply), then the entry is confirmed. */
function postrouting(
  w: Walker,
  node: NodeNetwork,
  packet: Packet,
  route: RouteLookup,
  ct: ConntrackView,
  match: ConntrackMatch | undefined,
  original: Packet,
  dnat: { ip: string; port: number } | undefined,
): Outcome {
  let pkt = packet;
  const post = runHookTables(w, node, 'POSTROUTING', pkt, ct, { out: route.iface });
  if (post.verdict === 'DROP') return { kind: 'dropped', packet: post.packet };
  pkt = post.packet;
  const table = w.dp.conntrack(node.node);
  if (match) {
    const translated = natTranslate(pkt, match, 'src');
    if (translated.src !== pkt.src || translated.sport !== pkt.sport) {
      w.hop({ host: node.node, netns: 'host', hook: 'POSTROUTING', iface: route.iface }, 'snat', `conntrack on ${node.node} restores the source ${show(translated.src, translated.sport)}.`, translated);
    }
    pkt = translated;
  } else {
    const snat = post.snat ? (post.snat.masquerade ? { ip: route.src, randomFully: post.snat.randomFully } : { ip: post.snat.ip, ...(post.snat.port ? { port: post.snat.port } : {}) }) : undefined;
    // postrouting creates an entry only for a flow conntrack did not know at ingress.
    const entry = table.create(original, dnat ? (snat ? { dnat, snat } : { dnat }) : snat ? { snat } : {}, w.dp.now(), w.dp.rand, UNSEEN);
    w.note(node.node, entry, 'original');
    if (snat) {
      pkt = { ...pkt, src: entry.reply.dst, sport: entry.reply.dport };
      w.hop({ host: node.node, netns: 'host', hook: 'POSTROUTING', table: 'nat', iface: route.iface }, 'snat', `MASQUERADE: the source becomes ${show(pkt.src, pkt.sport)}, ${route.iface === 'lo' ? 'an address' : `${route.iface}'s address`} on ${node.node}.`, pkt);
    }
    w.hop({ host: node.node, netns: 'host' }, 'conntrack-new', `conntrack on ${node.node} records flow #${entry.id}.`, pkt);
  }
  // The masquerade mark is cleared on the way out (KUBE-POSTROUTING --xor-mark).
  pkt = { ...pkt, mark: 0 };
  if (route.type === 'local') return arriveAtHost(w, node, pkt);
  return egress(w, node, pkt, route);
}

/** Leaving a node: to a pod on cni0, to a peer over flannel.1 or eth0, or out to a client. */
function egress(w: Walker, node: NodeNetwork, packet: Packet, route: RouteLookup): Outcome {
  const net = w.dp.network;
  if (route.iface === 'cni0') {
    const owner = net.ownerOf(packet.dst);
    const podNet = owner?.kind === 'pod' ? node.pods.get(owner.name) : undefined;
    if (!podNet) {
      w.hop({ host: node.node, netns: 'host', iface: 'cni0' }, 'drop', `No pod on ${node.node} answers ARP for ${packet.dst}.`, packet);
      return { kind: 'no-route', packet };
    }
    w.hop({ host: node.node, netns: 'host', iface: podNet.hostVeth }, 'bridge', `cni0 forwards the frame to ${podNet.hostVeth}, the host end of ${podNet.pod}'s veth pair.`, packet);
    return arriveAtPod(w, podNet, packet);
  }
  if (route.iface === 'flannel.1') {
    const peerName = route.via ? net.ownerOf(route.via)?.name : undefined;
    const peer = peerName ? w.dp.node(peerName) : undefined;
    if (!peer || !node.internalIP || !peer.internalIP) return { kind: 'lost', packet, why: 'no VXLAN peer' };
    const encapsulation = { kind: 'vxlan' as const, outerSrc: node.internalIP, outerDst: peer.internalIP, port: FLANNEL_VXLAN_PORT, vni: FLANNEL_VNI };
    w.hop({ host: node.node, netns: 'host', iface: 'flannel.1' }, 'encapsulate', `flannel.1 wraps the packet in VXLAN (VNI 1) from ${node.internalIP} to ${peer.internalIP}:${FLANNEL_VXLAN_PORT}.`, packet, { encapsulation });
    w.hop({ host: peer.node, netns: 'host', iface: 'flannel.1' }, 'decapsulate', `${peer.node}'s flannel.1 unwraps it.`, packet);
    return ingress(w, peer, packet, 'flannel.1');
  }
  // eth0: a peer node (host-gw, or the node's own address as destination), or outside.
  const nextHop = route.via ?? packet.dst;
  const owner = net.ownerOf(nextHop);
  if (owner?.kind === 'node' && owner.name !== node.node) {
    const peer = w.dp.node(owner.name);
    if (peer) {
      w.hop({ host: node.node, netns: 'host', iface: route.iface }, 'send', `${node.node} sends it on the underlay to ${peer.node}.`, packet);
      return ingress(w, peer, packet, 'eth0');
    }
  }
  const client = clientWith(w, packet.dst);
  if (client) {
    w.hop({ host: node.node, netns: 'host', iface: route.iface }, 'send', `${node.node} sends it out of the cluster to ${client.name}.`, packet);
    return { kind: 'arrived', at: { kind: 'client', client }, packet };
  }
  w.hop({ host: node.node, netns: 'host', iface: route.iface }, 'send', `${node.node} sends it toward ${packet.dst}, outside the simulated network: nobody answers.`, packet);
  return { kind: 'lost', packet, why: 'outside the simulated network' };
}

function clientWith(w: Walker, ip: string): ScenarioClient | undefined {
  return w.clients.find((c) => c.ip === ip);
}

function arriveAtPod(w: Walker, podNet: PodNetwork, packet: Packet): Outcome {
  w.hop({ host: podNet.host, netns: podNet.id, iface: 'eth0' }, 'deliver', `The packet reaches ${podNet.pod} on its eth0.`, packet);
  return { kind: 'arrived', at: { kind: 'pod', key: podNet.pod, node: podNet.host }, packet };
}

function arriveAtHost(w: Walker, node: NodeNetwork, packet: Packet): Outcome {
  const userspace = w.dp.kubeProxy(node.node)?.userspace;
  const portal = userspace?.listener(packet.proto, packet.dport);
  if (portal) {
    const socket: HostSocket = { port: packet.dport, proto: packet.proto, loopbackOnly: false, who: `kube-proxy (the userspace proxy port of ${portal.nameString})`, tls: false, controlPlaneOnly: false };
    w.hop({ host: node.node, netns: 'host', iface: 'lo' }, 'deliver', `The packet reaches kube-proxy on ${node.node}: its proxy port ${packet.dport} for ${portal.nameString}.`, packet);
    if (w.direction === 'request') w.proxiedAt = { node: node.node, key: portal.key };
    return { kind: 'arrived', at: { kind: 'node', node: node.node }, packet, socket };
  }
  const hostPods = w.cluster.list('Pod').filter((p) => p.spec.hostNetwork && p.spec.nodeName === node.node);
  const socket = hostSocket({
    port: packet.dport,
    proto: packet.proto,
    dst: packet.dst,
    controlPlane: nodeIsControlPlane(w.cluster, node.node),
    hostPods,
    healthCheckNodePorts: healthCheckNodePorts(w.cluster),
  });
  w.hop({ host: node.node, netns: 'host', iface: 'lo' }, 'deliver', `The packet is for ${node.node} itself${socket ? `: ${socket.who} listens on ${packet.dport}/${packet.proto.toUpperCase()}` : ''}.`, packet);
  return { kind: 'arrived', at: { kind: 'node', node: node.node }, packet, ...(socket ? { socket } : {}) };
}

/** A packet sent by a process in a node's host namespace: routing, then OUTPUT, then POSTROUTING. */
function fromNode(w: Walker, node: NodeNetwork, packet: Packet): Outcome {
  let route = lookupRouteIn(node, packet.dst);
  if (!route) return { kind: 'no-route', packet };
  const table = w.dp.conntrack(node.node);
  const match = lookupFlow(table, packet, w.dp.now());
  let pkt = packet;
  let ct: ConntrackView = CT_NEW;
  if (match) {
    ct = ctView('ESTABLISHED', match.entry.dstNat);
    pkt = natTranslate(pkt, match, 'dst');
    table.update(match, { tcpFlags: pkt.proto === 'tcp' ? pkt.tcpFlags : undefined }, w.dp.now());
    w.note(node.node, match.entry, match.direction);
    w.hop({ host: node.node, netns: 'host', hook: 'OUTPUT' }, 'conntrack-hit', `conntrack on ${node.node} knows this flow (#${match.entry.id}).`, pkt);
  }
  w.hop({ host: node.node, netns: 'host', hook: 'OUTPUT' }, 'send', `A process on ${node.node} sends ${show(pkt.src, pkt.sport)} -> ${show(pkt.dst, pkt.dport)}.`, pkt);
  const out = runHookTables(w, node, 'OUTPUT', pkt, ct, { out: route.iface });
  if (out.verdict === 'DROP') return { kind: 'dropped', packet: out.packet };
  if (out.verdict === 'REJECT') return { kind: 'refused', packet: out.packet, how: 'reject' };
  pkt = out.packet;
  let dnat = out.dnat;
  if (!match && !dnat && route.type === 'local') {
    // IPVS runs in LOCAL_OUT before filter OUTPUT in the kernel; svcsim runs it after the OUTPUT
    // hook's tables (no kube-proxy filter OUTPUT rule tells the two orders apart).
    const v = ipvsStep(w, node, pkt, 'OUTPUT');
    if (v.kind === 'refused') return { kind: 'refused', packet: pkt, how: 'reject' };
    if (v.kind === 'dnat') {
      pkt = v.packet;
      dnat = v.dnat;
    }
  }
  if (dnat) {
    w.dnat = dnat;
    // A DNAT in OUTPUT re-routes the packet to its new destination.
    route = lookupRouteIn(node, pkt.dst);
    if (!route) return { kind: 'no-route', packet: pkt };
  }
  // A locally generated packet meets POSTROUTING even when it is delivered to this host through
  // lo (ip_output runs NF_INET_POST_ROUTING for every local route): a host -> ClusterIP flow whose
  // endpoint is this host (the apiserver behind `kubernetes`) is masqueraded too.
  if (route.type !== 'local') w.hop({ host: node.node, netns: 'host', iface: route.iface }, 'route', `${node.node} routes ${pkt.dst} via ${route.iface}.`, pkt);
  return postrouting(w, node, pkt, route, ct, match, packet, dnat);
}

/** A packet sent from inside a pod: its own routing table, then across the veth to the node. */
function fromPod(w: Walker, podNet: PodNetwork, packet: Packet): Outcome {
  const route = lookupRouteIn(podNet, packet.dst);
  if (!route) return { kind: 'no-route', packet };
  if (route.type === 'local') return arriveAtPod(w, podNet, packet);
  w.hop({ host: podNet.host, netns: podNet.id, iface: 'eth0' }, 'send', `${podNet.pod} sends ${show(packet.src, packet.sport)} -> ${show(packet.dst, packet.dport)} via its default gateway ${route.via ?? ''}.`.replace(' .', '.'), packet);
  const node = w.dp.node(podNet.host);
  if (!node) return { kind: 'lost', packet, why: 'no node' };
  w.hop({ host: podNet.host, netns: 'host', iface: 'cni0' }, 'bridge', `It crosses the veth pair to ${podNet.hostVeth} on the bridge cni0 of ${podNet.host}.`, packet);
  return ingress(w, node, packet, 'cni0');
}

const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** A packet from an outside client: to a node address, an externalIP, or a load balancer's IP. */
function fromClient(w: Walker, client: ScenarioClient, packet: Packet): Outcome {
  const net = w.dp.network;
  w.hop({ host: client.name, netns: 'host' }, 'send', `${client.name} sends ${show(packet.src, packet.sport)} -> ${show(packet.dst, packet.dport)}.`, packet);
  const owner = net.ownerOf(packet.dst);
  let target: string | undefined = owner?.kind === 'node' && net.node(owner.name)?.internalIP === packet.dst ? owner.name : undefined;
  if (!target) {
    const services = w.cluster.list('Service');
    const lb = services.find((s) => s.status?.loadBalancer?.ingress?.some((i) => i.ip === packet.dst));
    const ext = services.find((s) => s.spec.externalIPs?.includes(packet.dst));
    const nodes = net.nodeNames();
    if (lb) {
      // The cloud load balancer sends to a node; with externalTrafficPolicy Local only to nodes
      // whose health check passes (nodes with a ready local endpoint).
      const local = lb.spec.externalTrafficPolicy === 'Local';
      const withEndpoints = new Set(
        w.cluster
          .list('EndpointSlice', lb.metadata.namespace)
          .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === lb.metadata.name)
          .flatMap((s) => s.endpoints.filter((e) => e.conditions?.ready !== false).map((e) => e.nodeName ?? '')),
      );
      // Nodes labelled node.kubernetes.io/exclude-from-external-load-balancers (kubeadm puts it on
      // control-plane nodes) are never in a load balancer's pool (k8s.io/cloud-provider
      // controllers/service/controller.go, nodeIncludedPredicate).
      const pool = nodes.filter((n) => w.cluster.get('Node', undefined, n)?.metadata.labels?.[EXCLUDE_FROM_LB] === undefined);
      const candidates = local ? pool.filter((n) => withEndpoints.has(n)) : pool;
      if (!candidates.length) return { kind: 'lost', packet, why: 'the load balancer has no healthy node' };
      target = candidates[w.dp.rand.int(candidates.length)];
      w.hop({ host: 'load-balancer', netns: 'host' }, 'route', `The cloud load balancer for ${lb.metadata.namespace}/${lb.metadata.name} forwards to ${target}.`, packet);
    } else if (ext) {
      // Getting externalIP traffic to a node is the user's job; svcsim delivers it to the first node.
      target = nodes[0];
    }
  }
  const node = target ? w.dp.node(target) : undefined;
  if (!node) {
    w.hop({ host: client.name, netns: 'host' }, 'no-route', `${client.name} has no route to ${packet.dst} (cluster-internal addresses are not routed outside).`, packet);
    return { kind: 'no-route', packet };
  }
  return ingress(w, node, packet, 'eth0');
}

function startAt(w: Walker, at: At, packet: Packet): Outcome {
  if (at.kind === 'client') return fromClient(w, at.client, packet);
  if (at.kind === 'node') {
    const node = w.dp.node(at.node);
    return node ? fromNode(w, node, packet) : { kind: 'lost', packet, why: 'no such node' };
  }
  const podNet = w.dp.network.pod(at.key);
  if (podNet) return fromPod(w, podNet, packet);
  // A hostNetwork pod sends from its node's namespace.
  const node = w.dp.node(at.node);
  return node ? fromNode(w, node, packet) : { kind: 'lost', packet, why: 'no such pod' };
}

export interface SendRequest {
  from: TraceSource;
  at: At;
  dst: string;
  dport: number;
  proto: L4Protocol;
  /** Reuse a source port (`curl --local-port`): the same flow hits conntrack. */
  sport?: number;
  clients: readonly ScenarioClient[];
}

function sameSocket(a: Packet, b: { src: string; sport: number; dst: string; dport: number }): boolean {
  return a.src === b.src && a.sport === b.sport && a.dst === b.dst && a.dport === b.dport;
}

/**
 * connect() never picks a local port that would repeat a 4-tuple the host still tracks
 * (inet_hash_connect skips ports in use, TIME_WAIT included): a new request is a new flow,
 * not a conntrack hit on an old one. Only `sport` (curl --local-port) reuses a flow.
 */
export function freshPort(dp: DataPlane, req: Pick<SendRequest, 'at' | 'from' | 'proto' | 'dst' | 'dport'>): number {
  const node = req.at.kind === 'client' ? undefined : req.at.node;
  for (let i = 0; i < 16; i++) {
    const port = dp.ephemeralPort();
    if (!node || !dp.conntrack(node).lookupPacket({ proto: req.proto, src: req.from.ip, sport: port, dst: req.dst, dport: req.dport }, dp.now())) return port;
  }
  return dp.ephemeralPort();
}

/** Sends one request and walks its reply; the whole journey as a Trace. */
export function send(dp: DataPlane, cluster: ClusterView, req: SendRequest): Trace {
  const w = new Walker(dp, cluster, req.clients);
  const sport = req.sport ?? freshPort(dp, req);
  const first: Packet = { src: req.from.ip, dst: req.dst, proto: req.proto, sport, dport: req.dport, mark: 0, ...(req.proto === 'tcp' ? { tcpFlags: 'SYN' as const } : {}) };
  const base = { request: { from: req.from, dst: req.dst, dport: req.dport, proto: req.proto } };
  const out = startAt(w, req.at, first);
  if (out.kind === 'arrived' && w.proxiedAt) return proxied(w, req, sport, out, base);
  const dnatEndpoint = w.dnat ? { ip: w.dnat.ip, port: w.dnat.port } : undefined;
  if (out.kind !== 'arrived') {
    const result = out.kind === 'refused' ? 'refused' : out.kind === 'dropped' ? 'dropped' : out.kind === 'no-route' ? 'no-route' : 'timeout';
    if (out.kind === 'refused') w.hop(w.hops[w.hops.length - 1]?.place ?? { host: req.from.host, netns: 'host' }, 'reject', 'REJECT answers with ICMP port unreachable: the client sees the connection refused.', out.packet);
    return { ...base, result, ...(dnatEndpoint ? { endpoint: dnatEndpoint } : {}), rulesTraversed: w.traversed, hops: w.hops };
  }
  const arrival = { src: show(out.packet.src, out.packet.sport), dst: show(out.packet.dst, out.packet.dport), proto: out.packet.proto };
  const listening = listens(cluster, out);
  const requestHops = w.hops.length;
  const requestTraversed = w.traversed;
  // The answer: a SYN-ACK from a listening socket, a RST (or ICMP port unreachable) otherwise.
  w.direction = 'reply';
  const replyPacket: Packet = {
    src: out.packet.dst,
    sport: out.packet.dport,
    dst: out.packet.src,
    dport: out.packet.sport,
    proto: out.packet.proto,
    mark: 0,
    ...(out.packet.proto === 'tcp' ? { tcpFlags: listening ? ('SYN,ACK' as const) : ('RST,ACK' as const) } : {}),
  };
  const back = startAt(w, out.at, replyPacket);
  ipvsReply(w, replyPacket);
  const replyHops = w.hops.slice(requestHops);
  const hops = w.hops.slice(0, requestHops);
  const endpointInfo = endpointOf(out.packet, out.at);
  const ok = back.kind === 'arrived' && sameSocket(back.packet, { src: req.dst, sport: req.dport, dst: req.from.ip, dport: sport });
  const reply = back.kind === 'arrived' ? { hops: replyHops, arrival: { src: show(back.packet.src, back.packet.sport), dst: show(back.packet.dst, back.packet.dport), proto: back.packet.proto } } : undefined;
  const result = !ok ? 'timeout' : listening ? 'delivered' : 'refused';
  // The client finishes the handshake (and, having its answer, closes): conntrack moves on.
  if (ok && listening && req.proto === 'tcp') finishTcp(w);
  // Built field by field in the order a spread would give (no object spread of `base`: a generic, slow copy per trace).
  const trace: Trace = { request: base.request, result, endpoint: endpointInfo, arrival, rulesTraversed: requestTraversed, hops };
  if (reply) trace.reply = reply;
  return trace;
}

function endpointOf(packet: Packet, at: At): Trace['endpoint'] & object {
  return { ip: packet.dst, port: packet.dport, ...(at.kind === 'pod' ? { pod: at.key, node: at.node } : at.kind === 'node' ? { node: at.node } : {}) };
}

/** Whether something accepts the connection where the request arrived: the pod's port, or a node's socket. */
function listens(cluster: ClusterView, out: Outcome & { kind: 'arrived' }): boolean {
  if (out.at.kind === 'node') return out.socket !== undefined;
  if (out.at.kind !== 'pod') return false;
  const cut = out.at.key.indexOf('/');
  const pod = cluster.get('Pod', out.at.key.slice(0, cut), out.at.key.slice(cut + 1));
  return pod ? podListens(pod, out.packet.dport, out.packet.proto) : false;
}

/** The reply passes the IPVS connections the request made (the "out" direction: InActConn/ActiveConn move). */
function ipvsReply(w: Walker, reply: Packet): void {
  const now = w.dp.now() / 1000;
  for (const { view, conn } of w.ipvsConns) view.kernel.packet(conn, 'out', now, 60, reply.tcpFlags);
}

/** Where a userspace dial ended. */
interface Dialed {
  out: Outcome & { kind: 'arrived' };
  packet: Packet;
}

/**
 * userspace mode: the client's connection ended at kube-proxy's proxy port; kube-proxy picks an
 * endpoint (round robin over its shuffled list, ClientIP affinity) and dials it from the node,
 * trying the next endpoint after a failed dial (proxysocket.go TryConnectEndpoints), then copies
 * bytes both ways. The pod sees the node's address as the source.
 */
function proxied(w: Walker, req: SendRequest, sport: number, out: Outcome & { kind: 'arrived' }, base: Pick<Trace, 'request'>): Trace {
  const at = w.proxiedAt!;
  w.proxiedAt = undefined;
  const proxy = w.dp.kubeProxy(at.node)?.userspace;
  const nodeNet = w.dp.node(at.node);
  const proto = out.packet.proto;
  let dialed: Dialed | undefined;
  // `udp`: the backend socket kube-proxy keeps per UDP client (proxysocket.go getBackendConn; its
  // port is the proxier's localPort), so a client's later datagrams leave the node from the same
  // port, on the same conntrack entry.
  const dial = (endpoint: string, timeoutMs: number, udp?: { sport?: number; reused: boolean }): 'ok' | 'refused' | 'unreachable' | 'timeout' => {
    const sport = udp?.sport;
    const cut = endpoint.lastIndexOf(':');
    const ip = endpoint.slice(0, cut);
    const port = Number(endpoint.slice(cut + 1));
    const route = nodeNet ? lookupRouteIn(nodeNet, ip) : undefined;
    const src = route?.src ?? nodeNet?.internalIP ?? out.packet.dst;
    const p: Packet = { src, sport: sport ?? w.dp.ephemeralPort(), dst: ip, dport: port, proto, mark: 0, ...(proto === 'tcp' ? { tcpFlags: 'SYN' as const } : {}) };
    const how = !udp?.reused ? `dials the endpoint ${endpoint}${proto === 'tcp' ? ` (timeout ${timeoutMs} ms)` : ''}: a new connection from ${show(p.src, p.sport)}` : `sends the datagram to ${endpoint} from ${show(p.src, p.sport)}, its socket for this client`;
    w.hop({ host: at.node, netns: 'host' }, 'send', `kube-proxy on ${at.node} ${how}.`, p);
    const o = startAt(w, { kind: 'node', node: at.node }, p);
    if (o.kind === 'arrived') {
      const pod = o.at.kind === 'pod' ? w.cluster.get('Pod', ...(o.at.key.split('/') as [string, string])) : undefined;
      const listens = o.at.kind === 'pod' ? (pod ? podListens(pod, o.packet.dport, o.packet.proto) : false) : o.socket !== undefined;
      if (!listens) return 'refused';
      dialed = { out: o, packet: p };
      return 'ok';
    }
    return o.kind === 'refused' ? 'refused' : o.kind === 'no-route' ? 'unreachable' : 'timeout';
  };
  const nowMs = w.dp.now();
  let attempts: { endpoint: string; result: string; elapsedMs: number }[] = [];
  let service = at.key;
  let error: string | undefined;
  if (!proxy) error = 'kube-proxy is gone';
  else if (proto === 'udp') {
    const u = proxy.udp(at.key, out.packet.src, out.packet.sport, nowMs);
    service = u.service;
    if (u.endpoint) {
      const r = dial(u.endpoint, 0, { ...(u.localPort !== undefined ? { sport: u.localPort } : {}), reused: u.reused });
      attempts = [{ endpoint: u.endpoint, result: r, elapsedMs: 0 }];
    } else error = u.error;
  } else {
    const r = proxy.accept(at.key, out.packet.src, dial, nowMs);
    service = 'service' in r ? r.service : service;
    attempts = r.attempts.map((a) => ({ endpoint: a.endpoint, result: a.result, elapsedMs: a.elapsedMs }));
    if ('error' in r) error = r.error;
  }
  const proxyPort = out.packet.dport;
  const proxiedInfo = { node: at.node, service, proxyPort, attempts, ...(error ? { error } : {}) };
  if (!dialed || error) {
    w.hop({ host: at.node, netns: 'host' }, 'refuse', `kube-proxy on ${at.node} could not connect to an endpoint${error ? ` (${error})` : ''}: it closes the client's connection.`, out.packet);
    return { ...base, result: 'closed', rulesTraversed: w.traversed, hops: w.hops, proxied: proxiedInfo };
  }
  const d = dialed as Dialed;
  const arrived = d.out.packet;
  const requestHops = w.hops.length;
  const requestTraversed = w.traversed;
  w.direction = 'reply';
  const flags = proto === 'tcp' ? { tcpFlags: 'SYN,ACK' as const } : {};
  const backendReply: Packet = { src: arrived.dst, sport: arrived.dport, dst: arrived.src, dport: arrived.sport, proto, mark: 0, ...flags };
  startAt(w, d.out.at, backendReply);
  w.hop({ host: at.node, netns: 'host' }, 'send', `kube-proxy on ${at.node} copies the answer into the client's connection.`, out.packet);
  const clientReply: Packet = { src: out.packet.dst, sport: out.packet.dport, dst: out.packet.src, dport: out.packet.sport, proto, mark: 0, ...flags };
  const back = startAt(w, { kind: 'node', node: at.node }, clientReply);
  const ok = back.kind === 'arrived' && sameSocket(back.packet, { src: req.dst, sport: req.dport, dst: req.from.ip, dport: sport });
  const reply = back.kind === 'arrived' ? { hops: w.hops.slice(requestHops), arrival: { src: show(back.packet.src, back.packet.sport), dst: show(back.packet.dst, back.packet.dport), proto: back.packet.proto } } : undefined;
  if (ok && proto === 'tcp') finishTcp(w);
  const endpoint = { ip: arrived.dst, port: arrived.dport, ...(d.out.at.kind === 'pod' ? { pod: d.out.at.key, node: d.out.at.node } : d.out.at.kind === 'node' ? { node: d.out.at.node } : {}) };
  return {
    ...base,
    result: ok ? 'delivered' : 'timeout',
    endpoint,
    arrival: { src: show(arrived.src, arrived.sport), dst: show(arrived.dst, arrived.dport), proto },
    rulesTraversed: requestTraversed,
    hops: w.hops.slice(0, requestHops),
    ...(reply ? { reply } : {}),
    proxied: proxiedInfo,
  };
}

/** The rest of a TCP conversation as conntrack sees it: ACK, then the close, ending in TIME_WAIT. */
function finishTcp(w: Walker): void {
  const now = w.dp.now() / 1000;
  for (const { view, conn } of w.ipvsConns) {
    for (const [dir, flags] of [['in', 'ACK'], ['in', 'FIN,ACK'], ['out', 'FIN,ACK'], ['in', 'ACK']] as const) view.kernel.packet(conn, dir, now, 60, flags);
  }
  const steps: { dir: 'original' | 'reply'; flags: 'ACK' | 'FIN,ACK' }[] = [
    { dir: 'original', flags: 'ACK' },
    { dir: 'original', flags: 'FIN,ACK' },
    { dir: 'reply', flags: 'FIN,ACK' },
    { dir: 'original', flags: 'ACK' },
  ];
  for (const f of w.flows) {
    const table = w.dp.conntrack(f.node);
    for (const s of steps) {
      // A flow seen from the other side (a reply-direction hit) has its directions swapped.
      const dir = f.direction === 'original' ? s.dir : s.dir === 'original' ? 'reply' : 'original';
      const r = table.update({ entry: f.entry, direction: dir }, { tcpFlags: s.flags }, w.dp.now());
      if (r.removed) break;
    }
  }
}
