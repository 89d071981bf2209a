/**
 * Service defaulting as the API server applies it before validation:
 * SetDefaults_Service (kubernetes pkg/apis/core/v1/defaults.go), the registry's
 * normalizeClusterIPs / patchAllocatedValues (pkg/registry/core/service/storage/storage.go),
 * the defaulting half of initIPFamilyFields (storage/alloc.go) and, on update,
 * dropTypeDependentFields (pkg/registry/core/service/strategy.go).
 * IP and nodePort allocation is the control plane's. Functions here mutate the copy they are given.
 */
import type { IPFamily, Service, ServiceSpec } from '../../api/core.ts';
import type { ClusterSettings } from '../types.ts';
import { isIPv6String, parseIP } from '../validation/ip.ts';
import { externallyAccessible, validateServiceClusterIPsRelatedFields } from '../validation/service.ts';
import { serviceIPFamilies } from '../validation/service-ip-families.ts';

const DEFAULT_AFFINITY_TIMEOUT = 10800;

/** SetDefaults_Service (v1). */
export function setServiceDefaults(svc: Service): void {
  const spec = svc.spec ?? (svc.spec = {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  // Silently cleared: a config with affinity None never reaches validation.
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_TIMEOUT } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const sp of spec.ports ?? []) {
    if (!sp.protocol) sp.protocol = 'TCP';
    if (sp.targetPort === undefined || sp.targetPort === 0 || sp.targetPort === '') sp.targetPort = sp.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === 'LoadBalancer') {
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
  }
}

/**
 * Registry defaulting on create: clusterIPs from clusterIP, then IP families; status cleared
 * (svcStrategy PrepareForCreate). The cleared status is the empty ServiceStatus, whose
 * loadBalancer is a struct that omitempty does not drop: every Service reads back with
 * `status: {loadBalancer: {}}`.
 */
export function prepareServiceForCreate(svc: Service, settings: ClusterSettings): void {
  svc.status = { loadBalancer: {} };
  const spec = svc.spec;
  if (spec.clusterIP && (spec.clusterIPs?.length ?? 0) === 0) spec.clusterIPs = [spec.clusterIP];
  initIPFamilies(spec, undefined, settings);
}

/**
 * initIPFamilyFields' defaulting: ipFamilyPolicy (SingleStack, or RequireDualStack for a
 * headless Service without selector) and ipFamilies (from clusterIPs, else the cluster's
 * primary family). A family the cluster lacks is left out, for validateServiceIPFamilies to report.
 */
function initIPFamilies(spec: ServiceSpec, old: ServiceSpec | undefined, settings: ClusterSettings): void {
  if (spec.type === 'ExternalName') return;
  const configured = serviceIPFamilies(settings);
  const headlessSelectorless = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  if (spec.ipFamilyPolicy === undefined) {
    if (old?.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    else spec.ipFamilyPolicy = headlessSelectorless ? 'RequireDualStack' : 'SingleStack';
  }
  // Upstream stops here on malformed input, leaving the rest for the error report.
  if (validateServiceClusterIPsRelatedFields({ spec } as Service).length > 0) return;
  const families: IPFamily[] = spec.ipFamilies ? [...spec.ipFamilies] : [];
  const ips = spec.clusterIPs ?? [];
  for (let i = 0; i < ips.length; i++) {
    if (ips[i] === 'None' || !parseIP(ips[i])) break;
    if (i < families.length) continue;
    const fam: IPFamily = isIPv6String(ips[i]) ? 'IPv6' : 'IPv4';
    if (!configured.includes(fam)) {
      spec.ipFamilies = families;
      return;
    }
    families.push(fam);
  }
  if (headlessSelectorless) {
    if (families.length === 0) families.push(configured[0]);
    if (families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    spec.ipFamilies = families;
    return;
  }
  if (families.length === 0) families.push(configured[0]);
  if (spec.ipFamilyPolicy !== 'SingleStack' && families.length === 1 && configured.length === 2) {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  spec.ipFamilies = families;
}

const needsClusterIP = (s: ServiceSpec): boolean => s.type !== 'ExternalName';
const needsNodePort = (s: ServiceSpec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const needsHCNodePort = (s: ServiceSpec): boolean => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((v, i) => v === b?.[i]);

/**
 * Registry defaulting on update, on an object already through setServiceDefaults: keep what was
 * allocated when the client left it out (a re-applied YAML without clusterIP or nodePort),
 * keep clusterIP and clusterIPs in step, adopt the old ipFamilyPolicy, and drop fields the new
 * type no longer uses when the client did not touch them. Status carries over.
 */
export function prepareServiceForUpdate(svc: Service, old: Service, settings: ClusterSettings): void {
  const spec = svc.spec;
  const os = old.spec;
  if (old.status !== undefined) svc.status = old.status; else delete svc.status;
  // patchAllocatedValues
  if (needsClusterIP(os) && needsClusterIP(spec)) {
    if (!spec.clusterIP && os.clusterIP) spec.clusterIP = os.clusterIP;
    if ((spec.clusterIPs?.length ?? 0) === 0 && (os.clusterIPs?.length ?? 0) > 0) spec.clusterIPs = [...os.clusterIPs!];
  }
  if (needsNodePort(os) && needsNodePort(spec)) {
    const oldUsed = new Set((os.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const used = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => oldUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of os.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const v = byName.get(p.name ?? '') ?? 0;
      if (!used.has(v) && v !== 0) p.nodePort = v;
    }
  }
  if (needsHCNodePort(os) && needsHCNodePort(spec) && !spec.healthCheckNodePort && os.healthCheckNodePort) {
    spec.healthCheckNodePort = os.healthCheckNodePort;
  }
  // normalizeClusterIPs (update)
  if ((os.clusterIPs?.length ?? 0) > 0 && (spec.clusterIPs?.length ?? 0) === 0 && (os.clusterIP ?? '') === (spec.clusterIP ?? '')) {
    spec.clusterIPs = [...os.clusterIPs!];
  }
  if ((os.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (os.clusterIP && !spec.clusterIP) {
      if (sameList(os.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameList(os.clusterIPs, spec.clusterIPs)) {
      spec.clusterIPs = [spec.clusterIP!];
    }
  }
  dropTypeDependentFields(svc, old);
  initIPFamilies(spec, os, settings);
}

function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec;
  const os = old.spec;
  if (needsClusterIP(os) && !needsClusterIP(spec)) {
    if (sameList(os.clusterIPs, spec.clusterIPs)) { delete spec.clusterIP; delete spec.clusterIPs; }
    if (sameList(os.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (os.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const sameNodePorts = (spec.ports ?? []).every((p, i) => (p.nodePort ?? 0) === (os.ports?.[i]?.nodePort ?? 0)) &&
    (spec.ports?.length ?? 0) === (os.ports?.length ?? 0);
  if (needsNodePort(os) && !needsNodePort(spec) && sameNodePorts) for (const p of spec.ports ?? []) delete p.nodePort;
  if (needsHCNodePort(os) && !needsHCNodePort(spec) && (spec.healthCheckNodePort ?? 0) === (os.healthCheckNodePort ?? 0)) {
    delete spec.healthCheckNodePort;
  }
  if (os.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === os.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass === os.loadBalancerClass) delete spec.loadBalancerClass;
    if (svc.status) svc.status = { ...svc.status, loadBalancer: {} };
  }
  if (externallyAccessible(os) && !externallyAccessible(spec) && spec.externalTrafficPolicy === os.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
}
