/**
 * Control-plane speed: a generated cluster of 5,000 nodes, 10,000 Services and 100,000 pods
 * (10,000 Deployments of 10 replicas across 100 namespaces), applied and reconciled
 * (allocation, scheduling, pod addresses, EndpointSlices, Endpoints); then one Deployment
 * scaled by one pod; then the heap. Prints figures next to their targets; asserts nothing.
 */
import { CP_DEPLOYMENTS, CP_NODES, loadBigControlPlane, newBenchCluster } from './control-plane-load.ts';
import type { BenchFigure } from './figures.ts';

export function runControlPlaneBench(): BenchFigure[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const cluster = newBenchCluster();
  const t0 = performance.now();
  loadBigControlPlane(cluster);
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
    { name: `control plane: apply + reconcile ${CP_NODES} nodes, ${CP_DEPLOYMENTS} Services, ${pods} pods, ${slices} slices`, value: applyMs, unit: 'ms', target: 1000 },
    { name: `control plane: scale one Deployment by one pod (median of 21; slice now ${ready.endpoints.length} endpoints)`, value: scaleMs, unit: 'ms', target: 5 },
    { name: `control plane: heap after load${gc ? ' (after gc)' : ' (no --expose-gc)'}`, value: heapMb, unit: 'MB', target: 300 },
  ];
}
