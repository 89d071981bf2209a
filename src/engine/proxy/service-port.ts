/**
 * kube-proxy's view of a Service: one ServicePortInfo per (Service, port), as
 * kubernetes pkg/proxy/service.go (BaseServicePortInfo, newBaseServiceInfo) and
 * pkg/proxy/servicechangetracker.go build it for one IP family (IPv4 here).
 * Mode-independent: every backend reads these.
 */
import type { Protocol, Service } from '../api/core.ts';
import type { L4Protocol } from '../net/packet.ts';
import { formatCidr, formatIPv4, parseCidr, parseIPv4 } from '../net/ipv4.ts';

/** proxy.ServicePortName: the service, the port's name ("" when unnamed) and its protocol. */
export interface ServicePortName {
  namespace: string;
  name: string;
  port: string;
  protocol: Protocol;
}

/** ServicePortName.String(): `ns/name`, plus `:port` only when the port has a name. */
export function servicePortNameString(n: { namespace: string; name: string; port: string }): string {
  return n.port === '' ? `${n.namespace}/${n.name}` : `${n.namespace}/${n.name}:${n.port}`;
}

export interface ServicePortInfo {
  readonly name: ServicePortName;
  /** `ns/name[:port]`: comments and chain-name hashes use it. */
  readonly nameString: string;
  /** Unique per service port: `ns/name:port/PROTOCOL`. */
  readonly key: string;
  /** `ns/name` of the Service. */
  readonly serviceKey: string;
  /** `portName/PROTOCOL`: the port's key within its Service (endpoints are filed under it). */
  readonly portKey: string;
  /** Lower-case, as iptables writes it. */
  readonly protocol: L4Protocol;
  readonly clusterIP: string;
  readonly port: number;
  /** 0 when the port has none. */
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  /** status.loadBalancer.ingress IPs in VIP mode (ipMode Proxy is left to the load balancer). */
  readonly loadBalancerVIPs: readonly string[];
  /** Normalised CIDRs (`203.0.113.0/25`). */
  readonly loadBalancerSourceRanges: readonly string[];
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** ClientIP affinity timeout; 0 without affinity. */
  readonly stickyMaxAgeSeconds: number;
  /** 0 when the Service needs no health check (only LoadBalancer with ETP Local). */
  readonly healthCheckNodePort: number;
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  /** Reachable other than by ClusterIP: a nodePort, a load-balancer VIP or an externalIP. */
  readonly externallyAccessible: boolean;
  /** Ever sends traffic to Cluster-policy endpoints (ITP Cluster, or externally accessible). */
  readonly usesClusterEndpoints: boolean;
  /** Ever sends traffic to Local-policy endpoints (ITP Local, or ETP Local and externally accessible). */
  readonly usesLocalEndpoints: boolean;
}

/** pkg/proxy/util ShouldSkipService: headless (clusterIP None or empty) and ExternalName Services get no rules. */
export function shouldSkipService(svc: Service): boolean {
  const ip = svc.spec.clusterIP;
  if (ip === undefined || ip === '' || ip === 'None') return true;
  return svc.spec.type === 'ExternalName';
}

/** The address as kube-proxy prints it (net.IP.String()), or undefined when it is not IPv4. */
function ipv4(text: string): string | undefined {
  const n = parseIPv4(text.trim());
  return n === undefined ? undefined : formatIPv4(n);
}

/** GetClusterIPByFamily(IPv4): the Service's IPv4 cluster IP, or "". */
function clusterIPv4(svc: Service): string {
  const candidates = svc.spec.clusterIPs && svc.spec.clusterIPs.length > 0 ? svc.spec.clusterIPs : [svc.spec.clusterIP ?? ''];
  for (const c of candidates) {
    const ip = ipv4(c);
    if (ip !== undefined) return ip;
  }
  return '';
}

/** pkg/api/v1/service ExternallyAccessible (the Service-level test, before ports). */
function serviceExternallyAccessible(svc: Service): boolean {
  const type = svc.spec.type ?? 'ClusterIP';
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (svc.spec.externalIPs?.length ?? 0) > 0);
}

/** One ServicePortInfo per port of a proxied Service (none for skipped ones), in spec order. */
export function servicePortsOf(svc: Service): ServicePortInfo[] {
  if (shouldSkipService(svc)) return [];
  const clusterIP = clusterIPv4(svc);
  if (clusterIP === '') return [];
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name;
  const externalPolicyLocal = serviceExternallyAccessible(svc) && svc.spec.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = svc.spec.internalTrafficPolicy === 'Local';
  const sessionAffinity = svc.spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None';
  // The apiserver defaults the timeout to 10800 (pkg/apis/core/v1/defaults.go).
  const stickyMaxAgeSeconds = sessionAffinity === 'ClientIP' ? (svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0;
  const externalIPs = (svc.spec.externalIPs ?? []).map(ipv4).filter((ip): ip is string => ip !== undefined);
  const loadBalancerSourceRanges: string[] = [];
  for (const r of svc.spec.loadBalancerSourceRanges ?? []) {
    const c = parseCidr(r.trim());
    if (c) loadBalancerSourceRanges.push(formatCidr(c));
  }
  const loadBalancerVIPs: string[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (!ing.ip) continue;
    // proxyutil.IsVIPMode: an unset ipMode is VIP.
    if (ing.ipMode === 'Proxy') continue;
    const ip = ipv4(ing.ip);
    if (ip !== undefined) loadBalancerVIPs.push(ip);
  }
  // apiservice.NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local.
  const needsHealthCheck = svc.spec.type === 'LoadBalancer' && externalPolicyLocal;
  const healthCheckNodePort = needsHealthCheck ? (svc.spec.healthCheckNodePort ?? 0) : 0;
  const serviceKey = `${namespace}/${name}`;
  return (svc.spec.ports ?? []).map((p) => {
    const protocol: Protocol = p.protocol ?? 'TCP';
    const portName = p.name ?? '';
    const nodePort = p.nodePort ?? 0;
    const externallyAccessible = nodePort !== 0 || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
    return {
      name: { namespace, name, port: portName, protocol },
      nameString: servicePortNameString({ namespace, name, port: portName }),
      key: `${serviceKey}:${portName}/${protocol}`,
      serviceKey,
      portKey: `${portName}/${protocol}`,
      protocol: protocol.toLowerCase() as L4Protocol,
      clusterIP,
      port: p.port,
      nodePort,
      externalIPs,
      loadBalancerVIPs,
      loadBalancerSourceRanges,
      sessionAffinity,
      stickyMaxAgeSeconds,
      healthCheckNodePort,
      externalPolicyLocal,
      internalPolicyLocal,
      externallyAccessible,
      usesClusterEndpoints: !internalPolicyLocal || externallyAccessible,
      usesLocalEndpoints: internalPolicyLocal || (externalPolicyLocal && externallyAccessible),
    };
  });
}
