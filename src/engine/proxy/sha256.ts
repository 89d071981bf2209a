/**
 * A small synchronous SHA-256 (FIPS 180-4) and RFC 4648 base32, for kube-proxy's chain names.
 * Web Crypto's digest is asynchronous, and the engine must stay synchronous and pure.
 * Inputs are short (a service-port name plus an endpoint), so this is written for speed on
 * one or two blocks: no allocation beyond one reused word buffer.
 */

// Int32 arrays throughout: uint32 values above 2^31 would leave V8's small-integer fast path.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_CODES = Array.from(BASE32, (ch) => ch.charCodeAt(0));

const W = new Int32Array(64);
const H = new Int32Array(8);

/** UTF-8 bytes of a string (kube-proxy hashes Go strings, which are UTF-8). */
function utf8(text: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function compress(block: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const o = offset + t * 4;
    W[t] = (block[o] << 24) | (block[o + 1] << 16) | (block[o + 2] << 8) | block[o + 3];
  }
  compressWords();
}

/** One block whose 16 words are in W[0..15]. */
function compressWords(): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15];
    const w2 = W[t - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (((W[t - 16] + s0) | 0) + ((W[t - 7] + s1) | 0)) | 0;
  }
  let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (((h + S1) | 0) + ((ch + K[t]) | 0) + W[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
  H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
}

const BLOCKS = new Uint8Array(128);

/** Copies an ASCII string's bytes into BLOCKS at `at`; -1 when it is not ASCII or does not fit. */
function putAscii(text: string, at: number): number {
  const end = at + text.length;
  if (end > 119) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    BLOCKS[at + i] = c;
  }
  return end;
}

/** Writes an ASCII string's bytes big-endian into W's words from byte `at`; -1 when not ASCII or past 55 bytes. */
function putWords(text: string, at: number): number {
  const end = at + text.length;
  if (end > 55) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    const k = at + i;
    W[k >> 2] |= c << (24 - ((k & 3) << 3));
  }
  return end;
}

/** Writes `:` and a port's decimal digits into W's words from byte `at`; -1 past 55 bytes. */
function putPort(port: number, at: number): number {
  let digits = 1;
  for (let p = port; p >= 10; p = Math.floor(p / 10)) digits++;
  const end = at + 1 + digits;
  if (at < 0 || end > 55) return -1;
  W[at >> 2] |= 58 << (24 - ((at & 3) << 3));
  let p = port;
  for (let k = end - 1; k > at; k--) {
    W[k >> 2] |= (48 + (p % 10)) << (24 - ((k & 3) << 3));
    p = Math.floor(p / 10);
  }
  return end;
}

function resetH(): void {
  H[0] = 0x6a09e667; H[1] = 0xbb67ae85 | 0; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a | 0;
  H[4] = 0x510e527f; H[5] = 0x9b05688c | 0; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
}

/**
 * Runs the compression over the UTF-8 bytes of `a + b + c`, leaving the digest in H. The parts
 * are read one after the other, so callers need not build (and V8 flatten) the joined string.
 * Up to 55 ASCII bytes (every chain-name input but long names) fit one block, written straight
 * into the word schedule.
 */
function digestInto(a: string, b = '', c = ''): void {
  W.fill(0, 0, 16);
  let len = putWords(a, 0);
  if (len >= 0) len = putWords(b, len);
  if (len >= 0) len = putWords(c, len);
  resetH();
  if (len >= 0) {
    W[len >> 2] |= 0x80 << (24 - ((len & 3) << 3));
    W[15] = len * 8;
    compressWords();
    return;
  }
  let msg: Uint8Array;
  len = putAscii(a, 0);
  if (len >= 0) len = putAscii(b, len);
  if (len >= 0) len = putAscii(c, len);
  let total: number;
  if (len >= 0) {
    total = ((len + 9 + 63) >> 6) << 6;
    BLOCKS.fill(0, len, total);
    msg = BLOCKS;
  } else {
    const bytes = utf8(a + b + c);
    len = bytes.length;
    total = ((len + 9 + 63) >> 6) << 6;
    msg = new Uint8Array(total);
    msg.set(bytes);
  }
  msg[len] = 0x80;
  // Message length in bits, big-endian 64-bit.
  const bits = len * 8;
  msg[total - 1] = bits & 0xff;
  msg[total - 2] = (bits >>> 8) & 0xff;
  msg[total - 3] = (bits >>> 16) & 0xff;
  msg[total - 4] = (bits >>> 24) & 0xff;
  msg[total - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  for (let off = 0; off < total; off += 64) compress(msg, off);
}

/** The SHA-256 digest (32 bytes) of the UTF-8 encoding of `text`. */
export function sha256(text: string): Uint8Array {
  digestInto(text);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[i * 4] = (H[i] >>> 24) & 0xff;
    out[i * 4 + 1] = (H[i] >>> 16) & 0xff;
    out[i * 4 + 2] = (H[i] >>> 8) & 0xff;
    out[i * 4 + 3] = H[i] & 0xff;
  }
  return out;
}

/**
 * The first 16 characters of base32(sha256(text)): the first 80 bits of the digest
 * (kube-proxy's chain-name hash), without building the digest or the full encoding. `more`
 * and `evenMore` are hashed as if appended to `text`.
 */
