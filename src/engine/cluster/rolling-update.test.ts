import { describe, expect, it } from 'vitest';
import type { Deployment } from '../api/apps.ts';
import type { Cluster } from './cluster.ts';
import { deployment, service, smallCluster } from './testing/builders.ts';

/** Changes the image: a new template, so a new ReplicaSet and a rollout. */
function setImage(c: Cluster, name: string, image: string): void {
  const d = structuredClone(c.get('Deployment', 'default', name)!);
  d.spec.template.spec.containers[0].image = image;
  expect(c.update(d).ok).toBe(true);
}

/** The rollout's ScalingReplicaSet messages, with the ReplicaSets called OLD and NEW. */
function rolloutEvents(c: Cluster, name: string, oldRs: string): string[] {
  const newRs = c.list('ReplicaSet', 'default').find((rs) => rs.metadata.name !== oldRs)!.metadata.name;
  return c
    .events('Deployment', 'default', name)
    .map((e) => e.message.replace(newRs, 'NEW').replace(oldRs, 'OLD'))
    .filter((m) => m.includes('NEW') || m.includes('OLD') && !m.includes('from 0 to'));
}

function counts(c: Cluster): Record<string, number> {
  return Object.fromEntries(c.list('ReplicaSet', 'default').map((rs) => [rs.metadata.name, rs.spec.replicas ?? 1]));
}

/** A Deployment whose pods turn ready `delay` seconds after they start (readiness probe's initialDelaySeconds). */
function slowDeployment(name: string, replicas: number, delay: number): Deployment {
  const d = deployment(name, replicas, { app: name });
  d.spec.template.spec.containers[0].readinessProbe = { tcpSocket: { port: 'http' }, initialDelaySeconds: delay, periodSeconds: 10 };
  return d;
}

