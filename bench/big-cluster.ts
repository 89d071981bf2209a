/**
 * The data-plane benches' cluster: 5,000 nodes (a /24 pod range each in 10.0.0.0/8), 100
 * namespaces, 10,000 Deployments of 10 traefik/whoami pods and a ClusterIP Service over each,
 * reconciled: 100,000 endpoints. Built through the real control plane, with kube-proxy in `mode`.
 */
import type { ProxyMode } from '../src/engine/api/config.ts';
import type { Node } from '../src/engine/api/core.ts';
import { Cluster } from '../src/engine/cluster/cluster.ts';
import { DEFAULT_SETTINGS } from '../src/engine/cluster/settings.ts';

export const NODES = 5_000;
export const NAMESPACES = 100;
export const SERVICES = 10_000;
export const REPLICAS = 10;

/** Node i: `node0000`..., pod range 10.<i/256>.<i%256>.0/24, InternalIP in 172.16.0.0/16. */
export function benchNode(i: number, labels: Record<string, string> = {}): Node {
  const name = `node${String(i).padStart(4, '0')}`;
  const cidr = `10.${Math.floor(i / 256)}.${i % 256}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
    status: { addresses: [{ type: 'InternalIP', address: `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}` }] },
  };
}

export function bigCluster(mode: ProxyMode = 'iptables'): Cluster {
  const settings = { ...DEFAULT_SETTINGS, podSubnet: '10.0.0.0/8', proxy: { ...DEFAULT_SETTINGS.proxy, clusterCIDR: '10.0.0.0/8', mode } };
  const cluster = new Cluster({ settings, seed: 1, now: Date.UTC(2025, 5, 1) });
  cluster.batch(() => {
    for (let n = 0; n < NAMESPACES; n++) cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${n}` } });
    for (let i = 0; i < NODES; i++) cluster.create(benchNode(i));
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

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
