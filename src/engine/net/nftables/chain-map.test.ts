import { describe, it, expect } from 'vitest';
import { NftChainMap } from './chain-map.ts';
import type { NftChain } from './types.ts';

const chain = (name: string): NftChain => ({ name, rules: [] });
// Keys as kube-proxy's names carry them: `<prefix>-<8 chars>-<key>[__<endpoint>]`.
const keyOf = (name: string) => {
  const dash = name.indexOf('-');
  if (dash < 0 || name[dash + 9] !== '-') return undefined;
  const end = name.indexOf('__', dash + 10);
  return end < 0 ? name.slice(dash + 10) : name.slice(dash + 10, end);
};

describe('NftChainMap', () => {
  const direct = new Map([['nat-prerouting', chain('nat-prerouting')], ['services', chain('services')]]);
  const a = [chain('endpoint-AAAAAAAA-ns/a/tcp/__10.0.0.1/80'), chain('service-BBBBBBBB-ns/a/tcp/')];
  // A truncated name no longer ends with its key: still found.
  const b = [chain('endpoint-CCCCCCCC-ns/b/tcp/p__10.0.0...'), chain('service-DDDDDDDD-ns/b/tcp/p')];
  const map = new NftChainMap(direct, keyOf);
  map.addGroup('ns/a/tcp/', a);
  map.addGroup('ns/b/tcp/p', b);

  it('finds single chains, group chains and truncated names, and nothing else', () => {
    expect(map.get('services')).toBe(direct.get('services'));
    expect(map.get('service-BBBBBBBB-ns/a/tcp/')).toBe(a[1]);
    expect(map.get('endpoint-AAAAAAAA-ns/a/tcp/__10.0.0.1/80')).toBe(a[0]);
    expect(map.get('endpoint-CCCCCCCC-ns/b/tcp/p__10.0.0...')).toBe(b[0]);
    expect(map.get('service-BBBBBBBB-ns/b/tcp/p')).toBeUndefined();
    expect(map.has('nope')).toBe(false);
  });

  it('iterates in creation order: single chains, then each group', () => {
    expect(map.size).toBe(6);
    expect([...map.keys()]).toEqual(['nat-prerouting', 'services', a[0].name, a[1].name, b[0].name, b[1].name]);
    expect([...map].map(([k, c]) => k === c.name)).toEqual([true, true, true, true, true, true]);
  });
});
