/**
 * The control-plane bench as a page script: bench/control-plane-chromium.ts bundles this file
 * and runs it in a fresh Chromium, the runtime the app's engine runs in.
 */
import { loadBigControlPlane, newBenchCluster } from '../control-plane-load.ts';

export interface PageFigures {
  applyMs: number;
  pods: number;
  slices: number;
  /** performance.memory after a full GC (Chromium with --enable-precise-memory-info and --js-flags=--expose-gc), else undefined. */
  heapMb: number | undefined;
}

(globalThis as { svcsimControlPlaneBench?: () => PageFigures }).svcsimControlPlaneBench = () => {
  const cluster = newBenchCluster();
  const t0 = performance.now();
  loadBigControlPlane(cluster);
  const applyMs = performance.now() - t0;
  const g = globalThis as { gc?: () => void; performance: { memory?: { usedJSHeapSize: number } } };
  g.gc?.();
  const used = g.gc ? g.performance.memory?.usedJSHeapSize : undefined;
  return { applyMs, pods: cluster.list('Pod').length, slices: cluster.list('EndpointSlice').length, heapMb: used === undefined ? undefined : used / 1024 / 1024 };
};
