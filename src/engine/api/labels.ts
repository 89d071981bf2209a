/**
 * Label selectors: kubectl's string form (`app=web,tier!=db,env in (a,b),!legacy`) and the
 * API's LabelSelector, both turned into one list of requirements
 * (k8s.io/apimachinery/pkg/labels/selector.go).
 */
import type { LabelSelector } from './meta.ts';
import { goQuote } from './go-strings.ts';
import { isQualifiedName, isValidLabelValue } from './name-formats.ts';

/** `=`, `==` read as `in` and `!=` as `notin` (one value each): they match alike. */
export type SelectorOperator = 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

export type Selector = readonly Requirement[];

export function matchesSelector(selector: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  for (const r of selector) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'in':
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case 'gt':
      case 'lt': {
        // Requirement.Matches: both sides read as int64; a label that is not one never matches.
        const have = has ? parseInt64(labels[r.key]) : undefined;
        const want = parseInt64(r.values[0] ?? '');
        if (have === undefined || want === undefined) return false;
        if (r.operator === 'gt' ? !(have > want) : !(have < want)) return false;
        break;
      }
    }
  }
  return true;
}

/** A Service's `spec.selector` or a matchLabels map: every pair must match. */
export function selectorFromMap(map: Readonly<Record<string, string>>): Selector {
  return Object.keys(map)
    .sort()
    .map((key) => ({ key, operator: 'in' as const, values: [map[key]] }));
}

/** metav1.LabelSelectorAsSelector. */
export function selectorFromLabelSelector(ls: LabelSelector): Selector {
  const reqs: Requirement[] = [...selectorFromMap(ls.matchLabels ?? {})];
  for (const e of ls.matchExpressions ?? []) {
    const op: SelectorOperator =
      e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, operator: op, values: [...(e.values ?? [])] });
  }
  return reqs;
}

/** strconv.ParseInt(s, 10, 64), or undefined where Go returns an error. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < -(2n ** 63n) || n > 2n ** 63n - 1n ? undefined : n;
}

export type ParseSelectorResult = { ok: true; selector: Selector } | { ok: false; error: string };

// ---- labels.Parse (apimachinery v0.33.9 pkg/labels/selector.go): its lexer, parser and
// NewRequirement, with every message worded as the API server returns it.

type Token =
  | 'end' | 'closedPar' | 'comma' | 'doesNotExist' | 'doubleEquals' | 'equals' | 'greaterThan'
  | 'identifier' | 'in' | 'lessThan' | 'notEquals' | 'notIn' | 'openPar';

const STRING_TO_TOKEN = new Map<string, Token>([
  [')', 'closedPar'], [',', 'comma'], ['!', 'doesNotExist'], ['==', 'doubleEquals'], ['=', 'equals'],
  ['>', 'greaterThan'], ['in', 'in'], ['<', 'lessThan'], ['!=', 'notEquals'], ['notin', 'notIn'], ['(', 'openPar'],
]);

interface Scanned {
  tok: Token;
  lit: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

/** Lexer.Lex over the whole string: Go's read() yields 0 both past the end and for a NUL byte. */
function scan(s: string): Scanned[] {
  let pos = 0;
  const read = (): string => (pos < s.length ? s[pos++] : '\0');
  const items: Scanned[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    let item: Scanned;
    if (ch === '\0') {
      item = { tok: 'end', lit: '' };
    } else if (isSpecial(ch)) {
      // scanSpecialSymbol: the longest run of symbols that is still an operator (`!=`, `==`).
      pos--;
      let buffer = '';
      let last: Scanned | undefined;
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (!isSpecial(c)) {
          pos--;
          break;
        }
        buffer += c;
        const tok = STRING_TO_TOKEN.get(buffer);
        if (tok) last = { tok, lit: buffer };
        else if (last) {
          pos--;
          break;
        }
      }
      // Every single symbol is an operator, so scanSpecialSymbol's ErrorToken cannot occur.
      item = last ?? { tok: 'end', lit: '' };
    } else {
      pos--;
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      item = { tok: STRING_TO_TOKEN.get(buffer) ?? 'identifier', lit: buffer };
    }
    items.push(item);
    if (item.tok === 'end') return items;
  }
}

class SelectorError extends Error {}

const fail = (message: string): never => {
  throw new SelectorError(message);
};

/** field.Invalid(...).Error(): the path is `<nil>` where labels.Parse is given none. */
const invalid = (path: string, value: string, detail: string) => `${path}: Invalid value: ${value}: ${detail}`;

