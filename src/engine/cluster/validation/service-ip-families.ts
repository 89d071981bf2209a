/**
 * The registry's pre-allocation check of a Service's IP family fields, the error half of
 * `initIPFamilyFields` (kubernetes pkg/registry/core/service/storage/alloc.go). The control
 * plane runs it after applyDefaults and before allocating a clusterIP: when it fails, the API
 * server answers with these errors alone. The defaulting half lives in defaults/service.ts.
 */
import type { Service } from '../../api/core.ts';
import type { FieldError } from '../../api/status.ts';
import type { ClusterSettings } from '../types.ts';
import { invalid } from './field-error.ts';
import { isIPv6String } from './ip.ts';
import { renderString, renderStringSlice } from './render-value.ts';
import { validateServiceClusterIPsRelatedFields } from './service.ts';

/** The families --service-cluster-ip-range configures, primary first. */
export function serviceIPFamilies(settings: ClusterSettings): ('IPv4' | 'IPv6')[] {
  return settings.serviceSubnet.split(',').map((c) => (c.includes(':') ? 'IPv6' : 'IPv4'));
}

export function validateServiceIPFamilies(svc: Service, settings: ClusterSettings): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const pre = validateServiceClusterIPsRelatedFields(svc);
  if (pre.length > 0) return pre;
  const configured = serviceIPFamilies(settings);
  const out: FieldError[] = [];
  const policy = spec.ipFamilyPolicy;
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  const renderedPolicy = policy === undefined ? renderString('null') : renderString(policy);
  if (policy === 'SingleStack') {
    if (ips.length === 2) out.push(invalid('spec.ipFamilyPolicy', renderedPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if (families.length === 2) out.push(invalid('spec.ipFamilyPolicy', renderedPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  for (let i = 0; i < ips.length; i++) {
    if (ips[i] === 'None') break;
    const fam = isIPv6String(ips[i]) ? 'IPv6' : 'IPv4';
    // applyDefaults infers a family for an address only when the cluster has that family.
    if (i >= families.length && !configured.includes(fam)) {
      out.push(invalid(`spec.clusterIPs[${i}]`, renderStringSlice(ips), `${fam} is not configured on this cluster`));
    }
  }
  if (out.length > 0) return out;
  const headlessSelectorless = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  if (headlessSelectorless) return out;
  if (policy === 'RequireDualStack' && configured.length < 2) {
    out.push(invalid('spec.ipFamilyPolicy', renderedPolicy, 'this cluster is not configured for dual-stack services'));
  }
  for (let i = 0; i < families.length; i++) {
    if (!configured.includes(families[i])) out.push(invalid(`spec.ipFamilies[${i}]`, renderString(families[i]), 'not configured on this cluster'));
  }
  return out;
}
