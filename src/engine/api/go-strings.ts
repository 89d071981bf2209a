/**
 * Go's ways of writing a string that the programs svcsim reproduces print: strconv.Quote (what
 * `%q` and `%#v` print), encoding/json's string encoding, and len() of a string. The one copy of
 * each for the whole engine.
 *
 * A JavaScript string is taken as the UTF-8 Go would hold for it: a surrogate pair is one rune,
 * and a lone surrogate, which UTF-8 cannot carry, is U+FFFD, as TextEncoder writes it and as Go's
 * JSON decoder leaves a lone `\ud800` escape. So it quotes, encodes and counts as that character.
 */
import { PRINTABLE_RANGES } from './go-printable.ts';

const HEX = '0123456789abcdef';

/** unicode.IsPrint (strconv.IsPrint): letters, marks, numbers, punctuation, symbols, ASCII space. */
export function isGoPrint(r: number): boolean {
  // go src/strconv/quote.go IsPrint: the Latin-1 fast path, soft hyphen excluded.
  if (r <= 0xff) return (r >= 0x20 && r <= 0x7e) || (r >= 0xa1 && r !== 0xad);
  // The first [first, last] pair whose last is at or past r holds r if its first is not past it.
  let lo = 0;
  let hi = PRINTABLE_RANGES.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (PRINTABLE_RANGES[2 * mid + 1] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo < PRINTABLE_RANGES.length >> 1 && PRINTABLE_RANGES[2 * lo] <= r;
}

/** The rune at s[i] and how many UTF-16 units it takes (a lone surrogate is U+FFFD). */
function runeAt(s: string, i: number): [rune: number, units: 1 | 2] {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return [c, 1];
  const d = s.charCodeAt(i + 1);
  if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) return [0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), 2];
  return [0xfffd, 1];
}

const hexDigits = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v',
};

/** Printable ASCII without `"` or `\`: quoted as it is (most strings validation renders). */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * strconv.Quote (go src/strconv/quote.go appendQuotedWith, appendEscapedRune): `"` and `\`
 * backslashed; printable runes (unicode.IsPrint) as they are; \a \b \f \n \r \t \v; other
 * control characters and DEL as \xNN; other non-printables as \uNNNN, or \UNNNNNNNN past U+FFFF.
 */
export function goQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; ) {
    const [r, units] = runeAt(s, i);
    i += units;
    if (r === 0x22 || r === 0x5c) out += '\\' + String.fromCharCode(r);
    else if (isGoPrint(r)) out += String.fromCodePoint(r);
    else if (SHORT_ESCAPES[r] !== undefined) out += SHORT_ESCAPES[r];
    else if (r < 0x20 || r === 0x7f) out += '\\x' + HEX[r >> 4] + HEX[r & 15];
    else if (r < 0x10000) out += '\\u' + hexDigits(r, 4);
    else out += '\\U' + hexDigits(r, 8);
  }
  return out + '"';
}

/**
 * encoding/json's encoding of a string as json.Marshal writes it (go src/encoding/json/encode.go
 * appendString, HTML escaping on): `"` and `\` backslashed; \b \f \n \r \t (Go 1.22 on); other
 * control characters, `<`, `>` and `&` as \u00NN; U+2028 and U+2029 as \u2028 and \u2029.
 */
export function goJSONString(s: string): string {
  // Runs of characters written as they are are copied whole (-o json of a big list writes many strings).
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26 && c < 0x2028) continue;
    if (c === 0x22 || c === 0x5c) esc = '\\' + String.fromCharCode(c);
    else if (c === 0x08) esc = '\\b';
    else if (c === 0x0c) esc = '\\f';
    else if (c === 0x0a) esc = '\\n';
    else if (c === 0x0d) esc = '\\r';
    else if (c === 0x09) esc = '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) esc = '\\u' + hexDigits(c, 4);
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one rune, written as it is; a lone surrogate is invalid UTF-8 to Go: U+FFFD.
      if (runeAt(s, i)[1] === 2) {
        i++;
        continue;
      }
      esc = '\ufffd';
    } else continue;
    out += s.slice(run, i) + esc;
    run = i + 1;
  }
  return out + s.slice(run) + '"';
}

/** Go's len(s): the bytes of its UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