/** ErrorList.ToAggregate().Error(): one message alone, several deduplicated inside `[...]`. */
function aggregate(messages: readonly string[]): string | undefined {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** NewRequirement's checks, for the operators the parser can produce (values sorted, as sets.String.List gives them). */
function newRequirement(key: string, operator: SelectorOperator, values: string[], exact: boolean): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalid('key', goQuote(key), keyErrs.join('; ')));
  if ((operator === 'in' || operator === 'notin') && !exact && values.length === 0) {
    errs.push(invalid('values', '[]string{}', "for 'in', 'notin' operators, values set can't be empty"));
  }
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (parseInt64(v) === undefined) errs.push(invalid(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  values.forEach((v, i) => {
    const bad = isValidLabelValue(v);
    if (bad.length) errs.push(invalid(`values[${i}][${key}]`, goQuote(v), bad.join('; ')));
  });
  const message = aggregate(errs);
  if (message !== undefined) fail(message);
  return { key, operator, values };
}

/** sets.String.List(): distinct and sorted. */
const sortedSet = (values: Iterable<string>) => [...new Set(values)].sort();

class Parser {
  private position = 0;
  constructor(private readonly items: readonly Scanned[]) {}

  /** In a value position `in` and `notin` are plain identifiers (ParserContext Values). */
  private item(values: boolean, at: number): Scanned {
    const it = this.items[Math.min(at, this.items.length - 1)];
    return values && (it.tok === 'in' || it.tok === 'notIn') ? { tok: 'identifier', lit: it.lit } : it;
  }

  private lookahead(values = true): Scanned {
    return this.item(values, this.position);
  }

  private consume(values = true): Scanned {
    return this.item(values, this.position++);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead();
      if (tok === 'identifier' || tok === 'doesNotExist') {
        try {
          reqs.push(this.parseRequirement());
        } catch (e) {
          if (e instanceof SelectorError) fail(`unable to parse requirement: ${e.message}`);
          throw e;
        }
        const next = this.consume();
        if (next.tok === 'end') return reqs;
        if (next.tok !== 'comma') fail(`found '${next.lit}', expected: ',' or 'end of string'`);
        const after = this.lookahead();
        if (after.tok !== 'identifier' && after.tok !== 'doesNotExist') fail(`found '${after.lit}', expected: identifier after ','`);
      } else if (tok === 'end') {
        return reqs;
      } else {
        fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, [], false);
    const op = this.parseOperator();
    const values = op.operator === 'in' && !op.exact || op.operator === 'notin' && !op.exact ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op.operator, values, op.exact);
  }

  private parseKeyAndInferOperator(): { key: string; operator: SelectorOperator | undefined } {
    let operator: SelectorOperator | undefined;
    let { tok, lit } = this.consume();
    if (tok === 'doesNotExist') {
      operator = '!';
      ({ tok, lit } = this.consume());
    }
    if (tok !== 'identifier') fail(`found '${lit}', expected: identifier`);
    const keyErrs = isQualifiedName(lit);
    if (keyErrs.length) fail(invalid('<nil>', goQuote(lit), keyErrs.join('; ')));
    const next = this.lookahead().tok;
    if ((next === 'end' || next === 'comma') && operator !== '!') operator = 'exists';
    return { key: lit, operator };
  }

  /** `exact`: `=`, `==`, `!=`, `>`, `<` take one value, `in` and `notin` a set. */
  private parseOperator(): { operator: SelectorOperator; exact: boolean } {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'in': return { operator: 'in', exact: false };
      case 'notIn': return { operator: 'notin', exact: false };
      case 'equals':
      case 'doubleEquals': return { operator: 'in', exact: true };
      case 'notEquals': return { operator: 'notin', exact: true };
      case 'greaterThan': return { operator: 'gt', exact: true };
      case 'lessThan': return { operator: 'lt', exact: true };
      default: return fail(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume();
    if (open.tok !== 'openPar') fail(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead();
    if (tok === 'identifier' || tok === 'comma') {
      const s = this.parseIdentifiersList();
      if (this.consume().tok !== 'closedPar') fail(`found '${lit}', expected: ')'`);
      return sortedSet(s);
    }
    if (tok === 'closedPar') {
      this.consume();
      return [''];
    }
    return fail(`found '${lit}', expected: ',', ')' or identifier`);
  }

  /** A comma-separated list whose empty members read as "" (`(a,,b)`, `(,a)`, `(a,)`). */
  private parseIdentifiersList(): string[] {
    const s: string[] = [];
    for (;;) {
      const { tok, lit } = this.consume();
      if (tok === 'identifier') {
        s.push(lit);
        const next = this.lookahead();
        if (next.tok === 'comma') continue;
        if (next.tok === 'closedPar') return s;
        fail(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === 'comma') {
        if (s.length === 0) s.push('');
        const next = this.lookahead().tok;
        if (next === 'closedPar') {
          s.push('');
          return s;
        }
        if (next === 'comma') {
          this.consume();
          s.push('');
        }
      } else {
        fail(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead().tok;
    if (next === 'end' || next === 'comma') return [''];
    const { tok, lit } = this.consume();
    if (tok === 'identifier') return [lit];
    return fail(`found '${lit}', expected: identifier`);
  }
}

/**
 * labels.Parse: the `-l` flag as the API server reads it, requirements sorted by key. The error
 * is the server's text; kubectl wraps it (listSelectorError) or prints it as its own.
 */
export function parseSelector(text: string): ParseSelectorResult {
  try {
    const reqs = new Parser(scan(text)).parse();
    return { ok: true, selector: reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
  } catch (e) {
    if (e instanceof SelectorError) return { ok: false, error: e.message };
    throw e;
  }
}
