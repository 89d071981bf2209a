import { describe, expect, it } from 'vitest';
import type { Service, ServiceSpec } from '../../api/core.ts';
import { formatFieldErrors, invalidError } from '../../api/status.ts';
import { applyDefaults, applyUpdateDefaults } from '../defaults/index.ts';
import { qualifiedKind, validateCreate, validateServiceIPFamilies, validateUpdate } from './index.ts';
import { TEST_SETTINGS } from './test-settings.ts';

/** Specs are written loosely, as YAML can hold any string where the types expect an enum. */
function svc(spec: Record<string, unknown>, name = 'x', extra: Partial<Service['metadata']> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...extra }, spec: spec as unknown as ServiceSpec };
}

/** What the API server answers for a create, after `Service "x" is invalid: `. */
function createMessage(s: Service): string {
  const d = applyDefaults(s, TEST_SETTINGS);
  const pre = validateServiceIPFamilies(d, TEST_SETTINGS);
  const errs = pre.length > 0 ? pre : validateCreate(d, TEST_SETTINGS);
  return errs.length === 0 ? '' : formatFieldErrors(errs);
}

const P80 = [{ port: 80 }];
const DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const RFC1123_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const RFC1123_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const cases: { name: string; svc: Service; want: string }[] = [
  { name: 'a plain ClusterIP service is valid', svc: svc({ selector: { app: 'web' }, ports: P80 }), want: '' },
  { name: 'name missing', svc: svc({ ports: P80 }, ''), want: 'metadata.name: Required value: name or generateName is required' },
  { name: 'name not a DNS-1035 label', svc: svc({ ports: P80 }, 'My_Svc'), want: `metadata.name: Invalid value: "My_Svc": ${DNS1035}` },
  { name: 'name starting with a digit', svc: svc({ ports: P80 }, '1web'), want: `metadata.name: Invalid value: "1web": ${DNS1035}` },
  { name: 'name too long', svc: svc({ ports: P80 }, 'a'.repeat(64)), want: `metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters` },
  { name: 'ports missing', svc: svc({ selector: { app: 'web' } }), want: 'spec.ports: Required value' },
  { name: 'headless without ports is fine', svc: svc({ clusterIP: 'None', selector: { app: 'db' } }), want: '' },
  { name: 'port 0', svc: svc({ ports: [{ port: 0, targetPort: 80 }] }), want: 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive' },
  { name: 'second port without name', svc: svc({ ports: [{ name: 'http', port: 80 }, { port: 443 }] }), want: 'spec.ports[1].name: Required value' },
  { name: 'port name upper case', svc: svc({ ports: [{ name: 'HTTP', port: 80 }] }), want: `spec.ports[0].name: Invalid value: "HTTP": ${RFC1123_LABEL}` },
  { name: 'duplicate port name', svc: svc({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }), want: 'spec.ports[1].name: Duplicate value: "http"' },
  { name: 'protocol HTTP', svc: svc({ ports: [{ port: 80, protocol: 'HTTP' }] }), want: 'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' },
  { name: 'targetPort out of range', svc: svc({ ports: [{ port: 80, targetPort: 70000 }] }), want: 'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive' },
  { name: 'targetPort name with underscore', svc: svc({ ports: [{ port: 80, targetPort: 'http_port' }] }), want: 'spec.ports[0].targetPort: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)' },
  {
    name: 'targetPort name breaking every rule at once',
    svc: svc({ ports: [{ port: 80, targetPort: '-1234567890123--' }] }),
    want: '[spec.ports[0].targetPort: Invalid value: "-1234567890123--": must be no more than 15 characters, spec.ports[0].targetPort: Invalid value: "-1234567890123--": must contain at least one letter (a-z), spec.ports[0].targetPort: Invalid value: "-1234567890123--": must not contain consecutive hyphens, spec.ports[0].targetPort: Invalid value: "-1234567890123--": must not begin or end with a hyphen]',
  },
  {
    name: 'duplicate protocol and port',
    svc: svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 8080 }] }),
    want: 'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  },
  { name: 'same port over TCP and UDP is fine', svc: svc({ ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }), want: '' },
  { name: 'nodePort on ClusterIP', svc: svc({ ports: [{ port: 80, nodePort: 30080 }] }), want: "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" },
  { name: 'duplicate nodePort', svc: svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }), want: 'spec.ports[1].nodePort: Duplicate value: 30080' },
  { name: 'type misspelt', svc: svc({ type: 'Nodeport', ports: P80 }), want: 'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' },
  { name: 'headless NodePort', svc: svc({ type: 'NodePort', clusterIP: 'None', ports: P80 }), want: `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services` },
  { name: 'headless LoadBalancer', svc: svc({ type: 'LoadBalancer', clusterIP: 'None', ports: P80 }), want: `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services` },
  { name: 'malformed clusterIP (checked before allocation, alone)', svc: svc({ clusterIP: '10.96.0.300', ports: [{ port: 0 }] }), want: 'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
  { name: 'two IPv4 clusterIPs', svc: svc({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', '10.96.0.11'], ports: P80 }), want: 'spec.clusterIPs: Invalid value: []string{"10.96.0.10", "10.96.0.11"}: may specify no more than one IP for each IP family' },
  { name: 'RequireDualStack on a single-stack cluster', svc: svc({ ipFamilyPolicy: 'RequireDualStack', ports: P80 }), want: 'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services' },
  { name: 'IPv6 clusterIP on an IPv4 cluster', svc: svc({ clusterIP: 'fd00::10', ports: P80 }), want: 'spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster' },
  { name: 'ExternalName without a name', svc: svc({ type: 'ExternalName' }), want: 'spec.externalName: Required value' },
  { name: 'ExternalName with an underscore', svc: svc({ type: 'ExternalName', externalName: 'my_db.example.com.' }), want: `spec.externalName: Invalid value: "my_db.example.com": ${RFC1123_SUBDOMAIN}` },
  { name: 'ExternalName with a trailing dot is fine', svc: svc({ type: 'ExternalName', externalName: 'db.example.com.' }), want: '' },
  { name: 'ExternalName with a clusterIP', svc: svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.5' }), want: 'spec.clusterIPs: Forbidden: may not be set for ExternalName services' },
  { name: 'externalTrafficPolicy on ClusterIP', svc: svc({ externalTrafficPolicy: 'Local', ports: P80 }), want: 'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services' },
  { name: 'externalTrafficPolicy lower case', svc: svc({ type: 'NodePort', externalTrafficPolicy: 'local', ports: P80 }), want: 'spec.externalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"' },
  { name: 'externalTrafficPolicy on ClusterIP with externalIPs is allowed', svc: svc({ externalTrafficPolicy: 'Local', externalIPs: ['192.0.2.10'], ports: P80 }), want: '' },
  { name: 'internalTrafficPolicy value', svc: svc({ internalTrafficPolicy: 'Node', ports: P80 }), want: 'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"' },
  { name: 'healthCheckNodePort without LB+Local', svc: svc({ type: 'NodePort', healthCheckNodePort: 30000, ports: P80 }), want: "spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'" },
  { name: 'sessionAffinity value', svc: svc({ sessionAffinity: 'Client', ports: P80 }), want: 'spec.sessionAffinity: Unsupported value: "Client": supported values: "ClientIP", "None"' },
  { name: 'affinity timeout 0', svc: svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } }, ports: P80 }), want: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400' },
  { name: 'affinity timeout 86400 is accepted', svc: svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } }, ports: P80 }), want: '' },
  { name: 'affinity timeout 86401', svc: svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } }, ports: P80 }), want: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400' },
  { name: 'loadBalancerSourceRanges on ClusterIP', svc: svc({ loadBalancerSourceRanges: ['10.0.0.0/8'], ports: P80 }), want: "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'" },
  { name: 'loadBalancerSourceRanges not a CIDR', svc: svc({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.1'], ports: P80 }), want: 'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)' },
  { name: 'allocateLoadBalancerNodePorts on NodePort', svc: svc({ type: 'NodePort', allocateLoadBalancerNodePorts: false, ports: P80 }), want: "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'" },
  { name: 'externalIP loopback', svc: svc({ externalIPs: ['127.0.0.1'], ports: P80 }), want: 'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)' },
  { name: 'externalIP unspecified', svc: svc({ externalIPs: ['0.0.0.0'], ports: P80 }), want: 'spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)' },
  { name: 'externalIP link-local', svc: svc({ externalIPs: ['169.254.1.1'], ports: P80 }), want: 'spec.externalIPs[0]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)' },
  { name: 'externalIP link-local multicast', svc: svc({ externalIPs: ['224.0.0.5'], ports: P80 }), want: 'spec.externalIPs[0]: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)' },
  { name: 'externalIP not an IP', svc: svc({ externalIPs: ['example.com'], ports: P80 }), want: 'spec.externalIPs[0]: Invalid value: "example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
  {
    name: 'selector label value too long and badly formed',
    svc: svc({ selector: { app: 'we b' }, ports: P80 }),
    want: "spec.selector: Invalid value: \"we b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  },
  { name: 'port name with a dot', svc: svc({ ports: [{ name: 'a.b', port: 80 }] }), want: 'spec.ports[0].name: Invalid value: "a.b": must not contain dots' },
  {
    name: 'every port unnamed when there are several',
    svc: svc({ ports: [{ port: 80 }, { port: 81 }, { port: 82 }] }),
    want: '[spec.ports[0].name: Required value, spec.ports[1].name: Required value, spec.ports[2].name: Required value]',
  },
  {
    // IsDualStackIPStrings only asks whether both families occur.
    name: 'three clusterIPs of both families: only the count is reported',
    svc: svc({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20', 'fd00::1', '10.96.0.22'], ports: P80 }),
    want: 'spec.clusterIPs: Invalid value: []string{"10.96.0.20", "fd00::1", "10.96.0.22"}: may only hold up to 2 values',
  },
  {
    name: 'three IPv4 clusterIPs: both the count and the families',
    svc: svc({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20', '10.96.0.21', '10.96.0.22'], ports: P80 }),
    want: '[spec.clusterIPs: Invalid value: []string{"10.96.0.20", "10.96.0.21", "10.96.0.22"}: may only hold up to 2 values, spec.clusterIPs: Invalid value: []string{"10.96.0.20", "10.96.0.21", "10.96.0.22"}: may specify no more than one IP for each IP family]',
  },
  { name: 'clusterIPs not starting with clusterIP', svc: svc({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.21'], ports: P80 }), want: 'spec.clusterIPs: Invalid value: []string{"10.96.0.21"}: first value must match `clusterIP`' },
  { name: 'None followed by an address', svc: svc({ clusterIP: 'None', clusterIPs: ['None', '10.96.0.5'], ports: P80 }), want: `spec.clusterIPs: Invalid value: []string{"None", "10.96.0.5"}: 'None' must be the first and only value` },
  {
    name: 'ExternalName with IP family fields',
    svc: svc({ type: 'ExternalName', externalName: 'a.b', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] }),
    want: '[spec.ipFamilies: Forbidden: may not be set for ExternalName services, spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services]',
  },
  {
    name: 'topology annotations that disagree',
    svc: svc({ ports: P80 }, 'x', { annotations: { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'auto' } }),
    want: 'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
  },
  {
    name: 'source-ranges annotation off a LoadBalancer, a bad range repeated once in the message',
    svc: svc({ ports: P80 }, 'x', { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, abc,abc' } }),
    want: '[metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: may only be used when `type` is \'LoadBalancer\', metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "abc": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)]',
  },
  {
    name: 'several errors are bracketed and joined in validation order',
    svc: svc({ type: 'Nodeport', ports: [{ port: 0, protocol: 'HTTP' }] }, 'Web'),
    want: `[metadata.name: Invalid value: "Web": ${DNS1035}, spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP", spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]`,
  },
];

describe('Service create validation (messages as kube-apiserver v1.33 prints them)', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(createMessage(c.svc)).toBe(c.want);
    });
  }

  it('the API error reads `Service "x" is invalid: ...` with HTTP 422', () => {
    const d = applyDefaults(svc({ ports: [{ port: 0 }] }), TEST_SETTINGS);
    const err = invalidError(qualifiedKind('Service'), 'x', validateCreate(d, TEST_SETTINGS));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Service "x" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]');
  });
});

describe('Service update validation', () => {
  const live = (): Service => {
    const s = applyDefaults(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }), TEST_SETTINGS);
    s.spec.clusterIP = '10.96.0.50';
    s.spec.clusterIPs = ['10.96.0.50'];
    s.metadata.resourceVersion = '100';
    return s;
  };
  const updateMessage = (next: Service, old: Service): string => {
    const d = applyUpdateDefaults(next, old, TEST_SETTINGS);
    return formatFieldErrors(validateUpdate(d, old, TEST_SETTINGS));
  };

  it('changing clusterIP: may not change once set, with the new list as value', () => {
    const old = live();
    const next = svc({ selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: '10.96.0.51' });
    expect(updateMessage(next, old)).toBe('spec.clusterIPs[0]: Invalid value: []string{"10.96.0.51"}: may not change once set');
  });

  it('switching an allocated Service to headless is a change too', () => {
    const old = live();
    const next = svc({ selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: 'None' });
    expect(updateMessage(next, old)).toBe('spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set');
  });

  it('omitting clusterIP keeps the allocated one', () => {
    const old = live();
    const next = svc({ selector: { app: 'web' }, ports: [{ port: 8080 }] });
    const d = applyUpdateDefaults(next, old, TEST_SETTINGS);
    expect(d.spec.clusterIP).toBe('10.96.0.50');
    expect(d.spec.clusterIPs).toEqual(['10.96.0.50']);
    expect(validateUpdate(d, old, TEST_SETTINGS)).toEqual([]);
  });

  it('clearing clusterIPs explicitly: primary clusterIP can not be unset', () => {
    const old = live();
    const next = applyUpdateDefaults(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }), old, TEST_SETTINGS);
    next.spec.clusterIPs = [];
    expect(formatFieldErrors(validateUpdate(next, old, TEST_SETTINGS))).toContain('spec.clusterIPs[0]: Invalid value: []string{}: primary clusterIP can not be unset');
  });

  it('healthCheckNodePort is immutable while type LoadBalancer and policy Local stay', () => {
    const old = applyDefaults(svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30080 }] }), TEST_SETTINGS);
    old.spec.clusterIP = '10.96.0.7';
    old.spec.clusterIPs = ['10.96.0.7'];
    old.spec.healthCheckNodePort = 31000;
    const next = applyUpdateDefaults({ ...old, spec: { ...old.spec, healthCheckNodePort: 31001 } }, old, TEST_SETTINGS);
    expect(formatFieldErrors(validateUpdate(next, old, TEST_SETTINGS))).toBe('spec.healthCheckNodePort: Forbidden: field is immutable');
  });

  it('NodePort to ClusterIP drops the nodePorts the client did not change', () => {
    const old = applyDefaults(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), TEST_SETTINGS);
    old.spec.clusterIP = '10.96.0.8';
    old.spec.clusterIPs = ['10.96.0.8'];
    const merged: Service = JSON.parse(JSON.stringify(old));
    merged.spec.type = 'ClusterIP';
    const d = applyUpdateDefaults(merged, old, TEST_SETTINGS);
    expect(d.spec.ports?.[0].nodePort).toBeUndefined();
    expect(d.spec.externalTrafficPolicy).toBeUndefined();
    expect(validateUpdate(d, old, TEST_SETTINGS)).toEqual([]);
  });

  it('loadBalancerClass: its errors come first on update, as upstream checks the field before ValidateService', () => {
    const old = applyDefaults(svc({ type: 'LoadBalancer', loadBalancerClass: 'example.com/lb', ports: [{ port: 80, nodePort: 30080 }] }), TEST_SETTINGS);
    old.spec.clusterIP = '10.96.0.9';
    old.spec.clusterIPs = ['10.96.0.9'];
    const next = applyUpdateDefaults({ ...old, spec: { ...old.spec, loadBalancerClass: 'a/b/c', ports: [{ port: 0, nodePort: 30080, protocol: 'TCP', targetPort: 80 }] } }, old, TEST_SETTINGS);
    expect(updateMessage(next, old)).toBe(
      '[spec.loadBalancerClass: Invalid value: "a/b/c": may not change once set, ' +
        `spec.loadBalancerClass: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'), ` +
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
  });

  it('a rename is reported as an immutable name', () => {
    const old = live();
    const next = applyUpdateDefaults(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }, 'y'), old, TEST_SETTINGS);
    expect(formatFieldErrors(validateUpdate(next, old, TEST_SETTINGS))).toBe('metadata.name: Invalid value: "y": field is immutable');
  });
});

describe('qualifiedKind', () => {
  it('prints group-qualified kinds as NewInvalid does', () => {
    expect(qualifiedKind('Service')).toBe('Service');
    expect(qualifiedKind('Deployment')).toBe('Deployment.apps');
    expect(qualifiedKind('EndpointSlice')).toBe('EndpointSlice.discovery.k8s.io');
  });
});

describe('speed', () => {
  it('validates a defaulted Service without allocating per-port garbage (smoke: 10,000 in one go)', () => {
    const d = applyDefaults(svc({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }), TEST_SETTINGS);
    let errors = 0;
    for (let i = 0; i < 10000; i++) errors += validateCreate(d, TEST_SETTINGS).length;
    expect(errors).toBe(0);
  });
});
