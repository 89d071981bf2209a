import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSortArray } from './go-sort.ts';

describe("Go's sort.Sort", () => {
  it('sorts any list into order, keeping every element', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (xs) => {
        const sorted = goSortArray([...xs], (a, b) => a < b);
        expect(sorted).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it('is stable up to 12 elements (insertion sort), as Go is', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), (keys) => {
        const items = keys.map((k, i) => ({ k, i }));
        const sorted = goSortArray([...items], (a, b) => a.k < b.k);
        expect(sorted).toEqual([...items].sort((a, b) => a.k - b.k));
      }),
    );
  });

  it('orders ties past 12 elements exactly as Go 1.19+ sort.Sort does (pdqsort moves equal keys)', () => {
    // Keys (i * 7) % 5 for i < 40 and i < 100; the orders printed by the same program in Go 1.19.8.
    const golden: Record<number, string> = {
      40: '20,10,35,30,25,5,0,15,28,3,8,38,33,13,23,18,26,11,6,36,16,21,31,1,19,34,24,39,14,29,9,4,22,12,17,2,32,37,7,27',
      100:
        '20,50,95,45,35,5,70,0,30,85,10,55,80,60,25,15,75,40,90,65,23,3,53,8,63,78,13,73,43,83,58,98,88,33,18,93,48,68,38,28,' +
        '51,26,1,96,91,6,46,86,36,11,81,76,16,31,71,41,56,21,66,61,69,79,99,24,64,39,94,4,44,29,19,54,89,9,74,84,49,34,14,59,' +
        '37,97,82,32,52,17,47,12,62,77,87,57,92,67,27,2,22,72,42,7',
    };
    for (const n of [40, 100]) {
      const items = Array.from({ length: n }, (_, i) => ({ k: (i * 7) % 5, i }));
      expect(goSortArray(items, (a, b) => a.k < b.k).map((x) => x.i).join(',')).toBe(golden[n]);
    }
  });
});
