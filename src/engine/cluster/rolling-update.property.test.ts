import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cluster } from './cluster.ts';
import { deployment, smallCluster } from './testing/builders.ts';

type Step =
  | { kind: 'image'; tag: number }
  | { kind: 'scale'; replicas: number }
  | { kind: 'pause'; paused: boolean }
  | { kind: 'tick'; seconds: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('image' as const), tag: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('pause' as const), paused: fc.boolean() }),
  fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 30 }) }),
);

function change(c: Cluster, f: (spec: ReturnType<typeof deployment>['spec']) => void): void {
  const d = structuredClone(c.get('Deployment', 'default', 'web')!);
  f(d.spec);
  expect(c.update(d).ok).toBe(true);
}

describe('Deployment rollouts (property)', () => {
  it('whatever the sequence of image changes, scales, pauses and waits, a resumed Deployment ends with one ReplicaSet at the desired count, all available', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(0, 10),
        fc.constantFrom('25%', 0, 1, 2),
        fc.constantFrom('25%', 0, 1),
        fc.array(step, { maxLength: 12 }),
        (replicas, delay, maxSurge, maxUnavailable, steps) => {
          // The apiserver refuses both at 0 (ValidateRollingUpdateDeployment).
          fc.pre(!(maxSurge === 0 && maxUnavailable === 0));
          const c = smallCluster();
          const d = deployment('web', replicas, { app: 'web' });
          d.spec.template.spec.containers[0].readinessProbe = { tcpSocket: { port: 'http' }, initialDelaySeconds: delay, periodSeconds: 10 };
          d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } };
          expect(c.create(d).ok).toBe(true);
          for (const s of steps) {
            if (s.kind === 'image') change(c, (spec) => (spec.template.spec.containers[0].image = `nginx:1.2${s.tag}`));
            else if (s.kind === 'scale') change(c, (spec) => (spec.replicas = s.replicas));
            else if (s.kind === 'pause') change(c, (spec) => (spec.paused = s.paused));
            else c.tick(s.seconds);
            // maxSurge bounds the pods the ReplicaSets are sized for, whatever the step.
            const want = c.get('Deployment', 'default', 'web')!.spec.replicas ?? 1;
            const surge = typeof maxSurge === 'number' ? maxSurge : Math.ceil(want / 4);
            const sized = c.list('ReplicaSet', 'default').reduce((n, rs) => n + (rs.spec.replicas ?? 1), 0);
            expect(sized).toBeLessThanOrEqual(want + surge);
          }
          change(c, (spec) => (spec.paused = false));
          for (let i = 0; i < 40 && c.nextChangeAt() !== undefined; i++) c.tick(Math.max(1, (c.nextChangeAt()! - c.now()) / 1000));
          const final = c.get('Deployment', 'default', 'web')!;
          const desired = final.spec.replicas ?? 1;
          const active = c.list('ReplicaSet', 'default').filter((rs) => (rs.spec.replicas ?? 1) > 0);
          expect(active.length).toBe(desired === 0 ? 0 : 1);
          if (desired > 0) expect(active[0].spec.template.spec.containers[0].image).toBe(final.spec.template.spec.containers[0].image);
          expect(c.list('Pod', 'default')).toHaveLength(desired);
          expect(final.status?.updatedReplicas ?? 0).toBe(desired);
          expect(final.status?.availableReplicas ?? 0).toBe(desired);
        },
      ),
      { numRuns: 150 },
    );
  });
});
