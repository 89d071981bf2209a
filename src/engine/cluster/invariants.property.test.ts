import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from './cluster.ts';
import { deployment, service, smallCluster } from './testing/builders.ts';

const NAMES = ['a', 'b', 'c', 'd'];
const APPS = ['x', 'y', 'z'];

type Op =
  | { op: 'deploy'; name: string; app: string; replicas: number }
  | { op: 'scale'; name: string; replicas: number }
  | { op: 'deleteDeploy'; name: string }
  | { op: 'service'; name: string; app: string; type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; ports: number }
  | { op: 'deleteService'; name: string }
  | { op: 'pod'; name: string; app: string }
  | { op: 'deletePod'; index: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('deploy' as const), name: fc.constantFrom(...NAMES), app: fc.constantFrom(...APPS), replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('scale' as const), name: fc.constantFrom(...NAMES), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ op: fc.constant('deleteDeploy' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('service' as const), name: fc.constantFrom(...NAMES), app: fc.constantFrom(...APPS), type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const), ports: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('deleteService' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('pod' as const), name: fc.constantFrom('p1', 'p2', 'p3'), app: fc.constantFrom(...APPS) }),
  fc.record({ op: fc.constant('deletePod' as const), index: fc.nat() }),
);

function run(c: Cluster, o: Op): void {
  switch (o.op) {
    case 'deploy':
      c.apply(deployment(o.name, o.replicas, { app: o.app, deploy: o.name }));
      break;
    case 'scale': {
      const d = c.get('Deployment', 'default', o.name);
      if (d) c.update({ ...d, spec: { ...d.spec, replicas: o.replicas } });
      break;
    }
    case 'deleteDeploy':
      c.delete('Deployment', 'default', o.name);
      break;
    case 'service':
      c.apply(service(o.name, { app: o.app }, { type: o.type, ports: Array.from({ length: o.ports }, (_, i) => ({ name: `p${i}`, port: 80 + i, targetPort: 8080 + i })) }));
      break;
    case 'deleteService':
      c.delete('Service', 'default', o.name);
      break;
    case 'pod':
      c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: o.name, namespace: 'default', labels: { app: o.app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
      break;
    case 'deletePod': {
      const pods = c.list('Pod', 'default');
      if (pods.length) c.delete('Pod', 'default', pods[o.index % pods.length].metadata.name);
      break;
    }
  }
}

function checkInvariants(c: Cluster): void {
  const services = c.list('Service');
  const ips = services.map((s) => s.spec.clusterIP).filter((ip): ip is string => !!ip && ip !== 'None');
  expect(new Set(ips).size).toBe(ips.length);
  const nodePorts = services.flatMap((s) => [...new Set((s.spec.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p)), ...(s.spec.healthCheckNodePort ? [s.spec.healthCheckNodePort] : [])]);
  expect(new Set(nodePorts).size).toBe(nodePorts.length);
  const pods = c.list('Pod').filter((p) => !p.spec.hostNetwork && p.status?.podIP);
  expect(new Set(pods.map((p) => p.status!.podIP)).size).toBe(pods.length);
  for (const svc of services) {
    if (!svc.spec.selector) continue;
    const slices = c.list('EndpointSlice', svc.metadata.namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
    const ready = c
      .list('Pod', svc.metadata.namespace)
      .filter((p) => Object.entries(svc.spec.selector!).every(([k, v]) => p.metadata.labels?.[k] === v))
      .filter((p) => p.status?.conditions?.some((k) => k.type === 'Ready' && k.status === 'True'));
    for (const p of ready) {
      const hits = slices.filter((s) => s.endpoints.some((e) => e.targetRef?.name === p.metadata.name));
      expect(hits.length).toBe(1);
    }
    // Nothing else is in them.
    const names = new Set(ready.map((p) => p.metadata.name));
    for (const s of slices) for (const e of s.endpoints) expect(names.has(e.targetRef!.name!)).toBe(true);
  }
}

describe('control plane invariants', () => {
  it('any sequence of creates, scales and deletes keeps addresses unique and slices exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(opArb, { maxLength: 25 }), (seed, ops) => {
        const c = smallCluster(seed);
        for (const o of ops) {
          run(c, o);
          checkInvariants(c);
        }
      }),
      { numRuns: 60 },
    );
  });
});
