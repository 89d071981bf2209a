/** Test helpers: a FilterContext with a seeded generator, and rulesets from restore text. */
import { Rand } from '../../../rand.ts';
import type { L4Protocol, Packet } from '../../packet.ts';
import { parseRestoreText } from '../restore-parse.ts';
import type { ConntrackView, FilterContext, RecentLists, Ruleset } from '../types.ts';

export function rulesetFrom(text: string): Ruleset {
  const parsed = parseRestoreText(text, 'kube-proxy');
  if (!parsed.ok) throw new Error(`line ${parsed.line}: ${parsed.error}`);
  return parsed.ruleset;
}

export function packet(src: string, dst: string, dport: number, proto: L4Protocol = 'tcp'): Packet {
  return { src, dst, proto, sport: 40000, dport, mark: 0 };
}

export interface ContextOptions {
  local?: string[];
  random?: () => number;
  recent?: RecentLists;
  now?: number;
  conntrack?: ConntrackView;
  inIface?: string;
  outIface?: string;
}

export function context(p: Packet, opts: ContextOptions = {}): FilterContext {
  const local = new Set(opts.local ?? ['192.168.0.2', '127.0.0.1']);
  const rand = new Rand(7);
  return {
    packet: p,
    inIface: opts.inIface,
    outIface: opts.outIface,
    conntrack: opts.conntrack ?? { state: 'NEW', dnat: false },
    isLocal: (ip) => local.has(ip),
    random: opts.random ?? (() => rand.next()),
    recent: opts.recent ?? new Map(),
    now: opts.now ?? 0,
  };
}
