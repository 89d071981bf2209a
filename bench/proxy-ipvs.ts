/**
 * kube-proxy ipvs-mode speed on the iptables bench's cluster: 5,000 nodes, 10,000 Services (one
 * port each; every tenth a NodePort, every hundredth with externalTrafficPolicy Local), 100,000
 * endpoints. The cluster comes from bench/proxy-iptables.ts's generator.
 * Figures: one node's whole ipvs state (virtual servers, ipsets, the iptables part, kube-ipvs0's
 * addresses, `ipvsadm -Ln` and `ipset list` text), the other nodes after it (shared part
 * reused), and a virtual-service lookup plus scheduling of a new connection (median per call).
 * Asserts nothing.
 */
import { formatIpsetList } from '../src/engine/net/ipset/list-format.ts';
import { formatIpvsadmList } from '../src/engine/net/ipvs/ipvsadm-format.ts';
import { IpvsKernel } from '../src/engine/net/ipvs/kernel.ts';
import { compileIpvsNode } from '../src/engine/proxy/ipvs/compile.ts';
import { ipvsConfigFrom } from '../src/engine/proxy/ipvs/config.ts';
import type { ProxyNode } from '../src/engine/proxy/proxy-node.ts';
import type { ProxyState } from '../src/engine/proxy/proxy-state.ts';
import type { BenchFigure } from './figures.ts';
import { clusterIPOf, makeNodes, makeProxyState, NODES, SERVICES } from './proxy-iptables.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The bench's cluster as kube-proxy sees it, for profiling. */
export function ipvsBenchInputs(): { nodes: ProxyNode[]; state: ProxyState; config: ReturnType<typeof ipvsConfigFrom> } {
  const nodes = makeNodes();
  const state = makeProxyState();
  const config = ipvsConfigFrom({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'ipvs', clusterCIDR: '10.0.0.0/8' });
  return { nodes, state, config };
}

export function runIpvsBench(): BenchFigure[] {
  const { nodes, state, config } = ipvsBenchInputs();

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const t0 = performance.now();
  const first = compileIpvsNode(state, nodes[0], config);
  const kernel = new IpvsKernel(first.table, first.kernelOptions);
  void first.ruleset;
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const ipvsadm = formatIpvsadmList(kernel, { numeric: true });
  const ipset = formatIpsetList(first.ipsets, {}, (n) => first.references(n));
  const textMs = performance.now() - t1;

  const t2 = performance.now();
  for (let i = 1; i < NODES; i++) void compileIpvsNode(state, nodes[i], config).table;
  const otherNodesMs = performance.now() - t2;

  // A new connection from a pod to a ClusterIP: one map lookup, the scheduler, the connection entry.
  const perCall: number[] = [];
  for (let batch = 0; batch < 21; batch++) {
    const t = performance.now();
    for (let k = 0; k < 1000; k++) {
      const svc = (batch * 1000 + k * 7) % SERVICES;
      kernel.schedule({ protocol: 'TCP', src: '10.0.0.5', sport: 10000 + batch * 1000 + k, dst: clusterIPOf(svc), dport: 80 }, batch);
    }
    perCall.push(((performance.now() - t) / 1000) * 1000);
  }

  return [
    {
      name: `proxy ipvs: one node's state (${first.table.size} virtual servers, ${first.ipsets.reduce((n, s) => n + s.size, 0)} ipset members, ${first.ruleset.tables.reduce((n, t) => n + t.rules.length, 0)} iptables rules)`,
      value: buildMs,
      unit: 'ms',
      target: 200,
    },
    { name: `proxy ipvs: ipvsadm -Ln and ipset list text for that node (${ipvsadm.length + (ipset.ok ? ipset.text.length : 0)} characters)`, value: textMs, unit: 'ms', target: 1000 },
    { name: `proxy ipvs: the other ${NODES - 1} nodes' state (shared part reused)`, value: otherNodesMs, unit: 'ms', target: 1000 },
    { name: 'proxy ipvs: virtual-service lookup + scheduling a new connection (median of 21 x 1000)', value: median(perCall), unit: 'us', target: 50 },
  ];
}
