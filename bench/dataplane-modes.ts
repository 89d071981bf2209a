/**
 * The same pod -> ClusterIP trace in each kube-proxy mode on the big cluster (5,000 nodes,
 * 10,000 Services, 100,000 endpoints), side by side: one node's kube-proxy state as the data
 * plane builds it, and the warm trace's median time with the rules the kernel evaluates for the
 * request (iptables scans KUBE-SERVICES; nftables and IPVS look the service up in a map).
 * Prints, asserts nothing.
 */
import type { ProxyMode } from '../src/engine/api/config.ts';
import { DataPlane } from '../src/engine/dataplane/world.ts';
import { send } from '../src/engine/dataplane/walk.ts';
import { bigCluster, median } from './big-cluster.ts';
import { WARM_UP_TRACES } from './dataplane.ts';
import type { BenchFigure } from './figures.ts';

/** Services the warm traces go to; their backends' nodes are all visited before timing. */
const WARM_SERVICES = 10;

/** One mode on its own cluster (built with that mode's configuration, so the data plane reads it as a user's would). */
function measureMode(mode: ProxyMode): { stateMs: number; traceUs: number; rules: number } {
  const cluster = bigCluster(mode);
  const client = cluster.list('Pod', 'ns0')[0];
  const nodeName = client.spec.nodeName as string;
  // Services spread over the whole list, so iptables' scan of KUBE-SERVICES is typical, not short.
  const services = cluster.list('Service').filter((s) => s.spec.clusterIP && s.spec.clusterIP !== 'None');
  const picked = Array.from({ length: WARM_SERVICES }, (_, i) => services[Math.floor(((i + 0.5) * services.length) / WARM_SERVICES)]);
  const from = { kind: 'pod' as const, name: `ns0/${client.metadata.name}`, ip: client.status?.podIP as string, host: nodeName };
  const at = { kind: 'pod' as const, key: `ns0/${client.metadata.name}`, node: nodeName };
  const dp = new DataPlane(cluster, 1);
  // The cluster-wide catch-up and the node's own network are timed by the data-plane bench.
  void dp.network.node(nodeName);
  (globalThis as { gc?: () => void }).gc?.();
  let t = performance.now();
  void dp.kubeProxy(nodeName);
  const stateMs = performance.now() - t;
  const trace = (i: number) => send(dp, cluster, { from, at, dst: picked[i % picked.length].spec.clusterIP as string, dport: 80, proto: 'tcp', clients: [] });
  // Warm: 50 draws per Service leave each of its 10 backends unvisited with p < 0.6%; the rest
  // of the warm-up lets V8 optimise the walk (see WARM_UP_TRACES).
  for (let i = 0; i < Math.max(50 * picked.length, WARM_UP_TRACES); i++) trace(i);
  const times: number[] = [];
  const traversed: number[] = [];
  for (let i = 0; i < 1000; i++) {
    t = performance.now();
    const tr = trace(i);
    times.push((performance.now() - t) * 1000);
    traversed.push(tr.rulesTraversed);
  }
  return { stateMs, traceUs: median(times), rules: median(traversed) };
}

export function runDataplaneModesBench(): BenchFigure[] {
  const figures: BenchFigure[] = [];
  let iptablesRules = 0;
  for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
    // Each mode in its own call: its cluster and data plane are garbage once the call returns.
    (globalThis as { gc?: () => void }).gc?.();
    const r = measureMode(mode);
    if (mode === 'iptables') iptablesRules = r.rules;
    if (mode !== 'iptables') figures.push({ name: `data plane, ${mode} mode: one node's kube-proxy state (the cluster's view built first, apart)`, value: r.stateMs, unit: 'ms', target: 200 });
    const side = mode === 'iptables' ? '' : `; iptables: ${iptablesRules}`;
    figures.push({ name: `data plane, ${mode} mode: pod -> ClusterIP trace to warm nodes, median of 1000 (median ${r.rules} rules evaluated by the request on both nodes${side})`, value: r.traceUs, unit: 'us', target: 50 });
  }
  return figures;
}
