/**
 * awk (mawk, Ubuntu 24.04's awk) for the one-liners pipelines use: `awk '{print $1}'`,
 * `awk 'NR>1 {print $1, $3}'`, `awk -F: '$2 ~ /web/'`, `awk '/KUBE-SEP/ {print $NF}'`,
 * `awk 'END {print NR}'`. Rules are patterns (BEGIN, END, expressions: /regex/, comparisons,
 * `~` and `!~`, `&&`, `||`, `!`) with `print` and `next` actions; fields split on runs of blanks
 * or on -F. Anything else (variables, functions, printf, arithmetic) is refused by svcsim rather
 * than guessed at.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs, splitLines } from './input.ts';
import { translateRegex } from './regex.ts';

type Expr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 're'; re: RegExp }
  | { t: 'field'; of: Expr }
  | { t: 'var'; name: 'NR' | 'NF' | 'FNR' }
  | { t: 'not'; of: Expr }
  | { t: 'neg'; of: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }
  | { t: 'cat'; parts: Expr[] };

type Stmt = { t: 'print'; args: Expr[] } | { t: 'next' };
interface Rule {
  pattern: Expr | 'BEGIN' | 'END' | undefined;
  action: Stmt[] | undefined;
}

class Unsupported extends Error {}

/** Tokens: numbers, strings, regexes (where an operand may start), names, `$`, operators, braces. */
function tokenize(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  const operandNext = () => {
    const last = out[out.length - 1];
    return last === undefined || ['(', '{', ';', '\n', ',', '!', '~', '!~', '&&', '||', '==', '!=', '<', '<=', '>', '>='].includes(last);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      out.push(';');
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const e = src[i + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else s += src[i++];
      }
      if (src[i] !== '"') throw new Unsupported();
      out.push(`"${s}`);
      i++;
      continue;
    }
    if (c === '/' && operandNext()) {
      let re = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && i + 1 < src.length) {
          re += src[i] + src[i + 1];
          i += 2;
        } else re += src[i++];
      }
      if (src[i] !== '/') throw new Unsupported();
      out.push(`/${re}`);
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['&&', '||', '==', '!=', '<=', '>=', '!~'].includes(two)) {
      out.push(two);
      i += 2;
      continue;
    }
    if ('{}()$,!~<>-'.includes(c)) {
      out.push(c);
      i++;
      continue;
    }
    const word = /^(?:\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
    if (!word) throw new Unsupported();
    out.push(word[0]);
    i += word[0].length;
  }
  return out;
}

function parse(src: string): Rule[] {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const eat = (t: string) => {
    if (toks[p] !== t) throw new Unsupported();
    p++;
  };
  const primary = (): Expr => {
    const t = toks[p++];
    if (t === undefined) throw new Unsupported();
    if (t === '$') return { t: 'field', of: primary() };
    if (t === '!') return { t: 'not', of: primary() };
    if (t === '-') return { t: 'neg', of: primary() };
    if (t === '(') {
      const e = expr();
      eat(')');
      return e;
    }
    if (t.startsWith('"')) return { t: 'str', v: t.slice(1) };
    if (t.startsWith('/')) {
      const r = translateRegex(t.slice(1), true);
      if (!r.ok) throw new Unsupported();
      return { t: 're', re: new RegExp(r.source) };
    }
    if (/^\d/.test(t)) return { t: 'num', v: Number(t) };
    if (t === 'NR' || t === 'NF' || t === 'FNR') return { t: 'var', name: t };
    throw new Unsupported();
  };
  const startsOperand = (t: string | undefined) => t !== undefined && (t === '$' || t === '(' || t === '-' || t.startsWith('"') || /^[\dA-Z]/.test(t));
  const concat = (): Expr => {
    const parts = [primary()];
    while (startsOperand(peek()) && peek() !== '-') parts.push(primary());
    return parts.length === 1 ? parts[0] : { t: 'cat', parts };
  };
  const cmp = (): Expr => {
    const l = concat();
    const op = peek();
    if (op && ['==', '!=', '<', '<=', '>', '>=', '~', '!~'].includes(op)) {
      p++;
      return { t: 'bin', op, l, r: concat() };
    }
    return l;
  };
  const and = (): Expr => {
    let l = cmp();
    while (peek() === '&&') {
      p++;
      l = { t: 'bin', op: '&&', l, r: cmp() };
    }
    return l;
  };
  const expr = (): Expr => {
    let l = and();
    while (peek() === '||') {
      p++;
      l = { t: 'bin', op: '||', l, r: and() };
    }
    return l;
  };
  const action = (): Stmt[] => {
    eat('{');
    const stmts: Stmt[] = [];
    while (peek() !== '}') {
      const t = toks[p];
      if (t === ';') {
        p++;
        continue;
      }
      if (t === 'next') {
        p++;
        stmts.push({ t: 'next' });
        continue;
      }
      if (t !== 'print') throw new Unsupported();
      p++;
      const args: Expr[] = [];
      if (peek() !== ';' && peek() !== '}') {
        args.push(expr());
        while (peek() === ',') {
          p++;
          args.push(expr());
        }
      }
      stmts.push({ t: 'print', args });
    }
    eat('}');
    return stmts;
  };
  const rules: Rule[] = [];
  while (p < toks.length) {
    if (peek() === ';') {
      p++;
      continue;
    }
    let pattern: Rule['pattern'];
    if (peek() === 'BEGIN' || peek() === 'END') pattern = toks[p++] as 'BEGIN' | 'END';
    else if (peek() !== '{') pattern = expr();
    if (peek() !== undefined && peek() !== '{' && peek() !== ';') throw new Unsupported();
    const act = peek() === '{' ? action() : undefined;
    if (!act && (pattern === 'BEGIN' || pattern === 'END')) throw new Unsupported();
    rules.push({ pattern, action: act });
  }
  return rules;
}

