/**
 * Control-plane speed: a generated cluster of 5,000 nodes, 10,000 Services and 100,000 pods
 * (10,000 Deployments of 10 replicas across 100 namespaces), applied and reconciled
 * (allocation, scheduling, pod addresses, EndpointSlices, Endpoints); then one Deployment
 * scaled by one pod; then the heap. Prints figures next to their targets; asserts nothing.
 */
import { Cluster } from '../src/engine/cluster/cluster.ts';
import { DEFAULT_SETTINGS } from '../src/engine/cluster/settings.ts';
import { benchNode } from './big-cluster.ts';
import type { BenchFigure } from './figures.ts';

const NODES = 5_000;
const NAMESPACES = 100;
const DEPLOYMENTS = 10_000;
const REPLICAS = 10;

export function runControlPlaneBench(): BenchFigure[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const settings = { ...DEFAULT_SETTINGS, podSubnet: '10.0.0.0/8' };
  const cluster = new Cluster({ settings, seed: 1, now: Date.UTC(2025, 5, 1) });
  const t0 = performance.now();
  cluster.batch(() => {
    for (let n = 0; n < NAMESPACES; n++) cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${n}` } });
    for (let i = 0; i < NODES; i++) cluster.create(benchNode(i, { 'kubernetes.io/os': 'linux' }));
    for (let d = 0; d < DEPLOYMENTS; d++) {
      const ns = `ns${d % NAMESPACES}`;
      const name = `app${d}`;
      const labels = { app: name };
      cluster.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns },
        spec: { replicas: REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }] } } },
      });
      cluster.apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }], type: d % 10 === 0 ? 'NodePort' : 'ClusterIP' },
      });
    }
  });
  const applyMs = performance.now() - t0;
  const pods = cluster.list('Pod').length;
  const slices = cluster.list('EndpointSlice').length;

  // Scale one Deployment by one pod, several times, and keep the median.
  const times: number[] = [];
  for (let k = 0; k < 21; k++) {
    const d = cluster.get('Deployment', 'ns7', 'app7')!;
    const t = performance.now();
    cluster.update({ ...d, spec: { ...d.spec, replicas: (d.spec.replicas ?? 1) + 1 } });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const scaleMs = times[Math.floor(times.length / 2)];
  const ready = cluster.get('EndpointSlice', 'ns7', cluster.list('EndpointSlice', 'ns7').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'app7')!.metadata.name)!;

  gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  return [
    { name: `control plane: apply + reconcile ${NODES} nodes, ${DEPLOYMENTS} Services, ${pods} pods, ${slices} slices`, value: applyMs, unit: 'ms', target: 1000 },
    { name: `control plane: scale one Deployment by one pod (median of 21; slice now ${ready.endpoints.length} endpoints)`, value: scaleMs, unit: 'ms', target: 5 },
    { name: `control plane: heap after load${gc ? ' (after gc)' : ' (no --expose-gc)'}`, value: heapMb, unit: 'MB', target: 300 },
  ];
}
