/**
 * bash's arithmetic expansion `$((EXPR))` (expr.c): 64-bit integers, C's operators and
 * precedence (`,`, assignments, `?:`, `||`, `&&`, `|`, `^`, `&`, equality, comparison, shifts,
 * `+ -`, `* / %`, `**`, unary `! ~ + - ++ --`, postfix `++ --`), variables by name (unset or
 * empty reads 0, a value is itself evaluated), decimal, 0x hex, 0 octal and BASE#DIGITS numbers.
 * Errors are bash's: `EXPR: division by 0 (error token is "...")`, `syntax error: operand expected`.
 */
import type { ShellVariables } from './variables.ts';

export class ArithmeticError extends Error {}

type Tok = { t: 'num'; v: bigint } | { t: 'id'; v: string } | { t: 'op'; v: string };

const OPS = ['**=', '<<=', '>>=', '&&', '||', '==', '!=', '<=', '>=', '<<', '>>', '**', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '^', '|', '?', ':', '(', ')', ','];

const wrap = (v: bigint) => BigInt.asIntN(64, v);

function lex(text: string): { toks: Tok[]; at: number[] } {
  const toks: Tok[] = [];
  const at: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const m = /^(?:(\d+)#([0-9A-Za-z@_]+)|0[xX][0-9a-fA-F]+|\d+)/.exec(text.slice(i));
    if (m) {
      at.push(i);
      toks.push({ t: 'num', v: m[1] !== undefined ? inBase(m[2], Number(m[1]), text.slice(i)) : parseNumber(m[0], text.slice(i)) });
      i += m[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      at.push(i);
      toks.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new ArithmeticError(`${text}: syntax error: invalid arithmetic operator (error token is "${text.slice(i)}")`);
    at.push(i);
    toks.push({ t: 'op', v: op });
    i += op.length;
  }
  return { toks, at };
}

function parseNumber(digits: string, rest: string): bigint {
  if (/^0[xX]/.test(digits)) return wrap(BigInt(digits));
  if (digits.length > 1 && digits.startsWith('0')) {
    if (/[89]/.test(digits)) throw new ArithmeticError(`${rest}: value too great for base (error token is "${digits}")`);
    return wrap(BigInt(`0o${digits.slice(1)}`));
  }
  return wrap(BigInt(digits));
}

function inBase(digits: string, base: number, rest: string): bigint {
  if (base < 2 || base > 64) throw new ArithmeticError(`${rest}: invalid arithmetic base (error token is "${rest}")`);
  let v = 0n;
  for (const ch of digits) {
    const d = /[0-9]/.test(ch) ? Number(ch) : /[a-z]/.test(ch) ? ch.charCodeAt(0) - 87 : /[A-Z]/.test(ch) ? ch.charCodeAt(0) - (base <= 36 ? 55 : 29) : ch === '@' ? 62 : 63;
    if (d >= base) throw new ArithmeticError(`${rest}: value too great for base (error token is "${rest}")`);
    v = v * BigInt(base) + BigInt(d);
  }
  return wrap(v);
}

const BINARY: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

class Evaluator {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
    private readonly at: number[],
    private readonly vars: ShellVariables,
    private readonly depth: number,
  ) {}

  run(): bigint {
    if (!this.toks.length) return 0n;
    const v = this.comma();
    if (this.i < this.toks.length) this.fail('syntax error in expression');
    return v;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }

  private fail(what: string): never {
    // bash's error token: from the token being read (at the end, the last one read).
    const from = Math.min(this.i, this.toks.length - 1);
    const rest = from >= 0 ? this.text.slice(this.at[from]).trim() : '';
    throw new ArithmeticError(`${this.text.trim()}: ${what} (error token is "${rest}")`);
  }

  private comma(): bigint {
    let v = this.assignment();
    while (this.isOp(',')) {
      this.i++;
      v = this.assignment();
    }
    return v;
  }

  private assignment(): bigint {
    const t = this.peek();
    const next = this.toks[this.i + 1];
    if (t?.t === 'id' && next?.t === 'op' && /^(=|\*\*=|<<=|>>=|[-+*/%&^|]=)$/.test(next.v)) {
      this.i += 2;
      const rhs = this.assignment();
      const op = next.v;
      const v = op === '=' ? rhs : this.binary(op.slice(0, -1), this.variable(t.v), rhs);
      this.vars.set(t.v, String(v));
      return v;
    }
    return this.conditional();
  }

  private conditional(): bigint {
    const test = this.binaryLevel(0);
    if (!this.isOp('?')) return test;
    this.i++;
    const yes = this.assignment();
    if (!this.isOp(':')) this.fail("`:' expected for conditional expression");
    this.i++;
    const no = this.assignment();
    return test !== 0n ? yes : no;
  }

  private binaryLevel(level: number): bigint {
    if (level === BINARY.length) return this.power();
    let v = this.binaryLevel(level + 1);
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'op' || !BINARY[level].includes(t.v)) return v;
      this.i++;
      // && and || read both sides, as bash parses them (it skips evaluating only with side effects).
      const rhsAt = this.i;
      const rhs = this.binaryLevel(level + 1);
      if ((t.v === '/' || t.v === '%') && rhs === 0n) {
        // bash names the divisor as the error token.
        this.i = rhsAt;
        this.fail('division by 0');
      }
      v = this.binary(t.v, v, rhs);
    }
  }

  private power(): bigint {
    const base = this.unary();
    if (!this.isOp('**')) return base;
    this.i++;
    const exp = this.power();
    if (exp < 0n) this.fail('exponent less than 0');
    return wrap(base ** exp);
  }

  private unary(): bigint {
    const t = this.peek();
    if (t?.t === 'op' && ['!', '~', '+', '-'].includes(t.v)) {
      this.i++;
      const v = this.unary();
      return t.v === '!' ? (v === 0n ? 1n : 0n) : t.v === '~' ? wrap(~v) : t.v === '-' ? wrap(-v) : v;
    }
    if (t?.t === 'op' && (t.v === '++' || t.v === '--')) {
      this.i++;
      const id = this.peek();
      if (id?.t !== 'id') this.fail('syntax error: operand expected');
      this.i++;
      const v = wrap(this.variable(id.v) + (t.v === '++' ? 1n : -1n));
      this.vars.set(id.v, String(v));
      return v;
    }
    return this.postfix();
  }

  private postfix(): bigint {
    const t = this.peek();
    if (t === undefined) this.fail('syntax error: operand expected');
    if (t.t === 'num') {
      this.i++;
      return t.v;
    }
    if (t.t === 'id') {
      this.i++;
      const v = this.variable(t.v);
      if (this.isOp('++') || this.isOp('--')) {
        const op = (this.peek() as { v: string }).v;
        this.i++;
        this.vars.set(t.v, String(wrap(v + (op === '++' ? 1n : -1n))));
      }
      return v;
    }
    if (t.v === '(') {
      this.i++;
      const v = this.comma();
      if (!this.isOp(')')) this.fail("missing `)'");
      this.i++;
      return v;
    }
    return this.fail('syntax error: operand expected');
  }

  /** A variable's value: unset or empty is 0; otherwise its text is itself an expression. */
  private variable(name: string): bigint {
    const text = this.vars.get(name);
    if (text === undefined || text.trim() === '') return 0n;
    if (this.depth > 32) throw new ArithmeticError(`${name}: expression recursion level exceeded (error token is "${name}")`);
    return evaluateArithmetic(text, this.vars, this.depth + 1);
  }

  private binary(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%': {
        if (b === 0n) this.fail('division by 0');
        return wrap(op === '/' ? a / b : a % b);
      }
      case '**':
        return wrap(a ** b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return a >> (b & 63n);
      case '<':
        return a < b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
      case '&&':
        return a !== 0n && b !== 0n ? 1n : 0n;
      default:
        return a !== 0n || b !== 0n ? 1n : 0n;
    }
  }
}

export function evaluateArithmetic(text: string, vars: ShellVariables, depth = 0): bigint {
  const { toks, at } = lex(text);
  return new Evaluator(text, toks, at, vars, depth).run();
}
