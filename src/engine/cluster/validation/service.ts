/**
 * Service validation: ValidateService, ValidateServiceUpdate and
 * ValidateServiceClusterIPsRelatedFields of kubernetes pkg/apis/core/validation/validation.go
 * (v1.33 line), in the same order of checks so that the joined message reads the same.
 * Expects an object that went through applyDefaults (clusterIPs filled from clusterIP).
 * Not checked, as v1.33 no longer does: LoadBalancer port 10250 (that rule was removed upstream).
 */
import type { Service, ServicePort, ServiceSpec } from '../../api/core.ts';
import type { FieldError } from '../../api/status.ts';
import { duplicate, forbidden, invalid, notSupported, pushInvalid, required } from './field-error.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum } from './formats.ts';
import { INVALID_CIDR_MSG, INVALID_IP_MSG, isIPv6String, isValidCIDR, nonSpecialIPMessages, parseIP } from './ip.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.ts';
import {
  NULL_VALUE, renderInt, renderNamedStringSlice, renderServicePortKey, renderString, renderStringSlice,
} from './render-value.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MAX_AFFINITY_SECONDS = 86400;
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const LB_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs !== undefined && spec.clusterIPs.length === 1 && spec.clusterIPs[0] === 'None';
}

/** pkg/api/service: NodePort, LoadBalancer, or ClusterIP with externalIPs (since v1.29). */
export function externallyAccessible(spec: ServiceSpec): boolean {
  const t = spec.type as string | undefined;
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
}

export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

export function validateService(svc: Service): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(svc.metadata, true, isDNS1035Label, out);
  const spec: ServiceSpec = svc.spec ?? {};
  const type = spec.type as string | undefined;
  const ports = spec.ports ?? [];
  const headless = isHeadless(spec);

  const ann = svc.metadata?.annotations;
  if (ann && ann[TOPOLOGY_MODE] !== undefined && ann[TOPOLOGY_HINTS] !== undefined && ann[TOPOLOGY_MODE] !== ann[TOPOLOGY_HINTS]) {
    out.push(invalid(`metadata.annotations[${TOPOLOGY_MODE}]`, renderString(ann[TOPOLOGY_MODE]),
      `must match annotations[${TOPOLOGY_HINTS}] when both are specified`));
  }

  if (ports.length === 0 && !headless && type !== 'ExternalName') out.push(required('spec.ports'));

  switch (type) {
    case 'LoadBalancer':
      if (headless) out.push(invalid('spec.clusterIPs[0]', renderString('None'), "may not be set to 'None' for LoadBalancer services"));
      break;
    case 'NodePort':
      if (headless) out.push(invalid('spec.clusterIPs[0]', renderString('None'), "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs?.length ?? 0) > 0) out.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies?.length ?? 0) > 0) out.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined) out.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      // A CNAME may end in a dot to mark it fully qualified.
      const name = spec.externalName ?? '';
      const cname = name.endsWith('.') ? name.slice(0, -1) : name;
      if (cname.length > 0) pushInvalid(out, 'spec.externalName', renderString(cname), isDNS1123Subdomain(cname));
      else out.push(required('spec.externalName'));
      break;
    }
  }

  // Duplicate checks need a set only when there are two or more entries.
  const names = ports.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < ports.length; i++) validateServicePort(ports[i], ports.length > 1, names, `spec.ports[${i}]`, out);

  if (spec.selector) validateLabels(spec.selector, 'spec.selector', out);

  const affinity = spec.sessionAffinity as string | undefined;
  if (!affinity) out.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(affinity)) out.push(notSupported('spec.sessionAffinity', renderString(affinity), AFFINITIES));
  if (affinity === 'ClientIP') validateClientIPAffinity(spec, out);
  else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    out.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  out.push(...validateServiceClusterIPsRelatedFields(svc));

  const externalIPs = spec.externalIPs ?? [];
  for (let i = 0; i < externalIPs.length; i++) {
    const ip = externalIPs[i];
    const p = `spec.externalIPs[${i}]`;
    if (!parseIP(ip)) out.push(invalid(p, renderString(ip), INVALID_IP_MSG));
    else pushInvalid(out, p, renderString(ip), nonSpecialIPMessages(ip));
  }

  if (!type) out.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(type)) out.push(notSupported('spec.type', renderString(type), SERVICE_TYPES));

  if (type === 'ClusterIP') {
    for (let i = 0; i < ports.length; i++) {
      if (ports[i].nodePort) out.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  }

  // Duplicate nodePorts and ports are keyed by (protocol, number), as the Go maps of ServicePort are.
  if (ports.length > 1) {
    const nodePorts = new Set<string>();
    for (let i = 0; i < ports.length; i++) {
      const np = ports[i].nodePort;
      if (!np) continue;
      const key = `${ports[i].protocol ?? ''}/${np}`;
      if (nodePorts.has(key)) out.push(duplicate(`spec.ports[${i}].nodePort`, renderInt(np)));
      nodePorts.add(key);
    }
    const seen = new Set<string>();
    for (let i = 0; i < ports.length; i++) {
      const protocol = (ports[i].protocol as string | undefined) ?? '';
      const key = `${protocol}/${ports[i].port}`;
      if (seen.has(key)) out.push(duplicate(`spec.ports[${i}]`, renderServicePortKey(protocol, ports[i].port)));
      seen.add(key);
    }
  }

  validateSourceRanges(svc, out);

  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    out.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  // Upstream reports this one without the `spec.` prefix; defaulting normally prevents it.
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) out.push(required('allocateLoadBalancerNodePorts'));

  validateLoadBalancerClassField(undefined, spec, out);

  validateTrafficPolicies(spec, out);

  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== 'PreferClose') {
    // PreferSameZone/PreferSameNode sit behind an alpha gate in v1.33 (off by default).
    out.push(notSupported('spec.trafficDistribution', renderString(spec.trafficDistribution), ['PreferClose']));
  }
  return out;
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string> | undefined, path: string, out: FieldError[]): void {
  const name = sp.name ?? '';
  if (requireName && name.length === 0) out.push(required(`${path}.name`));
  else if (name.length > 0) {
    pushInvalid(out, `${path}.name`, renderString(name), isDNS1123Label(name));
    if (names?.has(name)) out.push(duplicate(`${path}.name`, renderString(name)));
    else names?.add(name);
  }
  const port = sp.port ?? 0;
  pushInvalid(out, `${path}.port`, renderInt(port), isValidPortNum(port));
  const protocol = sp.protocol as string | undefined;
  if (!protocol) out.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) out.push(notSupported(`${path}.protocol`, renderString(protocol), PROTOCOLS));
  validatePortNumOrName(sp.targetPort ?? 0, `${path}.targetPort`, out);
  if (sp.appProtocol !== undefined) pushInvalid(out, `${path}.appProtocol`, renderString(sp.appProtocol), isQualifiedName(sp.appProtocol));
}

