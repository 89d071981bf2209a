/**
 * YAML as kubectl -o yaml prints it: sigs.k8s.io/yaml marshals the object to JSON, reads that
 * back with go-yaml v2 (numbers become int, uint or float64) and marshals it with go-yaml v2.
 * So keys are sorted with go-yaml's key order, sequences inside mappings are not indented, and
 * each string gets the style go-yaml's emitter picks: plain when it would read back as the same
 * string, double-quoted when it would read as another type (`"80"`, `"true"`, `""`, timestamps)
 * or holds a character the emitter must escape, single-quoted when it starts with an indicator,
 * literal `|` when it has line breaks. Long plain and quoted scalars wrap at a space past
 * column 80; keys longer than 128 bytes are written as `? key` / `: value`.
 * Sources (go-yaml/yaml branch v2, v2.4.0, which sigs.k8s.io/yaml forks as goyaml.v2):
 * encode.go (stringv, floatv, isBase60Float), resolve.go (resolve, parseTimestamp),
 * emitterc.go (yaml_emitter_analyze_scalar, yaml_emitter_select_scalar_style,
 * yaml_emitter_check_simple_key, write_plain/single_quoted/double_quoted/literal_scalar),
 * yamlprivateh.go (is_printable, is_break, is_blank), sorter.go (keyList.Less).
 */
import type { JsonValue } from './json.ts';

const BEST_WIDTH = 80;
/** emitterc.go yaml_emitter_check_simple_key: longer keys (in bytes) become `? key`. */
const MAX_SIMPLE_KEY_BYTES = 128;

// ---- key order (sorter.go keyList.Less, for string keys) ----
const isLetter = (c: string) => /\p{L}/u.test(c);
/** unicode.IsDigit: any decimal digit, though the run's value is computed as `r - '0'`. */
const isUnicodeDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);
const cp = (c: string) => c.codePointAt(0) ?? 0;

/** The digit run from i as sorter.go reads it: int64 arithmetic, wrapping on overflow. */
function digitRun(r: string[], i: number, start: bigint): [bigint, number] {
  let n = start;
  let j = i;
  for (; j < r.length && isUnicodeDigit(r[j]); j++) n = BigInt.asIntN(64, n * 10n + BigInt(cp(r[j]) - 48));
  return [n, j];
}

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return cp(ar[i]) < cp(br[i]);
    if (al || bl) return bl;
    let start = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isUnicodeDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          start = 1n;
          break;
        }
      }
    }
    const [an, ai] = digitRun(ar, i, start);
    const [bn, bi] = digitRun(br, i, start);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return cp(ar[i]) < cp(br[i]);
  }
  return ar.length < br.length;
}

const keyCompare = (a: string, b: string) => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : 1);

// ---- resolve.go: would this plain scalar read back as something other than a string? ----
const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat of what can follow a leading '.': digits and an exponent. */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
/** strconv underscoreOK, for a decimal number: each '_' sits between two digits. */
const BAD_UNDERSCORE = /(?<![0-9])_|_(?![0-9])/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** strconv.ParseInt(s, 0, 64) or, without a sign, strconv.ParseUint(s, 0, 64) succeeds. */
function goParsesAsInt(s: string): boolean {
  const signed = s[0] === '+' || s[0] === '-';
  const body = signed ? s.slice(1) : s;
  if (body === '') return false;
  let digits = body;
  let base = 10;
  if (body[0] === '0') {
    const p = body.length >= 3 ? body[1].toLowerCase() : '';
    base = p === 'b' ? 2 : p === 'o' ? 8 : p === 'x' ? 16 : 8;
    digits = p === 'b' || p === 'o' || p === 'x' ? body.slice(2) : body.slice(1);
  }
  const valid = base === 16 ? /^[0-9a-fA-F]*$/ : base === 10 ? /^[0-9]*$/ : base === 8 ? /^[0-7]*$/ : /^[01]*$/;
  if (!valid.test(digits)) return false;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const n = digits === '' ? 0n : BigInt(prefix + digits);
  if (s[0] === '-') return n <= 2n ** 63n;
  return n <= 2n ** 63n - 1n || (!signed && n <= 2n ** 64n - 1n);
}

