/**
 * sort.c's comparisons, on each line's UTF-8 bytes: the key's bounds (begfield, limfield), the
 * orderings (-n numcompare via gnulib strnumcmp, -h human_numcompare, -g general_numcompare,
 * -M getmonth, -V filenvercmp, -d/-i ignored bytes, -f folded), keycompare over the keys and
 * compare's last-resort comparison of whole lines.
 *
 * Collation assumption: root on an Ubuntu 24.04 node runs in C.UTF-8 (or C/POSIX), where
 * strcoll is code point order, the same as comparing UTF-8 bytes; ctype is ASCII-only, so
 * -f, -d, -i and blanks concern ASCII bytes. Decimal point '.', no thousands separator.
 */

export interface KeyField {
  /** Zero-based start field, or Infinity for the line's start (sort.c's SIZE_MAX). */
  sword: number;
  schar: number;
  /** Zero-based end field, or Infinity for the line's end. */
  eword: number;
  echar: number;
  skipsblanks: boolean;
  skipeblanks: boolean;
  ignore: 'dictionary' | 'nonprinting' | undefined;
  translate: boolean;
  numeric: boolean;
  generalNumeric: boolean;
  humanNumeric: boolean;
  month: boolean;
  version: boolean;
  reverse: boolean;
}

export interface Line {
  text: string;
  bytes: Uint8Array;
}

export interface Ordering {
  keys: readonly KeyField[];
  /** -t's byte, or undefined for sort's default (blank-led fields). */
  tab: number | undefined;
  unique: boolean;
  stable: boolean;
  /** The global -r, for the last-resort comparison. */
  reverse: boolean;
}

export function newKey(): KeyField {
  return {
    sword: 0, schar: 0, eword: Infinity, echar: 0, skipsblanks: false, skipeblanks: false, ignore: undefined,
    translate: false, numeric: false, generalNumeric: false, humanNumeric: false, month: false, version: false, reverse: false,
  };
}

const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isAlnum = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isPrint = (b: number) => b >= 0x20 && b < 0x7f;
const upper = (b: number) => (b >= 0x61 && b <= 0x7a ? b - 32 : b);

function begfield(line: Uint8Array, key: KeyField, tab: number | undefined): number {
  const lim = line.length;
  let ptr = 0;
  if (key.sword !== Infinity) {
    let sword = key.sword;
    if (tab !== undefined) {
      while (ptr < lim && sword--) {
        while (ptr < lim && line[ptr] !== tab) ++ptr;
        if (ptr < lim) ++ptr;
      }
    } else {
      while (ptr < lim && sword--) {
        while (ptr < lim && isBlank(line[ptr])) ++ptr;
        while (ptr < lim && !isBlank(line[ptr])) ++ptr;
      }
    }
  }
  if (key.skipsblanks) while (ptr < lim && isBlank(line[ptr])) ++ptr;
  return Math.min(lim, ptr + key.schar);
}

function limfield(line: Uint8Array, key: KeyField, tab: number | undefined): number {
  const lim = line.length;
  if (key.eword === Infinity) return lim;
  let ptr = 0;
  let eword = key.eword + (key.echar === 0 ? 1 : 0);
  const echar = key.echar;
  if (tab !== undefined) {
    while (ptr < lim && eword--) {
      while (ptr < lim && line[ptr] !== tab) ++ptr;
      if (ptr < lim && (eword || echar)) ++ptr;
    }
  } else {
    while (ptr < lim && eword--) {
      while (ptr < lim && isBlank(line[ptr])) ++ptr;
      while (ptr < lim && !isBlank(line[ptr])) ++ptr;
    }
  }
  if (echar !== 0) {
    if (key.skipeblanks) while (ptr < lim && isBlank(line[ptr])) ++ptr;
    ptr = Math.min(lim, ptr + echar);
  }
  return ptr;
}

