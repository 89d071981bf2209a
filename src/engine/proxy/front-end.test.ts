/** The shared front end: service ports, endpoints from slices, categorisation, state sync. */
import { describe, it, expect } from 'vitest';
import { createCluster } from '../cluster/default-cluster.ts';
import { DEFAULT_SETTINGS } from '../cluster/settings.ts';
import { deployment, service } from '../cluster/testing/builders.ts';
import { categorizeEndpoints } from './categorize-endpoints.ts';
import { endpointsFromSlices } from './endpoints.ts';
import { ProxyState } from './proxy-state.ts';
import { servicePortsOf } from './service-port.ts';
import { ep, slice, svc } from './testing/builders.ts';

describe('servicePortsOf', () => {
  it('names ports as ServicePortName.String() and reads the traffic policies', () => {
    const [a, b] = servicePortsOf(
      svc('web', 'shop', {
        type: 'LoadBalancer',
        clusterIP: '10.96.5.5',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 31000,
        ports: [{ port: 80, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 }],
      }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }] } }),
    );
    expect([a.nameString, a.protocol, b.nameString, b.protocol]).toEqual(['web/shop', 'tcp', 'web/shop:dns', 'udp']);
    expect(a).toMatchObject({ externalPolicyLocal: true, healthCheckNodePort: 31000, loadBalancerVIPs: ['203.0.113.9'], usesLocalEndpoints: true, usesClusterEndpoints: true });
  });

  it('skips headless and ExternalName Services', () => {
    expect(servicePortsOf(svc('a', 'h', { clusterIP: 'None', ports: [{ port: 80 }] }))).toEqual([]);
    expect(servicePortsOf(svc('a', 'x', { type: 'ExternalName', externalName: 'example.com', clusterIP: '', ports: [{ port: 80 }] }))).toEqual([]);
  });

  it('defaults the ClientIP timeout to 10800 seconds', () => {
    expect(servicePortsOf(svc('a', 's', { clusterIP: '10.96.0.9', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }))[0].stickyMaxAgeSeconds).toBe(10800);
  });
});

describe('endpointsFromSlices', () => {
  it('merges slices, keeps the ready copy of a duplicate and sorts by ip:port as strings', () => {
    const ports = [{ name: 'http', port: 8080, protocol: 'TCP' as const }];
    const eps = endpointsFromSlices([
      slice('a', 's-1', 's', ports, [ep('10.244.1.9'), ep('10.244.1.10', undefined, { ready: false, serving: true, terminating: true })]),
      slice('a', 's-2', 's', ports, [ep('10.244.1.10'), { addresses: [] }]),
    ]).get('http/TCP')!;
    expect(eps.map((e) => [e.endpoint, e.ready, e.terminating])).toEqual([
      ['10.244.1.10:8080', true, false],
      ['10.244.1.9:8080', true, false],
    ]);
  });

  it('treats missing conditions as ready and serving', () => {
    const [e] = endpointsFromSlices([slice('a', 's-1', 's', [{ port: 80 }], [{ addresses: ['10.0.0.1'] }])]).get('/TCP')!;
    expect([e.ready, e.serving, e.terminating]).toEqual([true, true, false]);
  });
});

describe('categorizeEndpoints', () => {
  const [local] = servicePortsOf(svc('a', 's', { type: 'NodePort', clusterIP: '10.96.0.9', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30000 }] }));
  const eps = endpointsFromSlices([
    slice('a', 's-1', 's', [{ port: 80 }], [ep('10.0.0.1', 'n1'), ep('10.0.0.2', 'n2', { ready: false, serving: true, terminating: true })]),
  ]).get('/TCP')!;

  it('uses local Ready endpoints, else local serving-terminating ones', () => {
    expect(categorizeEndpoints(eps, local, { name: 'n1' }).localEndpoints.map((e) => e.ip)).toEqual(['10.0.0.1']);
    const n2 = categorizeEndpoints(eps, local, { name: 'n2' });
    expect(n2.localEndpoints.map((e) => e.ip)).toEqual(['10.0.0.2']);
    expect(n2.clusterEndpoints.map((e) => e.ip)).toEqual(['10.0.0.1']);
    expect(n2.allReachableEndpoints.map((e) => e.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(categorizeEndpoints(eps, local, { name: 'n3' })).toMatchObject({ localEndpoints: [], hasEndpoints: true });
  });

  it('follows zone hints only when every Ready endpoint has one', () => {
    const [cluster] = servicePortsOf(svc('a', 's', { clusterIP: '10.96.0.9', ports: [{ port: 80 }] }));
    const zoned = endpointsFromSlices([
      slice('a', 's-1', 's', [{ port: 80 }], [
        { ...ep('10.0.0.1'), hints: { forZones: [{ name: 'z1' }] } },
        { ...ep('10.0.0.2'), hints: { forZones: [{ name: 'z2' }] } },
      ]),
    ]).get('/TCP')!;
    expect(categorizeEndpoints(zoned, cluster, { name: 'n1', zone: 'z2' }).clusterEndpoints.map((e) => e.ip)).toEqual(['10.0.0.2']);
    expect(categorizeEndpoints(zoned, cluster, { name: 'n1', zone: 'z9' }).clusterEndpoints).toHaveLength(2);
  });
});

describe('ProxyState.sync', () => {
  it('follows the cluster: a new Deployment and Service become a service port with endpoints', () => {
    const cluster = createCluster({ settings: DEFAULT_SETTINGS, seed: 3, now: Date.UTC(2025, 5, 1) });
    const state = ProxyState.fromCluster(cluster);
    const before = state.totalEndpoints;
    cluster.apply(deployment('web', 3, { app: 'web' }));
    cluster.apply(service('web', { app: 'web' }, { ports: [{ port: 80, targetPort: 'http' }] }));
    const changed = state.sync(cluster);
    expect(changed.has('default/web')).toBe(true);
    const web = state.servicePorts().find((p) => p.serviceKey === 'default/web')!;
    expect(state.endpoints(web)).toHaveLength(3);
    expect(state.totalEndpoints).toBe(before + 3);
    expect(state.sync(cluster).size).toBe(0);
    cluster.delete('Service', 'default', 'web');
    state.sync(cluster);
    expect(state.servicePorts().some((p) => p.serviceKey === 'default/web')).toBe(false);
  });
});
