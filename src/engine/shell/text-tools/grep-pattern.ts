/**
 * GNU grep 3.11's patterns as JavaScript RegExp source: basic (-G, the default) and extended
 * (-E) regular expressions, parsed as glibc's regcomp parses them with grep's syntax bits
 * (RE_SYNTAX_GREP, RE_SYNTAX_EGREP: posix/regcomp.c parse_expression, parse_dup_op,
 * parse_bracket_exp), which is where grep's error messages come from, and with what gnulib's
 * dfa.c (which selects the lines) adds: its warnings ("* at start of expression") and its
 * reading of an operator after an anchor. Debian's grep, which Ubuntu 24.04 ships unchanged,
 * turns dfa.c's "stray \ before X" warnings off unless DEB_GREP_ENABLE_STRAY_BACKSLASH_WARN
 * is set (its patch for Debian bug #1019724), so `grep '\/'` says nothing. Characters and
 * classes are those of an ASCII text in a UTF-8 locale.
 */

export type Syntax = 'basic' | 'extended';

export type Translation =
  /**
   * `dfaError`: an error gnulib's dfa.c finds after glibc accepted the pattern (grep prints it,
   * and the warnings before it, only when every pattern compiled).
   */
  | { ok: true; source: string; groups: number; warnings: string[]; dfaError?: string }
  | { ok: false; error: string };

/** glibc posix/regcomp.c __re_error_msgid: what grep prints after `grep: `. */
export const REGEX_ERRORS = {
  BADPAT: 'Invalid regular expression',
  ECOLLATE: 'Invalid collation character',
  ECTYPE: 'Invalid character class name',
  EESCAPE: 'Trailing backslash',
  ESUBREG: 'Invalid back reference',
  EBRACK: 'Unmatched [, [^, [:, [., or [=',
  EPAREN: 'Unmatched ( or \\(',
  EBRACE: 'Unmatched \\{',
  BADBR: 'Invalid content of \\{\\}',
  ERANGE: 'Invalid range end',
  ESIZE: 'Regular expression too big',
  ERPAREN: 'Unmatched ) or \\)',
} as const;

/** dfa.c's error for a bracket that looks like a misplaced class (DFA_CONFUSING_BRACKETS_ERROR). */
export const CONFUSING_BRACKETS = 'character class syntax is [[:space:]], not [:space:]';

const RE_DUP_MAX = 0x7fff;
const WORD = 'A-Za-z0-9_';

/** POSIX classes as ASCII ranges (JS class syntax, already escaped). */
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  digit: '0-9',
  xdigit: '0-9A-Fa-f',
  space: ' \\t\\n\\v\\f\\r',
  punct: '!-\\/:-@\\[-`{-~',
  alnum: '0-9A-Za-z',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  blank: ' \\t',
};

/** A character as a JS (u-mode) literal outside a class. */
export function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function classChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

class ParseError extends Error {}