/** gnulib strnumcmp-in.h numcompare, for '.' and no thousands separator: a port, byte by byte. */
function numcompare(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  let j = 0;
  const at = (s: Uint8Array, k: number) => (k < s.length ? s[k] : 0);
  while (isBlank(at(a, i)) && i < a.length) i++;
  while (isBlank(at(b, j)) && j < b.length) j++;
  let ta = at(a, i);
  let tb = at(b, j);
  const DOT = 0x2e;
  const ZERO = 0x30;
  const MINUS = 0x2d;
  const fraccompare = (x: Uint8Array, xi: number, y: Uint8Array, yi: number): number => {
    if (at(x, xi) === DOT && at(y, yi) === DOT) {
      do {
        xi++;
        yi++;
      } while (at(x, xi) === at(y, yi) && isDigit(at(x, xi)));
      const cx = at(x, xi);
      const cy = at(y, yi);
      if (isDigit(cx) && isDigit(cy)) return cx - cy;
      if (isDigit(cx)) return trailingNonzero(x, xi) ? 1 : 0;
      if (isDigit(cy)) return trailingNonzero(y, yi) ? -1 : 0;
      return 0;
    }
    if (at(x, xi) === DOT) return trailingNonzero(x, xi + 1) ? 1 : 0;
    if (at(y, yi) === DOT) return trailingNonzero(y, yi + 1) ? -1 : 0;
    return 0;
  };
  const trailingNonzero = (s: Uint8Array, k: number) => {
    while (at(s, k) === ZERO) k++;
    return isDigit(at(s, k));
  };
  const skipZerosAndFraction = (s: Uint8Array, k: number): number => {
    while (at(s, k) === ZERO) k++;
    if (at(s, k) === DOT) do k++; while (at(s, k) === ZERO);
    return k;
  };
  /** Both non-negative from I and J: compare magnitudes. */
  const magnitude = (): number => {
    while (ta === tb && isDigit(ta)) {
      ta = at(a, ++i);
      tb = at(b, ++j);
    }
    if ((ta === DOT && !isDigit(tb)) || (tb === DOT && !isDigit(ta))) return fraccompare(a, i, b, j);
    const tmp = ta - tb;
    let logA = 0;
    for (; isDigit(ta); logA++) ta = at(a, ++i);
    let logB = 0;
    for (; isDigit(tb); logB++) tb = at(b, ++j);
    if (logA !== logB) return logA < logB ? -1 : 1;
    if (!logA) return 0;
    return tmp;
  };
  if (ta === MINUS) {
    do ta = at(a, ++i); while (ta === ZERO);
    if (tb !== MINUS) {
      const k = skipZerosAndFraction(a, i);
      if (isDigit(at(a, k))) return -1;
      const l = skipZerosAndFraction(b, j);
      return isDigit(at(b, l)) ? -1 : 0;
    }
    do tb = at(b, ++j); while (tb === ZERO);
    return -magnitude();
  }
  if (tb === MINUS) {
    do tb = at(b, ++j); while (tb === ZERO);
    const l = skipZerosAndFraction(b, j);
    if (isDigit(at(b, l))) return 1;
    const k = skipZerosAndFraction(a, i);
    return isDigit(at(a, k)) ? 1 : 0;
  }
  while (ta === ZERO) ta = at(a, ++i);
  while (tb === ZERO) tb = at(b, ++j);
  return magnitude();
}

const UNIT_ORDER: Record<number, number> = { 75: 1, 107: 1, 77: 2, 71: 3, 84: 4, 80: 5, 69: 6, 90: 7, 89: 8, 82: 9, 81: 10 };

/** sort.c find_unit_order: the unit's order after a non-zero number, negative when it is. */
function unitOrder(s: Uint8Array, from: number): number {
  let k = from;
  const minus = s[k] === 0x2d;
  if (minus) k++;
  let maxDigit = 0;
  while (k < s.length && isDigit(s[k])) maxDigit = Math.max(maxDigit, s[k++]);
  if (s[k] === 0x2e) {
    k++;
    while (k < s.length && isDigit(s[k])) maxDigit = Math.max(maxDigit, s[k++]);
  }
  if (maxDigit <= 0x30) return 0;
  const order = UNIT_ORDER[s[k]] ?? 0;
  return minus ? -order : order;
}

function humanCompare(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  let j = 0;
  while (i < a.length && isBlank(a[i])) i++;
  while (j < b.length && isBlank(b[j])) j++;
  return unitOrder(a, i) - unitOrder(b, j) || numcompare(a.subarray(i), b.subarray(j));
}

/** strtold's reading, near enough: the number, NaN, or undefined when nothing converts. */
function generalNumber(s: Uint8Array): number | undefined {
  const text = new TextDecoder().decode(s);
  const m = /^[ \t\n\v\f\r]*([-+]?(?:inf(?:inity)?|nan(?:\([0-9a-z_]*\))?|0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[-+]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?))/i.exec(text);
  if (!m) return undefined;
  const t = m[1].toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[-+]/, '');
  if (body.startsWith('inf')) return sign * Infinity;
  if (body.startsWith('nan')) return NaN;
  if (body.startsWith('0x')) {
    const [, mant, exp] = /^0x([0-9a-f.]*)(?:p([-+]?\d+))?/.exec(body)!;
    const [whole, frac = ''] = mant.split('.');
    const value = parseInt(whole || '0', 16) + (frac ? parseInt(frac, 16) / 16 ** frac.length : 0);
    return sign * value * 2 ** Number(exp ?? 0);
  }
  return Number(t);
}

