/**
 * kube-proxy's nftables object names (pkg/proxy/nftables/proxier.go hashAndTruncate,
 * servicePortChainNameBase, servicePortEndpointChainNameBase; reference §4.1): the readable
 * name `ns/svc/proto/port` (plus `__ip/port` for an endpoint, IPv6 colons as dots) prefixed
 * with the first 8 characters of base32(sha256(name)) and a dash, cut to 240 characters
 * with `...`. Prefixes: service-, local-, external-, firewall-, endpoint-, affinity-.
 */
import { sha256Base32Prefix8 } from '../sha256.ts';
import type { ServicePortInfo } from '../service-port.ts';
import type { EndpointInfo } from '../endpoints.ts';

/** knftables.NameLengthMax (256) minus the longest prefix allowance (16). */
const BASE_LENGTH_MAX = 240;

export function hashAndTruncate(name: string): string {
  const out = `${sha256Base32Prefix8(name)}-${name}`;
  return out.length > BASE_LENGTH_MAX ? `${out.slice(0, BASE_LENGTH_MAX - 3)}...` : out;
}

export interface ServicePortNftNames {
  clusterPolicy: string;
  localPolicy: string;
  external: string;
  firewall: string;
  /** `ns/svc/proto/port`, the readable part endpoint names start with. */
  readonly base: string;
}

export function servicePortNftNames(sp: ServicePortInfo): ServicePortNftNames {
  const readable = `${sp.name.namespace}/${sp.name.name}/${sp.protocol}/${sp.name.port}`;
  const base = hashAndTruncate(readable);
  return { clusterPolicy: `service-${base}`, localPolicy: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}`, base: readable };
}

/** The readable end of an endpoint's names: `__ip/port` (IPv6 colons as dots). */
function endpointSuffix(ep: EndpointInfo): string {
  const ip = ep.ip.includes(':') ? ep.ip.replace(/:/g, '.') : ep.ip;
  return `__${ip}/${ep.port}`;
}

/**
 * hashAndTruncate(`<port base>__ip/port`) hashed from its two parts, so the joined name is
 * built once, for the result. (A name past 240 characters takes the general path.)
 */
export function endpointNameBase(portBase: string, ep: EndpointInfo): string {
  const suffix = endpointSuffix(ep);
  if (9 + portBase.length + suffix.length > BASE_LENGTH_MAX) return hashAndTruncate(portBase + suffix);
  return `${sha256Base32Prefix8(portBase, suffix)}-${portBase}${suffix}`;
}

export interface EndpointNftNames {
  chain: string;
  affinitySet: string;
}

export function endpointNftNames(sp: ServicePortInfo, ep: EndpointInfo): EndpointNftNames {
  const base = hashAndTruncate(`${sp.name.namespace}/${sp.name.name}/${sp.protocol}/${sp.name.port}${endpointSuffix(ep)}`);
  return { chain: `endpoint-${base}`, affinitySet: `affinity-${base}` };
}

/**
 * The `ns/svc/proto/port` a per-Service chain name carries (`<prefix>-<8 hash chars>-` then it,
 * plus `__ip/port` for an endpoint; no part of it holds `__`), or undefined. The table finds a
 * chain through its service port's group by this key.
 */
export function portBaseOfChainName(name: string): string | undefined {
  const dash = name.indexOf('-');
  if (dash < 0 || name.charCodeAt(dash + 9) !== 45) return undefined;
  const start = dash + 10;
  const end = name.indexOf('__', start);
  return end < 0 ? name.slice(start) : name.slice(start, end);
}

/** Chains kube-proxy creates per Service (isServiceChainName: they all hold a slash). */
export function isServiceChainName(name: string): boolean {
  return name.includes('/');
}
