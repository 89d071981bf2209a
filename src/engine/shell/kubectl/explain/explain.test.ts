import { describe, it, expect } from 'vitest';
import { explain } from './index.ts';
import { wrapString } from './render.ts';

describe('kubectl explain (v1.33 plaintext template)', () => {
  it('explains a service with typed fields and the blank-indented line after DESCRIPTION', () => {
    const r = explain('service');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith(
      'KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n' +
        '    Service is a named abstraction of software service (for example, mysql)\n' +
        '    consisting of local port (for example 3306) that the proxy listens on, and\n' +
        '    the selector that determines which pods will answer requests sent through\n' +
        '    the proxy.\n    \nFIELDS:\n  apiVersion\t<string>\n',
    )).toBe(true);
    expect(r.stdout).toContain('\n  metadata\t<ObjectMeta>\n    Standard object\'s metadata. More info:\n');
    expect(r.stdout).toContain('\n  spec\t<ServiceSpec>\n    Spec defines the behavior of a service.\n');
    expect(r.stdout.endsWith('\n\n\n')).toBe(true);
  });

  it('explains service.spec.ports with the item type, its description and the ServicePort fields', () => {
    const r = explain('service.spec.ports');
    expect(r.stdout).toContain(
      'FIELD: ports <[]ServicePort>\n\n\nDESCRIPTION:\n    The list of ports that are exposed by this service. More info:\n' +
        '    https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies\n' +
        "    ServicePort contains information on service's port.\n    \nFIELDS:\n  appProtocol\t<string>\n",
    );
    expect(r.stdout).toContain('\n  port\t<integer> -required-\n    The port that will be exposed by this service.\n\n');
    expect(r.stdout).toContain('\n  protocol\t<string>\n  enum: SCTP, TCP, UDP\n');
    expect(r.stdout).toContain('\n  targetPort\t<IntOrString>\n');
  });

  it('lists enum values in the long view of one field', () => {
    expect(explain('svc.spec.type').stdout).toContain('FIELD: type <string>\nENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n\nDESCRIPTION:\n');
  });

  it('walks endpoints.subsets.ports and shows the v1.33 deprecation', () => {
    const out = explain('endpoints.subsets.ports').stdout;
    expect(out).toContain('KIND:       Endpoints\nVERSION:    v1\n\nFIELD: ports <[]EndpointPort>\n');
    expect(out).toContain('EndpointPort is a tuple that describes a single port. Deprecated: This API\n    is deprecated in v1.33+.\n');
  });

  it('prints GROUP for apps kinds', () => expect(explain('deployments').stdout.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n')).toBe(true));

  it('lists nested fields without descriptions with --recursive', () => {
    expect(explain('service.spec.ports', { recursive: true }).stdout).toContain('FIELDS:\n  appProtocol\t<string>\n  name\t<string>\n  nodePort\t<integer>\n');
  });

  it('reports an unknown field and an unknown resource', () => {
    expect(explain('service.spec.foo')).toEqual({ stdout: '', stderr: 'error: field "foo" does not exist\n', exitCode: 1 });
    expect(explain('frobs').stderr).toBe('error: the server doesn\'t have a resource type "frobs"\n');
  });

  it('wraps like go-wordwrap, letting long words overflow', () => {
    expect(wrapString('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrapString('a https://example.com/very/long b', 10)).toBe('a\nhttps://example.com/very/long\nb');
  });
});

describe('kubectl explain against the v1.33 OpenAPI (k8s.io/api v0.33 types)', () => {
  it('prints a field of an object type with both descriptions and its fields', () => {
    expect(explain('svc.spec.sessionAffinityConfig')).toEqual({
      stdout:
        'KIND:       Service\nVERSION:    v1\n\nFIELD: sessionAffinityConfig <SessionAffinityConfig>\n\n\nDESCRIPTION:\n' +
        '    sessionAffinityConfig contains the configurations of session affinity.\n' +
        '    SessionAffinityConfig represents the configurations of session affinity.\n    \nFIELDS:\n' +
        '  clientIP\t<ClientIPConfig>\n    clientIP contains the configurations of Client IP based session affinity.\n\n\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('lists externalTrafficPolicy values once each, as kube-openapi deduplicates the aliased constants', () => {
    const out = explain('service.spec').stdout;
    expect(out).toContain('\n  externalTrafficPolicy\t<string>\n  enum: Cluster, Local\n');
    expect(out).toContain(
      '    Possible enum values:\n     - `"Cluster"` routes traffic to all endpoints.\n' +
        '     - `"Local"` preserves the source IP of the traffic by routing only to\n',
    );
    expect(out).toContain('\n  sessionAffinity\t<string>\n  enum: ClientIP, None\n');
  });

  it('has the v1.33 wording of changed descriptions', () => {
    expect(explain('service.spec.loadBalancerIP').stdout).toContain(
      '    does not support the feature. Deprecated: This field was under-specified and\n' +
        '    its meaning varies across implementations. Using it is non-portable and it\n' +
        '    may not support dual-stack. Users are encouraged to use\n    implementation-specific annotations when available.\n    \n\n',
    );
    expect(explain('service.spec.ports.appProtocol').stdout).toContain(
      '    * Kubernetes-defined prefixed names:\n      * \'kubernetes.io/h2c\' - HTTP/2 prior knowledge over cleartext as described\n',
    );
    expect(explain('deployment.status').stdout).toContain('\n  terminatingReplicas\t<integer>\n');
  });

  it('explains pod.spec.containers.ports with the ContainerPort fields', () => {
    const out = explain('pod.spec.containers.ports').stdout;
    expect(out.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: ports <[]ContainerPort>\n\n\nDESCRIPTION:\n')).toBe(true);
    expect(out).toContain('\n  containerPort\t<integer> -required-\n    Number of port to expose on the pod\'s IP address. This must be a valid port\n    number, 0 < x < 65536.\n\n');
    expect(out).toContain('\n  protocol\t<string>\n  enum: SCTP, TCP, UDP\n    Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".\n');
  });

  it('cuts a simple-view enum list after four values', () => {
    expect(explain('pod.spec.containers.lifecycle').stdout).toContain('\n  stopSignal\t<string>\n  enum: SIGABRT, SIGALRM, SIGBUS, SIGCHLD, ....\n');
  });

  it('explains endpointslices under the discovery.k8s.io group', () => {
    const out = explain('endpointslices').stdout;
    expect(out.startsWith('GROUP:      discovery.k8s.io\nKIND:       EndpointSlice\nVERSION:    v1\n\nDESCRIPTION:\n')).toBe(true);
    expect(out).toContain('\n  addressType\t<string> -required-\n  enum: FQDN, IPv4, IPv6\n');
    expect(out).toContain('\n  endpoints\t<[]Endpoint> -required-\n');
  });

  it('reads deployments.apps.spec as the resource deployments.apps and the field spec', () => {
    expect(explain('deployments.apps.spec')).toEqual(explain('deployment.spec'));
    expect(explain('deployment.spec').stdout).toContain('\n  strategy\t<DeploymentStrategy>\n');
  });

  it('takes the group and version from --api-version', () => {
    expect(explain('deployments', { apiVersion: 'apps/v1' })).toEqual(explain('deployments'));
    expect(explain('deployments', { apiVersion: 'v1' }).stderr).toBe('error: GVR (/v1, Resource=deployments) not found in OpenAPI schema\n');
    expect(explain('deployments', { apiVersion: 'apps/v2' }).stderr).toBe('error: couldn\'t find resource for "apps/v2, Resource=deployments"\n');
  });

  it('refuses an output format that is not a template of kubectl\'s', () => {
    expect(explain('service', { output: 'json' })).toEqual({ stdout: '', stderr: 'error: unrecognized format: json\n', exitCode: 1 });
  });

  it('indents enum lines with their field under --recursive', () => {
    expect(explain('service.spec', { recursive: true }).stdout).toContain('\n  ports\t<[]ServicePort>\n    appProtocol\t<string>\n    name\t<string>\n    nodePort\t<integer>\n    port\t<integer> -required-\n    protocol\t<string>\n    enum: SCTP, TCP, UDP\n    targetPort\t<IntOrString>\n');
  });
});