const DATE = /^(\d{4})-(\d\d?)-(\d\d?)$/;
const DATE_TIME = /^(\d{4})-(\d\d?)-(\d\d?)(?:[Tt]| +)(\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(Z|[-+]\d\d:\d\d)?$/;

/**
 * resolve.go parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (and a lower-case
 * t), "2006-1-2 15:4:5.999999999" (a layout space matches one or more spaces) or "2006-1-2",
 * with time.Parse's range checks.
 */
function isGoTimestamp(s: string): boolean {
  const d = DATE.exec(s);
  const m = d ?? DATE_TIME.exec(s);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day < 1 || day > days) return false;
  if (d !== null) return true;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  const zone = m[7];
  const tee = /^\d{4}-\d\d?-\d\d?[Tt]/.test(s);
  if (tee !== (zone !== undefined)) return false; // the T layouts need a zone, the space one has none
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4, 6)) > 60)) return false;
  return true;
}

/** resolve("", s) gives a tag other than !!str. */
function resolvesToNonString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0];
  if (c === '.') {
    const digits = s.replace(/_/g, '');
    return DOT_FLOAT.test(digits) && !BAD_UNDERSCORE.test(s) && Number.isFinite(Number(digits));
  }
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9'))) return false;
  if (isGoTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (goParsesAsInt(plain)) return true;
  // ParseFloat fails (so the string stays a string) when the value overflows float64
  return YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain));
}

// ---- yamlprivateh.go character classes ----
const isBreakCh = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankz = (c: string | undefined) => c === undefined || isBlank(c) || isBreakCh(c) || c === '\0';
/** is_printable on UTF-8: no C1 controls (so no NEL), no BOM, nothing past U+FFFF. */
function isPrintable(c: string): boolean {
  const n = cp(c);
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff);
}
const utf8Length = (chars: string[]) => chars.reduce((n, c) => n + (cp(c) < 0x80 ? 1 : cp(c) < 0x800 ? 2 : cp(c) < 0x10000 ? 3 : 4), 0);

