/**
 * kube-proxy nftables-mode speed on the iptables bench's cluster: 5,000 nodes, 10,000 Services
 * (one port each; every tenth a NodePort, every hundredth with externalTrafficPolicy Local),
 * 100,000 endpoints (10 per Service, spread over the nodes). Figures: one node's table built
 * from the front end's state (hashing, chains, sets and maps); a pod -> ClusterIP packet's
 * first packet through nat-prerouting, median of 1,001 (rules traversed printed beside it);
 * `nft list ruleset` for that node. Asserts nothing.
 * The cluster comes from bench/proxy-iptables.ts's generator.
 */
import { runNftChain } from '../src/engine/net/nftables/evaluate.ts';
import { listRuleset } from '../src/engine/net/nftables/list-format.ts';
import type { NftDynamicSets } from '../src/engine/net/nftables/types.ts';
import { compileNftablesNode, NftablesShared } from '../src/engine/proxy/nftables/compile.ts';
import { DEFAULT_NFTABLES_CONFIG } from '../src/engine/proxy/nftables/config.ts';
import type { BenchFigure } from './figures.ts';
import { clusterIPOf, makeNode, makeProxyState, NODES, SERVICES } from './proxy-iptables.ts';

export function runNftablesBench(): BenchFigure[] {
  const state = makeProxyState();
  const config = { ...DEFAULT_NFTABLES_CONFIG, clusterCIDR: '10.0.0.0/8', serviceCIDRs: ['10.96.0.0/12'] };
  const node = makeNode(0);

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const t0 = performance.now();
  const shared = new NftablesShared();
  const built = compileNftablesNode(state, node, config, shared);
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  compileNftablesNode(state, makeNode(1), config, shared);
  const secondMs = performance.now() - t1;

  // pod on node0 -> ClusterIP of Service 4321, first packet, through nat-prerouting.
  const dynamic: NftDynamicSets = new Map();
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const dst = clusterIPOf(4321);
  const times: number[] = [];
  let traversed = 0;
  for (let k = 0; k < 1001; k++) {
    const t = performance.now();
    const r = runNftChain(built.table, 'nat-prerouting', {
      packet: { src: '10.0.0.5', dst, proto: 'tcp', sport: 40000 + k, dport: 80, mark: 0 },
      conntrack: { state: 'NEW', dnat: false },
      isLocal: (a) => a === '172.16.0.1' || a.startsWith('127.'),
      random,
      now: k,
      dynamic,
    });
    times.push((performance.now() - t) * 1000);
    traversed = r.traversed;
    if (!r.dnat) throw new Error('bench: the packet was not DNATed');
  }
  times.sort((a, b) => a - b);

  gc?.();
  const t2 = performance.now();
  const text = listRuleset([built.table]);
  const listMs = performance.now() - t2;
  // Counted after the listing, which is the first to read every endpoint chain's rules.
  let rules = 0;
  for (const c of built.table.chains.values()) rules += c.rules.length;

  return [
    {
      // Endpoint chains' rules (hairpin masquerade, DNAT) are written when the chain is first read
      // (a trace, nft list): the rule count below reads them all, after the timing.
      name: `proxy nftables: one node's table (${NODES} nodes, ${SERVICES} Services, ${state.totalEndpoints} endpoints; ${built.table.chains.size} chains, ${rules} rules; endpoint chains' names and rules made on first read)`,
      value: buildMs,
      unit: 'ms',
      target: 200,
    },
    { name: 'proxy nftables: a second node\'s table (shared chains)', value: secondMs, unit: 'ms', target: 200 },
    { name: `proxy nftables: pod -> ClusterIP through nat-prerouting, median of 1001 (${traversed} rules traversed; iptables walks KUBE-SERVICES linearly)`, value: times[500], unit: 'us', target: 50 },
    { name: `proxy nftables: nft list ruleset (${(text.length / 1e6).toFixed(1)} MB; the first read of the endpoint chains' names and rules, so making them is included)`, value: listMs, unit: 'ms', target: 1000 },
  ];
}
