/**
 * coreutils 9.4 tr on standard input's bytes: translate SET1 to SET2 (SET2 extended with its
 * last character, or cut with -t), delete (-d), squeeze repeats (-s), complement SET1 (-c/-C).
 * Sets take escapes (\n \t \\ \NNN ...), ranges (a-z), classes ([:lower:] ...), [=c=] and
 * [c*n]/[c*] repeats; the parsing, checks and messages are tr.c's (unquote, build_spec_list,
 * get_next, validate), ported. Classes are the C.UTF-8 locale's for single bytes: ASCII only.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { helpOutput, parseOptions, quote, usageFailure, versionOutput, type LongOption } from './coreutils-options.ts';

const TOOL = 'tr';
const LONG: readonly LongOption[] = [
  { name: 'complement', arg: 'none', key: 'c' },
  { name: 'delete', arg: 'none', key: 'd' },
  { name: 'squeeze-repeats', arg: 'none', key: 's' },
  { name: 'truncate-set1', arg: 'none', key: 't' },
];

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => isUpper(c) || isLower(c);
const isGraph = (c: number) => c > 0x20 && c < 0x7f;

const CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => isAlpha(c) || isDigit(c),
  alpha: isAlpha,
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: isDigit,
  graph: isGraph,
  lower: isLower,
  print: (c) => c >= 0x20 && c < 0x7f,
  punct: (c) => isGraph(c) && !isAlpha(c) && !isDigit(c),
  space: (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  upper: isUpper,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

type Element =
  | { type: 'char'; c: number }
  | { type: 'range'; first: number; last: number }
  | { type: 'class'; name: string }
  | { type: 'equiv'; c: number }
  /** count 0: [c*], filled in to SET1's length. */
  | { type: 'repeat'; c: number; count: number };

/** The bytes of an operand after escapes, each marked when it came from one. */
interface EString {
  s: number[];
  escaped: boolean[];
}

/** make_printable_str: for messages. */
function printable(bytes: readonly number[]): string {
  const named: Record<number, string> = { 0x5c: '\\', 7: '\\a', 8: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 9: '\\t', 0x0b: '\\v' };
  return bytes.map((c) => named[c] ?? (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`)).join('');
}

const printableChar = (c: number) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`);

/** tr.c unquote: escapes to bytes; its warnings go to WARN. */
function unquote(arg: string, warn: string[]): EString {
  const s = Array.from(new TextEncoder().encode(arg));
  const es: EString = { s: [], escaped: [] };
  const ESC: Record<string, number> = { '\\': 0x5c, a: 7, b: 8, f: 0x0c, n: 0x0a, r: 0x0d, t: 9, v: 0x0b };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== 0x5c) {
      es.s.push(s[i]);
      es.escaped.push(false);
      continue;
    }
    let escaped = true;
    let c: number;
    const next = i + 1 < s.length ? String.fromCharCode(s[i + 1]) : '';
    const oct = (k: number) => (k < s.length && s[k] >= 0x30 && s[k] <= 0x37 ? s[k] - 0x30 : -1);
    if (next in ESC && next !== '') c = ESC[next];
    else if (oct(i + 1) >= 0) {
      c = oct(i + 1);
      if (oct(i + 2) >= 0) {
        c = 8 * c + oct(i + 2);
        i++;
        if (oct(i + 2) >= 0) {
          if (8 * c + oct(i + 2) < 256) {
            c = 8 * c + oct(i + 2);
            i++;
          } else {
            const [d0, d1, d2] = [s[i], s[i + 1], s[i + 2]].map((b) => String.fromCharCode(b));
            warn.push(`${TOOL}: warning: the ambiguous octal escape \\${d0}${d1}${d2} is being\n\tinterpreted as the 2-byte sequence \\0${d0}${d1}, ${d2}\n`);
          }
        }
      }
    } else if (next === '') {
      warn.push(`${TOOL}: warning: an unescaped backslash at end of string is not portable\n`);
      escaped = false;
      i--;
      c = 0x5c;
    } else c = s[i + 1];
    i++;
    es.s.push(c);
    es.escaped.push(escaped);
  }
  return es;
}

const match = (es: EString, i: number, c: string) => es.s[i] === c.charCodeAt(0) && !es.escaped[i];

