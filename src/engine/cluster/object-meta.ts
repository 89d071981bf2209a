/**
 * What the API server fills into every stored object's metadata: uid, resourceVersion,
 * creationTimestamp, generated names. All drawn from the seeded generator and the simulated clock.
 */
import type { Rand } from '../rand.ts';
import { randomSuffix } from '../rand.ts';

/** A UUID v4 (`07866fcb-4849-4d8d-94f6-0af4d3324a5f`) from the seeded generator, as uuid.NewUUID would look. */
const HEX_DIGITS = '0123456789abcdef';

/**
 * A UUID v4 (`07866fcb-4849-4d8d-94f6-0af4d3324a5f`) from the seeded generator, as uuid.NewUUID
 * would look. Built from character codes: a flat string (a `+`-built one keeps a tree of pieces
 * alive, ten times the memory over 100,000 objects).
 */
export function newUid(rand: Rand): string {
  const words = [rand.nextUint32(), rand.nextUint32(), rand.nextUint32(), rand.nextUint32()];
  words[1] = ((words[1] & 0xffff0fff) | 0x00004000) >>> 0; // version 4
  words[2] = ((words[2] & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
  const codes: number[] = [];
  for (let w = 0; w < 4; w++) {
    for (let k = 7; k >= 0; k--) {
      const pos = w * 8 + (7 - k);
      if (pos === 8 || pos === 12 || pos === 16 || pos === 20) codes.push(45);
      codes.push(HEX_DIGITS.charCodeAt((words[w] >>> (k * 4)) & 15));
    }
  }
  return String.fromCharCode(...codes);
}

/** The same text as one flat string (see newUid). */
export function flat(s: string): string {
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return String.fromCharCode(...codes);
}

/** RFC 3339 in UTC with second precision, as metav1.Time marshals (`2020-02-08T01:26:51Z`). */
export function rfc3339(ms: number): string {
  return flat(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
}

/** metav1.MicroTime / RFC3339Nano trimmed the way Go prints it (`2020-02-08T01:26:51.123Z`, `...51Z`). */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.?0+Z$/, 'Z');
}

/** The apiserver's names.SimpleNameGenerator: base (cut to 58 characters) + 5 random characters. */
export function generateName(base: string, rand: Rand): string {
  const maxBase = 63 - 5;
  return flat((base.length > maxBase ? base.slice(0, maxBase) : base) + randomSuffix(rand, 5));
}
