import { describe, expect, it } from 'vitest';
import type { Service } from '../api/core.ts';
import { Rand } from '../rand.ts';
import { ServiceIPAllocator } from './ip-allocator.ts';
import { formatIPv4, parseCidr, parseIPv4 } from './ipv4.ts';
import { NodePortAllocator } from './port-allocator.ts';
import { service, smallCluster } from './testing/builders.ts';

describe('ClusterIP allocation (10.96.0.0/12)', () => {
  it('hands out dynamic addresses from the upper band only: 10.96.1.1 and up', () => {
    const a = new ServiceIPAllocator(parseCidr('10.96.0.0/12')!);
    const rand = new Rand(5);
    for (let i = 0; i < 2000; i++) {
      const ip = a.allocateNext(rand)!;
      expect(ip).toBeGreaterThanOrEqual(parseIPv4('10.96.1.1')!);
      expect(ip).toBeLessThanOrEqual(parseIPv4('10.111.255.254')!);
    }
  });

  it('falls back to the static band 10.96.0.1-10.96.1.0 when the upper band is full (a /24: 16 static)', () => {
    const a = new ServiceIPAllocator(parseCidr('10.96.0.0/24')!);
    const rand = new Rand(1);
    const got: string[] = [];
    for (let i = 0; i < 254; i++) got.push(formatIPv4(a.allocateNext(rand)!));
    // The first 238 come from 10.96.0.17-10.96.0.254, the last 16 from 10.96.0.1-10.96.0.16.
    expect(got.slice(0, 238).every((ip) => parseIPv4(ip)! >= parseIPv4('10.96.0.17')!)).toBe(true);
    expect(got.slice(238).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `10.96.0.${i + 1}`).sort());
    expect(a.allocateNext(rand)).toBeUndefined();
  });

  it('never gives out the network or broadcast address', () => {
    const a = new ServiceIPAllocator(parseCidr('10.96.0.0/24')!);
    expect(a.allocate(parseIPv4('10.96.0.0')!)).toBe('not-in-range');
    expect(a.allocate(parseIPv4('10.96.0.255')!)).toBe('not-in-range');
    expect(a.indexed(1)).toBe('10.96.0.1');
    expect(a.indexed(10)).toBe('10.96.0.10');
  });

  it('refuses a requested IP out of range or taken with the apiserver messages', () => {
    const c = smallCluster();
    const out = c.create(service('a', { app: 'a' }, { clusterIP: '10.0.0.5' }));
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe(422);
      expect(out.error.message).toBe(
        'Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided network does not match the current range',
      );
    }
    expect(c.create(service('b', { app: 'b' }, { clusterIP: '10.96.0.50' })).ok).toBe(true);
    const dup = c.create(service('c', { app: 'c' }, { clusterIP: '10.96.0.50' }));
    expect(!dup.ok && dup.error.message).toBe(
      'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated',
    );
    // The range's network and broadcast addresses belong to no ServiceCIDR (PrefixContainsIP).
    for (const ip of ['10.96.0.0', '10.111.255.255']) {
      const edge = c.create(service('d', { app: 'd' }, { clusterIP: ip }));
      expect(!edge.ok && edge.error.message).toBe(`Service "d" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: the provided network does not match the current range`);
    }
  });

  it('reports a full range as an internal error', () => {
    const c = smallCluster();
    const small = new ServiceIPAllocator(parseCidr('10.96.0.0/30')!);
    void small;
    // A /30 has two usable addresses.
    const tiny = new (c.constructor as typeof import('./cluster.ts').Cluster)({ settings: { ...c.settings, serviceSubnet: '10.96.0.0/30' }, seed: 1, now: 0 });
    tiny.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    expect(tiny.create(service('a', undefined)).ok).toBe(true);
    expect(tiny.create(service('b', undefined)).ok).toBe(true);
    const full = tiny.create(service('c', undefined));
    expect(!full.ok && [full.error.reason, full.error.message]).toEqual(['InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full']);
  });

  it('releases the address on delete and on a change to ExternalName', () => {
    const c = smallCluster();
    c.create(service('a', { app: 'a' }, { clusterIP: '10.96.0.60' }));
    expect(c.delete('Service', 'default', 'a').ok).toBe(true);
    expect(c.create(service('b', { app: 'b' }, { clusterIP: '10.96.0.60' })).ok).toBe(true);
    const b = c.get('Service', 'default', 'b')!;
    const r = c.update({ ...b, spec: { type: 'ExternalName', externalName: 'db.example.com', ports: b.spec.ports } });
    expect(r.ok).toBe(true);
    expect(c.get('Service', 'default', 'b')?.spec.clusterIP).toBeUndefined();
    expect(c.create(service('d', { app: 'd' }, { clusterIP: '10.96.0.60' })).ok).toBe(true);
  });
});

