/**
 * kube-proxy iptables-mode speed: 5,000 nodes, 10,000 Services (one port each; every tenth a
 * NodePort, every hundredth with externalTrafficPolicy Local), 100,000 endpoints (10 per
 * Service, spread over the nodes). Figures: the front end's ingest (Services and slices to
 * service ports and endpoints), one node's full tables from that state (service chain-name
 * hashing, compile, the restore input materialised; endpoint chains are named when first read),
 * the other 4,999 nodes after that (shared fragments: only node-dependent services are
 * compiled per node), and one endpoint change
 * (slice update + recompile + materialise one node's tables), median of 21. Asserts nothing.
 */
import type { Service } from '../src/engine/api/core.ts';
import type { EndpointSlice } from '../src/engine/api/discovery.ts';
import { IptablesBackend } from '../src/engine/proxy/iptables/backend.ts';
import type { ProxyNode } from '../src/engine/proxy/proxy-node.ts';
import { ProxyState } from '../src/engine/proxy/proxy-state.ts';
import { DEFAULT_IPTABLES_CONFIG } from '../src/engine/proxy/iptables/config.ts';
import type { BenchFigure } from './figures.ts';

// The cluster generator, shared by the ipvs and nftables benches (same names, addresses and shapes).
export const NODES = 5_000;
export const SERVICES = 10_000;
export const ENDPOINTS_PER_SERVICE = 10;

/** A dotted-quad address from its 32-bit value. */
export function ip(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The ClusterIP of Service `i`. */
export function clusterIPOf(i: number): string {
  return ip((10 << 24) + (96 << 16) + 10 + i);
}

function nodeName(i: number): string {
  return `node${String(i).padStart(4, '0')}`;
}

/** Node `i`: one address 172.16.x.y, pod CIDR 10.x.y.0/24. */
export function makeNode(i: number): ProxyNode {
  const addr = `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  return { name: nodeName(i), ips: [addr], addresses: ['127.0.0.1', addr], podCIDR: `10.${Math.floor(i / 256)}.${i % 256}.0/24` };
}

export function makeNodes(): ProxyNode[] {
  return Array.from({ length: NODES }, (_, i) => makeNode(i));
}

/** Service `i`: one TCP port; every tenth a NodePort, every hundredth with externalTrafficPolicy Local. */
export function makeService(i: number): Service {
  const nodePort = i % 10 === 0;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `app${i}`, namespace: `ns${i % 100}` },
    spec: {
      type: nodePort ? 'NodePort' : 'ClusterIP',
      clusterIP: clusterIPOf(i),
      selector: { app: `app${i}` },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, ...(nodePort ? { nodePort: 30000 + (i / 10) } : {}) }],
      ...(i % 100 === 0 ? { externalTrafficPolicy: 'Local' as const } : {}),
    },
  };
}

/** Service `i`'s slice: 10 endpoints spread over the nodes (the first one ready unless `readyFirst` is false). */
export function makeSlice(i: number, readyFirst = true): EndpointSlice {
  const endpoints = [];
  for (let e = 0; e < ENDPOINTS_PER_SERVICE; e++) {
    const k = i * ENDPOINTS_PER_SERVICE + e;
    const node = (k * 7919) % NODES;
    endpoints.push({
      addresses: [ip((10 << 24) + (Math.floor(node / 256) << 16) + ((node % 256) << 8) + 2 + (k % 250))],
      conditions: { ready: e === 0 ? readyFirst : true },
      nodeName: nodeName(node),
    });
  }
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `app${i}-abcde`, namespace: `ns${i % 100}`, labels: { 'kubernetes.io/service-name': `app${i}` } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints,
  };
}

/** kube-proxy's view of the whole cluster (every Service and slice ingested). */
export function makeProxyState(): ProxyState {
  const state = new ProxyState();
  for (let i = 0; i < SERVICES; i++) state.updateService(makeService(i));
  for (let i = 0; i < SERVICES; i++) state.updateEndpointSlice(makeSlice(i));
  state.servicePorts();
  return state;
}

function countRules(tables: { rules: readonly unknown[] }[]): number {
  return tables.reduce((n, t) => n + t.rules.length, 0);
}

export function runProxyIptablesBench(): BenchFigure[] {
  const nodes = makeNodes();
  const services = Array.from({ length: SERVICES }, (_, i) => makeService(i));
  const slices = Array.from({ length: SERVICES }, (_, i) => makeSlice(i));

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const t0 = performance.now();
  const state = new ProxyState();
  for (const s of services) state.updateService(s);
  for (const s of slices) state.updateEndpointSlice(s);
  state.servicePorts();
  const frontEndMs = performance.now() - t0;
  gc?.();
  const tc = performance.now();
  const backend = new IptablesBackend({ ...DEFAULT_IPTABLES_CONFIG, clusterCIDR: '10.0.0.0/8' });
  const first = backend.compile(state, nodes[0]);
  const rules = countRules([...first.restore.tables]);
  const oneNodeMs = performance.now() - tc;

  const t1 = performance.now();
  let dependentRules = 0;
  for (let i = 1; i < NODES; i++) {
    const t = backend.compile(state, nodes[i]);
    dependentRules += t.servicePorts.length > 0 ? 1 : 0;
  }
  const otherNodesMs = performance.now() - t1;

  const times: number[] = [];
  for (let k = 0; k < 21; k++) {
    const i = 7 + k * 13;
    const t = performance.now();
    state.updateEndpointSlice(makeSlice(i, k % 2 === 1));
    const tables = backend.compile(state, nodes[0]);
    void tables.restore;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const changeMs = times[Math.floor(times.length / 2)];

  return [
    {
      name: `proxy iptables: front end (${SERVICES} Services and ${SERVICES} EndpointSlices -> service ports and ${state.totalEndpoints} endpoints)`,
      value: frontEndMs,
      unit: 'ms',
      target: 200,
    },
    {
      name: `proxy iptables: one node's full tables, service chain names hashed (${NODES} nodes, ${SERVICES} Services; ${rules} rules; endpoint chains' hashed names and per-endpoint rules' argument lists made when read)`,
      value: oneNodeMs,
      unit: 'ms',
      target: 200,
    },
    { name: `proxy iptables: the other ${dependentRules} nodes' tables (shared fragments, node-dependent services only)`, value: otherNodesMs, unit: 'ms', target: 1000 },
    { name: 'proxy iptables: one endpoint change, tables of a node rebuilt (median of 21)', value: changeMs, unit: 'ms', target: 5 },
  ];
}