/** One pattern (a line of PATTERNS) as JS source; back-references are numbered from groupOffset + 1. */
export function translatePattern(pattern: string, syntax: Syntax, groupOffset = 0): Translation {
  const ere = syntax === 'extended';
  const chars = [...pattern];
  const warnings: string[] = [];
  let i = 0;
  let groups = 0;
  const completed = new Set<number>();
  let depth = 0;
  // dfa.c's laststart: true where a repetition operator would have nothing to repeat.
  let laststart = true;
  let dfaError: { message: string; warningsBefore: number } | undefined;
  const fail = (error: string): never => {
    throw new ParseError(error);
  };

  /** `{` or `\{` just read: the interval, or undefined where an ERE takes the brace literally. */
  const interval = (): { min: number; max: number } | undefined => {
    const start = i;
    const close = ere ? ['}'] : ['\\', '}'];
    const atClose = () => close.every((c, k) => chars[i + k] === c);
    // glibc fetch_number: -1 no digits, -2 something else or the end of the pattern.
    const number = (): number => {
      let n = -1;
      for (;;) {
        if (i >= chars.length) return -2;
        if (atClose() || chars[i] === ',') return n;
        const c = chars[i];
        if (c === '\\' && !ere) i++;
        n = n === -2 || !(c >= '0' && c <= '9') || (c === '\\' && !ere) ? -2 : n === -1 ? Number(c) : Math.min(RE_DUP_MAX + 1, n * 10 + Number(c));
        i++;
      }
    };
    let min = number();
    if (min === -1) {
      if (chars[i] === ',') min = 0;
      else fail(REGEX_ERRORS.BADBR); // {} is invalid
    }
    let max = -2;
    if (min !== -2) {
      if (atClose()) max = min;
      else if (chars[i] === ',') {
        i++;
        max = number();
      }
    }
    if (min === -2 || max === -2) {
      if (ere) {
        i = start;
        return undefined;
      }
      fail(i >= chars.length ? REGEX_ERRORS.EBRACE : REGEX_ERRORS.BADBR);
    }
    if ((max !== -1 && min > max) || !atClose()) fail(REGEX_ERRORS.BADBR);
    if (RE_DUP_MAX < (max === -1 ? min : max)) fail(REGEX_ERRORS.ESIZE);
    i += close.length;
    return { min, max };
  };

  const bracket = (): string => {
    // i is just past `[`.
    let negate = false;
    if (chars[i] === '^') {
      negate = true;
      i++;
    }
    // glibc parse_bracket_exp: nothing at all after `[` or `[^` is REG_BADPAT.
    if (i >= chars.length) fail(REGEX_ERRORS.BADPAT);
    const parts: string[] = [];
    const first = i;
    let colonState = chars[i] === ':' ? 1 : 0;
    /** One element: a character (with its code) or a class; undefined at the closing bracket. */
    const element = (acceptHyphen: boolean): { char?: string; cls?: string } | undefined => {
      if (i >= chars.length) fail(REGEX_ERRORS.EBRACK);
      const c = chars[i];
      if (c === ']' && i > first) return undefined;
      if (c === '[' && (chars[i + 1] === ':' || chars[i + 1] === '.' || chars[i + 1] === '=')) {
        const delim = chars[i + 1];
        i += 2;
        let name = '';
        for (;;) {
          if (i + 1 >= chars.length) fail(REGEX_ERRORS.EBRACK);
          if (chars[i] === delim && chars[i + 1] === ']') break;
          name += chars[i++];
          if (name.length >= 32) fail(REGEX_ERRORS.EBRACK);
        }
        i += 2;
        colonState |= 8;
        if (delim === ':') {
          const cls = CLASSES[name];
          if (cls === undefined) fail(REGEX_ERRORS.ECTYPE);
          return { cls };
        }
        if ([...name].length !== 1) fail(REGEX_ERRORS.ECOLLATE);
        return { char: name };
      }
      if (c === '-' && !acceptHyphen && chars[i + 1] !== ']') fail(REGEX_ERRORS.ERANGE);
      i++;
      colonState = (colonState & ~2) | (c === ':' ? 2 : 4);
      return { char: c };
    };
    for (let round = 0; ; round++) {
      const start = element(round === 0);
      if (!start) break;
      if (chars[i] === '-' && chars[i + 1] !== ']' && i + 1 < chars.length) {
        i++;
        const end = element(true);
        if (!end || start.cls !== undefined || end.cls !== undefined) fail(REGEX_ERRORS.ERANGE);
        if (start.char!.codePointAt(0)! > end!.char!.codePointAt(0)!) fail(REGEX_ERRORS.ERANGE);
        colonState |= 8;
        parts.push(`${classChar(start.char!)}-${classChar(end!.char!)}`);
        continue;
      }
      parts.push(start.cls ?? classChar(start.char!));
    }
    i++; // the closing bracket
    if (colonState === 7 && !dfaError) dfaError = { message: CONFUSING_BRACKETS, warningsBefore: warnings.length };
    return `[${negate ? '^' : ''}${parts.join('')}]`;
  };

  /** A quantifier token at i (consumed): its JS form and its operator, or undefined. */
  const quantifier = (): { q: string; op: string } | undefined => {
    const c = chars[i];
    if (c === '*') {
      i++;
      return { q: '*', op: '*' };
    }
    if (ere ? c === '+' || c === '?' : c === '\\' && (chars[i + 1] === '+' || chars[i + 1] === '?')) {
      const op = ere ? c : chars[i + 1];
      i += ere ? 1 : 2;
      return { q: op, op };
    }
    if (ere ? c === '{' : c === '\\' && chars[i + 1] === '{') {
      const save = i;
      i += ere ? 1 : 2;
      const iv = interval();
      if (!iv) {
        i = save;
        return undefined;
      }
      const q = iv.max === -1 ? `{${iv.min},}` : iv.min === iv.max ? `{${iv.min}}` : `{${iv.min},${iv.max}}`;
      return { q, op: '{...}' };
    }
    return undefined;
  };

  const isQuantifierStart = (): boolean =>
    chars[i] === '*' || (ere ? chars[i] === '+' || chars[i] === '?' || chars[i] === '{' : chars[i] === '\\' && /[+?{]/.test(chars[i + 1] ?? ''));

  const atAlternation = (): boolean => (ere ? chars[i] === '|' : chars[i] === '\\' && chars[i + 1] === '|');
  const atClose = (): boolean => depth > 0 && (ere ? chars[i] === ')' : chars[i] === '\\' && chars[i + 1] === ')');

  /**
   * A quantifier with nothing before it to repeat. An ERE drops it (glibc skips the token; dfa.c
   * warns); a BRE reads `*`, `\\+`, `\\?`, `\\{` there as the ordinary characters `*`, `+`, `?`, `{`.
   */
  const leadingOperator = (): string | undefined => {
    if (ere) {
      const save = i;
      const q = quantifier();
      if (!q) {
        i = save;
        return undefined;
      }
      if (laststart) warnings.push(`${q.op} at start of expression`);
      if (q.op === '{...}') laststart = false; // dfa.c lex: an interval clears laststart
      return '';
    }
    const bs = chars[i] === '\\';
    const op = bs ? chars[i + 1] : chars[i];
    i += bs ? 2 : 1;
    laststart = false;
    return literal(op);
  };

  const atom = (): { src: string; anchor: boolean } | undefined => {
    const c = chars[i];
    if (c === '[') {
      i++;
      laststart = false;
      return { src: bracket(), anchor: false };
    }
    if (c === '.') {
      i++;
      laststart = false;
      return { src: '.', anchor: false };
    }
    if (c === '^') {
      const anchor = ere || atBranchStart;
      i++;
      if (anchor) return { src: '(?:^)', anchor: true };
      laststart = false;
      return { src: '\\^', anchor: false };
    }
    if (c === '$') {
      i++;
      const anchor = ere || i === chars.length || atAlternation() || atClose();
      if (anchor) return { src: '(?:$)', anchor: true };
      laststart = false;
      return { src: '\\$', anchor: false };
    }
    if (ere && c === '(') {
      i++;
      return { src: group(), anchor: false };
    }
    if (ere && c === ')' && depth === 0) {
      i++;
      laststart = false;
      return { src: '\\)', anchor: false };
    }
    if (c === '\\') {
      const d = chars[i + 1];
      if (d === undefined) fail(REGEX_ERRORS.EESCAPE);
      i += 2;
      if (!ere && d === '(') return { src: group(), anchor: false };
      if (!ere && d === ')') fail(REGEX_ERRORS.ERPAREN);
      if (d >= '1' && d <= '9') {
        const n = Number(d);
        if (!completed.has(n)) fail(REGEX_ERRORS.ESUBREG);
        laststart = false;
        return { src: `(?:\\${n + groupOffset})`, anchor: false };
      }
      const ops: Record<string, string> = {
        '<': `(?:\\b(?=[${WORD}]))`,
        '>': `(?:\\b(?<=[${WORD}]))`,
        b: '(?:\\b)',
        B: '(?:\\B)',
        '`': '(?:^)',
        "'": '(?:$)',
      };
      if (ops[d]) return { src: ops[d], anchor: true };
      const sets: Record<string, string> = { w: `[${WORD}]`, W: `[^${WORD}]`, s: `[${CLASSES.space}]`, S: `[^${CLASSES.space}]` };
      laststart = false;
      if (sets[d]) return { src: sets[d], anchor: false };
      // Any other escaped character is itself (a stray backslash: no warning on Debian or Ubuntu).
      return { src: literal(d), anchor: false };
    }
    i++;
    laststart = false;
    return { src: literal(c), anchor: false };
  };

  let atBranchStart = true;

  const branch = (): string => {
    let out = '';
    atBranchStart = true;
    laststart = true;
    let anyAtom = false;
    let afterAnchor = false;
    while (i < chars.length && !atAlternation() && !atClose()) {
      let piece: string | undefined;
      let anchor = false;
      if (isQuantifierStart() && (ere ? !anyAtom : atBranchStart || afterAnchor)) {
        const lead = leadingOperator();
        if (lead === '') continue;
        piece = lead;
      }
      if (piece === undefined) {
        const a = atom()!;
        piece = a.src;
        anchor = a.anchor;
      }
      atBranchStart = anchor && piece === '(?:^)' && atBranchStart;
      afterAnchor = anchor;
      anyAtom = true;
      // In a BRE nothing repeats an anchor (glibc parse_expression returns after one). In an ERE
      // dfa.c, which selects the lines, repeats `^` and `$` (`a^*` is `a`); a word anchor it
      // leaves to glibc in a UTF-8 locale, which drops the operator after it.
      if (anchor && !ere) {
        out += piece;
        continue;
      }
      const wordAnchor = anchor && piece !== '(?:^)' && piece !== '(?:$)';
      let quantified = false;
      for (let q = quantifier(); q !== undefined; q = quantifier()) {
        if (laststart) warnings.push(`${q.op} at start of expression`);
        if (q.op === '{...}') laststart = false;
        if (wordAnchor) continue;
        piece = quantified || anchor ? `(?:${piece})${q.q}` : `${piece}${q.q}`;
        quantified = true;
      }
      if (quantified) afterAnchor = false;
      out += piece;
    }
    return out;
  };

  const alternation = (): string => {
    const branches = [branch()];
    while (i < chars.length && atAlternation()) {
      i += ere ? 1 : 2;
      branches.push(branch());
    }
    return branches.join('|');
  };

  function group(): string {
    const n = ++groups;
    depth++;
    const body = alternation();
    if (!atClose()) fail(REGEX_ERRORS.EPAREN);
    i += ere ? 1 : 2;
    depth--;
    completed.add(n);
    laststart = false;
    return `(${body})`;
  }

  try {
    const source = alternation();
    if (i < chars.length) fail(REGEX_ERRORS.ERPAREN);
    if (dfaError) return { ok: true, source, groups, warnings: warnings.slice(0, dfaError.warningsBefore), dfaError: dfaError.message };
    return { ok: true, source, groups, warnings };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/** A fixed string (-F) as JS source. */
export function fixedSource(pattern: string): string {
  return [...pattern].map(literal).join('');
}

/**
 * grep.c try_fgrep_pattern: with two or more patterns that need no regex, grep matches them as
 * fixed strings and never runs dfa.c over them, so they draw no warnings.
 */
export function fgrepable(pattern: string, syntax: Syntax): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if ('$*.[^'.includes(c)) return false;
    if ('(+?{|'.includes(c) && syntax === 'extended') return false;
    if (c === '\\' && i + 1 < pattern.length) {
      const d = pattern[++i];
      if ('BSW\'<bsw`>123456789'.includes(d)) return false;
      if ('(+?{|)'.includes(d) && syntax === 'basic') return false;
    }
  }
  return true;
}

export interface MatcherOptions {
  ignoreCase: boolean;
  word: boolean;
  line: boolean;
  /** -P: Perl's leftmost-first matches; the POSIX syntaxes take the longest at the leftmost start. */
  perl: boolean;
}

export interface Matcher {
  test(line: string): boolean;
  /** The non-empty matches left to right, as -o prints them. */
  matches(line: string): string[];
}

/**
 * One matcher for all patterns (JS sources, joined as alternatives), with -w and -x as grep
 * applies them: -x wants the whole line; -w a match with no word character (letter, digit,
 * `_`) on either side, grep trying shorter and later matches until one is (dfasearch.c
 * EGexecute), which a lookbehind and a lookahead around the alternatives express.
 */
export function buildMatcher(sources: readonly string[], o: MatcherOptions): Matcher {
  let body = sources.map((s) => `(?:${s})`).join('|');
  if (o.line) body = `^(?:${body})$`;
  else if (o.word) body = `(?<![${WORD}])(?:${body})(?![${WORD}])`;
  const flags = (o.perl ? '' : 'su') + (o.ignoreCase ? 'i' : '');
  const search = new RegExp(body, `${flags}g`);
  const test = new RegExp(body, flags);
  // Sticky matchers that must end K characters before the end of the line (the longest match).
  const endingAt = new Map<number, RegExp>();
  const longest = (line: string, start: number, found: number): number => {
    for (let end = line.length; end > start + found; end--) {
      const k = line.length - end;
      let re = endingAt.get(k);
      if (!re) {
        re = new RegExp(`(?:${body})(?=[\\s\\S]{${k}}$)`, `${flags}y`);
        endingAt.set(k, re);
      }
      re.lastIndex = start;
      if (re.test(line)) return end - start;
    }
    return found;
  };
  return {
    test: (line) => test.test(line),
    matches(line) {
      const out: string[] = [];
      let cur = 0;
      while (cur <= line.length) {
        search.lastIndex = cur;
        const m = search.exec(line);
        if (!m) break;
        const len = o.perl ? m[0].length : longest(line, m.index, m[0].length);
        if (len === 0) {
          // grep.c print_line_middle: step one character past an empty match.
          cur = m.index + 1;
          continue;
        }
        out.push(line.slice(m.index, m.index + len));
        cur = m.index + len;
      }
      return out;
    },
  };
}
