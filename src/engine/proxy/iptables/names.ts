/**
 * kube-proxy's iptables chain names (reference §1.5; kubernetes pkg/proxy/iptables/proxier.go
 * portProtoHash, servicePortEndpointChainName): SHA-256 of the plain concatenation
 * `<ns>/<name>[:<port>]` + `<protocol>` [+ `<ip>:<port>`], standard base32, first 16 characters.
 */
import { sha256Base32EndpointName, sha256Base32Name, sha256Base32Prefix16 } from '../sha256.ts';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';
/** kubelet's chain, which kube-proxy duplicates (proxier.go kubeletFirewallChain). */
export const KUBE_FIREWALL = 'KUBE-FIREWALL';

/** The 16-character hash shared by a service port's SVC, SVL, EXT and FW chains. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  // 10 bytes of digest are exactly 16 base32 characters, so padding never matters.
  return sha256Base32Prefix16(servicePortName, protocol);
}

export interface ServicePortChainNames {
  /** KUBE-SVC-: dispatch to all (Cluster policy) endpoints. */
  clusterPolicy: string;
  /** KUBE-SVL-: dispatch to node-local (Local policy) endpoints. */
  localPolicy: string;
  /** KUBE-EXT-: entry for NodePort, externalIP and load-balancer traffic. */
  external: string;
  /** KUBE-FW-: loadBalancerSourceRanges filter. */
  firewall: string;
}

export function servicePortChainNames(servicePortName: string, protocol: string): ServicePortChainNames {
  const hash = portProtoHash(servicePortName, protocol);
  return {
    clusterPolicy: `KUBE-SVC-${hash}`,
    localPolicy: `KUBE-SVL-${hash}`,
    external: `KUBE-EXT-${hash}`,
    firewall: `KUBE-FW-${hash}`,
  };
}

/** KUBE-SEP- of an IPv4 endpoint from its address and port (the same name, hashed without joining them). */
export function servicePortEndpointChainNameOf(servicePortName: string, protocol: string, ip: string, port: number): string {
  if (ip.includes(':')) return servicePortEndpointChainName(servicePortName, protocol, `[${ip}]:${port}`);
  return sha256Base32EndpointName('KUBE-SEP-', servicePortName, protocol, ip, port);
}

/** KUBE-SEP-: one endpoint of one service port; `endpoint` is `ip:port` (net.JoinHostPort). */
export function servicePortEndpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return sha256Base32Name('KUBE-SEP-', servicePortName, protocol, endpoint);
}

/** True for the per-service chains kube-proxy creates and garbage-collects (isServiceChainName). */
export function isServiceChainName(chain: string): boolean {
  return /^KUBE-(SVC|SVL|SEP|FW|EXT)-/.test(chain);
}
