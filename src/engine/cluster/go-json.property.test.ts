/**
 * goJson is encoding/json.Marshal of unstructured data: keys sorted, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped. Checked against a plain recursive encoder on random JSON-like values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goJson } from './apply.ts';

function reference(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${reference(k)}:${reference(o[k])}`).join(',')}}`;
}

const key = fc.oneof(fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'name', 'a', 'b', 'z', '_x', 'a<b'), fc.string({ maxLength: 6 }));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }),
    fc.constantFrom('<tag>', 'a&b', '\u2028', 'plain'),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('goJson', () => {
  it('equals a plain sorted-key encoder with Go escapes', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(goJson(v)).toBe(reference(v));
      }),
      { numRuns: 500 },
    );
  });
  it('sorts keys at every depth and leaves the value unchanged', () => {
    const v = { spec: { z: 1, a: [{ y: '<', b: 2 }] }, kind: 'K', apiVersion: 'v1' };
    const before = JSON.stringify(v);
    expect(goJson(v)).toBe('{"apiVersion":"v1","kind":"K","spec":{"a":[{"b":2,"y":"\\u003c"}],"z":1}}');
    expect(JSON.stringify(v)).toBe(before);
  });
});
