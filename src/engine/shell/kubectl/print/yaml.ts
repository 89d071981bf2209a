/**
 * YAML as kubectl -o yaml prints it: sigs.k8s.io/yaml (JSON -> go-yaml v2), so keys are sorted
 * with go-yaml's key order, sequences inside mappings are not indented, and each string gets the
 * style go-yaml's emitter picks: plain when it would read back as the same string, double-quoted
 * when it would read as another type (`"80"`, `"true"`, `""`, timestamps), single-quoted when it
 * starts with an indicator, literal `|` when it has line breaks. Long plain and quoted scalars
 * wrap at a space past column 80.
 * Sources: go-yaml v2 encode.go (stringv), resolve.go, emitterc.go (yaml_emitter_analyze_scalar,
 * yaml_emitter_select_scalar_style, write_plain/single/double/literal), sorter.go (keyList.Less).
 */
import type { JsonValue } from './json.ts';

const BEST_WIDTH = 80;

// ---- key order (sorter.go keyList.Less, for string keys) ----
const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const keyCompare = (a: string, b: string) => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : 1);

// ---- resolve.go: would this plain scalar read back as something other than a string? ----
const NON_STRING_WORDS = new Set([
  '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[bB][01_]+|0[oO]?[0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const BIN_INT = /^[-+]?0b[01]+$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(([Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?([ \t]*(Z|[-+]\d{1,2}(:\d{2})?))?)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  if (NON_STRING_WORDS.has(s)) return true;
  const c = s[0];
  if (!(isDigit(c) || c === '-' || c === '+' || c === '.')) return false;
  if (YAML_FLOAT.test(s.replace(/_/g, ''))) return true;
  if (GO_INT.test(s) || BIN_INT.test(s)) return true;
  if (TIMESTAMP.test(s)) return true;
  return false;
}

// ---- emitterc.go yaml_emitter_analyze_scalar, for block context ----
interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreakCh = (c: string) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankz = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreakCh(c) || c === '\0';
function isPrintable(c: string): boolean {
  const n = c.codePointAt(0) ?? 0;
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || n === 0x85 || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff) || (n >= 0x10000 && n <= 0x10ffff);
}

function analyze(value: string): Analysis {
  const chars = [...value];
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  let lineBreaks = false, specialCharacters = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedByWhitespace = isBlankz(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWhitespace) blockIndicators = true;
      if (c === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isBreakCh(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCh(c)) {
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
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function selectStyle(s: string, isKey: boolean): Style {
  let style: Style = s.includes('\n') ? 'literal' : !resolvesToNonString(s) && !BASE60_FLOAT.test(s) ? 'plain' : 'double';
  const a = analyze(s);
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (s.length === 0 && isKey) || (a.multiline && isKey)) style = 'single';
  }
  if (style === 'single' && (!a.singleQuotedAllowed || (a.multiline && isKey))) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || isKey)) style = 'double';
  return style;
}

// ---- the writer: tracks the column for line wrapping ----
class Out {
  parts: string[] = [];
  column = 0;
  /** A literal block scalar ends its own last line. */
  literalEnded = false;
  write(s: string) {
    this.parts.push(s);
    this.column += s.length;
  }
  newline(indent: number) {
    this.parts.push('\n' + ' '.repeat(indent));
    this.column = indent;
  }
  breakOnly() {
    this.parts.push('\n');
    this.column = 0;
  }
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\x0b': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\u0085': '\\N', '\u00a0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};

function writeScalar(o: Out, s: string, indent: number, isKey: boolean): void {
  const style = selectStyle(s, isKey);
  const allowBreaks = !isKey;
  const chars = [...s];
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
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ') o.newline(indent);
        else o.write(c);
        spaces = true;
      } else {
        o.write(c === "'" ? "''" : c);
        spaces = false;
      }
    }
    o.write("'");
  } else if (style === 'double') {
    o.write('"');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const esc = DOUBLE_ESCAPES[c];
      if (esc !== undefined || !isPrintable(c) || c === '\ufeff') {
        const n = c.codePointAt(0) ?? 0;
        o.write(esc ?? (n <= 0xff ? '\\x' + n.toString(16).toUpperCase().padStart(2, '0') : n <= 0xffff ? '\\u' + n.toString(16).toUpperCase().padStart(4, '0') : '\\U' + n.toString(16).toUpperCase().padStart(8, '0')));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
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
    // literal block: hints, then each line at `indent`; empty lines carry no spaces
    let hint = '|';
    if (chars[0] === ' ' || chars[0] === '\n') hint += '2';
    if (!s.endsWith('\n')) hint += '-';
    else if (s.length === 1 || s.endsWith('\n\n')) hint += '+';
    o.write(hint);
    let breaks = true;
    for (const c of chars) {
      if (c === '\n') {
        o.breakOnly();
        breaks = true;
      } else {
        if (breaks) {
          if (o.column === 0) o.write(' '.repeat(indent));
          else o.newline(indent);
        }
        o.write(c);
        breaks = false;
      }
    }
    if (!s.endsWith('\n')) o.breakOnly();
    o.literalEnded = true;
  }
}

function scalarText(v: Exclude<JsonValue, object> | null): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
    return String(v).replace(/e\+?/, 'e+').replace('e+-', 'e-');
  }
  return undefined;
}

/** Ends the current line unless a literal scalar already did. */
function endLine(o: Out) {
  if (o.literalEnded) o.literalEnded = false;
  else o.breakOnly();
}

function emitValue(o: Out, v: JsonValue, indent: number): void {
  if (v !== null && typeof v === 'object') return; // containers are handled by the caller
  const text = scalarText(v);
  if (text !== undefined) o.write(text);
  else writeScalar(o, v as string, indent, false);
}

function emitMapping(o: Out, m: { [k: string]: JsonValue }, indent: number, firstInline: boolean): void {
  const keys = Object.keys(m).sort(keyCompare);
  keys.forEach((k, i) => {
    if (i > 0 || !firstInline) o.write(' '.repeat(indent));
    writeScalar(o, k, indent, true);
    o.write(':');
    emitChild(o, m[k], indent, true);
  });
}

function emitSequence(o: Out, s: JsonValue[], indent: number, firstInline: boolean): void {
  s.forEach((item, i) => {
    if (i > 0 || !firstInline) o.write(' '.repeat(indent));
    o.write('-');
    if (item !== null && typeof item === 'object' && !isEmpty(item)) {
      o.write(' ');
      if (Array.isArray(item)) emitSequence(o, item, indent + 2, true);
      else emitMapping(o, item, indent + 2, true);
    } else {
      o.write(' ');
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
function emitChild(o: Out, v: JsonValue, indent: number, inMapping: boolean): void {
  if (v !== null && typeof v === 'object' && !isEmpty(v)) {
    o.breakOnly();
    if (Array.isArray(v)) emitSequence(o, v, inMapping ? indent : indent + 2, false);
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
    else emitValue(o, v, 0);
    endLine(o);
  }
  return o.parts.join('');
}
