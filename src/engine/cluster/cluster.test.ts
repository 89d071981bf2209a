import { describe, expect, it } from 'vitest';
import { deployment, service, smallCluster } from './testing/builders.ts';

describe('Cluster smoke', () => {
  it('runs a deployment behind a service', () => {
    const c = smallCluster();
    expect(c.create(deployment('web', 3, { app: 'web' })).ok).toBe(true);
    const r = c.create(service('web', { app: 'web' }));
    expect(r.ok).toBe(true);
    const pods = c.list('Pod', 'default');
    expect(pods).toHaveLength(3);
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['w1', 'w2', 'w3']);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    const slices = c.list('EndpointSlice', 'default');
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints).toHaveLength(3);
    const ep = c.get('Endpoints', 'default', 'web');
    expect(ep?.subsets?.[0].addresses).toHaveLength(3);
    const d = c.get('Deployment', 'default', 'web');
    expect(d?.status?.availableReplicas).toBe(3);
  });
});