export function sha256Base32Prefix16(text: string, more = '', evenMore = ''): string {
  digestInto(text, more, evenMore);
  const a = H[0] >>> 0;
  const b = H[1] >>> 0;
  const c = H[2] >>> 16;
  // 80 bits = a (32) + b (32) + c (16), read 5 bits at a time, built in one string allocation.
  const A = BASE32_CODES;
  const out = String.fromCharCode(
    A[a >>> 27], A[(a >>> 22) & 31], A[(a >>> 17) & 31], A[(a >>> 12) & 31], A[(a >>> 7) & 31], A[(a >>> 2) & 31],
    A[((a << 3) | (b >>> 29)) & 31], A[(b >>> 24) & 31], A[(b >>> 19) & 31], A[(b >>> 14) & 31], A[(b >>> 9) & 31],
    A[(b >>> 4) & 31], A[((b << 1) | (c >>> 15)) & 31], A[(c >>> 10) & 31], A[(c >>> 5) & 31], A[c & 31],
  );
  return out;
}

/** Per prefix: its character codes followed by room for 16 more, filled and read as one string. */
const NAME_BUFFERS = new Map<string, number[]>();

/**
 * `prefix` followed by sha256Base32Prefix16(text, more, evenMore), made as one flat string: a
 * node has 100,000 KUBE-SEP- names, and a joined string would be two objects until the first
 * map lookup flattens it into a third.
 */
export function sha256Base32Name(prefix: string, text: string, more = '', evenMore = ''): string {
  digestInto(text, more, evenMore);
  return nameFromDigest(prefix);
}

/** `prefix` and the first 16 base32 characters of the digest in H, as one flat string. */
function nameFromDigest(prefix: string): string {
  let buf = NAME_BUFFERS.get(prefix);
  if (buf === undefined) {
    buf = Array.from(prefix, (ch) => ch.charCodeAt(0));
    for (let i = 0; i < 16; i++) buf.push(0);
    NAME_BUFFERS.set(prefix, buf);
  }
  const a = H[0] >>> 0;
  const b = H[1] >>> 0;
  const c = H[2] >>> 16;
  const A = BASE32_CODES;
  const o = prefix.length;
  buf[o] = A[a >>> 27]; buf[o + 1] = A[(a >>> 22) & 31]; buf[o + 2] = A[(a >>> 17) & 31]; buf[o + 3] = A[(a >>> 12) & 31];
  buf[o + 4] = A[(a >>> 7) & 31]; buf[o + 5] = A[(a >>> 2) & 31]; buf[o + 6] = A[((a << 3) | (b >>> 29)) & 31]; buf[o + 7] = A[(b >>> 24) & 31];
  buf[o + 8] = A[(b >>> 19) & 31]; buf[o + 9] = A[(b >>> 14) & 31]; buf[o + 10] = A[(b >>> 9) & 31]; buf[o + 11] = A[(b >>> 4) & 31];
  buf[o + 12] = A[((b << 1) | (c >>> 15)) & 31]; buf[o + 13] = A[(c >>> 10) & 31]; buf[o + 14] = A[(c >>> 5) & 31]; buf[o + 15] = A[c & 31];
  return String.fromCharCode.apply(null, buf);
}

/**
 * `prefix` + sha256Base32Prefix16(text + more + ip + ":" + port), the address and port read as
 * they are (kube-proxy's KUBE-SEP- names), without joining or flattening `ip:port` strings.
 */
export function sha256Base32EndpointName(prefix: string, text: string, more: string, ip: string, port: number): string {
  W.fill(0, 0, 16);
  let len = putWords(text, 0);
  if (len >= 0) len = putWords(more, len);
  if (len >= 0) len = putWords(ip, len);
  if (len >= 0) len = putPort(port, len);
  if (len < 0 || !Number.isInteger(port) || port < 0) return sha256Base32Name(prefix, text, more, `${ip}:${port}`);
  resetH();
  W[len >> 2] |= 0x80 << (24 - ((len & 3) << 3));
  W[15] = len * 8;
  compressWords();
  return nameFromDigest(prefix);
}

/** The first 8 characters of base32(sha256(text + more + evenMore)) (kube-proxy nftables' name prefix). */
export function sha256Base32Prefix8(text: string, more = '', evenMore = ''): string {
  digestInto(text, more, evenMore);
  const a = H[0] >>> 0;
  const b = H[1] >>> 0;
  const A = BASE32_CODES;
  return String.fromCharCode(
    A[a >>> 27], A[(a >>> 22) & 31], A[(a >>> 17) & 31], A[(a >>> 12) & 31], A[(a >>> 7) & 31], A[(a >>> 2) & 31],
    A[((a << 3) | (b >>> 29)) & 31], A[(b >>> 24) & 31],
  );
}

/** RFC 4648 standard base32 with padding (Go's base32.StdEncoding). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bitsLeft = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]) & 0xffff;
    bitsLeft += 8;
    while (bitsLeft >= 5) {
      out += BASE32[(buffer >>> (bitsLeft - 5)) & 31];
      bitsLeft -= 5;
    }
  }
  if (bitsLeft > 0) out += BASE32[(buffer << (5 - bitsLeft)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Hex of a digest, for tests and debugging. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}