/** validateLoadBalancerClassField: immutable between two LoadBalancers, a qualified name, LoadBalancer only. */
function validateLoadBalancerClassField(old: ServiceSpec | undefined, spec: ServiceSpec, out: FieldError[]): void {
  const cls = spec.loadBalancerClass;
  if (old?.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && old.loadBalancerClass !== cls) {
    out.push(invalid('spec.loadBalancerClass', cls === undefined ? NULL_VALUE : renderString(cls), 'may not change once set'));
  }
  if (cls === undefined) return;
  if (spec.type === 'LoadBalancer') pushInvalid(out, 'spec.loadBalancerClass', renderString(cls), isQualifiedName(cls));
  else out.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
}

/** ValidatePortNumOrName: a number must be a port, a string an IANA_SVC_NAME. */
export function validatePortNumOrName(port: number | string, path: string, out: FieldError[]): void {
  if (typeof port === 'number') pushInvalid(out, path, renderInt(port), isValidPortNum(port));
  else pushInvalid(out, path, renderString(port), isValidPortName(port));
}

function validateClientIPAffinity(spec: ServiceSpec, out: FieldError[]): void {
  const base = 'spec.sessionAffinityConfig';
  const when = 'when session affinity type is ClientIP';
  const cfg = spec.sessionAffinityConfig;
  if (!cfg) { out.push(required(base, when)); return; }
  if (!cfg.clientIP) { out.push(required(`${base}.clientIP`, when)); return; }
  const t = cfg.clientIP.timeoutSeconds;
  if (t === undefined) { out.push(required(`${base}.clientIP.timeoutSeconds`, when)); return; }
  if (t <= 0 || t > MAX_AFFINITY_SECONDS) {
    out.push(invalid(`${base}.clientIP.timeoutSeconds`, renderInt(t), `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`));
  }
}

