/**
 * nftables dispatch is a map lookup: the rules a pod -> ClusterIP packet traverses in
 * nat-prerouting do not grow with the number of Services (iptables' KUBE-SERVICES does).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { EndpointSlice } from '../../api/discovery.ts';
import type { Service } from '../../api/core.ts';
import { ep, slice, stateOf, svc } from '../testing/builders.ts';
import { compileNftablesNode } from './compile.ts';
import { DEFAULT_NFTABLES_CONFIG } from './config.ts';
import { tracePacket } from './testdata/trace.ts';

const NODE = { name: 'node-a', ips: ['192.168.0.2'], addresses: ['127.0.0.1', '192.168.0.2'] };
const CONFIG = { ...DEFAULT_NFTABLES_CONFIG, clusterCIDR: '10.244.0.0/16', serviceCIDRs: ['10.96.0.0/16'] };

/** The i-th Service's ClusterIP: 10.96.0.1, ... 10.96.0.255, 10.96.1.0, ... (never a fourth octet of 256). */
function clusterIP(i: number): string {
  return `10.96.${(i + 1) >> 8}.${(i + 1) & 255}`;
}

function cluster(services: number): (Service | EndpointSlice)[] {
  const out: (Service | EndpointSlice)[] = [];
  for (let i = 0; i < services; i++) {
    const ip = clusterIP(i);
    out.push(svc('ns', `s${i}`, { clusterIP: ip, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }));
    out.push(slice('ns', `s${i}-x`, `s${i}`, [{ name: 'http', port: 8080, protocol: 'TCP' }], [ep(`10.244.1.${(i % 250) + 2}`, 'node-b'), ep(`10.244.2.${(i % 250) + 2}`, 'node-c')]));
  }
  return out;
}

function traversedTo(services: number, target: number): number {
  const table = compileNftablesNode(stateOf(cluster(services)), NODE, CONFIG).table;
  const flow = tracePacket(table, { src: '10.244.0.5', dst: clusterIP(target), dport: 80 }, NODE.addresses);
  expect(flow.output).toMatch(/^10\.244\.[12]\.\d+:8080$/);
  return flow.natTraversed;
}

describe('rules traversed stay flat as Services grow', () => {
  it('the same count for any number of Services and any target Service', () => {
    const base = traversedTo(1, 0);
    // jump services, the service-ips lookup, the masquerade check, numgen, hairpin check, dnat.
    expect(base).toBe(6);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.nat(), (n, t) => traversedTo(n, t % n) === base),
      { numRuns: 25 },
    );
  });
});
