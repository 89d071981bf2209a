/** Which ports a pod accepts connections on: its declared containerPorts, or, with none declared, any port. */
import type { Pod } from '../api/core.ts';

export function podListens(pod: Pod, port: number, proto: 'tcp' | 'udp' | 'sctp'): boolean {
  // Read in place (every trace asks): no list of the declared ports is built.
  let declared = false;
  for (const c of pod.spec.containers) {
    if (!c.ports) continue;
    for (const p of c.ports) {
      declared = true;
      if (p.containerPort === port && (p.protocol ?? 'TCP').toLowerCase() === proto) return true;
    }
  }
  return !declared;
}
