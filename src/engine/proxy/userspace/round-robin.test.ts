import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rand } from '../../rand.ts';
import { LoadBalancerRR, shuffleStrings } from './round-robin.ts';

const EPS = ['10.244.1.5:8080', '10.244.2.7:8080', '10.244.3.9:8080'];

function next(lb: LoadBalancerRR, client = '10.244.1.20', now = 0, reset = false): string {
  const r = lb.nextEndpoint('shop/web:/TCP', client, reset, now);
  if ('error' in r) throw new Error(r.error);
  return r.endpoint;
}

describe('LoadBalancerRR', () => {
  it('round-robins over the shuffled list, starting at index 0', () => {
    const lb = new LoadBalancerRR(new Rand(11));
    lb.newService('shop/web:/TCP', 'None', 0);
    lb.setEndpoints('shop/web:/TCP', EPS);
    const order = lb.inspect('shop/web:/TCP')!.endpoints;
    expect([...order].sort()).toEqual(EPS);
    expect([next(lb), next(lb), next(lb), next(lb), next(lb), next(lb)]).toEqual([...order, ...order]);
  });

  it('reshuffles and restarts at 0 when the set changes, not when only the order does', () => {
    const lb = new LoadBalancerRR(new Rand(5));
    lb.newService('shop/web:/TCP', 'None', 0);
    lb.setEndpoints('shop/web:/TCP', EPS);
    next(lb);
    const before = lb.inspect('shop/web:/TCP')!;
    lb.setEndpoints('shop/web:/TCP', [...EPS].reverse());
    expect(lb.inspect('shop/web:/TCP')).toMatchObject({ index: 1, endpoints: before.endpoints });
    lb.setEndpoints('shop/web:/TCP', [...EPS, '10.244.1.6:8080']);
    expect(lb.inspect('shop/web:/TCP')!.index).toBe(0);
  });

  it('is exactly even over any whole number of rounds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, rounds, seed) => {
      const lb = new LoadBalancerRR(new Rand(seed));
      lb.newService('s', 'None', 0);
      lb.setEndpoints('s', Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}:80`));
      const counts = new Map<string, number>();
      for (let i = 0; i < n * rounds; i++) {
        const r = lb.nextEndpoint('s', '1.1.1.1', false, 0);
        if ('endpoint' in r) counts.set(r.endpoint, (counts.get(r.endpoint) ?? 0) + 1);
      }
      return counts.size === n && [...counts.values()].every((c) => c === rounds);
    }));
  });

  it('pins a ClientIP-affinity client until the timeout, then moves it on', () => {
    const lb = new LoadBalancerRR(new Rand(3));
    lb.newService('shop/web:/TCP', 'ClientIP', 10);
    lb.setEndpoints('shop/web:/TCP', EPS);
    const first = next(lb, '10.0.0.7', 0);
    expect(next(lb, '10.0.0.7', 5_000)).toBe(first);
    // 9.999 s after the last use: int(9.999) = 9 < 10, still pinned.
    expect(next(lb, '10.0.0.7', 14_999)).toBe(first);
    // Another client advanced nothing for this one, but the index did move on past `first`.
    expect(next(lb, '10.0.0.7', 25_000)).not.toBe(first);
  });

  it('resets the affinity when asked (after a failed dial)', () => {
    const lb = new LoadBalancerRR(new Rand(3));
    lb.newService('shop/web:/TCP', 'ClientIP', 0);
    lb.setEndpoints('shop/web:/TCP', EPS);
    const first = next(lb, '10.0.0.7');
    const second = next(lb, '10.0.0.7', 0, true);
    expect(second).not.toBe(first);
    expect(next(lb, '10.0.0.7')).toBe(second);
  });

  it('drops affinity to removed endpoints and answers the upstream errors', () => {
    const lb = new LoadBalancerRR(new Rand(3));
    expect(lb.nextEndpoint('x', '1.1.1.1', false, 0)).toEqual({ error: 'missing service entry' });
    lb.newService('x', 'ClientIP', 0);
    expect(lb.nextEndpoint('x', '1.1.1.1', false, 0)).toEqual({ error: 'missing endpoints' });
    lb.setEndpoints('x', EPS);
    const r = lb.nextEndpoint('x', '1.1.1.1', false, 0);
    const pinned = 'endpoint' in r ? r.endpoint : '';
    lb.setEndpoints('x', EPS.filter((e) => e !== pinned));
    expect(lb.inspect('x')!.affinity.has('1.1.1.1')).toBe(false);
    lb.setEndpoints('x', []);
    expect(lb.nextEndpoint('x', '1.1.1.1', false, 0)).toEqual({ error: 'missing endpoints' });
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string(), { maxLength: 12 }), fc.integer(), (xs, seed) => {
      const a = shuffleStrings(xs, new Rand(seed));
      return JSON.stringify(a) === JSON.stringify(shuffleStrings(xs, new Rand(seed))) && [...a].sort().join('\n') === [...xs].sort().join('\n');
    }));
  });
});