// ---- emitterc.go yaml_emitter_analyze_scalar, for block context ----
interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(chars: string[]): Analysis {
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const value = chars.join('');
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  let lineBreaks = false, specialCharacters = false;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCh(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** encode.go stringv's choice, then yaml_emitter_select_scalar_style's fallbacks. */
function selectStyle(s: string, a: Analysis, simpleKey: boolean): Style {
  let style: Style = s.includes('\n') ? 'literal' : !resolvesToNonString(s) && !BASE60_FLOAT.test(s) ? 'plain' : 'double';
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlainAllowed || (s.length === 0 && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

// ---- the writer: tracks the column (in characters, as the emitter does) for line wrapping ----
class Out {
  parts: string[] = [];
  column = 0;
  /** The last scalar ended its own line (a literal block ending in a line break). */
  lineEnded = false;
  write(s: string) {
    this.parts.push(s);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      if (u < 0xdc00 || u > 0xdfff) n++; // a low surrogate continues the character before it
    }
    this.column += n;
  }
  newline(indent: number) {
    this.parts.push('\n' + ' '.repeat(indent));
    this.column = indent;
  }
  breakOnly() {
    this.parts.push('\n');
    this.column = 0;
  }
  /** write_break: '\n' starts a line; NEL, LS and PS are copied, and also count as one. */
  lineBreak(c: string) {
    if (c === '\n') this.breakOnly();
    else {
      this.parts.push(c);
      this.column = 0;
    }
  }
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\x0b': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\u0085': '\\N', '\u00a0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};

function escapeChar(c: string): string {
  const esc = DOUBLE_ESCAPES[c];
  if (esc !== undefined) return esc;
  const n = cp(c);
  const hex = n.toString(16).toUpperCase();
  return n <= 0xff ? '\\x' + hex.padStart(2, '0') : n <= 0xffff ? '\\u' + hex.padStart(4, '0') : '\\U' + hex.padStart(8, '0');
}

/** Go strings hold UTF-8, so a lone surrogate arrives as U+FFFD (encoding/json). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * One string scalar; `indent` is the emitter's indent for it (its parent's plus two), where
 * folded lines continue. A simple key never folds and is never a block scalar.
 */
function writeScalar(o: Out, str: string, indent: number, simpleKey: boolean): void {
  const s = str.replace(LONE_SURROGATE, '\uFFFD');
  const chars = [...s];
  const style = selectStyle(s, analyze(chars), simpleKey);
  const allowBreaks = !simpleKey;
  const last = chars.length - 1;
  if (style === 'plain') {
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && o.column > BEST_WIDTH && chars[i + 1] !== ' ') o.newline(indent);
        else o.write(c);
        spaces = true;
      } else {
        o.write(c);
        spaces = false;
      }
    }
  } else if (style === 'single') {
    o.write("'");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== last && chars[i + 1] !== ' ') o.newline(indent);
        else o.write(c);
        spaces = true;
      } else if (isBreakCh(c)) {
        // only LS and PS get here ('\n' makes a literal, CR and NEL a double-quoted string)
        o.lineBreak(c);
        breaks = true;
      } else {
        if (breaks) o.write(' '.repeat(indent));
        o.write(c === "'" ? "''" : c);
        spaces = false;
        breaks = false;
      }
    }
    o.write("'");
  } else if (style === 'double') {
    o.write('"');
    // is_bom(value, i) looks at the value's first bytes, so a leading BOM escapes everything
    const bom = chars[0] === '\ufeff';
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (bom || !isPrintable(c) || isBreakCh(c) || c === '"' || c === '\\') {
        o.write(escapeChar(c));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== last) {
          o.newline(indent);
          if (chars[i + 1] === ' ') o.write('\\');
        } else o.write(c);
        spaces = true;
      } else {
        o.write(c);
        spaces = false;
      }
    }
    o.write('"');
  } else {
    // literal block: indentation hint, chomping hint, then each line at `indent`
    let hint = '|';
    if (chars[0] === ' ' || isBreakCh(chars[0])) hint += '2';
    if (!isBreakCh(chars[last])) hint += '-';
    else if (last === 0 || isBreakCh(chars[last - 1])) hint += '+';
    o.write(hint);
    o.breakOnly();
    let breaks = true;
    for (const c of chars) {
      if (isBreakCh(c)) {
        o.lineBreak(c);
        breaks = true;
      } else {
        if (breaks) o.write(' '.repeat(indent));
        o.write(c);
        breaks = false;
      }
    }
    o.lineEnded = isBreakCh(chars[last]);
  }
}

/**
 * A number as it comes out of the JSON round trip: what strconv.ParseInt/ParseUint accept stays
 * an integer (intv, uintv); anything else is a float64 that floatv prints with
 * strconv.FormatFloat(f, 'g', -1, 64).
 */
function numberText(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (Number.isInteger(v)) {
    const s = String(v); // encoding/json writes an integral float64 below 1e21 as these digits
    if (!s.includes('e') && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 64n) return s;
  }
  return goFormatG(v);
}

/** strconv.FormatFloat(v, 'g', -1, 64): shortest digits, %e when exp < -4 || exp >= 6. */
function goFormatG(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, e] = Math.abs(v).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(e);
  const sign = v < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const x = Math.abs(exp);
    return sign + digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (exp < 0 ? '-' : '+') + (x < 10 ? '0' : '') + x;
  }
  const dp = exp + 1;
  const int = dp > 0 ? digits.slice(0, dp).padEnd(dp, '0') : '0';
  const prec = Math.max(digits.length - dp, 0);
  let frac = '';
  for (let i = 1; i <= prec; i++) frac += digits[dp + i - 1] ?? '0';
  return sign + int + (prec > 0 ? '.' + frac : '');
}

