/**
 * The packet-flow table (proxy/testing/packet-flow-cases.ts) run against kube-proxy's iptables
 * mode: each case's scenario loaded into a session, each request walked by `send`, each outcome
 * compared with what a real cluster does. The next modes run the same table with their own
 * `modes` overrides.
 */
import { describe, it, expect } from 'vitest';
import { createSession, type Session } from '../session.ts';
import { withProxyMode } from '../scenario/proxy-mode.ts';
import type { Pod, Service } from '../api/core.ts';
import { lookupRouteIn } from '../net/node-network.ts';
import { conntrackCommand } from '../net/conntrack-format.ts';
import type { L4Protocol } from '../net/packet.ts';
import { PACKET_FLOW_CASES, type AddressRef, type ConntrackStep, type EndpointRef, type FlowExpect, type FlowSource, type FlowTarget, type ProxyModeName, type SendStep } from '../proxy/testing/packet-flow-cases.ts';
import { DataPlane, type ClusterView } from './world.ts';
import { send, type At } from './walk.ts';
import type { Trace, TraceSource } from './trace.ts';

interface Harness {
  session: Session;
  dp: DataPlane;
  cluster: ClusterView;
  /** The entries each node's last conntrack check listed (`id`, reply source). */
  lastListed: Map<string, { id: number; replySrc: string }[]>;
}

function harness(scenario: string, mode: ProxyModeName): Harness {
  // iptables is the default cluster's own mode: its scenario stays as written.
  const session = createSession({ scenario: mode === 'iptables' ? scenario : withProxyMode(scenario, mode) });
  expect(session.problems.map((p) => p.message)).toEqual([]);
  const cluster = session.cluster as ClusterView;
  expect(cluster.settings.proxy.mode || 'iptables').toBe(mode);
  return { session, dp: new DataPlane(cluster, 42), cluster, lastListed: new Map() };
}

function selectorMatches(pod: Pod, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return pod.metadata.labels?.[k] === v;
  });
}

function findPod(h: Harness, ref: { pod?: string; podSelector?: string; namespace?: string; node?: string }): Pod {
  const pods = h.cluster
    .list('Pod', ref.namespace ?? 'default')
    .filter((p) => (ref.pod ? p.metadata.name === ref.pod : selectorMatches(p, ref.podSelector ?? '')) && (!ref.node || p.spec.nodeName === ref.node))
    .slice()
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const pod = pods[0];
  if (!pod?.status?.podIP) throw new Error(`no running pod for ${JSON.stringify(ref)}`);
  return pod;
}

function nodeIP(h: Harness, node: string): string {
  const ip = h.dp.node(node)?.internalIP;
  if (!ip) throw new Error(`no node ${node}`);
  return ip;
}

/** The address and port a target names, or undefined when it has none (a headless Service's ClusterIP). */
function resolveTarget(h: Harness, to: FlowTarget): { ip: string; port: number } | undefined {
  if ('ip' in to) return to;
  if ('podSelector' in to) return { ip: findPod(h, to).status!.podIP!, port: to.port };
  const svc: Service | undefined = h.cluster.get('Service', to.namespace ?? 'default', to.service);
  if (!svc) throw new Error(`no Service ${to.service}`);
  const ports = svc.spec.ports ?? [];
  const sp = to.port === undefined ? ports[0] : ports.find((p) => p.name === to.port || p.port === to.port);
  if (!sp) throw new Error(`Service ${to.service} has no port ${String(to.port)}`);
  switch (to.via) {
    case 'clusterIP':
      return svc.spec.clusterIP && svc.spec.clusterIP !== 'None' ? { ip: svc.spec.clusterIP, port: sp.port } : undefined;
    case 'nodePort':
      if (!sp.nodePort) throw new Error(`Service ${to.service} has no nodePort`);
      return { ip: nodeIP(h, to.node ?? 'master200'), port: sp.nodePort };
    case 'externalIP': {
      const ip = svc.spec.externalIPs?.[0];
      return ip ? { ip, port: sp.port } : undefined;
    }
    case 'loadBalancer': {
      const ip = svc.status?.loadBalancer?.ingress?.[0]?.ip;
      return ip ? { ip, port: sp.port } : undefined;
    }
  }
}