describe('a rolling update, sync by sync as rolling.go moves it', () => {
  const CASES: { name: string; replicas: number; strategy?: Deployment['spec']['strategy']; events: string[] }[] = [
    {
      // The syncs right after a scale see the new pods unavailable; the next step waits for them.
      name: '4 replicas (maxSurge 1, maxUnavailable 1): the old ReplicaSet goes down only as far as the available pods allow',
      replicas: 4,
      events: ['up NEW from 0 to 1', 'down OLD from 4 to 3', 'up NEW from 1 to 2', 'down OLD from 3 to 1', 'up NEW from 2 to 4', 'down OLD from 1 to 0'],
    },
    {
      name: '10 replicas (maxSurge 3, maxUnavailable 2)',
      replicas: 10,
      events: ['up NEW from 0 to 3', 'down OLD from 10 to 8', 'up NEW from 3 to 5', 'down OLD from 8 to 3', 'up NEW from 5 to 10', 'down OLD from 3 to 0'],
    },
    {
      name: 'maxSurge 0: the new ReplicaSet is created at 0 and grows as the old one shrinks',
      replicas: 3,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      events: ['down OLD from 3 to 2', 'up NEW from 0 to 1', 'down OLD from 2 to 1', 'up NEW from 1 to 2', 'down OLD from 1 to 0', 'up NEW from 2 to 3'],
    },
  ];
  for (const t of CASES) {
    it(t.name, () => {
      const c = smallCluster();
      const d = deployment('web', t.replicas, { app: 'web' });
      if (t.strategy) d.spec.strategy = t.strategy;
      c.create(d);
      const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
      setImage(c, 'web', 'nginx:1.27');
      expect(rolloutEvents(c, 'web', oldRs)).toEqual(t.events.map((e) => `Scaled ${e.replace(/^(up|down) (NEW|OLD)/, '$1 replica set $2')}`));
      // The old ReplicaSet's counts are omitempty but replicas.
      expect(c.get('ReplicaSet', 'default', oldRs)!.status).toEqual({ replicas: 0, observedGeneration: c.get('ReplicaSet', 'default', oldRs)!.metadata.generation });
    });
  }

  it('waits for the new pods to be ready: a readiness probe\'s initial delay paces the rollout, and the Service keeps the old pods meanwhile', () => {
    const c = smallCluster();
    c.create(slowDeployment('web', 4, 15));
    c.create(service('web', { app: 'web' }));
    c.tick(30);
    const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
    const oldPods = new Set(c.list('Pod', 'default').map((p) => p.metadata.name));
    setImage(c, 'web', 'nginx:1.27');
    const newRs = c.list('ReplicaSet', 'default').find((rs) => rs.metadata.name !== oldRs)!.metadata.name;
    expect(counts(c)).toEqual({ [oldRs]: 3, [newRs]: 2 });
    const d = c.get('Deployment', 'default', 'web')!;
    // unavailable: the 5 pods the ReplicaSets are sized for, less the 3 available (sync.go calculateStatus).
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 2 });
    expect(d.status?.conditions?.find((k) => k.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRs}" is progressing.` });
    // The endpoints: the three old pods ready, the two new ones not yet.
    const slice = c.list('EndpointSlice', 'default').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    const byReady = (ready: boolean) => slice.endpoints.filter((e) => (e.conditions?.ready ?? false) === ready).map((e) => e.targetRef?.name ?? '').sort();
    expect(byReady(true).every((n) => oldPods.has(n))).toBe(true);
    expect(byReady(true)).toHaveLength(3);
    expect(byReady(false).every((n) => n.startsWith(`${newRs}-`))).toBe(true);
    expect(byReady(false)).toHaveLength(2);
    // Nothing moves until the probes pass.
    c.tick(10);
    expect(counts(c)).toEqual({ [oldRs]: 3, [newRs]: 2 });
    c.tick(10);
    expect(counts(c)).toEqual({ [oldRs]: 1, [newRs]: 4 });
    c.tick(20);
    expect(counts(c)).toEqual({ [oldRs]: 0, [newRs]: 4 });
    expect(c.get('Deployment', 'default', 'web')!.status?.conditions?.find((k) => k.type === 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
    expect(c.list('Pod', 'default').every((p) => p.metadata.name.startsWith(`${newRs}-`))).toBe(true);
  });

  it('a rollout whose new pods never turn ready stops there, keeps the old pods, and fails at its progress deadline', () => {
    const c = smallCluster();
    c.create(deployment('web', 2, { app: 'web' }));
    const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
    const d = structuredClone(c.get('Deployment', 'default', 'web')!);
    // A probe on a port nginx does not listen on.
    d.spec.template.spec.containers[0].readinessProbe = { tcpSocket: { port: 9090 } };
    c.update(d);
    const newRs = c.list('ReplicaSet', 'default').find((rs) => rs.metadata.name !== oldRs)!.metadata.name;
    // maxSurge 1, maxUnavailable 0: one new pod, and no old one may go while it is unavailable.
    expect(counts(c)).toEqual({ [oldRs]: 2, [newRs]: 1 });
    const progressing = () => c.get('Deployment', 'default', 'web')!.status?.conditions?.find((k) => k.type === 'Progressing');
    const started = c.nowIso();
    expect(progressing()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: started });
    // The deployment controller looks again 600 s after the last progress, and a second more.
    expect(c.nextChangeAt()).toBe(Date.parse(started) + 601_000);
    c.tick(600);
    expect(progressing()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    c.tick(1);
    expect(progressing()).toMatchObject({
      status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRs}" has timed out progressing.`, lastUpdateTime: c.nowIso(), lastTransitionTime: c.nowIso(),
    });
    expect(counts(c)).toEqual({ [oldRs]: 2, [newRs]: 1 });
    expect(c.nextChangeAt()).toBeUndefined();
    // The Available condition still holds: the old pods serve.
    expect(c.get('Deployment', 'default', 'web')!.status?.conditions?.map((k) => [k.type, k.status])).toEqual([['Available', 'True'], ['Progressing', 'False']]);
  });

  it('scaling a paused Deployment scales its ReplicaSet (sync.go sync), and no new ReplicaSet is made while paused', () => {
    const c = smallCluster();
    c.create(deployment('web', 2, { app: 'web' }));
    const rs = c.list('ReplicaSet', 'default')[0].metadata.name;
    const paused = structuredClone(c.get('Deployment', 'default', 'web')!);
    paused.spec.paused = true;
    c.update(paused);
    const scaled = structuredClone(c.get('Deployment', 'default', 'web')!);
    scaled.spec.replicas = 4;
    scaled.spec.template.spec.containers[0].image = 'nginx:1.27';
    c.update(scaled);
    expect(counts(c)).toEqual({ [rs]: 4 });
    expect(c.events('Deployment', 'default', 'web').map((e) => e.message).at(-1)).toBe(`Scaled up replica set ${rs} from 2 to 4`);
    expect(c.get('ReplicaSet', 'default', rs)!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
  });

  it('scaling mid-rollout shares the new pods out in proportion (the documentation\'s example: 10 -> 15 with maxSurge 3, maxUnavailable 2)', () => {
    // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#proportional-scaling
    const c = smallCluster();
    const d = deployment('web', 10, { app: 'web' });
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    c.create(d);
    const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
    // A new image whose pods never turn ready: the rollout stops at 8 old and 5 new.
    const bad = structuredClone(c.get('Deployment', 'default', 'web')!);
    bad.spec.template.spec.containers[0].image = 'nginx:sometag';
    bad.spec.template.spec.containers[0].readinessProbe = { tcpSocket: { port: 9090 } };
    c.update(bad);
    const newRs = c.list('ReplicaSet', 'default').find((rs) => rs.metadata.name !== oldRs)!.metadata.name;
    expect(counts(c)).toEqual({ [oldRs]: 8, [newRs]: 5 });
    const more = structuredClone(c.get('Deployment', 'default', 'web')!);
    more.spec.replicas = 15;
    c.update(more);
    // 5 more within 15 + 3: 3 to the old ReplicaSet, 2 to the new one.
    expect(counts(c)).toEqual({ [oldRs]: 11, [newRs]: 7 });
    expect(rolloutEvents(c, 'web', oldRs).slice(-2)).toEqual(['Scaled up replica set OLD from 8 to 11', 'Scaled up replica set NEW from 5 to 7']);
  });

  it('minReadySeconds: a ready pod counts as available only after that long, and each rollout step waits for it', () => {
    const c = smallCluster();
    const d = deployment('web', 4, { app: 'web' });
    d.spec.minReadySeconds = 10;
    c.create(d);
    const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
    const status = () => c.get('Deployment', 'default', 'web')!.status;
    expect(status()).toMatchObject({ replicas: 4, readyReplicas: 4, unavailableReplicas: 4 });
    expect(status()?.availableReplicas).toBeUndefined();
    expect(c.nextChangeAt()).toBe(c.now() + 10_000);
    c.tick(9);
    expect(status()?.availableReplicas).toBeUndefined();
    c.tick(1);
    expect(status()).toMatchObject({ availableReplicas: 4 });
    expect(c.get('ReplicaSet', 'default', oldRs)!.status).toMatchObject({ readyReplicas: 4, availableReplicas: 4 });
    setImage(c, 'web', 'nginx:1.27');
    const newRs = c.list('ReplicaSet', 'default').find((rs) => rs.metadata.name !== oldRs)!.metadata.name;
    expect(c.get('ReplicaSet', 'default', newRs)!.spec.minReadySeconds).toBe(10);
    expect(counts(c)).toEqual({ [oldRs]: 3, [newRs]: 2 });
    c.tick(10);
    expect(counts(c)).toEqual({ [oldRs]: 1, [newRs]: 4 });
    c.tick(10);
    expect(counts(c)).toEqual({ [oldRs]: 0, [newRs]: 4 });
  });

  it('pausing and resuming show on the Progressing condition (checkPausedConditions)', () => {
    const c = smallCluster();
    c.create(deployment('web', 2, { app: 'web' }));
    const setPaused = (paused: boolean) => {
      const d = structuredClone(c.get('Deployment', 'default', 'web')!);
      d.spec.paused = paused;
      c.update(d);
    };
    const progressing = () => c.get('Deployment', 'default', 'web')!.status?.conditions?.find((k) => k.type === 'Progressing');
    c.tick(5);
    setPaused(true);
    expect(progressing()).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastTransitionTime: c.nowIso() });
    c.tick(5);
    setPaused(false);
    // Resumed, then at once complete again: Unknown -> True is a transition.
    expect(progressing()).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: c.nowIso() });
  });
});