function generalCompare(a: Uint8Array, b: Uint8Array): number {
  const x = generalNumber(a);
  const y = generalNumber(b);
  if (x === undefined) return y === undefined ? 0 : -1;
  if (y === undefined) return 1;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  // sort.c: NaNs sort before numbers, and compare by their printed form among themselves.
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  return 1;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function month(s: Uint8Array): number {
  let k = 0;
  while (k < s.length && isBlank(s[k])) k++;
  const word = String.fromCharCode(...Array.from(s.subarray(k, k + 3), upper));
  return MONTHS.indexOf(word) + 1;
}

/** gnulib filevercmp.c filenvercmp (the coreutils 9.4 copy). */
function versionCompare(a: Uint8Array, b: Uint8Array): number {
  const alen = a.length;
  const blen = b.length;
  if (!alen) return blen ? -1 : 0;
  if (!blen) return 1;
  const DOT = 0x2e;
  if (a[0] === DOT) {
    if (b[0] !== DOT) return -1;
    const adot = alen === 1;
    const bdot = blen === 1;
    if (adot) return bdot ? 0 : -1;
    if (bdot) return 1;
    const adotdot = a[1] === DOT && alen === 2;
    const bdotdot = b[1] === DOT && blen === 2;
    if (adotdot) return bdotdot ? 0 : -1;
    if (bdotdot) return 1;
  } else if (b[0] === DOT) return 1;
  const aprefix = prefixLength(a);
  const bprefix = prefixLength(b);
  const onePass = aprefix === alen && bprefix === blen;
  const result = verrevcmp(a, aprefix, b, bprefix);
  return result || onePass ? result : verrevcmp(a, alen, b, blen);
}

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The length without the file suffix `(\.[A-Za-z~][A-Za-z0-9~]*)*$`. */
function prefixLength(s: Uint8Array): number {
  const n = s.length;
  let prefix = 0;
  for (let i = 0; ; ) {
    if (i === n) return prefix;
    i++;
    prefix = i;
    while (i + 1 < n && s[i] === DOT_CHAR && (isAlpha(s[i + 1]) || s[i + 1] === TILDE)) {
      for (i += 2; i < n && (isAlnum(s[i]) || s[i] === TILDE); i++);
    }
  }
}

const DOT_CHAR = 0x2e;
const TILDE = 0x7e;

function order(s: Uint8Array, pos: number, len: number): number {
  if (pos === len) return -1;
  const c = s[pos];
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === TILDE) return -2;
  return c + 256;
}

function verrevcmp(s1: Uint8Array, l1: number, s2: Uint8Array, l2: number): number {
  let p1 = 0;
  let p2 = 0;
  while (p1 < l1 || p2 < l2) {
    let firstDiff = 0;
    while ((p1 < l1 && !isDigit(s1[p1])) || (p2 < l2 && !isDigit(s2[p2]))) {
      const c1 = order(s1, p1, l1);
      const c2 = order(s2, p2, l2);
      if (c1 !== c2) return c1 - c2;
      p1++;
      p2++;
    }
    while (p1 < l1 && s1[p1] === 0x30) p1++;
    while (p2 < l2 && s2[p2] === 0x30) p2++;
    while (p1 < l1 && p2 < l2 && isDigit(s1[p1]) && isDigit(s2[p2])) {
      if (!firstDiff) firstDiff = s1[p1] - s2[p2];
      p1++;
      p2++;
    }
    if (p1 < l1 && isDigit(s1[p1])) return 1;
    if (p2 < l2 && isDigit(s2[p2])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

/** The key's bytes with -d/-i bytes dropped and -f folding done. */
function transformed(s: Uint8Array, key: KeyField): Uint8Array {
  if (!key.ignore && !key.translate) return s;
  const out: number[] = [];
  for (const c of s) {
    if (key.ignore === 'nonprinting' && !isPrint(c)) continue;
    if (key.ignore === 'dictionary' && !isAlnum(c) && !isBlank(c)) continue;
    out.push(key.translate ? upper(c) : c);
  }
  return Uint8Array.from(out);
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** sort.c keycompare. */
function keycompare(a: Uint8Array, b: Uint8Array, o: Ordering): number {
  for (const key of o.keys) {
    const ta = begfield(a, key, o.tab);
    const tb = begfield(b, key, o.tab);
    const la = Math.max(ta, limfield(a, key, o.tab));
    const lb = Math.max(tb, limfield(b, key, o.tab));
    const x = transformed(a.subarray(ta, la), key);
    const y = transformed(b.subarray(tb, lb), key);
    let diff: number;
    if (key.numeric) diff = numcompare(x, y);
    else if (key.generalNumeric) diff = generalCompare(x, y);
    else if (key.humanNumeric) diff = humanCompare(x, y);
    else if (key.month) diff = month(x) - month(y);
    else if (key.version) diff = versionCompare(x, y);
    else diff = bytesCompare(x, y);
    if (diff) return key.reverse ? -sign(diff) : diff;
  }
  return 0;
}

/** sort.c compare: the keys, then (unless -s or -u) the whole lines, reversed by a global -r. */
export function compareLines(a: Line, b: Line, o: Ordering): number {
  if (o.keys.length) {
    const diff = keycompare(a.bytes, b.bytes, o);
    if (diff || o.unique || o.stable) return diff;
  }
  const diff = bytesCompare(a.bytes, b.bytes);
  return o.reverse ? -sign(diff) : diff;
}