function resolveSource(h: Harness, from: FlowSource, dst: string): { source: TraceSource; at: At } {
  if ('client' in from) {
    const client = h.session.clients.find((c) => c.name === from.client);
    if (!client) throw new Error(`no client ${from.client}`);
    return { source: { kind: 'client', name: client.name, ip: client.ip, host: client.name }, at: { kind: 'client', client } };
  }
  if ('node' in from && !('podSelector' in from)) {
    const node = h.dp.node(from.node);
    const ip = (node && lookupRouteIn(node, dst)?.src) ?? nodeIP(h, from.node);
    return { source: { kind: 'node', name: from.node, ip, host: from.node }, at: { kind: 'node', node: from.node } };
  }
  const pod = findPod(h, from);
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const node = pod.spec.nodeName!;
  return { source: { kind: 'pod', name: key, ip: pod.status!.podIP!, host: node }, at: { kind: 'pod', key, node } };
}

function endpointMatches(h: Harness, t: Trace, ref: EndpointRef): boolean {
  const e = t.endpoint;
  if (!e) return false;
  if (ref.ip && e.ip !== ref.ip) return false;
  if (ref.port !== undefined && e.port !== ref.port) return false;
  if (ref.node && e.node !== ref.node) return false;
  if (ref.pod || ref.podSelector) {
    if (!e.pod) return false;
    const [ns, name] = e.pod.split('/');
    const pod = h.cluster.get('Pod', ns, name);
    if (!pod) return false;
    if (ref.pod && name !== ref.pod) return false;
    if (ref.podSelector && !selectorMatches(pod, ref.podSelector)) return false;
  }
  return true;
}

function addressMatches(h: Harness, seen: string, sender: string, ref: AddressRef): boolean {
  if (ref === 'sender') return seen === sender;
  if ('ip' in ref) return seen === ref.ip;
  const node = h.dp.node(ref.node);
  return (node?.interfaces ?? []).some((i) => (!ref.iface || i.name === ref.iface) && i.inet.some((a) => a.address === seen));
}

function hostOf(addr: string): string {
  return addr.slice(0, addr.lastIndexOf(':'));
}

function withMode<T extends object>(base: T, modes: Partial<Record<ProxyModeName, Partial<T> | 'skip'>> | undefined, mode: ProxyModeName): T | undefined {
  const o = modes?.[mode];
  if (o === 'skip') return undefined;
  return { ...base, ...o };
}

function describeTrace(t: Trace): string {
  return `${t.result} ${t.request.from.name} -> ${t.request.dst}:${t.request.dport}/${t.request.proto}: endpoint ${t.endpoint ? `${t.endpoint.ip}:${t.endpoint.port} ${t.endpoint.pod ?? t.endpoint.node ?? ''}` : '-'}, arrival ${t.arrival ? `${t.arrival.src} -> ${t.arrival.dst}` : '-'}\n  ${t.hops.map((x) => x.say).join('\n  ')}`;
}