describe('scaling down in the middle of a rollout', () => {
  it('sizes the ReplicaSets proportionally, then the rollout takes the new one down to the count (rolloutRolling after the scale)', () => {
    const c = smallCluster();
    const d = slowDeployment('web', 1, 10);
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    expect(c.create(d).ok).toBe(true);
    const oldRs = c.list('ReplicaSet', 'default')[0].metadata.name;
    setImage(c, 'web', 'nginx:1.21');
    const scaleTo = (n: number) => {
      const live = structuredClone(c.get('Deployment', 'default', 'web')!);
      live.spec.replicas = n;
      expect(c.update(live).ok).toBe(true);
    };
    scaleTo(4);
    c.tick(10);
    scaleTo(1);
    // kubectl's proportional scale leaves 2 (desired 1 + maxSurge 1); the new ReplicaSet then goes to 1.
    // The scale goes largest first (ReplicaSetsBySizeOlder): the new one, then the old.
    expect(rolloutEvents(c, 'web', oldRs).slice(-3)).toEqual([
      'Scaled down replica set NEW from 4 to 2',
      'Scaled down replica set OLD from 1 to 0',
      'Scaled down replica set NEW from 2 to 1',
    ]);
    expect(Object.values(counts(c)).sort()).toEqual([0, 1]);
    expect(c.list('Pod', 'default')).toHaveLength(1);
  });
});
