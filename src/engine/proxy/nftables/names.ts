/**
 * kube-proxy's nftables object names (pkg/proxy/nftables/proxier.go hashAndTruncate,
 * servicePortChainNameBase, servicePortEndpointChainNameBase; reference §4.1): the readable
 * name `ns/svc/proto/port` (plus `__ip/port` for an endpoint, IPv6 colons as dots) prefixed
 * with the first 8 characters of base32(sha256(name)) and a dash, cut to 240 characters
 * with `...`. Prefixes: service-, local-, external-, firewall-, endpoint-, affinity-.
 */
import { sha256Base32Prefix16 } from '../sha256.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { EndpointInfo } from '../endpoints.ts';

/** knftables.NameLengthMax (256) minus the longest prefix allowance (16). */
const BASE_LENGTH_MAX = 240;

export function hashAndTruncate(name: string): string {
  const out = `${sha256Base32Prefix16(name).slice(0, 8)}-${name}`;
  return out.length > BASE_LENGTH_MAX ? `${out.slice(0, BASE_LENGTH_MAX - 3)}...` : out;
}

export interface ServicePortNftNames {
  clusterPolicy: string;
  localPolicy: string;
  external: string;
  firewall: string;
}

export function servicePortNftNames(sp: ServicePortInfo): ServicePortNftNames {
  const base = hashAndTruncate(`${sp.name.namespace}/${sp.name.name}/${sp.protocol}/${sp.name.port}`);
  return { clusterPolicy: `service-${base}`, localPolicy: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` };
}

export interface EndpointNftNames {
  chain: string;
  affinitySet: string;
}

export function endpointNftNames(sp: ServicePortInfo, ep: EndpointInfo): EndpointNftNames {
  const ip = ep.ip.includes(':') ? ep.ip.replace(/:/g, '.') : ep.ip;
  const base = hashAndTruncate(`${sp.name.namespace}/${sp.name.name}/${sp.protocol}/${sp.name.port}__${ip}/${ep.port}`);
  return { chain: `endpoint-${base}`, affinitySet: `affinity-${base}` };
}

/** Chains kube-proxy creates per Service (isServiceChainName: they all hold a slash). */
export function isServiceChainName(name: string): boolean {
  return name.includes('/');
}
