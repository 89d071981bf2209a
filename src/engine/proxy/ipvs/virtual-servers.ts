/**
 * The virtual servers of one service port (pkg/proxy/ipvs/proxier.go syncProxyRules and
 * syncEndpoint; reference §3.2): the ClusterIP, each externalIP and each load-balancer VIP on
 * the service port, and `<node address>:<nodePort>` for each node address. Every real server
 * has weight 1 and forwards by masquerading (NAT). ClientIP affinity makes the service
 * persistent with the affinity timeout; the mh scheduler gets the source-hash flag (0x10, which
 * ipvsadm shows as mh-port). With a Local policy the node's own endpoints are used, and when it
 * has none, the Cluster ones (PR #97081: for a pure ITP=Local service that list is empty).
 */
import type { RealServerSpec, VirtualServerSpec } from '../../net/ipvs/types.ts';
import type { IpvsProtocol } from '../../net/ipvs/types.ts';
import { categorizeEndpoints } from '../categorize-endpoints.ts';
import type { CategorizeNode } from '../categorize-endpoints.ts';
import type { EndpointInfo } from '../endpoints.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { IpvsProxyConfig } from './config.ts';

export interface PortDests {
  /** For the ClusterIP VS (ITP). */
  internal: readonly RealServerSpec[];
  /** For externalIP, LB and NodePort VSs (ETP). */
  external: readonly RealServerSpec[];
}

const destCache = new WeakMap<readonly EndpointInfo[], readonly RealServerSpec[]>();

/** Real servers for a list of endpoints, in kube-proxy's order (made once per list). */
export function realServers(eps: readonly EndpointInfo[]): readonly RealServerSpec[] {
  let r = destCache.get(eps);
  if (!r) {
    r = eps.map((ep) => ({ address: ep.ip, port: ep.port, weight: 1 }));
    destCache.set(eps, r);
  }
  return r;
}

export function portDests(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], node: CategorizeNode): PortDests {
  const c = categorizeEndpoints(endpoints, sp, node);
  const cluster = realServers(c.clusterEndpoints);
  const local = c.localEndpoints.length > 0 ? realServers(c.localEndpoints) : cluster;
  return { internal: sp.internalPolicyLocal ? local : cluster, external: sp.externalPolicyLocal ? local : cluster };
}

export function protocolOf(sp: ServicePortInfo): IpvsProtocol {
  return sp.protocol === 'udp' ? 'UDP' : sp.protocol === 'sctp' ? 'SCTP' : 'TCP';
}

export function virtualServer(sp: ServicePortInfo, address: string, port: number, dests: readonly RealServerSpec[], cfg: IpvsProxyConfig): VirtualServerSpec {
  const vs: VirtualServerSpec = { protocol: protocolOf(sp), address, port, scheduler: cfg.scheduler, destinations: dests };
  if (sp.sessionAffinity === 'ClientIP') vs.persistentTimeout = sp.stickyMaxAgeSeconds;
  if (cfg.scheduler === 'mh') vs.flags = MH_FLAGS;
  return vs;
}

/** IP_VS_SVC_F_SCHED2, kube-proxy's FlagSourceHash (0x10). */
const MH_FLAGS = { flag2: true } as const;

/** The ClusterIP, externalIP and LB VIP servers of a port (NodePort ones depend on the node's addresses). */
export function addressServers(sp: ServicePortInfo, d: PortDests, cfg: IpvsProxyConfig): VirtualServerSpec[] {
  const out = [virtualServer(sp, sp.clusterIP, sp.port, d.internal, cfg)];
  for (const ip of sp.externalIPs) out.push(virtualServer(sp, ip, sp.port, d.external, cfg));
  for (const ip of sp.loadBalancerVIPs) out.push(virtualServer(sp, ip, sp.port, d.external, cfg));
  return out;
}
