import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { smallSort, sortStrings } from './small-sort.ts';

describe('small sorts', () => {
  it('order strings as the built-in sort does', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 40 }), (a) => {
      expect(sortStrings([...a])).toEqual([...a].sort());
    }));
  });

  it('order by a comparator as the built-in stable sort does, ties kept in place', () => {
    fc.assert(fc.property(fc.array(fc.record({ k: fc.integer({ min: 0, max: 5 }), id: fc.nat() }), { maxLength: 40 }), (a) => {
      const cmp = (x: { k: number }, y: { k: number }) => x.k - y.k;
      expect(smallSort([...a], cmp)).toEqual([...a].sort(cmp));
    }));
  });
});
