/**
 * A packet's first packet through the kube-proxy table on one node, hook by hook as the kernel
 * runs them (prerouting -> input or forward -> postrouting), like upstream's nftablesTracer:
 * what the walker will do, reduced to this table. Returns the endpoint reached or the verdict.
 */
import { baseChainsFor, runNftChain } from '../../../net/nftables/evaluate.ts';
import type { NftContext, NftDynamicSets, NftHook, NftTable } from '../../../net/nftables/types.ts';
import type { L4Protocol, Packet } from '../../../net/packet.ts';

export interface FlowOutcome {
  output: string;
  masq: boolean;
  /** Rules traversed in nat-prerouting. */
  natTraversed: number;
  matchedChains: string[];
  /** The matched rules as `nft list` prints them. */
  matchedRules: string[];
}

export function tracePacket(
  table: NftTable,
  p: { src: string; dst: string; dport: number; proto?: L4Protocol },
  nodeIPs: readonly string[],
  opts: { random?: () => number; dynamic?: NftDynamicSets; now?: number } = {},
): FlowOutcome {
  let packet: Packet = { src: p.src, dst: p.dst, proto: p.proto ?? 'tcp', sport: 40000, dport: p.dport, mark: 0 };
  const local = new Set(nodeIPs);
  const dynamic = opts.dynamic ?? new Map();
  let dnat: string | undefined;
  let masq = false;
  let natTraversed = 0;
  const matchedChains: string[] = [];
  const matchedRules: string[] = [];
  const run = (hook: NftHook): string | undefined => {
    for (const chain of baseChainsFor(table, hook)) {
      const ctx: NftContext = {
        packet,
        conntrack: { state: 'NEW', dnat: dnat !== undefined },
        isLocal: (ip) => local.has(ip) || ip.startsWith('127.'),
        random: opts.random ?? (() => 0),
        now: opts.now ?? 0,
        dynamic,
      };
      const r = runNftChain(table, chain.name, ctx);
      if (r.error) throw new Error(r.error);
      for (const m of r.matched) {
        matchedChains.push(m.chain);
        matchedRules.push(m.text);
      }
      if (chain.name === 'nat-prerouting') natTraversed = r.traversed;
      packet = r.packet;
      if (r.dnat) dnat = `${r.dnat.ip}:${r.dnat.port}`;
      if (r.snat) masq = true;
      if (r.verdict !== 'ACCEPT') return r.verdict;
    }
    return undefined;
  };
  const stop = run('prerouting') ?? run(local.has(packet.dst) ? 'input' : 'forward') ?? run('postrouting');
  return { output: stop ?? dnat ?? `${packet.dst}:${packet.dport}`, masq, natTraversed, matchedChains, matchedRules };
}
