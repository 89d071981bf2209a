/**
 * Endpoints (core/v1) and EndpointSlice (discovery.k8s.io/v1) rules, after kubernetes
 * pkg/apis/core/validation/validation.go (validateEndpointSubsets, validateEndpointAddress,
 * validateEndpointPort) and pkg/apis/discovery/validation/validation.go.
 */
import type { EndpointAddress, Endpoints } from '../../api/core.ts';
import type { EndpointSlice } from '../../api/discovery.ts';
import type { FieldError } from '../../api/status.ts';
import { duplicate, invalid, notSupported, pushInvalid, required, tooMany } from './field-error.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from './formats.ts';
import { INVALID_IP_MSG, isIPv6String, nonSpecialIPMessages, parseIP } from './ip.ts';
import { validateObjectMeta } from './meta.ts';
import { renderInt, renderString } from './render-value.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(ep.metadata, true, isDNS1123Subdomain, out);
  const subsets = ep.subsets ?? [];
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[i];
    const p = `subsets[${i}]`;
    const addrs = ss.addresses ?? [];
    const notReady = ss.notReadyAddresses ?? [];
    if (addrs.length === 0 && notReady.length === 0) out.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    for (let a = 0; a < addrs.length; a++) validateEndpointAddress(addrs[a], `${p}.addresses[${a}]`, out);
    for (let a = 0; a < notReady.length; a++) validateEndpointAddress(notReady[a], `${p}.notReadyAddresses[${a}]`, out);
    const ports = ss.ports ?? [];
    for (let j = 0; j < ports.length; j++) {
      const pp = `${p}.ports[${j}]`;
      const port = ports[j];
      const name = port.name ?? '';
      if (ports.length > 1 && name.length === 0) out.push(required(`${pp}.name`));
      else if (name.length > 0) pushInvalid(out, `${pp}.name`, renderString(name), isDNS1123Label(name));
      pushInvalid(out, `${pp}.port`, renderInt(port.port ?? 0), isValidPortNum(port.port ?? 0));
      const protocol = port.protocol as string | undefined;
      if (!protocol) out.push(required(`${pp}.protocol`));
      else if (!PROTOCOLS.includes(protocol)) out.push(notSupported(`${pp}.protocol`, renderString(protocol), PROTOCOLS));
      if (port.appProtocol !== undefined) pushInvalid(out, `${pp}.appProtocol`, renderString(port.appProtocol), isQualifiedName(port.appProtocol));
    }
  }
  return out;
}

function validateEndpointAddress(a: EndpointAddress, path: string, out: FieldError[]): void {
  const ip = a.ip ?? '';
  const valid = parseIP(ip) !== undefined;
  if (!valid) out.push(invalid(`${path}.ip`, renderString(ip), INVALID_IP_MSG));
  if (a.hostname) pushInvalid(out, `${path}.hostname`, renderString(a.hostname), isDNS1123Label(a.hostname));
  if (a.nodeName !== undefined) pushInvalid(out, `${path}.nodeName`, renderString(a.nodeName), isDNS1123Subdomain(a.nodeName));
  // ValidateNonSpecialIP runs again on a bad address and says so in its own words.
  pushInvalid(out, `${path}.ip`, renderString(ip), nonSpecialIPMessages(ip));
}

export function validateEndpointSlice(s: EndpointSlice): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(s.metadata, true, isDNS1123Subdomain, out);
  const addressType = (s.addressType as string | undefined) ?? '';
  if (!addressType) out.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType)) out.push(notSupported('addressType', renderString(addressType), ADDRESS_TYPES));

  const endpoints = s.endpoints ?? [];
  if (endpoints.length > 1000) out.push(tooMany('endpoints', endpoints.length, 1000));
  else {
    for (let i = 0; i < endpoints.length; i++) {
      const ep = endpoints[i];
      const ap = `endpoints[${i}].addresses`;
      const addrs = ep.addresses ?? [];
      if (addrs.length === 0) out.push(required(ap, 'must contain at least 1 address'));
      else if (addrs.length > 100) out.push(tooMany(ap, addrs.length, 100));
      for (let j = 0; j < addrs.length; j++) {
        const addr = addrs[j];
        const p = `${ap}[${j}]`;
        if (addressType === 'IPv4' || addressType === 'IPv6') {
          // [DERIVED] v1.33 validates the address as an IP of the slice's family, then as non-special.
          if (!parseIP(addr)) { out.push(invalid(p, renderString(addr), INVALID_IP_MSG)); continue; }
          if (addressType === 'IPv4' && isIPv6String(addr)) out.push(invalid(p, renderString(addr), 'must be an IPv4 address'));
          if (addressType === 'IPv6' && !isIPv6String(addr)) out.push(invalid(p, renderString(addr), 'must be an IPv6 address'));
          pushInvalid(out, p, renderString(addr), nonSpecialIPMessages(addr));
        } else if (addressType === 'FQDN') {
          const name = addr.endsWith('.') ? addr.slice(0, -1) : addr;
          const msgs = isDNS1123Subdomain(name);
          if (msgs.length > 0) out.push(invalid(p, renderString(name), msgs.join(',')));
          else if (name.split('.').length < 2) out.push(invalid(p, renderString(name), 'should be a domain with at least two segments separated by dots'));
        }
      }
      if (ep.nodeName !== undefined) pushInvalid(out, `endpoints[${i}].nodeName`, renderString(ep.nodeName), isDNS1123Subdomain(ep.nodeName));
      if (ep.hostname !== undefined) pushInvalid(out, `endpoints[${i}].hostname`, renderString(ep.hostname), isDNS1123Label(ep.hostname));
    }
  }

  const ports = s.ports ?? [];
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const p = `ports[${i}]`;
    const name = ports[i].name ?? '';
    if (name.length > 0) pushInvalid(out, `${p}.name`, renderString(name), isDNS1123Label(name));
    if (names.has(name)) out.push(duplicate(`${p}.name`, renderString(name)));
    else names.add(name);
    const protocol = ports[i].protocol as string | undefined;
    if (!protocol) out.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(protocol)) out.push(notSupported(`${p}.protocol`, renderString(protocol), PROTOCOLS));
    const ap = ports[i].appProtocol;
    if (ap !== undefined) pushInvalid(out, `${p}.appProtocol`, renderString(ap), isQualifiedName(ap));
  }
  return out;
}
