/** parseIP's IPv4 reading matches the dotted-decimal pattern the validators document, octet by octet. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIP } from './ip.ts';

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function byPattern(s: string): number[] | undefined {
  const m = V4.exec(s);
  if (!m) return undefined;
  const out = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  return out.every((b) => b <= 255) ? out : undefined;
}

const text = fc.oneof(
  fc.tuple(fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(999)).map((p) => p.join('.')),
  fc.stringMatching(/^[0-9.]{0,16}$/),
  fc.constantFrom('010.001.0.1', '1.2.3.4.', '.1.2.3', '1..2.3', '1.2.3.4\n', '256.1.1.1', '1.2.3.04', ' 1.2.3.4'),
);

describe('parseIP (IPv4)', () => {
  it('reads exactly the dotted-decimal forms the pattern accepts', () => {
    fc.assert(
      fc.property(text, (s) => {
        const v4 = byPattern(s);
        if (v4) expect(parseIP(s)).toEqual(v4);
        else if (!s.includes(':')) expect(parseIP(s)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