function runSend(h: Harness, step: SendStep, mode: ProxyModeName): void {
  const want = withMode<FlowExpect>(step.expect, step.modes, mode);
  if (!want) return;
  const proto: L4Protocol = step.proto ?? 'tcp';
  const target = resolveTarget(h, step.to);
  if (want.result === 'no-address') {
    expect(target, 'the target has no address').toBeUndefined();
    return;
  }
  if (!target) throw new Error(`no address for ${JSON.stringify(step.to)}`);
  const traces: Trace[] = [];
  const times = step.times ?? 1;
  for (let i = 0; i < times; i++) {
    if (i > 0 && step.sleepBetween) h.session.run(`sleep ${step.sleepBetween}`);
    const { source, at } = resolveSource(h, step.from, target.ip);
    const t = send(h.dp, h.cluster, { from: source, at, dst: target.ip, dport: target.port, proto, clients: h.session.clients });
    traces.push(t);
    const why = describeTrace(t);
    expect(t.result, why).toBe(want.result);
    if (want.endpoints) expect(want.endpoints.some((r) => endpointMatches(h, t, r)), `endpoint not among ${JSON.stringify(want.endpoints)}: ${why}`).toBe(true);
    if (want.result !== 'delivered') continue;
    const seen = hostOf(t.arrival!.src);
    if (want.masquerade !== undefined) expect(seen !== source.ip, `masquerade ${want.masquerade}: ${why}`).toBe(want.masquerade);
    if (want.seenFrom) expect(want.seenFrom.some((r) => addressMatches(h, seen, source.ip, r)), `source seen ${seen} not among ${JSON.stringify(want.seenFrom)}: ${why}`).toBe(true);
    if (want.untranslated) expect(t.arrival!.dst, why).toBe(`${target.ip}:${target.port}`);
    // The client hears back from the address it sent to.
    expect(t.reply?.arrival, why).toEqual({ src: `${target.ip}:${target.port}`, dst: `${source.ip}:${t.hops[0]!.packet.sport}`, proto });
  }
  const reached = new Set(traces.map((t) => (t.endpoint ? `${t.endpoint.ip}:${t.endpoint.port}` : '')));
  if (want.sameEndpoint) expect([...reached], 'the same endpoint every time').toHaveLength(1);
  if (want.varies) expect(reached.size, 'more than one endpoint').toBeGreaterThan(1);
  if (want.reachesAll && want.endpoints) {
    for (const r of want.endpoints) expect(traces.some((t) => endpointMatches(h, t, r)), `never reached ${JSON.stringify(r)} in ${times}`).toBe(true);
  }
}

function runConntrack(h: Harness, step: ConntrackStep, mode: ProxyModeName): void {
  const want = withMode(step.expect, step.modes as Partial<Record<ProxyModeName, Partial<ConntrackStep['expect']> | 'skip'>>, mode);
  if (!want) return;
  const target = resolveTarget(h, step.to);
  if (!target) throw new Error('conntrack target has no address');
  const now = h.cluster.now();
  const table = h.dp.conntrack(step.node);
  const listing = conntrackCommand(table, ['-L', '-p', step.proto, '--orig-dst', target.ip, '--orig-port-dst', String(target.port)], now);
  const entries = table.list(now, { proto: step.proto, origDst: target.ip, origDport: target.port });
  if (want.count !== undefined) expect(entries.length, listing.stdout).toBe(want.count);
  if ((want.repliesFromLiveEndpoints || want.keepsLive) && 'service' in step.to) {
    const live = new Set(
      h.cluster
        .list('EndpointSlice', step.to.namespace ?? 'default')
        .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === (step.to as { service: string }).service)
        .flatMap((s) => s.endpoints.filter((e) => e.conditions?.serving !== false).flatMap((e) => e.addresses)),
    );
    if (want.repliesFromLiveEndpoints) for (const e of entries) expect(live.has(e.reply.src), `stale entry: ${listing.stdout}`).toBe(true);
    if (want.keepsLive) {
      const before = h.lastListed.get(step.node) ?? [];
      const kept = before.filter((e) => live.has(e.replySrc)).map((e) => e.id);
      expect(kept.length, 'some entries to a live endpoint before').toBeGreaterThan(0);
      expect(entries.map((e) => e.id).sort(), listing.stdout).toEqual(kept.sort());
    }
  }
  if (want.dropsSome) expect(entries.length, listing.stdout).toBeLessThan(h.lastListed.get(step.node)?.length ?? 0);
  h.lastListed.set(step.node, entries.map((e) => ({ id: e.id, replySrc: e.reply.src })));
}

export function runPacketFlowTable(mode: ProxyModeName): void {
  for (const c of PACKET_FLOW_CASES) {
    it(c.name, () => {
      const h = harness(c.scenario, mode);
      for (const step of c.steps) {
        if ('run' in step) {
          const r = h.session.run(step.run);
          expect(r.exitCode, r.stderr).toBe(0);
        } else if ('send' in step) runSend(h, step.send, mode);
        else runConntrack(h, step.conntrack, mode);
      }
    });
  }
}

describe('packet flows, iptables mode', () => {
  runPacketFlowTable('iptables');
});

describe('packet flows, ipvs mode', () => {
  runPacketFlowTable('ipvs');
});

describe('packet flows, nftables mode', () => {
  runPacketFlowTable('nftables');
});

describe('packet flows, userspace mode (historical)', () => {
  runPacketFlowTable('userspace');
});
