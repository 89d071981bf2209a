import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';
import type { Service } from '../api/core.ts';
import { deployment, service, smallCluster } from './testing/builders.ts';

describe('create', () => {
  it('needs the namespace to exist', () => {
    const c = smallCluster();
    const r = c.create(service('web', { app: 'web' }, {}, 'dev'));
    expect(!r.ok && [r.error.reason, r.error.message]).toEqual(['NotFound', 'namespaces "dev" not found']);
  });
  it('refuses a second object of the same name', () => {
    const c = smallCluster();
    expect(c.create(service('web', { app: 'web' })).ok).toBe(true);
    const r = c.create(service('web', { app: 'web' }));
    expect(!r.ok && [r.error.reason, r.error.code, r.error.message]).toEqual(['AlreadyExists', 409, 'services "web" already exists']);
  });
  it('generates a name from generateName and stamps uid, resourceVersion and creationTimestamp', () => {
    const c = smallCluster();
    const r = c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'cfg-', namespace: 'default' }, data: { a: 'b' } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.object.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(r.object.metadata.creationTimestamp).toBe('2025-06-01T10:00:00Z');
      expect(Number(r.object.metadata.resourceVersion)).toBeGreaterThan(0);
    }
  });
  it('stores new objects and leaves the old ones untouched (snapshots)', () => {
    const c = smallCluster();
    c.create(deployment('web', 1, { app: 'web' }));
    const before = c.get('Deployment', 'default', 'web')!;
    const frozen = JSON.stringify(before);
    c.update({ ...before, spec: { ...before.spec, replicas: 2 } });
    expect(JSON.stringify(before)).toBe(frozen);
    expect(c.get('Deployment', 'default', 'web')).not.toBe(before);
    expect(c.get('Deployment', 'default', 'web')!.metadata.generation).toBe(2);
  });
  it('a dry run stores nothing and allocates nothing', () => {
    const c = smallCluster();
    const r = c.create(service('web', { app: 'web' }, { clusterIP: '10.96.0.77' }), { dryRun: true });
    expect(r.ok).toBe(true);
    expect(c.get('Service', 'default', 'web')).toBeUndefined();
    expect(c.create(service('other', { app: 'x' }, { clusterIP: '10.96.0.77' })).ok).toBe(true);
  });
});

describe('apply (client-side)', () => {
  const file = (): Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'mynginx-service', namespace: 'default' },
    spec: { ports: [{ name: 'http', port: 80, targetPort: 80 }], selector: { app: 'mynginx' } },
  });
  it('creates with the last-applied annotation as kubectl writes it', () => {
    const c = smallCluster();
    const r = c.apply(file());
    expect(r.ok && r.action).toBe('created');
    expect(c.get('Service', 'default', 'mynginx-service')!.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"mynginx-service","namespace":"default"},"spec":{"ports":[{"name":"http","port":80,"targetPort":80}],"selector":{"app":"mynginx"}}}\n',
    });
  });

  it('shows the annotation as a literal block in -o yaml, as its trailing newline makes yaml.v2 write it', () => {
    const s = createSession();
    s.run('kubectl apply -f -', { stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lit\n' });
    expect(s.run('kubectl get ns lit -o yaml').stdout).toContain(
      '    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"lit"}}\n',
    );
  });
  it('reports unchanged for the same file and keeps what the server filled in', () => {
    const c = smallCluster();
    c.apply(file());
    const live = c.get('Service', 'default', 'mynginx-service')!;
    const r = c.apply(file());
    expect(r.ok && r.action).toBe('unchanged');
    expect(c.get('Service', 'default', 'mynginx-service')).toBe(live);
  });
  it('reports configured for a change, keeping the clusterIP and allocating the nodePort once', () => {
    const c = smallCluster();
    c.apply(file());
    const ip = c.get('Service', 'default', 'mynginx-service')!.spec.clusterIP;
    const np = { ...file(), spec: { ...file().spec, type: 'NodePort' as const } };
    const r = c.apply(np);
    expect(r.ok && r.action).toBe('configured');
    const live = c.get('Service', 'default', 'mynginx-service')!;
    expect(live.spec.clusterIP).toBe(ip);
    const port = live.spec.ports![0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30086);
    const again = c.apply(np);
    expect(again.ok && again.action).toBe('unchanged');
    expect(c.get('Service', 'default', 'mynginx-service')!.spec.ports![0].nodePort).toBe(port);
  });
  it('removes a field the user removed since the last apply, keeps fields others set', () => {
    const c = smallCluster();
    const withLabel = { ...file(), metadata: { ...file().metadata, labels: { team: 'a' } } };
    c.apply(withLabel);
    const live = c.get('Service', 'default', 'mynginx-service')!;
    c.update({ ...live, metadata: { ...live.metadata, annotations: { ...live.metadata.annotations, 'other/tool': 'x' } } });
    c.apply(file());
    const after = c.get('Service', 'default', 'mynginx-service')!;
    expect(after.metadata.labels).toBeUndefined();
    expect(after.metadata.annotations?.['other/tool']).toBe('x');
  });
});

describe('update and delete', () => {
  it('update of a missing object is NotFound; a stale resourceVersion is a Conflict', () => {
    const c = smallCluster();
    const r = c.update(service('nope', { app: 'x' }));
    expect(!r.ok && r.error.message).toBe('services "nope" not found');
    c.create(service('web', { app: 'web' }));
    const live = c.get('Service', 'default', 'web')!;
    c.update({ ...live, metadata: { ...live.metadata, labels: { a: 'b' } } });
    const stale = c.update({ ...live, metadata: { ...live.metadata, labels: { a: 'c' } } });
    expect(!stale.ok && [stale.error.reason, stale.error.message]).toEqual([
      'Conflict',
      'Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again',
    ]);
  });
  it('delete of a missing object is NotFound', () => {
    const c = smallCluster();
    const r = c.delete('Service', 'default', 'nope');
    expect(!r.ok && [r.error.reason, r.error.message]).toEqual(['NotFound', 'services "nope" not found']);
  });
  it('deleting a Deployment removes its ReplicaSets and pods and frees their addresses', () => {
    const c = smallCluster();
    c.create(deployment('web', 3, { app: 'web' }));
    c.create(service('web', { app: 'web' }));
    expect(c.delete('Deployment', 'default', 'web').ok).toBe(true);
    expect(c.list('ReplicaSet', 'default')).toHaveLength(0);
    expect(c.list('Pod', 'default')).toHaveLength(0);
    expect(c.list('EndpointSlice', 'default')[0].endpoints).toEqual([]);
    expect(c.get('Endpoints', 'default', 'web')?.subsets).toBeUndefined();
  });
  it('deleting a namespace removes everything in it; default may not be deleted', () => {
    const c = smallCluster();
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    c.create(deployment('web', 2, { app: 'web' }, 'dev'));
    c.create(service('web', { app: 'web' }, { clusterIP: '10.96.0.99' }, 'dev'));
    expect(c.delete('Namespace', undefined, 'dev').ok).toBe(true);
    for (const k of ['Pod', 'Service', 'Deployment', 'ReplicaSet', 'EndpointSlice', 'Endpoints'] as const) expect(c.list(k, 'dev')).toHaveLength(0);
    expect(c.create(service('again', { app: 'x' }, { clusterIP: '10.96.0.99' })).ok).toBe(true);
    const r = c.delete('Namespace', undefined, 'default');
    expect(!r.ok && [r.error.reason, r.error.message]).toEqual(['Forbidden', 'namespaces "default" is forbidden: this namespace may not be deleted']);
  });
});
