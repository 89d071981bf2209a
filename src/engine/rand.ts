/**
 * The seeded generator. Every random choice in the engine (pod name suffixes, IP and
 * nodePort allocation, iptables `statistic random`) draws from one of these, passed in,
 * never global, so a scenario and its seed always give the same cluster.
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32.
 */
export class Rand {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
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
    return [this.a, this.b, this.c, this.d];
  }

  static fromState(state: readonly [number, number, number, number]): Rand {
    const r = new Rand(0);
    [r.a, r.b, r.c, r.d] = state;
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
