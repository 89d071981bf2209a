/**
 * Data-plane speed on the big cluster (5,000 nodes, 10,000 Services, 100,000 endpoints): one
 * node's whole iptables state, its full `iptables-save` text, and a pod -> ClusterIP trace
 * (median over many Services) with the rules the kernel would traverse. Prints, asserts nothing.
 */
import { DataPlane } from '../src/engine/dataplane/world.ts';
import { send } from '../src/engine/dataplane/walk.ts';
import { formatIptablesSave } from '../src/engine/net/iptables/save-format.ts';
import { bigCluster, median, NODES, SERVICES } from './big-cluster.ts';
import type { BenchFigure } from './figures.ts';

/** The proxy bench's front-end target (200 ms) plus 100 ms for the node networks and the pods-by-node index. */
const CATCH_UP_TARGET_MS = 300;

/** Traces run before the timed ones: every backend node visited, and the walk's code optimised. */
export const WARM_UP_TRACES = 3000;

export function runDataplaneBench(): BenchFigure[] {
  const cluster = bigCluster();
  const dp = new DataPlane(cluster, 1);
  const client = cluster.list('Pod', 'ns0')[0];
  const nodeName = client.spec.nodeName as string;

  // The data plane first catches up with the cluster (kube-proxy's view of every Service and
  // slice, the node networks, the pods by node): a cluster-wide step, timed apart like the proxy
  // bench's front end. The node's network namespace is asked of the cluster network, not of
  // dp.node, which would also build that node's kube-proxy tables: they belong to the next figure.
  let t = performance.now();
  void dp.network.node(nodeName);
  const catchUpMs = performance.now() - t;
  t = performance.now();
  const rules = dp.rulesOf(nodeName);
  const rulesMs = performance.now() - t;
  const ruleCount = rules ? rules.ruleset.tables.reduce((n, tb) => n + tb.rules.length, 0) : 0;

  t = performance.now();
  const save = rules ? formatIptablesSave(rules.ruleset, { now: cluster.now() }) : { ok: false as const, error: '' };
  const saveMs = performance.now() - t;
  const saveMb = save.ok ? save.text.length / 1e6 : 0;

  const services = cluster.list('Service').filter((s) => s.spec.clusterIP && s.spec.clusterIP !== 'None');
  const from = { kind: 'pod' as const, name: `ns0/${client.metadata.name}`, ip: client.status?.podIP as string, host: nodeName };
  const at = { kind: 'pod' as const, key: `ns0/${client.metadata.name}`, node: nodeName };
  const trace = (svcIndex: number) => send(dp, cluster, { from, at, dst: services[svcIndex].spec.clusterIP as string, dport: 80, proto: 'tcp', clients: [] });
  // The warm traces go to 20 Services spread over the whole list, so the client node's scan of
  // KUBE-SERVICES is the median packet's (about half of it), not the top's.
  const spread = (i: number) => Math.floor((((i % 20) + 0.5) * services.length) / 20);
  // Cold: each trace goes to a Service whose pods sit on nodes not visited yet, whose tables
  // are assembled and compiled on first use.
  const cold: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    trace(1000 + i * 131);
    cold.push((performance.now() - t0) * 1000);
  }
  // Warm: repeated traces among 20 Services whose nodes are already compiled. Each trace draws
  // one of a Service's 10 endpoints, so the warm-up runs until (nearly) every backend node of
  // the 20 Services has been visited (50 draws per Service leave each one unseen with p < 0.6%)
  // and V8 has optimised the walk: after 1,000 traces the next thousand's median was still
  // ~10 us above the steady state (40-46 against 31-35 us), so the warm-up is 3,000.
  for (let i = 0; i < WARM_UP_TRACES; i++) trace(spread(i));
  const times: number[] = [];
  const traversed: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    const tr = trace(spread(i));
    times.push((performance.now() - t0) * 1000);
    traversed.push(tr.rulesTraversed);
  }
  return [
    {
      name: `data plane: catching up with the cluster (kube-proxy's view of ${SERVICES} Services and their slices, ${NODES} node networks, pods by node)`,
      value: catchUpMs,
      unit: 'ms',
      target: CATCH_UP_TARGET_MS,
    },
    {
      // Lazy parts, served exactly when read: a chain's rules are grouped when the walk (or a
      // listing) first asks for the chain, a per-endpoint rule's argument list is built on each
      // read, and a KUBE-SEP- chain's hashed name when first read (a trace's jump to it, a
      // listing; iptables-save, below, names them all).
      name: `data plane: one node's iptables, kube-proxy's part built then assembled and compiled, ready to evaluate (${ruleCount} rules, kube-proxy + kubelet + flannel; chains grouped on first lookup, endpoint chains named on first read)`,
      value: rulesMs,
      unit: 'ms',
      target: 200,
    },
    { name: `data plane: that node's full iptables-save (${saveMb.toFixed(1)} MB)`, value: saveMs, unit: 'ms', target: 1000 },
    {
      // The count is the request's, as the kernel tests rules: nat PREROUTING on the client's node
      // (these Services are spread over KUBE-SERVICES: half of it at the median) and again on the backend's node, where
      // the flow is new too and the pod address matches no Service (all of KUBE-SERVICES), plus
      // the filter chains on both. The reply is walked (and timed) too; conntrack knows it, so
      // it skips nat and only the filter chains test it, which the count leaves out.
      name: `data plane: pod -> ClusterIP trace to warm nodes, median of 1000 (median ${median(traversed)} rules traversed by the request: nat on both nodes, a new flow on each, and filter; the reply walked too)`,
      value: median(times),
      unit: 'us',
      target: 50,
    },
    { name: 'data plane: pod -> ClusterIP trace whose backend node is visited first (its tables assembled and compiled), median of 20', value: median(cold) / 1000, unit: 'ms', target: 200 },
  ];
}
