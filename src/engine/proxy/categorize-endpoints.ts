/**
 * Which endpoints a node uses for a service port (kubernetes pkg/proxy/topology.go
 * CategorizeEndpoints, v1.33): Ready endpoints, falling back to serving-and-terminating ones
 * when none is Ready (independently for Cluster and Local), with zone hints applied to the
 * Cluster set when every Ready endpoint carries one and one of them names this node's zone.
 * (Same-node hints, PreferSameTrafficDistribution, are alpha and off in v1.33.)
 */
import type { EndpointInfo } from './endpoints.ts';
import type { ServicePortInfo } from './service-port.ts';

export interface CategorizedEndpoints {
  /** Cluster-policy endpoints (empty when the service port never uses Cluster policy). */
  clusterEndpoints: readonly EndpointInfo[];
  /** Local-policy endpoints on this node (empty when it never uses Local policy). */
  localEndpoints: readonly EndpointInfo[];
  /** Everything this node may send to: the union of the two, in `ip:port` order. */
  allReachableEndpoints: readonly EndpointInfo[];
  /** Some usable endpoint exists somewhere in the cluster. */
  hasEndpoints: boolean;
}

export interface CategorizeNode {
  name: string;
  /** The node's `topology.kubernetes.io/zone` label. */
  zone?: string;
}

export function isLocalEndpoint(ep: EndpointInfo, nodeName: string): boolean {
  return nodeName !== '' && ep.nodeName === nodeName;
}

/** True when zone hints decide this node's Cluster endpoints (topologyModeFromHints = PreferSameZone). */
export function usesZoneHints(endpoints: readonly EndpointInfo[], zone: string | undefined): boolean {
  let any = false;
  let forZone = false;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    any = true;
    if (!ep.zoneHints) return false;
    if (zone !== undefined && ep.zoneHints.includes(zone)) forZone = true;
  }
  return any && forZone;
}

const NONE: readonly EndpointInfo[] = [];

export function categorizeEndpoints(endpoints: readonly EndpointInfo[], svc: ServicePortInfo, node: CategorizeNode): CategorizedEndpoints {
  let clusterEndpoints: readonly EndpointInfo[] = NONE;
  let hasEndpoints = false;
  let zoned = false;
  if (svc.usesClusterEndpoints) {
    zoned = usesZoneHints(endpoints, node.zone);
    const zone = node.zone;
    // The common case, every endpoint Ready and no hints, keeps the list itself (no copy).
    clusterEndpoints = !zoned && endpoints.every((ep) => ep.ready) ? endpoints : endpoints.filter((ep) => ep.ready && (!zoned || (zone !== undefined && ep.zoneHints!.includes(zone))));
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (clusterEndpoints.length > 0) hasEndpoints = true;
  }
  if (!svc.usesLocalEndpoints) return { clusterEndpoints, localEndpoints: NONE, allReachableEndpoints: clusterEndpoints, hasEndpoints };

  let localReady = false;
  let localServingTerminating = false;
  for (const ep of endpoints) {
    const local = isLocalEndpoint(ep, node.name);
    if (ep.ready) {
      hasEndpoints = true;
      if (local) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasEndpoints = true;
      if (local) localServingTerminating = true;
    }
  }
  let localEndpoints: readonly EndpointInfo[] = NONE;
  let usesTerminating = false;
  if (localReady) localEndpoints = endpoints.filter((ep) => isLocalEndpoint(ep, node.name) && ep.ready);
  else if (localServingTerminating) {
    usesTerminating = true;
    localEndpoints = endpoints.filter((ep) => isLocalEndpoint(ep, node.name) && ep.serving && ep.terminating);
  }
  if (!svc.usesClusterEndpoints) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasEndpoints };
  // Local Ready endpoints are a subset of all Ready ones unless topology or the terminating
  // fallback made the two sets differ; then merge (upstream merges through a map; we keep ip:port order).
  if (!zoned && !usesTerminating) return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasEndpoints };
  const seen = new Set<EndpointInfo>(clusterEndpoints);
  for (const ep of localEndpoints) seen.add(ep);
  const allReachableEndpoints = endpoints.filter((ep) => seen.has(ep));
  return { clusterEndpoints, localEndpoints, allReachableEndpoints, hasEndpoints };
}
