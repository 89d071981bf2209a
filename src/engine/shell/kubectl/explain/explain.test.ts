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
