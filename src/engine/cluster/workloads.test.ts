import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/core.ts';
import { Cluster } from './cluster.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { deployment, node, service, smallCluster } from './testing/builders.ts';

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';

function podsOf(c: Cluster, ns = 'default'): readonly Pod[] {
  return c.list('Pod', ns);
}

describe('determinism', () => {
  const run = (seed: number) => {
    const c = smallCluster(seed);
    c.create(deployment('web', 3, { app: 'web' }));
    c.create(service('web', { app: 'web' }, { type: 'NodePort' }));
    const svc = c.get('Service', 'default', 'web')!;
    return {
      pods: podsOf(c).map((p) => [p.metadata.name, p.metadata.uid, p.status?.podIP]),
      ip: svc.spec.clusterIP,
      nodePort: svc.spec.ports![0].nodePort,
      slices: c.list('EndpointSlice').map((s) => s.metadata.name),
    };
  };
  it('the same seed gives the same names, uids and addresses', () => {
    expect(run(11)).toEqual(run(11));
  });
  it('another seed gives other names and addresses', () => {
    const a = run(11);
    const b = run(12);
    expect(a.pods.map((p) => p[0])).not.toEqual(b.pods.map((p) => p[0]));
    expect(a.ip).not.toBe(b.ip);
    expect(a.slices).not.toEqual(b.slices);
  });
  it('uids have the UUID v4 shape', () => {
    const c = smallCluster(3);
    for (const n of c.list('Node')) expect(n.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('scheduling and pod addresses', () => {
  it('spreads a Deployment over the workers, never on the tainted control plane', () => {
    const c = smallCluster();
    c.create(deployment('web', 7, { app: 'web' }));
    const counts = new Map<string, number>();
    for (const p of podsOf(c)) counts.set(p.spec.nodeName!, (counts.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...counts.entries()].sort()).toEqual([
      ['w1', 3],
      ['w2', 2],
      ['w3', 2],
    ]);
  });
  it('a pod tolerating the control-plane taint may land there; spec.nodeName is kept', () => {
    const c = smallCluster();
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pinned', namespace: 'default' },
      spec: { nodeName: 'master', containers: [{ name: 'c', image: 'busybox' }] },
    });
    const p = c.get('Pod', 'default', 'pinned')!;
    expect([p.spec.nodeName, p.status?.podIP, p.status?.hostIP]).toEqual(['master', '10.244.0.2', '172.200.1.200']);
  });
  it('host-local IPAM: cni0 holds .1, pods get .2 on, continuing after the last reserved address', () => {
    const c = smallCluster();
    c.create(deployment('a', 3, { app: 'a' }));
    expect(podsOf(c).map((p) => p.status?.podIP).sort()).toEqual(['10.244.1.2', '10.244.2.2', '10.244.3.2']);
    const first = podsOf(c).find((p) => p.spec.nodeName === 'w1')!;
    c.delete('Pod', 'default', first.metadata.name);
    // The replacement does not reuse .2: host-local continues after the last reserved address.
    const again = podsOf(c).find((p) => p.spec.nodeName === 'w1')!;
    expect(again.status?.podIP).toBe('10.244.1.3');
  });
  it('the node annotation svcsim.dev/last-reserved-ip and the pod annotation svcsim.dev/pod-ip', () => {
    const c = new Cluster({ settings: DEFAULT_SETTINGS, seed: 1, now: 0 });
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    c.create(node('n1', '192.168.0.1', '10.244.5.0/24', { annotations: { 'svcsim.dev/last-reserved-ip': '10.244.5.254' } }));
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', annotations: { 'svcsim.dev/pod-ip': '10.244.5.77' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'h' }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'busybox' }] } });
    // .254 was the last: it wraps to .2 (.1 is the bridge).
    expect(['a', 'b', 'h'].map((n) => c.get('Pod', 'default', n)!.status?.podIP)).toEqual(['10.244.5.2', '10.244.5.77', '192.168.0.1']);
  });
  it('the kubelet fills a v1.33 status and keeps a status written in the scenario', () => {
    const c = smallCluster();
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', annotations: { 'svcsim.dev/ready': 'false' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
    const x = c.get('Pod', 'default', 'x')!;
    expect(x.status?.phase).toBe('Running');
    expect(x.status?.qosClass).toBe('BestEffort');
    expect(x.status?.conditions?.map((k) => `${k.type}=${k.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=False', 'ContainersReady=False', 'PodScheduled=True']);
    expect(x.status?.conditions?.[2].message).toBe('containers with unready status: [app]');
    expect(x.status?.containerStatuses?.[0]).toMatchObject({ name: 'app', ready: false, restartCount: 0, started: true });
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pasted' }, spec: { nodeName: 'w2', containers: [{ name: 'app', image: 'nginx' }] }, status: { phase: 'Running', podIP: '10.244.2.99', hostIP: '172.200.1.202' } });
    expect(c.get('Pod', 'default', 'pasted')!.status).toEqual({ phase: 'Running', podIP: '10.244.2.99', hostIP: '172.200.1.202' });
  });
  it('records Scheduled and the kubelet events with their real messages', () => {
    const c = smallCluster();
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'mynginx', image: 'nginx:1.14-alpine' }] } });
    const node = c.get('Pod', 'default', 'x')!.spec.nodeName;
    expect(c.events('Pod', 'default', 'x').map((e) => [e.reason, e.source, e.message])).toEqual([
      ['Scheduled', 'default-scheduler', `Successfully assigned default/x to ${node}`],
      ['Pulled', 'kubelet', 'Container image "nginx:1.14-alpine" already present on machine'],
      ['Created', 'kubelet', 'Created container: mynginx'],
      ['Started', 'kubelet', 'Started container mynginx'],
    ]);
  });
});

describe('Deployments', () => {
  it('names the ReplicaSet <deploy>-<hash> and pods <rs>-<5 chars>, with labels, owners and events', () => {
    const c = smallCluster();
    c.create(deployment('mynginx-deploy', 3, { app: 'mynginx' }));
    const [rs] = c.list('ReplicaSet', 'default');
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`mynginx-deploy-${hash}`);
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'mynginx-deploy', controller: true });
    for (const p of podsOf(c)) {
      expect(p.metadata.name).toMatch(new RegExp(`^mynginx-deploy-${hash}-${SUFFIX}{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'mynginx', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid });
    }
    expect(c.events('Deployment', 'default', 'mynginx-deploy').map((e) => [e.reason, e.source, e.message])).toEqual([
      ['ScalingReplicaSet', 'deployment-controller', `Scaled up replica set ${rs.metadata.name} from 0 to 3`],
    ]);
    expect(c.events('ReplicaSet', 'default', rs.metadata.name).map((e) => e.message).sort()).toEqual(podsOf(c).map((p) => `Created pod: ${p.metadata.name}`).sort());
    const d = c.get('Deployment', 'default', 'mynginx-deploy')!;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.conditions?.map((k) => [k.type, k.status, k.reason, k.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
    ]);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('keeps events for an hour after their last write, as --event-ttl does', () => {
    const c = smallCluster();
    c.create(deployment('web', 2, { app: 'web' }));
    c.tick(3599);
    expect(c.events('Deployment', 'default', 'web')).toHaveLength(1);
    c.tick(1);
    expect(c.events('Deployment', 'default', 'web')).toEqual([]);
    // A new event shows alone: the expired one stays gone.
    c.update({ ...c.get('Deployment', 'default', 'web')!, spec: { ...c.get('Deployment', 'default', 'web')!.spec, replicas: 3 } });
    expect(c.events('Deployment', 'default', 'web').map((e) => e.message)).toEqual([expect.stringMatching(/^Scaled up replica set web-\w+ from 2 to 3$/)]);
  });

  it('scales down not-ready pods first, then the newest', () => {
    const c = smallCluster();
    c.create(deployment('web', 3, { app: 'web' }));
    c.tick(10);
    const d = c.get('Deployment', 'default', 'web')!;
    c.update({ ...d, spec: { ...d.spec, replicas: 4 } });
    const newest = podsOf(c).find((p) => p.metadata.creationTimestamp === c.nowIso())!;
    c.update({ ...c.get('Deployment', 'default', 'web')!, spec: { ...d.spec, replicas: 3 } });
    expect(c.get('Pod', 'default', newest.metadata.name)).toBeUndefined();
    expect(podsOf(c)).toHaveLength(3);
    const rs = c.list('ReplicaSet', 'default')[0];
    expect(c.events('Deployment', 'default', 'web').map((e) => e.message)).toEqual([
      `Scaled up replica set ${rs.metadata.name} from 0 to 3`,
      `Scaled up replica set ${rs.metadata.name} from 3 to 4`,
      `Scaled down replica set ${rs.metadata.name} from 4 to 3`,
    ]);
  });

  it('rolls out a changed template: a new ReplicaSet step by step, the old kept at 0', () => {
    const c = smallCluster();
    c.create(deployment('web', 3, { app: 'web' }));
    const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
    const oldIPs = podsOf(c).map((p) => p.status?.podIP);
    const d = c.get('Deployment', 'default', 'web')!;
    const next = structuredClone(d);
    next.spec.template.spec.containers[0].image = 'nginx:1.27';
    expect(c.update(next).ok).toBe(true);
    const sets = c.list('ReplicaSet', 'default');
    expect(sets).toHaveLength(2);
    const newRs = sets.find((r) => r.metadata.name !== oldRs)!;
    expect(c.get('ReplicaSet', 'default', oldRs)!.spec.replicas).toBe(0);
    expect(newRs.spec.replicas).toBe(3);
    expect(newRs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const pods = podsOf(c);
    expect(pods.every((p) => p.metadata.name.startsWith(`${newRs.metadata.name}-`))).toBe(true);
    expect(pods.some((p) => oldIPs.includes(p.status?.podIP))).toBe(false);
    const msgs = c.events('Deployment', 'default', 'web').map((e) => e.message).slice(1);
    expect(msgs).toEqual([
      `Scaled up replica set ${newRs.metadata.name} from 0 to 1`,
      `Scaled down replica set ${oldRs} from 3 to 2`,
      `Scaled up replica set ${newRs.metadata.name} from 1 to 2`,
      `Scaled down replica set ${oldRs} from 2 to 1`,
      `Scaled up replica set ${newRs.metadata.name} from 2 to 3`,
      `Scaled down replica set ${oldRs} from 1 to 0`,
    ]);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const c = smallCluster();
    const base = deployment('web', 1, { app: 'web' });
    base.spec.revisionHistoryLimit = 1;
    c.create(base);
    for (const tag of ['a', 'b', 'c']) {
      const d = structuredClone(c.get('Deployment', 'default', 'web')!);
      d.spec.template.spec.containers[0].image = `nginx:${tag}`;
      c.update(d);
    }
    expect(c.list('ReplicaSet', 'default')).toHaveLength(2);
  });

  it('refuses absurd replica counts with svcsim limit message', () => {
    const c = smallCluster();
    const r = c.create(deployment('huge', 1_000_000_000, { app: 'huge' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe('Forbidden');
      expect(r.error.message).toContain('svcsim limit');
      expect(r.error.message).toContain('200000 pods');
    }
    expect(podsOf(c)).toHaveLength(0);
  });

  it('adopts pasted ReplicaSets and pods whose owners name them', () => {
    const c = smallCluster();
    c.batch(() => {
      const d = deployment('web', 1, { app: 'web' });
      c.create(d);
      const template = c.get('Deployment', 'default', 'web')!.spec.template;
      const labels = { app: 'web', 'pod-template-hash': 'abc12' };
      c.create({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-abc12', namespace: 'default', labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'from-another-cluster', controller: true }] },
        spec: { replicas: 1, selector: { matchLabels: labels }, template: { ...template, metadata: { labels } } },
      });
      c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-abc12-xyzzy', namespace: 'default', labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc12', uid: 'old', controller: true }] },
        spec: { ...template.spec, nodeName: 'w2' },
        status: { phase: 'Running', podIP: '10.244.2.50', conditions: [{ type: 'Ready', status: 'True' }] },
      });
    });
    expect(c.list('ReplicaSet', 'default').map((r) => r.metadata.name)).toEqual(['web-abc12']);
    expect(c.get('ReplicaSet', 'default', 'web-abc12')!.metadata.ownerReferences?.[0].uid).toBe(c.get('Deployment', 'default', 'web')!.metadata.uid);
    expect(podsOf(c).map((p) => [p.metadata.name, p.status?.podIP])).toEqual([['web-abc12-xyzzy', '10.244.2.50']]);
    expect(c.get('Pod', 'default', 'web-abc12-xyzzy')!.metadata.ownerReferences?.[0].uid).toBe(c.get('ReplicaSet', 'default', 'web-abc12')!.metadata.uid);
  });
});
