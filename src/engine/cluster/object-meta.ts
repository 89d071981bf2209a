/**
 * What the API server fills into every stored object's metadata: uid, resourceVersion,
 * creationTimestamp, generated names. All drawn from the seeded generator and the simulated clock.
 */
import type { Rand } from '../rand.ts';
import { randomSuffix } from '../rand.ts';

/** A UUID v4 (`07866fcb-4849-4d8d-94f6-0af4d3324a5f`) from the seeded generator, as uuid.NewUUID would look. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(n: number, digits: 4 | 8): string {
  const s = HEX[(n >>> 8) & 255] + HEX[n & 255];
  return digits === 4 ? s : HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + s;
}

export function newUid(rand: Rand): string {
  const a = rand.nextUint32();
  const b = rand.nextUint32();
  const c = rand.nextUint32();
  const d = rand.nextUint32();
  const timeMid = (b >>> 16) & 0xffff;
  const timeHi = ((b & 0x0fff) | 0x4000) >>> 0;
  const clockSeq = (((c >>> 16) & 0x3fff) | 0x8000) >>> 0;
  const nodeHi = c & 0xffff;
  return `${hex(a, 8)}-${hex(timeMid, 4)}-${hex(timeHi, 4)}-${hex(clockSeq, 4)}-${hex(nodeHi, 4)}${hex(d, 8)}`;
}

/** RFC 3339 in UTC with second precision, as metav1.Time marshals (`2020-02-08T01:26:51Z`). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** metav1.MicroTime / RFC3339Nano trimmed the way Go prints it (`2020-02-08T01:26:51.123Z`, `...51Z`). */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.?0+Z$/, 'Z');
}

/** The apiserver's names.SimpleNameGenerator: base (cut to 58 characters) + 5 random characters. */
export function generateName(base: string, rand: Rand): string {
  const maxBase = 63 - 5;
  return (base.length > maxBase ? base.slice(0, maxBase) : base) + randomSuffix(rand, 5);
}
