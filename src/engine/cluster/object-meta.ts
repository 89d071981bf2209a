/**
 * What the API server fills into every stored object's metadata: uid, resourceVersion,
 * creationTimestamp, generated names. All drawn from the seeded generator and the simulated clock.
 */
import type { Rand } from '../rand.ts';
import { K8S_RAND_ALPHABET } from '../rand.ts';

/** A UUID v4 (`07866fcb-4849-4d8d-94f6-0af4d3324a5f`) from the seeded generator, as uuid.NewUUID would look. */
const HEX_DIGITS = '0123456789abcdef';

/**
 * A UUID v4 (`07866fcb-4849-4d8d-94f6-0af4d3324a5f`) from the seeded generator, as uuid.NewUUID
 * would look. Built from character codes: a flat string (a `+`-built one keeps a tree of pieces
 * alive, ten times the memory over 100,000 objects).
 */
export function newUid(rand: Rand): string {
  const w0 = rand.nextUint32();
  const w1 = ((rand.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0; // version 4
  const w2 = ((rand.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
  const w3 = rand.nextUint32();
  const c = UID_CODES;
  hexWord(c, 0, w0, 0, 8);
  hexWord(c, 9, w1, 0, 4);
  hexWord(c, 14, w1, 4, 8);
  hexWord(c, 19, w2, 0, 4);
  hexWord(c, 24, w2, 4, 8);
  hexWord(c, 28, w3, 0, 8);
  // Thirty-six arguments rather than apply(): V8 builds the string about twice as fast.
  return String.fromCharCode(
    c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17],
    c[18], c[19], c[20], c[21], c[22], c[23], c[24], c[25], c[26], c[27], c[28], c[29], c[30], c[31], c[32], c[33], c[34], c[35],
  );
}

/** Hex digits `from`..`to` (0 = the most significant) of a 32-bit word, written to codes from `at`. */
function hexWord(codes: number[], at: number, word: number, from: number, to: number): void {
  for (let k = from; k < to; k++) codes[at++] = HEX_CODES[(word >>> (28 - 4 * k)) & 15];
}

/** Scratch arrays for generateName, by name length. */
const NAME_CODES: number[][] = [];

/** Scratch space for newUid (reused: 100,000 uids would otherwise allocate 100,000 arrays); the dashes stay put. */
const UID_CODES = new Array<number>(36).fill(45);
const HEX_CODES = Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));

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

/**
 * The apiserver's names.SimpleNameGenerator: base (cut to 58 characters) + 5 random characters
 * (utilrand.String), built from character codes as one flat string.
 */
export function generateName(base: string, rand: Rand): string {
  const maxBase = 63 - 5;
  const n = Math.min(base.length, maxBase);
  // One scratch array per length (a ReplicaSet's pod names all have one length).
  const codes = (NAME_CODES[n + 5] ??= new Array<number>(n + 5).fill(0));
  for (let i = 0; i < n; i++) codes[i] = base.charCodeAt(i);
  for (let i = 0; i < 5; i++) codes[n + i] = K8S_RAND_ALPHABET.charCodeAt(rand.int(K8S_RAND_ALPHABET.length));
  return String.fromCharCode.apply(null, codes);
}

/**
 * `{ ...src }` made by property stores: the same keys in the same order. In V8 the spread copies
 * of objects the controllers build each got a hidden class of their own (100,000 pods, 100,000
 * maps and descriptor arrays); copies built by stores share theirs.
 */
export function copyPlain<T extends object>(src: T): T {
  const out = {} as Record<string, unknown>;
  for (const k in src) out[k] = (src as Record<string, unknown>)[k];
  return out as T;
}

/**
 * `{ ...src, [key]: value }` built by stores: the key keeps its place if src has it, else comes
 * last. In V8 a spread followed by a key the source lacks takes a slow path (microseconds per
 * object), which adds up over thousands of writes.
 */
export function withField<T extends object>(src: T, key: string, value: unknown): T {
  const out = copyPlain(src) as Record<string, unknown>;
  out[key] = value;
  return out as T;
}
