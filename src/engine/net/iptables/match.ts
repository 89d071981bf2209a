/**
 * Whether a packet matches one rule, as the kernel tests it: the IP header part first
 * (ip_packet_match), then each match extension in order, stopping at the first that fails,
 * so `-m statistic` draws and `-m recent` updates only when every earlier match passed.
 */
import { formatIPv4 } from '../ipv4.ts';
import type { L4Protocol, Packet } from '../packet.ts';
import type { AddrMatch, AddrType, AddrTypeSide, IfaceMatch, Match, ParsedRule, PortMatch } from './rule.ts';
import { stateMatches } from './match-state.ts';
import { physdevMatches, setMatches } from './match-set.ts';
import type { FilterContext } from './types.ts';

export const PROTO_NUMBER: Record<L4Protocol, number> = { tcp: 6, udp: 17, sctp: 132 };

/** The packet's fields as numbers, computed once per hook. */
export interface PacketView {
  /** The packet as it is now (MARK may have changed it earlier in the hook). */
  packet: Packet;
  src: number;
  dst: number;
  proto: number;
  ctx: FilterContext;
}

function addrMatches(a: AddrMatch, ip: number): boolean {
  return (((ip ^ a.addr) & a.mask) === 0) !== a.invert;
}

function ifaceMatches(f: IfaceMatch, name: string | undefined): boolean {
  const n = name ?? '';
  const hit = f.wildcard ? n.startsWith(f.name) : n === f.name;
  return hit !== f.invert;
}

function portMatches(p: PortMatch, port: number): boolean {
  return (port >= p.min && port <= p.max) !== p.invert;
}

function isLocalIp(ip: number, ctx: FilterContext): boolean {
  return ctx.isLocalAddress ? ctx.isLocalAddress(ip) : ctx.isLocal(formatIPv4(ip));
}

function addrTypeOf(ip: number, ctx: FilterContext, type: AddrType): boolean {
  switch (type) {
    case 'LOCAL': return isLocalIp(ip, ctx);
    case 'MULTICAST': return ip >>> 28 === 0xe;
    case 'BROADCAST': return ip === 0xffffffff;
    case 'UNICAST': return ip >>> 28 !== 0xe && ip !== 0xffffffff && !isLocalIp(ip, ctx);
    default: return false;
  }
}

// The tests below loop by hand: they run for every rule tested, and a callback per call was a closure of garbage each time.
function addrTypeMatches(side: AddrTypeSide, ip: number, ctx: FilterContext): boolean {
  let hit = false;
  for (const t of side.types) {
    if (addrTypeOf(ip, ctx, t)) {
      hit = true;
      break;
    }
  }
  return hit !== side.invert;
}

function recentMatches(m: Extract<Match, { kind: 'recent' }>, v: PacketView): boolean {
  const { ctx } = v;
  const ip = formatIPv4(((m.side === 'source' ? v.src : v.dst) & m.mask) >>> 0);
  let list = ctx.recent.get(m.name);
  if (!list) ctx.recent.set(m.name, (list = new Map()));
  const last = list.get(ip);
  let hit: boolean;
  switch (m.command) {
    case 'set':
      list.set(ip, ctx.now);
      hit = true;
      break;
    case 'remove':
      hit = last !== undefined;
      list.delete(ip);
      break;
    default: {
      // xt_recent: a stamp counts when it is newer than now - seconds (strictly).
      const fresh = last !== undefined && (m.seconds === undefined || ctx.now - last < m.seconds);
      if (m.reap && m.seconds !== undefined && last !== undefined && !fresh) list.delete(ip);
      hit = fresh;
      if (hit && m.command === 'update') list.set(ip, ctx.now);
    }
  }
  return hit !== m.invert;
}

function extensionMatches(m: Match, v: PacketView): boolean {
  const p = v.packet;
  switch (m.kind) {
    case 'comment':
    case 'nfacct':
      return true;
    case 'tcp': case 'udp': case 'sctp':
      if (v.proto !== PROTO_NUMBER[m.kind]) return false;
      return (!m.sport || portMatches(m.sport, p.sport)) && (!m.dport || portMatches(m.dport, p.dport));
    case 'multiport': {
      let hit = false;
      for (const r of m.ports) {
        const d = p.dport >= r.min && p.dport <= r.max;
        const sp = p.sport >= r.min && p.sport <= r.max;
        if (m.dir === 'dports' ? d : m.dir === 'sports' ? sp : d || sp) {
          hit = true;
          break;
        }
      }
      return hit !== m.invert;
    }
    case 'addrtype':
      return (!m.src || addrTypeMatches(m.src, v.src, v.ctx)) && (!m.dst || addrTypeMatches(m.dst, v.dst, v.ctx));
    case 'conntrack': {
      if (!m.ctstate) return true;
      const ct = v.ctx.conntrack;
      let hit = false;
      for (const s of m.ctstate.states) {
        if (s === ct.state || (s === 'DNAT' && ct.dnat)) {
          hit = true;
          break;
        }
      }
      return hit !== m.ctstate.invert;
    }
    case 'mark':
      return ((((p.mark & m.mask) >>> 0) === (m.value & m.mask) >>> 0)) !== m.invert;
    case 'statistic': {
      // xt_statistic: (get_random_u32() & 0x7FFFFFFF) < probability
      const draw = Math.floor(v.ctx.random() * 0x80000000);
      return (draw < m.probability) !== m.invert;
    }
    case 'recent':
      return recentMatches(m, v);
    case 'state':
      return stateMatches(m, v.ctx.conntrack);
    case 'set':
      return setMatches(m, p, v.ctx.ipsets);
    case 'physdev':
      return physdevMatches(m, v.ctx.bridged);
  }
}

export function ruleMatches(rule: ParsedRule, v: PacketView): boolean {
  if (rule.src && !addrMatches(rule.src, v.src)) return false;
  if (rule.dst && !addrMatches(rule.dst, v.dst)) return false;
  if (rule.inIface && !ifaceMatches(rule.inIface, v.ctx.inIface)) return false;
  if (rule.outIface && !ifaceMatches(rule.outIface, v.ctx.outIface)) return false;
  if (rule.proto && rule.proto.number !== 0 && (v.proto === rule.proto.number) === rule.proto.invert) return false;
  for (const m of rule.matches) if (!extensionMatches(m, v)) return false;
  return true;
}