interface Record {
  line: string;
  fields: string[];
  nr: number;
}

const looksNumeric = (s: string) => /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s);

function value(e: Expr, r: Record): string | number {
  switch (e.t) {
    case 'num':
      return e.v;
    case 'str':
      return e.v;
    case 're':
      return e.re.test(r.line) ? 1 : 0;
    case 'var':
      return e.name === 'NF' ? r.fields.length : r.nr;
    case 'field': {
      const n = Math.trunc(Number(value(e.of, r)));
      return n === 0 ? r.line : (r.fields[n - 1] ?? '');
    }
    case 'not':
      return truthy(value(e.of, r)) ? 0 : 1;
    case 'neg':
      return -Number(value(e.of, r));
    case 'cat':
      return e.parts.map((x) => text(value(x, r))).join('');
    case 'bin': {
      if (e.op === '&&') return truthy(value(e.l, r)) && truthy(value(e.r, r)) ? 1 : 0;
      if (e.op === '||') return truthy(value(e.l, r)) || truthy(value(e.r, r)) ? 1 : 0;
      const l = value(e.l, r);
      if (e.op === '~' || e.op === '!~') {
        const re = e.r.t === 're' ? e.r.re : new RegExp(text(value(e.r, r)));
        return re.test(text(l)) === (e.op === '~') ? 1 : 0;
      }
      const rv = value(e.r, r);
      // Numbers compare as numbers when both sides are numeric (fields that look like numbers count).
      const numeric = (typeof l === 'number' || looksNumeric(l)) && (typeof rv === 'number' || looksNumeric(rv)) && !(e.l.t === 'str' || e.r.t === 'str');
      const a = numeric ? Number(l) : text(l);
      const b = numeric ? Number(rv) : text(rv);
      const c = a < b ? -1 : a > b ? 1 : 0;
      return { '==': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[e.op] ? 1 : 0;
    }
  }
}

function truthy(v: string | number): boolean {
  return typeof v === 'number' ? v !== 0 : v !== '' && !(looksNumeric(v) && Number(v) === 0);
}

function text(v: string | number): string {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))) : v;
}

export function awk(args: readonly string[], ctx: ShellContext): CommandOutput {
  let fs: string | undefined;
  const rest = [...args];
  while (rest[0]?.startsWith('-F')) {
    const a = rest.shift()!;
    fs = a.length > 2 ? a.slice(2) : rest.shift();
  }
  if (rest[0] === '--') rest.shift();
  const src = rest.shift();
  if (src === undefined) return { stdout: '', stderr: "svcsim: awk needs a program, e.g. awk '{print $1}'\n", exitCode: 2 };
  let rules: Rule[];
  try {
    rules = parse(src);
  } catch {
    return { stdout: '', stderr: `svcsim: this awk program is not simulated (only patterns with print and next): ${src}\n`, exitCode: 2 };
  }
  const sep = fs === undefined || fs === ' ' ? undefined : fs === '\\t' || fs === 't' ? '\t' : fs;
  const split = (line: string) =>
    sep === undefined ? line.split(/[ \t\n]+/).filter((f) => f !== '') : sep.length === 1 ? line.split(sep) : line.split(new RegExp(sep));
  let stdout = '';
  const run = (rule: Rule, r: Record): boolean => {
    for (const s of rule.action ?? [{ t: 'print' as const, args: [] }]) {
      if (s.t === 'next') return false;
      stdout += `${s.args.length ? s.args.map((a) => text(value(a, r))).join(' ') : r.line}\n`;
    }
    return true;
  };
  const empty: Record = { line: '', fields: [], nr: 0 };
  for (const rule of rules) if (rule.pattern === 'BEGIN') run(rule, empty);
  let nr = 0;
  let last = empty;
  let stderr = '';
  for (const input of readInputs(rest, ctx)) {
    if (input.text === undefined) {
      stderr += `svcsim: awk: ${input.name}: no such file\n`;
      continue;
    }
    for (const line of splitLines(input.text).lines) {
      const r: Record = { line, fields: split(line), nr: ++nr };
      last = r;
      for (const rule of rules) {
        if (rule.pattern === 'BEGIN' || rule.pattern === 'END') continue;
        if (rule.pattern !== undefined && !truthy(value(rule.pattern, r))) continue;
        if (!run(rule, r)) break;
      }
    }
  }
  for (const rule of rules) if (rule.pattern === 'END') run(rule, { ...last, nr });
  return { stdout, stderr, exitCode: stderr ? 2 : 0 };
}
