/**
 * Properties of the packet walker (issue 3, Tests): every trace ends with one of the five
 * results; a delivered request's reply comes back from the address the client aimed at; the
 * `statistic random` ladder spreads new flows evenly; and the rules a packet traverses grow
 * with the number of Services ahead of it in KUBE-SERVICES.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createSession, type Session } from '../session.ts';
import type { Pod, Service } from '../api/core.ts';
import type { L4Protocol } from '../net/packet.ts';
import { DataPlane, type ClusterView } from './world.ts';
import { send, type At } from './walk.ts';
import type { Trace, TraceSource } from './trace.ts';

const RESULTS = ['delivered', 'refused', 'dropped', 'timeout', 'no-route'];
const PROTOS: L4Protocol[] = ['tcp', 'udp', 'sctp'];

// ---------------------------------------------------------------------------------------------
// Random small clusters

interface PodSpec {
  node: number;
  app: number;
  ports: { port: number; proto: 'TCP' | 'UDP' }[];
}

interface SvcSpec {
  kind: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';
  app: number;
  port: number;
  targetPort: number;
  proto: 'TCP' | 'UDP';
  etpLocal: boolean;
  itpLocal: boolean;
  affinity: boolean;
  externalIP: boolean;
  sourceRange: boolean;
}

interface ClusterSpec {
  nodes: number;
  pods: PodSpec[];
  services: SvcSpec[];
}

const PORTS = [53, 80, 8080];

const podArb = (nodes: number): fc.Arbitrary<PodSpec> =>
  fc.record({
    node: fc.nat(nodes - 1),
    app: fc.nat(2),
    ports: fc.array(fc.record({ port: fc.constantFrom(...PORTS), proto: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'UDP') }), { maxLength: 2 }),
  });

const svcArb: fc.Arbitrary<SvcSpec> = fc.record({
  kind: fc.constantFrom<SvcSpec['kind']>('ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'),
  app: fc.nat(3),
  port: fc.constantFrom(...PORTS),
  targetPort: fc.constantFrom(...PORTS),
  proto: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'UDP'),
  etpLocal: fc.boolean(),
  itpLocal: fc.boolean(),
  affinity: fc.boolean(),
  externalIP: fc.boolean(),
  sourceRange: fc.boolean(),
});

const clusterArb: fc.Arbitrary<ClusterSpec> = fc.integer({ min: 1, max: 3 }).chain((nodes) =>
  fc.record({ nodes: fc.constant(nodes), pods: fc.array(podArb(nodes), { maxLength: 5 }), services: fc.array(svcArb, { maxLength: 4 }) }),
);

function nodeYaml(i: number): string {
  return `apiVersion: v1
kind: Node
metadata:
  name: n${i}
${i === 0 ? '  labels:\n    node-role.kubernetes.io/control-plane: ""\n' : ''}spec:
  podCIDR: 10.244.${i}.0/24
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.${10 + i}
`;
}

function podYaml(p: PodSpec, i: number): string {
  const ports = p.ports.length ? `\n    ports:\n${p.ports.map((x) => `    - containerPort: ${x.port}\n      protocol: ${x.proto}`).join('\n')}` : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: p${i}
  labels:
    app: a${p.app}
spec:
  nodeName: n${p.node}
  containers:
  - name: app
    image: traefik/whoami${ports}
`;
}

function svcYaml(s: SvcSpec, i: number): string {
  const lines = [`apiVersion: v1`, `kind: Service`, `metadata:`, `  name: s${i}`, `spec:`];
  if (s.kind === 'Headless') lines.push('  clusterIP: None');
  else if (s.kind !== 'ClusterIP') lines.push(`  type: ${s.kind}`);
  lines.push('  selector:', `    app: a${s.app}`, '  ports:', `  - port: ${s.port}`, `    targetPort: ${s.targetPort}`, `    protocol: ${s.proto}`);
  if (s.kind === 'NodePort' || s.kind === 'LoadBalancer') {
    if (s.etpLocal) lines.push('  externalTrafficPolicy: Local');
  }
  if (s.kind !== 'Headless') {
    if (s.itpLocal) lines.push('  internalTrafficPolicy: Local');
    if (s.affinity) lines.push('  sessionAffinity: ClientIP');
    if (s.externalIP) lines.push('  externalIPs:', `  - 192.168.50.${10 + i}`);
  }
  if (s.kind === 'LoadBalancer') {
    if (s.sourceRange) lines.push('  loadBalancerSourceRanges:', '  - 203.0.113.0/24');
    lines.push('status:', '  loadBalancer:', '    ingress:', `    - ip: 192.0.2.${10 + i}`);
  }
  return lines.join('\n') + '\n';
}

function scenarioYaml(c: ClusterSpec): string {
  const docs = [
    'apiVersion: svcsim.dev/v1alpha1\nkind: Scenario\nbase: empty\nclients:\n- name: inside\n  ip: 203.0.113.10\n- name: outside\n  ip: 198.51.100.7\n',
    ...Array.from({ length: c.nodes }, (_, i) => nodeYaml(i)),
    ...c.pods.map(podYaml),
    ...c.services.map(svcYaml),
  ];
  return docs.join('---\n');
}

// ---------------------------------------------------------------------------------------------
// Sources and destinations in a built cluster

interface World {
  session: Session;
  cluster: ClusterView;
  dp: DataPlane;
}

function world(scenario: string, seed: number): World {
  const session = createSession({ scenario });
  expect(session.problems.map((p) => p.message)).toEqual([]);
  const cluster = session.cluster as ClusterView;
  return { session, cluster, dp: new DataPlane(cluster, seed) };
}

function sourcesOf(w: World): { source: TraceSource; at: At }[] {
  const out: { source: TraceSource; at: At }[] = [];
  for (const c of w.session.clients) out.push({ source: { kind: 'client', name: c.name, ip: c.ip, host: c.name }, at: { kind: 'client', client: c } });
  for (const n of w.cluster.list('Node')) {
    const ip = w.dp.node(n.metadata.name)?.internalIP;
    if (ip) out.push({ source: { kind: 'node', name: n.metadata.name, ip, host: n.metadata.name }, at: { kind: 'node', node: n.metadata.name } });
  }
  for (const p of w.cluster.list('Pod')) {
    const ip = p.status?.podIP;
    if (!ip || !p.spec.nodeName) continue;
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    out.push({ source: { kind: 'pod', name: key, ip, host: p.spec.nodeName }, at: { kind: 'pod', key, node: p.spec.nodeName } });
  }
  return out;
}

/** Addresses worth aiming at: Service VIPs, node and pod IPs, an unused ClusterIP, the outside. */
function addressesOf(w: World): { ip: string; ports: number[] }[] {
  const out: { ip: string; ports: number[] }[] = [
    { ip: '10.96.200.200', ports: [80] },
    { ip: '8.8.8.8', ports: [53] },
    { ip: '203.0.113.10', ports: [80] },
  ];
  for (const s of w.cluster.list('Service') as readonly Service[]) {
    const ports = (s.spec.ports ?? []).map((p) => p.port);
    const nodePorts = (s.spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
    if (s.spec.clusterIP && s.spec.clusterIP !== 'None') out.push({ ip: s.spec.clusterIP, ports });
    for (const ip of s.spec.externalIPs ?? []) out.push({ ip, ports });
    for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) out.push({ ip: i.ip, ports });
    for (const n of w.cluster.list('Node')) {
      const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      if (ip && nodePorts.length) out.push({ ip, ports: nodePorts });
    }
  }
  for (const p of w.cluster.list('Pod') as readonly Pod[]) if (p.status?.podIP) out.push({ ip: p.status.podIP, ports: PORTS });
  for (const n of w.cluster.list('Node')) {
    const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (ip) out.push({ ip, ports: [22, 6443, 10250, 10256, 30000] });
  }
  return out;
}