function validateSourceRanges(svc: Service, out: FieldError[]): void {
  const spec = svc.spec ?? {};
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    // The capital L is upstream's: the path was never renamed.
    const p = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== 'LoadBalancer') out.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    for (let i = 0; i < ranges.length; i++) {
      const v = ranges[i].trim(); // space padding is tolerated for historical reasons
      if (!isValidCIDR(v)) out.push(invalid(`${p}[${i}]`, renderString(v), INVALID_CIDR_MSG));
    }
    return;
  }
  const val = svc.metadata?.annotations?.[LB_SOURCE_RANGES_ANNOTATION];
  if (val === undefined) return;
  const p = `metadata.annotations[${LB_SOURCE_RANGES_ANNOTATION}]`;
  if (spec.type !== 'LoadBalancer') out.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
  const trimmed = val.trim();
  if (trimmed === '') return;
  for (const part of trimmed.split(',')) {
    const v = part.trim();
    if (!isValidCIDR(v)) out.push(invalid(p, renderString(v), INVALID_CIDR_MSG));
  }
}

function validateTrafficPolicies(spec: ServiceSpec, out: FieldError[]): void {
  const etp = (spec.externalTrafficPolicy as string | undefined) ?? '';
  if (!externallyAccessible(spec)) {
    if (etp !== '') out.push(invalid('spec.externalTrafficPolicy', renderString(etp), 'may only be set for externally-accessible services'));
  } else if (etp === '') out.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(etp)) out.push(notSupported('spec.externalTrafficPolicy', renderString(etp), TRAFFIC_POLICIES));

  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) out.push(invalid('spec.healthCheckNodePort', renderInt(hc), "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) out.push(required('spec.healthCheckNodePort'));
  else pushInvalid(out, 'spec.healthCheckNodePort', renderInt(hc), isValidPortNum(hc));

  const itp = spec.internalTrafficPolicy as string | undefined;
  const t = spec.type as string | undefined;
  // Not forbidden on other types, for historical reasons.
  if (itp === undefined && (t === 'NodePort' || t === 'LoadBalancer' || t === 'ClusterIP')) out.push(required('spec.internalTrafficPolicy'));
  if (itp !== undefined && !TRAFFIC_POLICIES.includes(itp)) out.push(notSupported('spec.internalTrafficPolicy', renderString(itp), TRAFFIC_POLICIES));
}

/** ValidateServiceClusterIPsRelatedFields: also the pre-check the registry runs before allocating. */
export function validateServiceClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const out: FieldError[] = [];
  const clusterIP = spec.clusterIP ?? '';
  const clusterIPs = spec.clusterIPs;
  const n = clusterIPs?.length ?? 0;
  const ipsValue = (): string => renderStringSlice(clusterIPs);
  if (clusterIP !== '') {
    if (n === 0) out.push(required('spec.clusterIPs'));
    else if (clusterIPs![0] !== clusterIP) out.push(invalid('spec.clusterIPs', ipsValue(), 'first value must match `clusterIP`'));
  } else if (n !== 0) {
    out.push(invalid('spec.clusterIPs', ipsValue(), 'must be empty when `clusterIP` is not specified'));
  }
  const families = spec.ipFamilies ?? [];
  for (let i = 0; i < families.length; i++) {
    const f = families[i] as string;
    if (!IP_FAMILIES.includes(f)) out.push(notSupported(`spec.ipFamilies[${i}]`, renderString(f), IP_FAMILIES));
    if ((families as readonly string[]).indexOf(f) < i) out.push(duplicate(`spec.ipFamilies[${i}]`, renderString(f)));
  }
  const policy = spec.ipFamilyPolicy as string | undefined;
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) {
    out.push(notSupported('spec.ipFamilyPolicy', renderString(policy), IP_FAMILY_POLICIES));
  }
  let hasInvalidIPs = false;
  for (let i = 0; i < n; i++) {
    const ip = clusterIPs![i];
    if (i === 0 && ip === 'None') {
      if (n > 1) {
        hasInvalidIPs = true;
        out.push(invalid('spec.clusterIPs', ipsValue(), "'None' must be the first and only value"));
      }
      continue;
    }
    if (!parseIP(ip)) {
      hasInvalidIPs = true;
      out.push(invalid(`spec.clusterIPs[${i}]`, renderString(ip), INVALID_IP_MSG));
    }
  }
  if (n > 2) out.push(invalid('spec.clusterIPs', ipsValue(), 'may only hold up to 2 values'));
  if (hasInvalidIPs) return out;
  if (n > 1) {
    // netutils.IsDualStackIPStrings: true when both families occur, whatever the count (three
    // addresses of both families get only the `up to 2 values` error above).
    let v4 = false;
    let v6 = false;
    for (const ip of clusterIPs!) if (isIPv6String(ip)) v6 = true; else v4 = true;
    if (!(v4 && v6)) out.push(invalid('spec.clusterIPs', ipsValue(), 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && n > 0 && families.length > 0) {
    for (let i = 0; i < n && i < families.length; i++) {
      const ip = clusterIPs![i];
      if (families[i] === 'IPv4' && isIPv6String(ip)) out.push(invalid(`spec.clusterIPs[${i}]`, renderString(ip), `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !isIPv6String(ip)) out.push(invalid(`spec.clusterIPs[${i}]`, renderString(ip), `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    }
  }
  return out;
}

export function validateServiceUpdate(next: Service, old: Service): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMetaUpdate(next.metadata, old.metadata, out);
  const ns = next.spec ?? {};
  const os = old.spec ?? {};
  validateUpgradeDowngradeClusterIPs(ns, os, out);
  validateUpgradeDowngradeIPFamilies(ns, os, out);
  // Upstream runs the whole field check here and again inside ValidateService: its format
  // errors come before the rest, and the repeat is dropped when the list is printed.
  validateLoadBalancerClassField(os, ns, out);
  if (needsHealthCheck(os) && needsHealthCheck(ns) && (ns.healthCheckNodePort ?? 0) !== (os.healthCheckNodePort ?? 0)) {
    out.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  out.push(...validateService(next));
  return out;
}


function validateUpgradeDowngradeClusterIPs(ns: ServiceSpec, os: ServiceSpec, out: FieldError[]): void {
  if (ns.type === 'ExternalName' || os.type === 'ExternalName') return;
  if (isHeadless(os) && isHeadless(ns)) return;
  const oldIPs = os.clusterIPs ?? [];
  const newIPs = ns.clusterIPs ?? [];
  const value = renderStringSlice(ns.clusterIPs);
  if (oldIPs.length === newIPs.length) {
    for (let i = 0; i < oldIPs.length; i++) {
      if (oldIPs[i] !== newIPs[i]) out.push(invalid(`spec.clusterIPs[${i}]`, value, 'may not change once set'));
    }
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) out.push(invalid('spec.clusterIPs[0]', value, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) out.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
    if (newIPs.length === 1 && ns.ipFamilyPolicy !== 'SingleStack') {
      out.push(invalid('spec.ipFamilyPolicy', renderPolicy(ns), "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    out.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
  }
}

function validateUpgradeDowngradeIPFamilies(ns: ServiceSpec, os: ServiceSpec, out: FieldError[]): void {
  if (ns.type === 'ExternalName' || os.type === 'ExternalName') return;
  if (isHeadless(os) !== isHeadless(ns) || isHeadless(ns)) return;
  const oldF = os.ipFamilies ?? [];
  const newF = ns.ipFamilies ?? [];
  const famValue = renderNamedStringSlice('core.IPFamily', ns.ipFamilies);
  if (oldF.length === newF.length) {
    for (let i = 0; i < oldF.length; i++) {
      if (oldF[i] !== newF[i]) out.push(invalid('spec.ipFamilies[0]', famValue, 'may not change once set'));
    }
  } else if (oldF.length > newF.length) {
    if ((ns.clusterIPs?.length ?? 0) === 0) out.push(invalid('spec.ipFamilies[0]', famValue, 'primary ipFamily can not be unset'));
    // upstream reports the clusterIPs here, not the families
    if (newF.length > 0 && newF[0] !== oldF[0]) out.push(invalid('spec.ipFamilies[0]', renderStringSlice(ns.clusterIPs), 'may not change once set'));
    if (newF.length === 1 && ns.ipFamilyPolicy !== 'SingleStack') {
      out.push(invalid('spec.ipFamilyPolicy', renderPolicy(ns), "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (oldF.length > 0 && newF.length > 0 && newF[0] !== oldF[0]) {
    out.push(invalid('spec.ipFamilies[0]', renderStringSlice(ns.clusterIPs), 'may not change once set'));
  }
}

function renderPolicy(spec: ServiceSpec): string {
  return spec.ipFamilyPolicy === undefined ? NULL_VALUE : renderString(spec.ipFamilyPolicy);
}

