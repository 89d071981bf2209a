/**
 * The control-plane bench's cluster, shared by the Node run (bench/control-plane.ts) and the
 * Chromium run (bench/chromium/): 5,000 nodes, 100 namespaces, 10,000 Deployments of 10
 * replicas with a Service over each (every tenth a NodePort), applied in one batch as a
 * scenario load applies its documents. Uses only the engine: it runs in either runtime.
 */
import { Cluster } from '../src/engine/cluster/cluster.ts';
import { DEFAULT_SETTINGS } from '../src/engine/cluster/settings.ts';
import { benchNode } from './big-cluster.ts';

export const CP_NODES = 5_000;
export const CP_NAMESPACES = 100;
export const CP_DEPLOYMENTS = 10_000;
export const CP_REPLICAS = 10;

export function newBenchCluster(): Cluster {
  const settings = { ...DEFAULT_SETTINGS, podSubnet: '10.0.0.0/8' };
  return new Cluster({ settings, seed: 1, now: Date.UTC(2025, 5, 1) });
}

/** Applies every object and reconciles once (the timed part of the figure). */
export function loadBigControlPlane(cluster: Cluster): void {
  cluster.batch(() => {
    for (let n = 0; n < CP_NAMESPACES; n++) cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${n}` } });
    for (let i = 0; i < CP_NODES; i++) cluster.create(benchNode(i, { 'kubernetes.io/os': 'linux' }));
    for (let d = 0; d < CP_DEPLOYMENTS; d++) {
      const ns = `ns${d % CP_NAMESPACES}`;
      const name = `app${d}`;
      const labels = { app: name };
      cluster.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns },
        spec: { replicas: CP_REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }] } } },
      });
      cluster.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }], type: d % 10 === 0 ? 'NodePort' : 'ClusterIP' },
      });
    }
  });
}
