/**
 * Label selectors: kubectl's string form (`app=web,tier!=db,env in (a,b),!legacy`) and the
 * API's LabelSelector, both turned into one list of requirements
 * (k8s.io/apimachinery/pkg/labels/selector.go).
 */
import type { LabelSelector } from './meta.ts';

export type SelectorOperator = 'in' | 'notin' | 'exists' | '!';

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

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validateLabelValue's message, as NewRequirement reports it (apimachinery pkg/labels/selector.go). */
function labelValueError(key: string, value: string, index: number): string | undefined {
  const problems: string[] = [];
  if (value.length > 63) problems.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) {
    problems.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  if (!problems.length) return undefined;
  return `unable to parse requirement: values[${index}][${key}]: Invalid value: "${value}": ${problems.join('; ')}`;
}

export type ParseSelectorResult = { ok: true; selector: Selector } | { ok: false; error: string };

/**
 * labels.Parse: the `-l` flag. Errors read as kubectl prints them
 * (`unable to parse requirement: ...`); kept short where apimachinery's lexer is wordier.
 */
export function parseSelector(text: string): ParseSelectorResult {
  const reqs: Requirement[] = [];
  const s = text.trim();
  if (s === '') return { ok: true, selector: reqs };
  let i = 0;
  const skip = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const ident = (): string => {
    const start = i;
    while (i < s.length && !' ,=!()'.includes(s[i])) i++;
    // labels.Parse's lexer stops identifiers at these too; a stray ';' then fails as a value.
    return s.slice(start, i);
  };
  while (i < s.length) {
    skip();
    let negate = false;
    if (s[i] === '!') {
      negate = true;
      i++;
      skip();
    }
    const key = ident();
    if (!key) return { ok: false, error: `unable to parse requirement: found '${s[i] ?? ''}', expected: identifier` };
    skip();
    if (negate) {
      reqs.push({ key, operator: '!', values: [] });
    } else if (s.startsWith('==', i) || s[i] === '=' || s.startsWith('!=', i)) {
      const op = s.startsWith('!=', i) ? 'notin' : 'in';
      i += s.startsWith('==', i) || s.startsWith('!=', i) ? 2 : 1;
      skip();
      const value = ident();
      const bad = labelValueError(key, value, 0);
      if (bad) return { ok: false, error: bad };
      reqs.push({ key, operator: op, values: [value] });
    } else if (/^(in|notin)\s*\(/.test(s.slice(i))) {
      const op = s.startsWith('notin', i) ? 'notin' : 'in';
      i = s.indexOf('(', i) + 1;
      const close = s.indexOf(')', i);
      if (close < 0) return { ok: false, error: `unable to parse requirement: found '', expected: ')'` };
      const values = s
        .slice(i, close)
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      reqs.push({ key, operator: op, values });
      i = close + 1;
    } else {
      reqs.push({ key, operator: 'exists', values: [] });
    }
    skip();
    if (i < s.length) {
      if (s[i] !== ',') return { ok: false, error: `unable to parse requirement: found '${s[i]}', expected: ',' or 'end of string'` };
      i++;
    }
  }
  return { ok: true, selector: reqs };
}
