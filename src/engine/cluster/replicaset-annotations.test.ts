/** The new ReplicaSet's annotations as kube-controller-manager v1.33 writes them. */
import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../api/apps.ts';
import type { Cluster } from './cluster.ts';
import { setNewReplicaSetAnnotations } from './replicaset-annotations.ts';
import { deployment, smallCluster } from './testing/builders.ts';

function withImage(c: Cluster, image: string, annotations?: Record<string, string>): void {
  const d = structuredClone(c.get('Deployment', 'default', 'web')!);
  d.spec.template.spec.containers[0].image = image;
  if (annotations) d.metadata.annotations = { ...d.metadata.annotations, ...annotations };
  expect(c.update(d).ok).toBe(true);
}

function byImage(c: Cluster, image: string): ReplicaSet {
  return c.list('ReplicaSet', 'default').find((rs) => rs.spec.template.spec.containers[0].image === image)!;
}

describe('the Deployment controller and ReplicaSet annotations', () => {
  it("copies the Deployment's annotations to the new ReplicaSet, except the skipped ones", () => {
    const c = smallCluster();
    const d = deployment('web', 2, { app: 'web' });
    d.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'kubernetes.io/change-cause': 'kubectl create deployment web',
      team: 'blue',
      'deployment.kubernetes.io/revision-history': '7',
    };
    c.create(d);
    const rs = c.list('ReplicaSet', 'default')[0];
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '2',
      'deployment.kubernetes.io/max-replicas': '3',
      'deployment.kubernetes.io/revision': '1',
      'kubernetes.io/change-cause': 'kubectl create deployment web',
      team: 'blue',
    });
    // A later annotation reaches the existing new ReplicaSet; none is taken away.
    const next = structuredClone(c.get('Deployment', 'default', 'web')!);
    next.metadata.annotations = { team: 'green' };
    c.update(next);
    expect(c.get('ReplicaSet', 'default', rs.metadata.name)!.metadata.annotations).toMatchObject({ team: 'green', 'kubernetes.io/change-cause': 'kubectl create deployment web' });
  });

  it('renumbers a ReplicaSet rolled back to, keeping its old number in revision-history', () => {
    const c = smallCluster();
    c.create(deployment('web', 1, { app: 'web' }));
    const first = c.list('ReplicaSet', 'default')[0];
    const image = first.spec.template.spec.containers[0].image!;
    withImage(c, 'nginx:1.27');
    withImage(c, image);
    const back = c.get('ReplicaSet', 'default', first.metadata.name)!;
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(c.get('Deployment', 'default', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(byImage(c, 'nginx:1.27').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    withImage(c, 'nginx:1.27');
    withImage(c, image);
    const again = c.get('ReplicaSet', 'default', first.metadata.name)!.metadata.annotations!;
    expect([again['deployment.kubernetes.io/revision'], again['deployment.kubernetes.io/revision-history']]).toEqual(['5', '1,3']);
    expect(byImage(c, 'nginx:1.27').metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('2');
  });

  it('caps revision-history at 2000 characters by dropping the oldest numbers', () => {
    const d = deployment('web', 1, { app: 'web' }) as Deployment;
    const history = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(','); // 1999 characters
    const a: Record<string, string> = { 'deployment.kubernetes.io/revision': '5000', 'deployment.kubernetes.io/revision-history': history };
    expect(setNewReplicaSetAnnotations(d, a, 5001)).toBe(true);
    expect(a['deployment.kubernetes.io/revision']).toBe('5001');
    const kept = a['deployment.kubernetes.io/revision-history'];
    expect(kept.startsWith('1001,1002,')).toBe(true);
    expect(kept.endsWith(',1399,5000')).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(2000);
  });

  it('leaves a ReplicaSet whose revision does not parse as it is, and a newer revision alone', () => {
    const d = deployment('web', 1, { app: 'web' }) as Deployment;
    const bad: Record<string, string> = { 'deployment.kubernetes.io/revision': 'x' };
    expect(setNewReplicaSetAnnotations(d, bad, 2)).toBe(false);
    const newer: Record<string, string> = { 'deployment.kubernetes.io/revision': '9' };
    expect(setNewReplicaSetAnnotations(d, newer, 2)).toBe(false);
    expect(newer).toEqual({ 'deployment.kubernetes.io/revision': '9' });
  });
});
