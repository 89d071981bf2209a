/**
 * The seeded generator. Every random choice in the engine (pod name suffixes, IP and
 * nodePort allocation, iptables `statistic random`) draws from one of these, passed in,
 * never global, so a scenario and its seed always give the same cluster.
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32.
 */
export class Rand {
  /**
   * a, b, c, d as 32-bit words in a typed array: as object fields, values past 2^30 would be
   * boxed numbers in V8 (Chromium's 31-bit small integers), and each draw rewrites all four.
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s[0] = next();
    this.s[1] = next();
    this.s[2] = next();
    this.s[3] = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (a + b + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rand.int: n must be positive, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** The generator's state, to save and restore a scenario exactly. */
  state(): [number, number, number, number] {
    const s = this.s;
    // a is a signed word (b ^ b >>> 9), the others unsigned, as the state has always been written.
    return [s[0], s[1] >>> 0, s[2] >>> 0, s[3] >>> 0];
  }

  static fromState(state: readonly [number, number, number, number]): Rand {
    const r = new Rand(0);
    r.s.set(state);
    return r;
  }
}

/**
 * The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels (no bad words) and no
 * confusable characters; used for pod and EndpointSlice name suffixes.
 */
export const K8S_RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** utilrand.String(n): `mynginx-deploy-55ffb645f8-` + `cpjrf`. */
export function randomSuffix(rand: Rand, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += K8S_RAND_ALPHABET[rand.int(K8S_RAND_ALPHABET.length)];
  return s;
}

/** utilrand.SafeEncodeString: maps each character onto the safe alphabet (pod-template-hash). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += K8S_RAND_ALPHABET[s.charCodeAt(i) % K8S_RAND_ALPHABET.length];
  return out;
}