function scalarText(v: Exclude<JsonValue, object> | null): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  return undefined;
}

/** Ends the current line unless a literal scalar already did. */
function endLine(o: Out) {
  if (o.lineEnded) o.lineEnded = false;
  else o.breakOnly();
}

function emitValue(o: Out, v: JsonValue, indent: number): void {
  if (v !== null && typeof v === 'object') return; // containers are handled by the caller
  const text = scalarText(v);
  if (text !== undefined) o.write(text);
  else writeScalar(o, v as string, indent, false);
}

/** yaml_emitter_check_simple_key: one line and at most 128 bytes. */
function isSimpleKey(k: string): boolean {
  const chars = [...k.replace(LONE_SURROGATE, '\uFFFD')];
  return !chars.some(isBreakCh) && utf8Length(chars) <= MAX_SIMPLE_KEY_BYTES;
}

function emitMapping(o: Out, m: { [k: string]: JsonValue }, indent: number, firstInline: boolean): void {
  const keys = Object.keys(m).sort(keyCompare);
  keys.forEach((k, i) => {
    if (i > 0 || !firstInline) o.write(' '.repeat(indent));
    if (isSimpleKey(k)) {
      writeScalar(o, k, indent, true);
      o.write(':');
      emitChild(o, m[k], indent);
      return;
    }
    // emit_block_mapping_key's `?` form: the key as a value, then `:` on a line of its own
    o.write('? ');
    writeScalar(o, k, indent + 2, false);
    if (o.lineEnded) {
      o.lineEnded = false;
      o.write(' '.repeat(indent));
    } else o.newline(indent);
    o.write(':');
    const v = m[k];
    if (v !== null && typeof v === 'object' && !isEmpty(v)) {
      // the `:` leaves the emitter in indention, so the block starts on the same line
      o.write(' ');
      if (Array.isArray(v)) emitSequence(o, v, indent + 2, true);
      else emitMapping(o, v, indent + 2, true);
      return;
    }
    emitChild(o, v, indent);
  });
}

function emitSequence(o: Out, s: JsonValue[], indent: number, firstInline: boolean): void {
  s.forEach((item, i) => {
    if (i > 0 || !firstInline) o.write(' '.repeat(indent));
    o.write('- ');
    if (item !== null && typeof item === 'object' && !isEmpty(item)) {
      if (Array.isArray(item)) emitSequence(o, item, indent + 2, true);
      else emitMapping(o, item, indent + 2, true);
    } else {
      if (item !== null && typeof item === 'object') o.write(Array.isArray(item) ? '[]' : '{}');
      else emitValue(o, item, indent + 2);
      endLine(o);
    }
  });
}

function isEmpty(v: JsonValue[] | { [k: string]: JsonValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

/** After `key:` — a nested block on the next lines, or ` scalar` on this one. */
function emitChild(o: Out, v: JsonValue, indent: number): void {
  if (v !== null && typeof v === 'object' && !isEmpty(v)) {
    o.breakOnly();
    if (Array.isArray(v)) emitSequence(o, v, indent, false);
    else emitMapping(o, v, indent + 2, false);
    return;
  }
  o.write(' ');
  if (v !== null && typeof v === 'object') o.write(Array.isArray(v) ? '[]' : '{}');
  else emitValue(o, v, indent + 2);
  endLine(o);
}

/** yaml.Marshal of a JSON value, as sigs.k8s.io/yaml produces it. */
export function toYaml(v: JsonValue): string {
  const o = new Out();
  if (v !== null && typeof v === 'object' && !isEmpty(v)) {
    if (Array.isArray(v)) emitSequence(o, v, 0, false);
    else emitMapping(o, v, 0, false);
  } else {
    if (v !== null && typeof v === 'object') o.write(Array.isArray(v) ? '[]' : '{}');
    else emitValue(o, v, 2); // a root scalar's indent is best_indent (increase_indent from -1)
    endLine(o);
  }
  return o.parts.join('');
}