/** tr.c build_spec_list: the elements, or the message it stops with. */
function buildSpecList(es: EString): Element[] | string {
  const p = es.s;
  const out: Element[] = [];
  let i = 0;
  /** find_bracketed_repeat: [c*] or [c*n] at START (the byte after '['). */
  const bracketedRepeat = (start: number): { c: number; count: number; close: number } | 'none' | string => {
    if (!match(es, start + 1, '*')) return 'none';
    for (let k = start + 2; k < p.length && !es.escaped[k]; k++) {
      if (p[k] !== 0x5d) continue;
      const digits = p.slice(start + 2, k);
      if (!digits.length) return { c: p[start], count: 0, close: k };
      const text = String.fromCharCode(...digits);
      const valid = text[0] === '0' ? /^[0-7]+$/.test(text) : /^\d+$/.test(text);
      if (!valid) return `${TOOL}: invalid repeat count ${quote(printable(digits))} in [c*n] construct\n`;
      return { c: p[start], count: parseInt(text, text[0] === '0' ? 8 : 10), close: k };
    }
    return 'none';
  };
  /** star_digits_closebracket: `*[0-9]*]` unescaped at IDX. */
  const starDigitsClose = (idx: number): boolean => {
    if (!match(es, idx, '*')) return false;
    for (let k = idx + 1; k < p.length; k++) if (!isDigit(p[k]) || es.escaped[k]) return match(es, k, ']');
    return false;
  };
  while (i + 2 < p.length) {
    if (match(es, i, '[')) {
      if (match(es, i + 1, ':') || match(es, i + 1, '=')) {
        const delim = p[i + 1];
        let close = -1;
        for (let k = i + 2; k < p.length - 1; k++) {
          if (p[k] === delim && p[k + 1] === 0x5d && !es.escaped[k] && !es.escaped[k + 1]) {
            close = k;
            break;
          }
        }
        if (close >= 0) {
          const operand = p.slice(i + 2, close);
          const isClass = delim === 0x3a;
          if (!operand.length) return isClass ? `${TOOL}: missing character class name '[::]'\n` : `${TOOL}: missing equivalence class character '[==]'\n`;
          const name = String.fromCharCode(...operand);
          const ok = isClass ? name in CLASSES : operand.length === 1;
          if (ok) {
            out.push(isClass ? { type: 'class', name } : { type: 'equiv', c: operand[0] });
            i = close + 2;
            continue;
          }
          if (!starDigitsClose(i + 2)) {
            return isClass
              ? `${TOOL}: invalid character class ${quote(printable(operand))}\n`
              : `${TOOL}: ${printable(operand)}: equivalence class operand must be a single character\n`;
          }
        }
      }
      // Else [c*n], [c*], or a plain '['.
      const r = bracketedRepeat(i + 1);
      if (typeof r === 'string' && r !== 'none') return r;
      if (typeof r === 'object') {
        out.push({ type: 'repeat', c: r.c, count: r.count });
        i = r.close + 1;
        continue;
      }
    }
    if (match(es, i + 1, '-')) {
      if (p[i + 2] < p[i]) return `${TOOL}: range-endpoints of '${printableChar(p[i])}-${printableChar(p[i + 2])}' are in reverse collating sequence order\n`;
      out.push({ type: 'range', first: p[i], last: p[i + 2] });
      i += 3;
    } else out.push({ type: 'char', c: p[i++] });
  }
  for (; i < p.length; i++) out.push({ type: 'char', c: p[i] });
  return out;
}

const members = (name: string): number[] => Array.from({ length: 256 }, (_, c) => c).filter(CLASSES[name]);

/** One element's bytes in order ([c*] gives none), and the case class it is, for get_next's CLASS. */
function expand(e: Element): number[] {
  if (e.type === 'char' || e.type === 'equiv') return [e.c];
  if (e.type === 'range') return Array.from({ length: e.last - e.first + 1 }, (_, k) => e.first + k);
  if (e.type === 'class') return members(e.name);
  return new Array<number>(e.count).fill(e.c);
}

interface Spec {
  elements: Element[];
  length: number;
  indefinite: number;
  hasEquiv: boolean;
  hasRestrictedClass: boolean;
  hasClass: boolean;
}

