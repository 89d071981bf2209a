/**
 * A running lab brought up to date after the simulated cluster changed (`kubectl scale`, a new
 * Service ...), as the kubelet and kube-proxy would bring a node up to date: pods that went
 * are ended and their namespaces removed, new pods are wired, every node's tables are loaded
 * again whole (iptables-restore replaces each table it holds; nft gets the table deleted and
 * added in one transaction), CoreDNS servers whose answers changed start again, and the UDP
 * conntrack entries of endpoints that went are deleted, as kube-proxy's cleanup does
 * (kubernetes pkg/proxy/conntrack/cleanup.go: per Service IP and port, the flows whose reply
 * comes from a stale endpoint; per NodePort likewise). Nodes cannot come or go in a running lab.
 */
import type { LabPlan, LabServer, LabStep } from './types.ts';

export interface LabUpdate {
  /** Namespaces whose servers end (pods that went, CoreDNS pods with new answers). */
  stopServers: string[];
  /** Namespaces removed (pods that went). */
  removeNetns: string[];
  steps: LabStep[];
  startServers: LabServer[];
}

function tableName(transaction: string): string | undefined {
  return /^add table (\S+ \S+)/m.exec(transaction)?.[1];
}

export function labUpdate(before: LabPlan, after: LabPlan): LabUpdate {
  const nodes = (p: LabPlan): string => p.places.filter((x) => x.kind === 'node' || x.kind === 'client').map((x) => `${x.kind}:${x.name}:${x.ip}`).sort().join(',');
  if (nodes(before) !== nodes(after)) throw new Error('the nodes or outside clients changed: take the lab down and build it again');
  if (before.prefix !== after.prefix || before.mode !== after.mode) throw new Error('another prefix or mode: take the lab down and build it again');

  const podKey = (p: LabPlan): Map<string, string> => new Map(p.places.filter((x) => x.kind === 'pod').map((x) => [x.netns, `${x.name} ${x.ip} ${x.node}`]));
  const was = podKey(before);
  const now = podKey(after);
  const gone = [...was.keys()].filter((ns) => now.get(ns) !== was.get(ns));
  const added = new Set([...now.keys()].filter((ns) => was.get(ns) !== now.get(ns)));
  const addedNames = new Set(after.places.filter((x) => added.has(x.netns)).map((x) => `pod:${x.name}`));

  const oldServer = new Map(before.servers.map((s) => [s.netns, JSON.stringify(s)]));
  const restarted = after.servers.filter((s) => !added.has(s.netns) && oldServer.has(s.netns) && oldServer.get(s.netns) !== JSON.stringify(s)).map((s) => s.netns);

  const steps: LabStep[] = [];
  const newPods = after.steps.filter((s) => s.group !== undefined && addedNames.has(s.group));
  if (newPods.length) steps.push({ say: 'Pods that came: their namespaces and links' }, ...newPods);

  const oldCommands = new Set(before.steps.map((s) => ('argv' in s ? `${s.netns} ${s.argv.join(' ')}` : '')));
  for (const s of after.steps) {
    if (!s.group?.startsWith('tables:') || !('argv' in s)) continue;
    // nfacct counters live on: only new ones are added.
    if (s.argv[0] === 'nfacct' && oldCommands.has(`${s.netns} ${s.argv.join(' ')}`)) continue;
    if (s.argv[0] === 'nft' && s.stdin !== undefined) {
      const table = tableName(s.stdin);
      steps.push({ ...s, stdin: table ? `add table ${table}\ndelete table ${table}\n${s.stdin}` : s.stdin });
    } else steps.push(s);
  }

  // kube-proxy's cleanup of UDP flows to endpoints that stopped serving, on every node.
  const nodeNs = after.places.filter((x) => x.kind === 'node').map((x) => x.netns);
  const nowFlows = new Map(after.udpFlows.map((f) => [`${f.ips.join(',')}:${f.port}`, f]));
  for (const f of before.udpFlows) {
    const later = nowFlows.get(`${f.ips.join(',')}:${f.port}`);
    const stale = f.endpoints.filter((ep) => !later?.endpoints.includes(ep));
    for (const ep of stale) {
      for (const ns of nodeNs) {
        for (const ip of f.ips) steps.push({ netns: ns, argv: ['conntrack', '-D', '-p', 'udp', '--orig-dst', ip, '--orig-port-dst', String(f.port), '--reply-src', ep], tolerant: true });
        if (f.nodePort) steps.push({ netns: ns, argv: ['conntrack', '-D', '-p', 'udp', '--orig-port-dst', String(f.nodePort), '--reply-src', ep], tolerant: true });
      }
    }
  }

  return {
    stopServers: [...before.servers.filter((s) => gone.includes(s.netns)).map((s) => s.netns), ...restarted],
    removeNetns: gone.filter((ns) => !now.has(ns) || added.has(ns)),
    steps,
    startServers: after.servers.filter((s) => added.has(s.netns) || restarted.includes(s.netns)),
  };
}
