import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/core.ts';
import type { EndpointConditions, EndpointSlice } from '../api/discovery.ts';
import { Cluster } from './cluster.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { deployment, node, service, smallCluster } from './testing/builders.ts';

function pod(name: string, labels: Record<string, string>, opts: { ready?: boolean; ports?: { name: string; containerPort: number; protocol?: 'TCP' | 'UDP' }[]; node?: string; extra?: Partial<Pod['metadata']>; spec?: Partial<Pod['spec']> } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, ...(opts.ready === false ? { annotations: { 'svcsim.dev/ready': 'false' } } : {}), ...opts.extra },
    spec: { nodeName: opts.node, containers: [{ name: 'c', image: 'nginx', ports: opts.ports }], ...opts.spec },
  };
}

function slicesOf(c: Cluster, svc: string): EndpointSlice[] {
  return c.list('EndpointSlice', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc) as EndpointSlice[];
}

describe('EndpointSlice controller', () => {
  it('writes one slice with the labels, owner, ports and endpoint fields', () => {
    const c = smallCluster();
    c.create(deployment('nginx', 2, { app: 'nginx' }, 'default', [{ name: 'http', containerPort: 8080 }]));
    c.create({ ...service('nginx', { app: 'nginx' }, { ports: [{ port: 80, targetPort: 'http' }] }), metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } } });
    const [s] = slicesOf(c, 'nginx');
    const svc = c.get('Service', 'default', 'nginx')!;
    expect(s.metadata.name).toMatch(/^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.generateName).toBe('nginx-');
    expect(s.metadata.labels).toEqual({ app: 'nginx', 'kubernetes.io/service-name': 'nginx', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'nginx', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    const pods = c.list('Pod', 'default');
    expect(s.endpoints.map((e) => e.targetRef?.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    const e = s.endpoints[0];
    const p = pods.find((x) => x.metadata.name === e.targetRef?.name)!;
    expect(e).toEqual({ addresses: [p.status!.podIP], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: p.metadata.name, uid: p.metadata.uid }, nodeName: p.spec.nodeName });
  });

  it('puts pods that resolve a named port differently into different slices, and leaves the port out where a pod lacks it', () => {
    const c = smallCluster();
    c.create(pod('a', { app: 'x' }, { ports: [{ name: 'http', containerPort: 8080 }] }));
    c.create(pod('b', { app: 'x' }, { ports: [{ name: 'http', containerPort: 9090 }] }));
    c.create(pod('c', { app: 'x' }, { ports: [{ name: 'web', containerPort: 80 }] }));
    c.create(service('x', { app: 'x' }, { ports: [{ port: 80, targetPort: 'http' }] }));
    const byPorts = slicesOf(c, 'x').map((s) => [JSON.stringify(s.ports), s.endpoints.map((e) => e.targetRef?.name)]).sort();
    expect(byPorts).toEqual([
      ['[]', ['c']],
      ['[{"name":"","port":8080,"protocol":"TCP"}]', ['a']],
      ['[{"name":"","port":9090,"protocol":"TCP"}]', ['b']],
    ]);
  });

  it('a named targetPort needs the Service port protocol too', () => {
    const c = smallCluster();
    c.create(pod('a', { app: 'x' }, { ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }));
    c.create(service('x', { app: 'x' }, { ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns' }] }));
    expect(slicesOf(c, 'x')[0].ports).toEqual([{ name: 'dns', port: 53, protocol: 'UDP' }]);
  });

  it('conditions: not ready, terminating, publishNotReadyAddresses', () => {
    const c = smallCluster();
    c.create(pod('ready', { app: 'x' }));
    c.create(pod('unready', { app: 'x' }, { ready: false }));
    c.create({ ...pod('leaving', { app: 'x' }, { extra: { deletionTimestamp: '2025-06-01T10:00:00Z' }, node: 'w1' }), status: { phase: 'Running', podIP: '10.244.1.77', conditions: [{ type: 'Ready', status: 'True' }] } });
    c.create(service('x', { app: 'x' }));
    const cond = (c2: Cluster, svc: string): Record<string, EndpointConditions | undefined> => Object.fromEntries(slicesOf(c2, svc).flatMap((s) => s.endpoints).map((e) => [e.targetRef!.name, e.conditions]));
    expect(cond(c, 'x')).toEqual({
      ready: { ready: true, serving: true, terminating: false },
      unready: { ready: false, serving: false, terminating: false },
      leaving: { ready: false, serving: true, terminating: true },
    });
    c.create(service('y', { app: 'x' }, { publishNotReadyAddresses: true }));
    expect(Object.values(cond(c, 'y')).map((k) => k?.ready)).toEqual([true, true, true]);
    // The Endpoints object leaves the terminating pod out and lists the unready one apart.
    const ep = c.get('Endpoints', 'default', 'x')!;
    expect(ep.subsets?.map((s) => [s.addresses?.map((a) => a.targetRef?.name), s.notReadyAddresses?.map((a) => a.targetRef?.name)])).toEqual([[['ready'], ['unready']]]);
  });

  it('keeps one placeholder slice with no endpoints and no ports while nothing matches', () => {
    const c = smallCluster();
    c.create(service('empty', { app: 'none' }));
    const [s] = slicesOf(c, 'empty');
    expect([s.endpoints, s.ports]).toEqual([[], []]);
    c.create(pod('p', { app: 'none' }));
    const after = slicesOf(c, 'empty');
    expect(after).toHaveLength(1);
    expect(after[0].endpoints).toHaveLength(1);
    c.delete('Pod', 'default', 'p');
    const back = slicesOf(c, 'empty');
    expect(back).toHaveLength(1);
    expect(back[0].endpoints).toEqual([]);
    expect(c.get('Endpoints', 'default', 'empty')?.subsets).toBeUndefined();
  });

  it('holds at most 100 endpoints per slice and fills existing slices before making new ones', () => {
    const c = smallCluster();
    c.create(deployment('big', 250, { app: 'big' }));
    c.create(service('big', { app: 'big' }));
    expect(slicesOf(c, 'big').map((s) => s.endpoints.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    const d = c.get('Deployment', 'default', 'big')!;
    c.update({ ...d, spec: { ...d.spec, replicas: 260 } });
    expect(slicesOf(c, 'big').map((s) => s.endpoints.length).sort((a, b) => a - b)).toEqual([60, 100, 100]);
    const all = slicesOf(c, 'big').flatMap((s) => s.endpoints.map((e) => e.addresses[0]));
    expect(new Set(all).size).toBe(260);
  });

  it('labels the slices of a headless Service and gives the hostname only to pods in its subdomain', () => {
    const c = smallCluster();
    c.create(pod('a', { app: 'h' }, { spec: { hostname: 'a', subdomain: 'h' } }));
    c.create(pod('b', { app: 'h' }, { spec: { hostname: 'b', subdomain: 'other' } }));
    c.create(service('h', { app: 'h' }, { clusterIP: 'None' }));
    const [s] = slicesOf(c, 'h');
    expect(s.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(Object.fromEntries(s.endpoints.map((e) => [e.targetRef!.name, e.hostname]))).toEqual({ a: 'a', b: undefined });
    expect(c.get('Endpoints', 'default', 'h')!.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
  });

  it('deleting the Service deletes its slices and its Endpoints', () => {
    const c = smallCluster();
    c.create(pod('a', { app: 'x' }));
    c.create(service('x', { app: 'x' }));
    expect(slicesOf(c, 'x')).toHaveLength(1);
    c.delete('Service', 'default', 'x');
    expect(slicesOf(c, 'x')).toHaveLength(0);
    expect(c.get('Endpoints', 'default', 'x')).toBeUndefined();
  });
});

describe('Endpoints controller', () => {
  it('sorts addresses by IP as strings and repacks ports into one subset', () => {
    const c = smallCluster();
    c.create(deployment('web', 27, { app: 'web' }, 'default', [{ name: 'http', containerPort: 80 }, { name: 'metrics', containerPort: 9100 }]));
    c.create(service('web', { app: 'web' }, { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9100, targetPort: 'metrics' }] }));
    const ep = c.get('Endpoints', 'default', 'web')!;
    expect(ep.subsets).toHaveLength(1);
    const ips = ep.subsets![0].addresses!.map((a) => a.ip);
    expect(ips).toEqual([...ips].sort());
    expect(ips).toContain('10.244.1.10');
    expect(ips.indexOf('10.244.1.10')).toBeLessThan(ips.indexOf('10.244.1.2'));
    expect(ep.subsets![0].ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'TCP' }]);
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe(c.nowIso());
  });

  it('keeps 1000 addresses and marks the object over capacity', () => {
    const c = new Cluster({ settings: DEFAULT_SETTINGS, seed: 1, now: 0 });
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    // A node whose kubelet takes 1,100 pods (--max-pods; the default 110 would hold the rest Pending).
    const big = node('big1', '172.200.1.1', '10.244.16.0/20');
    c.create({ ...big, status: { ...big.status, allocatable: { cpu: '64', memory: '256Gi', pods: '1100' } } });
    c.create(deployment('many', 1001, { app: 'many' }));
    c.create(service('many', { app: 'many' }));
    const ep = c.get('Endpoints', 'default', 'many')!;
    expect(ep.subsets![0].addresses).toHaveLength(1000);
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
    expect(slicesOf(c, 'many').reduce((n, s) => n + s.endpoints.length, 0)).toBe(1001);
  });
});

describe('selector-less Services', () => {
  it('keep user Endpoints as written and mirror them into slices', () => {
    const c = smallCluster();
    c.create(service('ext', undefined, { ports: [{ name: 'db', port: 5432 }] }));
    c.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.168.1.10' }], notReadyAddresses: [{ ip: '192.168.1.11' }], ports: [{ name: 'db', port: 5432 }] }] });
    expect(c.get('Endpoints', 'default', 'ext')!.subsets?.[0].addresses).toEqual([{ ip: '192.168.1.10' }]);
    const [s] = slicesOf(c, 'ext');
    const ep = c.get('Endpoints', 'default', 'ext')!;
    expect(s.metadata.name).toMatch(/^ext-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'ext', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' });
    expect(s.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Endpoints', name: 'ext', uid: ep.metadata.uid });
    expect(s.ports).toEqual([{ name: 'db', port: 5432, protocol: 'TCP' }]);
    expect(s.endpoints).toEqual([
      { addresses: ['192.168.1.10'], conditions: { ready: true } },
      { addresses: ['192.168.1.11'], conditions: { ready: false } },
    ]);
    c.delete('Endpoints', 'default', 'ext');
    expect(slicesOf(c, 'ext')).toHaveLength(0);
  });

  it('the kubernetes Service has its apiserver-written Endpoints (not mirrored) and slice', () => {
    const c = smallCluster();
    c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] } });
    c.create({ ...c.get('Node', undefined, 'w1')!, metadata: { name: 'late', labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { addresses: [{ type: 'InternalIP', address: '172.200.1.250' }] } });
    expect(c.get('Endpoints', 'default', 'kubernetes')!.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(c.list('EndpointSlice', 'default').map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });
});