/** get_spec_stats. */
function stats(elements: Element[]): Spec {
  const spec: Spec = { elements, length: 0, indefinite: 0, hasEquiv: false, hasRestrictedClass: false, hasClass: false };
  for (const e of elements) {
    if (e.type === 'class') {
      spec.hasClass = true;
      if (e.name !== 'upper' && e.name !== 'lower') spec.hasRestrictedClass = true;
    }
    if (e.type === 'equiv') spec.hasEquiv = true;
    if (e.type === 'repeat' && e.count === 0) spec.indefinite++;
    spec.length += expand(e).length;
  }
  return spec;
}

const caseOf = (e: Element) => (e.type === 'class' && (e.name === 'upper' || e.name === 'lower') ? e.name : undefined);

export function tr(args: readonly string[], ctx: ShellContext): CommandOutput {
  let complement = false;
  let del = false;
  let squeeze = false;
  let truncate = false;
  const parsed = parseOptions(args, { tool: TOOL, short: '+AcCdst', long: LONG });
  for (const { key } of parsed.items) {
    if (key === 'c' || key === 'C') complement = true;
    else if (key === 'd') del = true;
    else if (key === 's') squeeze = true;
    else if (key === 't') truncate = true;
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['Jim Meyering']);
    // -A: C locale collation, already what svcsim does.
  }
  if (parsed.failure) return parsed.failure;
  const operands = parsed.operands;
  const n = operands.length;
  const translating = n === 2 && !del;
  const min = 1 + (del === squeeze ? 1 : 0);
  const max = 1 + (del <= squeeze ? 1 : 0);
  if (n < min) {
    if (n === 0) return usageFailure(TOOL, 'missing operand');
    const why = squeeze ? 'Two strings must be given when both deleting and squeezing repeats.' : 'Two strings must be given when translating.';
    return usageFailure(TOOL, `missing operand after ${quote(operands[n - 1])}\n${why}`);
  }
  if (n > max) {
    const extra = n === 2 ? '\nOnly one string may be given when deleting without squeezing repeats.' : '';
    return usageFailure(TOOL, `extra operand ${quote(operands[max])}${extra}`);
  }
  const warnings: string[] = [];
  const parse = (arg: string): Element[] | CommandOutput => {
    const list = buildSpecList(unquote(arg, warnings));
    return typeof list === 'string' ? { stdout: '', stderr: warnings.join('') + list, exitCode: 1 } : list;
  };
  const e1 = parse(operands[0]);
  if (!Array.isArray(e1)) return e1;
  const e2 = n === 2 ? parse(operands[1]) : undefined;
  if (e2 && !Array.isArray(e2)) return e2;
  const stop = (message: string): CommandOutput => ({ stdout: '', stderr: `${warnings.join('')}${TOOL}: ${message}\n`, exitCode: 1 });

  // validate()
  const s1 = stats(e1);
  if (complement) s1.length = 256 - new Set(e1.flatMap(expand)).size;
  if (s1.indefinite > 0) return stop('the [c*] repeat construct may not appear in string1');
  let s2: Spec | undefined;
  if (e2) {
    s2 = stats(e2);
    if (s1.length >= s2.length && s2.indefinite === 1) {
      const fill = e2.find((e) => e.type === 'repeat' && e.count === 0) as { count: number };
      fill.count = s1.length - s2.length;
      s2.length = s1.length;
    }
    if (s2.indefinite > 1) return stop('only one [c*] repeat construct may appear in string2');
    if (translating) {
      if (s2.hasEquiv) return stop('[=c=] expressions may not appear in string2 when translating');
      if (s2.hasRestrictedClass) return stop("when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'");
      const misaligned = caseAlignment(e1, e2, complement, s2.hasClass, s1, s2);
      if (misaligned) return stop(misaligned);
      if (s1.length > s2.length && !truncate) {
        if (s2.length === 0) return stop('when not truncating set1, string2 must be non-empty');
        const last = e2[e2.length - 1];
        if (last.type === 'class') return stop('when translating with string1 longer than string2,\nthe latter string must not end with a character class');
        const c = last.type === 'range' ? last.last : last.c;
        e2.push({ type: 'repeat', c, count: s1.length - s2.length });
        s2.length = s1.length;
      }
      const seq2 = e2.flatMap(expand);
      if (complement && s1.hasClass && !(s2.length === s1.length && seq2.length > 0 && seq2.every((c) => c === seq2[0]))) {
        return stop('when translating with complemented character classes,\nstring2 must map all characters in the domain to one');
      }
    } else if (s2.indefinite > 0) return stop('the [c*] construct may appear in string2 only when translating');
  }

  const set = (elements: Element[], negate: boolean): boolean[] => {
    const inSet = new Array<boolean>(256).fill(false);
    for (const c of elements.flatMap(expand)) inSet[c] = true;
    return negate ? inSet.map((b) => !b) : inSet;
  };
  const input = new TextEncoder().encode(ctx.stdin ?? '');
  let bytes: number[] = Array.from(input);
  let squeezeSet: boolean[] | undefined;
  if (squeeze && n === 1) squeezeSet = set(e1, complement);
  else if (del) {
    const gone = set(e1, complement);
    bytes = bytes.filter((c) => !gone[c]);
    if (squeeze && e2) squeezeSet = set(e2, false);
  } else if (translating && e2) {
    const xlate = Array.from({ length: 256 }, (_, c) => c);
    if (complement) {
      const inS1 = set(e1, false);
      const seq2 = e2.flatMap(expand);
      let k = 0;
      for (let c = 0; c < 256 && k < seq2.length; c++) if (!inS1[c]) xlate[c] = seq2[k++];
    } else translateTable(e1, e2, xlate);
    bytes = bytes.map((c) => xlate[c]);
    if (squeeze) squeezeSet = set(e2, false);
  }
  if (squeezeSet) {
    const inSqueeze = squeezeSet;
    bytes = bytes.filter((c, k) => !(k > 0 && c === bytes[k - 1] && inSqueeze[c]));
  }
  return { stdout: new TextDecoder().decode(Uint8Array.from(bytes)), stderr: warnings.join(''), exitCode: 0 };
}