describe('nodePort allocation (30000-32767)', () => {
  it('uses 30086-32767 first and the static band 30000-30085 only when that is full', () => {
    const a = new NodePortAllocator(30000, 2768);
    const rand = new Rand(9);
    const got: number[] = [];
    for (let i = 0; i < 2768 - 86; i++) got.push(a.allocateNext(rand)!);
    expect(Math.min(...got)).toBe(30086);
    expect(Math.max(...got)).toBe(32767);
    const next = a.allocateNext(rand)!;
    expect(next).toBeGreaterThanOrEqual(30000);
    expect(next).toBeLessThanOrEqual(30085);
    expect(a.rangeText).toBe('30000-32767');
  });

  it('gives 53/TCP and 53/UDP of one Service the same nodePort', () => {
    const c = smallCluster();
    const r = c.create(
      service('dns', { app: 'dns' }, {
        type: 'NodePort',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      }),
    );
    expect(r.ok).toBe(true);
    const ports = c.get('Service', 'default', 'dns')!.spec.ports!;
    expect(ports[0].nodePort).toBe(ports[1].nodePort);
    expect(ports[2].nodePort).not.toBe(ports[0].nodePort);
    for (const p of ports) expect(p.nodePort).toBeGreaterThanOrEqual(30086);
  });

  it('refuses a nodePort outside the range or taken, with the apiserver messages', () => {
    const c = smallCluster();
    const out = c.create(service('traefik', { app: 't' }, { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }));
    expect(!out.ok && out.error.message).toBe(
      'Service "traefik" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(c.create(service('web', { app: 'w' }, { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).ok).toBe(true);
    const dup = c.create(service('web-dup', { app: 'w' }, { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(!dup.ok && dup.error.message).toBe('Service "web-dup" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('allocates for LoadBalancer unless allocateLoadBalancerNodePorts is false, and a healthCheckNodePort for Local', () => {
    const c = smallCluster();
    c.create(service('lb', { app: 'x' }, { type: 'LoadBalancer' }));
    expect(c.get('Service', 'default', 'lb')!.spec.ports![0].nodePort).toBeGreaterThan(0);
    c.create(service('lb2', { app: 'x' }, { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }));
    expect(c.get('Service', 'default', 'lb2')!.spec.ports![0].nodePort).toBeUndefined();
    c.create(service('lb3', { app: 'x' }, { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    const lb3 = c.get('Service', 'default', 'lb3')!;
    expect(lb3.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
    expect(lb3.spec.healthCheckNodePort).not.toBe(lb3.spec.ports![0].nodePort);
  });

  it('ClusterIP -> NodePort allocates, NodePort -> ClusterIP releases the port for reuse', () => {
    const c = smallCluster();
    c.create(service('s', { app: 's' }));
    const s = c.get('Service', 'default', 's')!;
    const ip = s.spec.clusterIP;
    expect(c.apply({ ...service('s', { app: 's' }), spec: { ...service('s', { app: 's' }).spec, type: 'NodePort', ports: [{ port: 80, targetPort: 80, nodePort: 30086 }] } }).ok).toBe(true);
    const np = c.get('Service', 'default', 's')!;
    expect(np.spec.ports![0].nodePort).toBe(30086);
    expect(np.spec.clusterIP).toBe(ip);
    const back = c.update({ ...np, spec: { ...np.spec, type: 'ClusterIP' } as Service['spec'] });
    expect(back.ok).toBe(true);
    expect(c.get('Service', 'default', 's')!.spec.ports![0].nodePort).toBeUndefined();
    expect(c.create(service('t', { app: 't' }, { type: 'NodePort', ports: [{ port: 80, nodePort: 30086 }] })).ok).toBe(true);
  });
});

describe('the IP family fields, checked before anything is allocated (alloc.go initIPFamilyFields)', () => {
  const message = (spec: Partial<Service['spec']>): string | false => {
    const out = smallCluster().create(service('s', { app: 's' }, spec));
    return !out.ok && out.error.message;
  };

  it('answers an IPv4-only cluster asked for IPv6 or dual-stack with the registry errors alone', () => {
    expect(message({ clusterIP: 'fd00::5', ports: [{ port: 0 }] })).toBe('Service "s" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::5"}: IPv6 is not configured on this cluster');
    expect(message({ ipFamilies: ['IPv6'] })).toBe('Service "s" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster');
    expect(message({ ipFamilyPolicy: 'RequireDualStack' })).toBe('Service "s" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
    expect(message({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] })).toBe(
      `Service "s" is invalid: spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified`,
    );
  });

  it('leaves an ExternalName Service to validation, which reports every error', () => {
    const m = message({ type: 'ExternalName', clusterIP: 'None', externalName: 'bad_name!', selector: undefined, ports: undefined });
    expect(m).toContain('Service "s" is invalid: [spec.clusterIPs: Forbidden: may not be set for ExternalName services, spec.externalName: Invalid value: "bad_name!": a lowercase RFC 1123 subdomain');
  });
});