function sportOf(t: Trace): number {
  return t.hops[0]!.packet.sport;
}

describe('the walker on random small clusters', () => {
  it('ends every trace with one of the five results; a delivered reply comes from where the client aimed', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(clusterArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.constantFrom(...PROTOS), fc.boolean()), { minLength: 1, maxLength: 12 }), fc.nat(1000), (spec, picks, seed) => {
        const w = world(scenarioYaml(spec), seed);
        const sources = sourcesOf(w);
        const addresses = addressesOf(w);
        for (const [s, a, p, proto, randomPort] of picks) {
          const from = sources[s % sources.length]!;
          const dst = addresses[a % addresses.length]!;
          const dport = randomPort ? 1 + (p % 65535) : dst.ports[p % dst.ports.length]!;
          const trace = send(w.dp, w.cluster, { from: from.source, at: from.at, dst: dst.ip, dport, proto, clients: w.session.clients });
          expect(RESULTS).toContain(trace.result);
          seen.add(trace.result);
          expect(trace.hops.length).toBeGreaterThan(0);
          expect(trace.rulesTraversed).toBeGreaterThanOrEqual(0);
          if (trace.result === 'delivered') {
            // The reply arrives with the request's addresses swapped: from the address the
            // client sent to, to the client's own address and port.
            expect(trace.reply?.arrival).toEqual({ src: `${dst.ip}:${dport}`, dst: `${from.source.ip}:${sportOf(trace)}`, proto });
            expect(trace.reply!.hops.every((h) => h.direction === 'reply')).toBe(true);
          }
        }
      }),
      { seed: 20250602, numRuns: 40 },
    );
    // The random clusters are rich enough to reach most outcomes (not only "no-route").
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });
});