/** The next position in a set: element I's K-th byte. */
function step(elements: Element[], i: number, k: number): [number, number] {
  return k + 1 >= expand(elements[i]).length ? [i + 1, 0] : [i, k + 1];
}

/**
 * validate_case_classes: a [:upper:]/[:lower:] in SET2 must face one in SET1; each such pair
 * counts as one character towards the sets' lengths. Returns the refusal, if any.
 */
function caseAlignment(e1: Element[], e2: Element[], complement: boolean, s2HasClass: boolean, s1: Spec, s2: Spec): string | undefined {
  if (complement || !s2HasClass) return undefined;
  let i = 0;
  let j = 0;
  let k1 = 0;
  let k2 = 0;
  // Walk both sets element by element, position by position, as get_next does.
  while (i < e1.length && j < e2.length) {
    const c1 = caseOf(e1[i]);
    const c2 = caseOf(e2[j]);
    if (c2 && k2 === 0 && !(c1 && k1 === 0)) return 'misaligned [:upper:] and/or [:lower:] construct';
    if (c2) {
      s1.length -= expand(e1[i]).length - 1;
      s2.length -= expand(e2[j]).length - 1;
      i++;
      j++;
      k1 = 0;
      k2 = 0;
      continue;
    }
    [i, k1] = step(e1, i, k1);
    [j, k2] = step(e2, j, k2);
  }
  return undefined;
}

/** The translation table, with [:lower:]→[:upper:] and back as case conversions (tr.c main). */
function translateTable(e1: Element[], e2: Element[], xlate: number[]): void {
  let i = 0;
  let j = 0;
  let k1 = 0;
  let k2 = 0;
  for (;;) {
    while (i < e1.length && expand(e1[i]).length === 0) i++;
    while (j < e2.length && expand(e2[j]).length === 0) j++;
    if (i >= e1.length || j >= e2.length) return;
    const c1 = k1 === 0 ? caseOf(e1[i]) : undefined;
    const c2 = k2 === 0 ? caseOf(e2[j]) : undefined;
    if (c1 && c2) {
      if (c1 === 'lower' && c2 === 'upper') for (let c = 0x61; c <= 0x7a; c++) xlate[c] = c - 32;
      if (c1 === 'upper' && c2 === 'lower') for (let c = 0x41; c <= 0x5a; c++) xlate[c] = c + 32;
      i++;
      j++;
      continue;
    }
    const a = expand(e1[i]);
    const b = expand(e2[j]);
    xlate[a[k1]] = b[k2];
    [i, k1] = step(e1, i, k1);
    [j, k2] = step(e2, j, k2);
  }
}
