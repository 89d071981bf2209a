/**
 * The same pod -> ClusterIP trace in each kube-proxy mode on the big cluster (5,000 nodes,
 * 10,000 Services, 100,000 endpoints), side by side: one node's kube-proxy state as the data
 * plane builds it, and the warm trace's median time with the rules the kernel evaluates for the
 * request (iptables scans KUBE-SERVICES; nftables and IPVS look the service up in a map).
 * Prints, asserts nothing.
 */
import type { ProxyMode } from '../src/engine/api/config.ts';
import type { Node } from '../src/engine/api/core.ts';
import { Cluster } from '../src/engine/cluster/cluster.ts';
import { DEFAULT_SETTINGS } from '../src/engine/cluster/settings.ts';
import { DataPlane } from '../src/engine/dataplane/world.ts';
import { send } from '../src/engine/dataplane/walk.ts';
import type { BenchFigure } from './figures.ts';

const NODES = 5_000;
const NAMESPACES = 100;
const SERVICES = 10_000;
const REPLICAS = 10;
/** Services the warm traces go to; their backends' nodes are all visited before timing. */
const WARM_SERVICES = 10;

function node(i: number): Node {
  const name = `node${String(i).padStart(4, '0')}`;
  const cidr = `10.${Math.floor(i / 256)}.${i % 256}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
    status: { addresses: [{ type: 'InternalIP', address: `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}` }] },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bigCluster(mode: ProxyMode): Cluster {
  const settings = { ...DEFAULT_SETTINGS, podSubnet: '10.0.0.0/8', proxy: { ...DEFAULT_SETTINGS.proxy, clusterCIDR: '10.0.0.0/8', mode } };
  const cluster = new Cluster({ settings, seed: 1, now: Date.UTC(2025, 5, 1) });
  cluster.batch(() => {
    for (let n = 0; n < NAMESPACES; n++) cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${n}` } });
    for (let i = 0; i < NODES; i++) cluster.create(node(i));
    for (let d = 0; d < SERVICES; d++) {
      const ns = `ns${d % NAMESPACES}`;
      const labels = { app: `app${d}` };
      cluster.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app${d}`, namespace: ns },
        spec: { replicas: REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'traefik/whoami', ports: [{ containerPort: 80 }] }] } } },
      });
      cluster.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: `app${d}`, namespace: ns }, spec: { selector: labels, ports: [{ port: 80 }] } });
    }
  });
  return cluster;
}


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
  // Warm: 50 draws per Service leave each of its 10 backends unvisited with p < 0.6%.
  for (let i = 0; i < 50 * picked.length; i++) trace(i);
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