// ---------------------------------------------------------------------------------------------
// The statistic ladder over many flows

const THREE_PODS = ['node201', 'node202', 'node203']
  .map(
    (node, i) => `apiVersion: v1
kind: Pod
metadata:
  name: web-${i + 1}
  labels:
    app: web
spec:
  nodeName: ${node}
  containers:
  - name: app
    image: traefik/whoami
    ports:
    - containerPort: 80
`,
  )
  .join('---\n');

const CALLER = `apiVersion: v1
kind: Pod
metadata:
  name: caller
spec:
  nodeName: node201
  containers:
  - name: app
    image: traefik/whoami
`;

function serviceYaml(name: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: web
  ports:
  - port: 80
`;
}

/** Pearson's chi-square statistic of counts against a uniform expectation. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const e = total / counts.length;
  return counts.reduce((sum, c) => sum + ((c - e) * (c - e)) / e, 0);
}

describe('statistic random over many flows', () => {
  const base = createSession({ scenario: `${THREE_PODS}---\n${CALLER}---\n${serviceYaml('web')}` });
  const cluster = base.cluster as ClusterView;
  const svc = cluster.get('Service', 'default', 'web')!;
  const caller = cluster.get('Pod', 'default', 'caller')!;
  const from: TraceSource = { kind: 'pod', name: 'default/caller', ip: caller.status!.podIP!, host: 'node201' };
  const at: At = { kind: 'pod', key: 'default/caller', node: 'node201' };

  it('spreads new flows to a 3-endpoint ClusterIP uniformly (chi-square, 2 degrees of freedom, p > 0.001)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const dp = new DataPlane(cluster, seed);
        const counts = new Map<string, number>();
        const flows = 600;
        for (let i = 0; i < flows; i++) {
          const t = send(dp, cluster, { from, at, dst: svc.spec.clusterIP!, dport: 80, proto: 'tcp', clients: base.clients });
          expect(t.result).toBe('delivered');
          // Every flow is new: the nat table decided it.
          expect(t.hops.some((h) => h.action === 'conntrack-hit')).toBe(false);
          counts.set(t.endpoint!.pod!, (counts.get(t.endpoint!.pod!) ?? 0) + 1);
        }
        expect([...counts.keys()].sort()).toEqual(['default/web-1', 'default/web-2', 'default/web-3']);
        // 13.82 is the 0.999 quantile of chi-square with 2 degrees of freedom.
        expect(chiSquare([...counts.values()])).toBeLessThan(13.82);
      }),
      { seed: 7, numRuns: 4 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rules traversed against the number of Services

describe('rules traversed', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const build = (n: number) => {
    const session = createSession({ scenario: [THREE_PODS, CALLER, ...names(n).map(serviceYaml)].join('---\n') });
    const cluster = session.cluster as ClusterView;
    const dp = new DataPlane(cluster, 1);
    const caller = cluster.get('Pod', 'default', 'caller')!;
    const from: TraceSource = { kind: 'pod', name: 'default/caller', ip: caller.status!.podIP!, host: 'node201' };
    const at: At = { kind: 'pod', key: 'default/caller', node: 'node201' };
    return (name: string): Trace => {
      const ip = cluster.get('Service', 'default', name)!.spec.clusterIP!;
      return send(dp, cluster, { from, at, dst: ip, dport: 80, proto: 'tcp', clients: session.clients });
    };
  };
  const small = build(10);
  const large = build(200);

  it('never fall when more Services stand in KUBE-SERVICES, and grow on average (10 vs 200 Services)', () => {
    fc.assert(
      fc.property(fc.nat(9), (i) => {
        const name = names(10)[i]!;
        const a = small(name);
        const b = large(name);
        expect(a.result).toBe('delivered');
        expect(b.result).toBe('delivered');
        expect(b.rulesTraversed).toBeGreaterThanOrEqual(a.rulesTraversed);
      }),
      { seed: 11, numRuns: 10 },
    );
    const mean = (traces: Trace[]) => traces.reduce((s, t) => s + t.rulesTraversed, 0) / traces.length;
    const smallMean = mean(names(10).map(small));
    const largeMean = mean(names(200).filter((_, i) => i % 10 === 0).map(large));
    // A ClusterIP packet tests KUBE-SERVICES rules up to its own: ~N/2 more on average.
    expect(largeMean - smallMean).toBeGreaterThan(50);
  });
});

