/** Finding the place a line runs in: nodes by name or address, outside clients by name. */
import type { ScenarioClient } from '../api/scenario.ts';
import type { ClusterReader } from '../cluster/types.ts';
import type { Place } from './context.ts';

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** The external client every scenario has unless it names its own (TEST-NET-3, RFC 5737). */
export const DEFAULT_CLIENT: ScenarioClient = { name: 'client', ip: '203.0.113.10' };

export function nodePlace(cluster: ClusterReader, nameOrIP: string): Place | undefined {
  const node = cluster
    .list('Node')
    .find((n) => n.metadata.name === nameOrIP || n.status?.addresses?.some((a) => a.address === nameOrIP));
  if (!node) return undefined;
  return { kind: 'node', node: node.metadata.name, admin: node.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined };
}

/** The control-plane node (the first node when none is marked), where lines run by default. */
export function defaultPlace(cluster: ClusterReader): Place | undefined {
  const nodes = cluster.list('Node');
  const cp = nodes.find((n) => n.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined) ?? nodes[0];
  // The console's home is where the tutorials type kubectl: it has the admin kubeconfig.
  return cp ? { kind: 'node', node: cp.metadata.name, admin: true } : undefined;
}

export function placeName(place: Place): string {
  switch (place.kind) {
    case 'node':
      return place.node;
    case 'pod':
      return place.name;
    case 'client':
      return place.client.name;
  }
}
