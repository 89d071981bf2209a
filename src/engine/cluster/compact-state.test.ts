/**
 * Outcomes the control plane's compact bookkeeping must not change: pods found by a Service
 * selecting a label key no Service used before, a pod's start-up events after the pod changes,
 * addresses on a node with a big pod range, spreading a Deployment wider than the small-owner
 * form, and a new Deployment's status.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../api/core.ts';
import { Cluster } from './cluster.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { deployment, service, smallCluster } from './testing/builders.ts';

function addresses(c: Cluster, svc: string): string[] {
  const slices = c.list('EndpointSlice').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);
  return slices.flatMap((s) => s.endpoints.map((e) => e.addresses[0])).sort();
}

describe('pods found by label', () => {
  it('a Service selecting a key no Service used before finds the pods already running', () => {
    const c = smallCluster();
    c.create(deployment('web', 3, { app: 'web', tier: 'front' }));
    c.create(service('by-app', { app: 'web' }));
    // `tier` was on the pods before any Service selected on it.
    c.create(service('by-tier', { tier: 'front' }));
    const ips = c.list('Pod', 'default').map((p) => p.status!.podIP!).sort();
    expect(ips).toHaveLength(3);
    expect(addresses(c, 'by-tier')).toEqual(ips);
    expect(addresses(c, 'by-app')).toEqual(ips);
  });

  it('a pod relabelled to match joins the Service, and leaves it when the label goes', () => {
    const c = smallCluster();
    c.create(service('canary', { track: 'canary' }));
    c.create(deployment('web', 2, { app: 'web' }));
    expect(addresses(c, 'canary')).toEqual([]);
    const pod = c.list('Pod', 'default')[0];
    c.update({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, track: 'canary' } } });
    expect(addresses(c, 'canary')).toEqual([pod.status!.podIP!]);
    const now = c.get('Pod', 'default', pod.metadata.name)!;
    const { track: _track, ...rest } = now.metadata.labels!;
    c.update({ ...now, metadata: { ...now.metadata, labels: rest } });
    expect(addresses(c, 'canary')).toEqual([]);
  });
});

describe('pod start-up events', () => {
  const reasons = (c: Cluster, name: string) => c.events('Pod', 'default', name).map((e) => `${e.reason}: ${e.message}`);

  it('stay the same after the pod is relabelled', () => {
    const c = smallCluster();
    c.create(deployment('web', 1, { app: 'web' }));
    const pod = c.list('Pod', 'default')[0];
    const before = reasons(c, pod.metadata.name);
    expect(before).toEqual([
      `Scheduled: Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}`,
      'Pulled: Container image "nginx:1.14-alpine" already present on machine',
      'Created: Created container: web',
      'Started: Started container web',
    ]);
    c.update({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, extra: 'x' } } });
    expect(reasons(c, pod.metadata.name)).toEqual(before);
  });

  it('outlive the deleted pod, with the kubelet\'s Killing, and a namesake pod shows only its own', () => {
    const c = smallCluster();
    const solo: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    c.create(structuredClone(solo));
    expect(reasons(c, 'solo')).toHaveLength(4);
    const first = c.get('Pod', 'default', 'solo')!;
    c.delete('Pod', 'default', 'solo');
    const only = (n: string) => c.events('Pod', 'default', n).map((e) => e.reason);
    expect(only('solo')).toEqual(['Scheduled', 'Pulled', 'Created', 'Started', 'Killing']);
    const killing = c.events('Pod', 'default', 'solo').at(-1)!;
    expect(killing).toMatchObject({ type: 'Normal', message: 'Stopping container c', source: 'kubelet', host: first.spec.nodeName, involvedObject: { uid: first.metadata.uid, fieldPath: 'spec.containers{c}' } });
    c.create(structuredClone(solo));
    expect(only('solo')).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
    // kubectl get events lists both pods' events until their hour is up.
    expect(c.allEvents().filter((e) => e.involvedObject.name === 'solo')).toHaveLength(9);
  });
});

describe('pod addresses on a node with a big range', () => {
  it('a /15 podCIDR hands out the addresses after the gateway, and a released one is not handed out again at once', () => {
    const c = new Cluster({ settings: { ...DEFAULT_SETTINGS, podSubnet: '10.0.0.0/8' }, seed: 1, now: Date.UTC(2025, 0, 1) });
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const big: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'big' },
      spec: { podCIDR: '10.2.0.0/15' },
      status: { addresses: [{ type: 'InternalIP', address: '172.16.0.9' }] },
    };
    c.create(big);
    c.create(deployment('web', 3, { app: 'web' }));
    const pods = c.list('Pod', 'default');
    expect(pods.map((p) => p.status!.podIP).sort()).toEqual(['10.2.0.2', '10.2.0.3', '10.2.0.4']);
    const gone = pods[0].status!.podIP!;
    c.delete('Pod', 'default', pods[0].metadata.name);
    // The ReplicaSet's replacement continues after the last address handed out (host-local).
    const kept = pods.map((p) => p.status!.podIP!).filter((ip) => ip !== gone);
    expect(c.list('Pod', 'default').map((p) => p.status!.podIP).sort()).toEqual([...kept, '10.2.0.5'].sort());
  });
});

describe('spreading', () => {
  it('a Deployment wider than 32 nodes puts one pod on each before doubling up', () => {
    const c = new Cluster({ settings: { ...DEFAULT_SETTINGS, podSubnet: '10.0.0.0/8' }, seed: 1, now: Date.UTC(2025, 0, 1) });
    c.batch(() => {
      c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
      for (let i = 0; i < 40; i++) {
        c.create({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: `n${String(i).padStart(2, '0')}` },
          spec: { podCIDR: `10.1.${i}.0/24` },
          status: { addresses: [{ type: 'InternalIP', address: `172.16.1.${i + 1}` }] },
        });
      }
    });
    c.create(deployment('wide', 45, { app: 'wide' }));
    const perNode = new Map<string, number>();
    for (const p of c.list('Pod', 'default')) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect(perNode.size).toBe(40);
    expect([...perNode.values()].sort()).toEqual([...Array<number>(35).fill(1), ...Array<number>(5).fill(2)]);
    // Scaling down and up again keeps the spread.
    const d = c.get('Deployment', 'default', 'wide')!;
    c.update({ ...d, spec: { ...d.spec, replicas: 40 } });
    const d2 = c.get('Deployment', 'default', 'wide')!;
    c.update({ ...d2, spec: { ...d2.spec, replicas: 80 } });
    const again = new Map<string, number>();
    for (const p of c.list('Pod', 'default')) again.set(p.spec.nodeName!, (again.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...again.values()].every((n) => n === 2)).toBe(true);
  });
});

describe('a new Deployment', () => {
  it('ends with the status and ReplicaSet generation a real cluster shows', () => {
    const c = smallCluster();
    c.create(deployment('web', 3, { app: 'web' }));
    const d = c.get('Deployment', 'default', 'web')!;
    const rs = c.list('ReplicaSet', 'default')[0];
    expect(rs.metadata.generation).toBe(1);
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
    ]);
    expect(c.events('Deployment', 'default', 'web').map((e) => e.message)).toEqual([`Scaled up replica set ${rs.metadata.name} from 0 to 3`]);
  });
});
