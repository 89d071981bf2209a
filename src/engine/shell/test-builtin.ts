/**
 * The shell's `test` and `[` builtins (bash's test.c, which follows POSIX by the number of
 * arguments): strings (-z, -n, =, ==, !=, <, >), integers (-eq ... -ge), files the console can
 * see (-e, -f, -s, -d), `!`, `-a`, `-o` and parentheses. Exit 0 true, 1 false, 2 for a usage
 * error in bash's words; inside a container, whose dash or ash words errors its own way, such an
 * error is refused by name.
 */
import type { CommandOutput, ShellContext } from './context.ts';

class TestError extends Error {}

const UNARY_FILE = new Set(['-e', '-f', '-s', '-d', '-r', '-w', '-x']);
const UNARY = new Set(['-z', '-n', ...UNARY_FILE]);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

export function testBuiltin(name: 'test' | '[', args: readonly string[], ctx: ShellContext): CommandOutput {
  let words = [...args];
  const fail = (message: string): CommandOutput =>
    ctx.place.kind === 'pod'
      ? { stdout: '', stderr: `svcsim: the container shell's own words for a ${name} error are not simulated (bash would say: ${message})\n`, exitCode: 2 }
      : { stdout: '', stderr: `bash: ${name}: ${message}\n`, exitCode: 2 };
  if (name === '[') {
    if (words[words.length - 1] !== ']') return fail("missing `]'");
    words = words.slice(0, -1);
  }
  try {
    return { stdout: '', stderr: '', exitCode: evaluate(words, ctx) ? 0 : 1 };
  } catch (e) {
    if (e instanceof TestError) return fail(e.message);
    throw e;
  }
}

/** test.c posixtest: what the number of arguments decides, then the general grammar. */
function evaluate(w: string[], ctx: ShellContext): boolean {
  switch (w.length) {
    case 0:
      return false;
    case 1:
      return w[0] !== '';
    case 2:
      if (w[0] === '!') return w[1] === '';
      if (UNARY.has(w[0])) return unary(w[0], w[1], ctx);
      throw new TestError(`${w[0]}: unary operator expected`);
    case 3:
      if (BINARY.has(w[1])) return binary(w[0], w[1], w[2]);
      if (w[1] === '-a') return w[0] !== '' && w[2] !== '';
      if (w[1] === '-o') return w[0] !== '' || w[2] !== '';
      if (w[0] === '!') return !evaluate(w.slice(1), ctx);
      if (w[0] === '(' && w[2] === ')') return w[1] !== '';
      throw new TestError(`${w[1]}: binary operator expected`);
    case 4:
      if (w[0] === '!') return !evaluate(w.slice(1), ctx);
      if (w[0] === '(' && w[3] === ')') return evaluate(w.slice(1, 3), ctx);
      break;
    default:
      break;
  }
  const p = new Expression(w, ctx);
  const value = p.or();
  if (p.at < w.length) throw new TestError(`${w[p.at]}: binary operator expected`);
  return value;
}

/** The general grammar: or := and (-o and)*; and := not (-a not)*; not := ! not | primary. */
class Expression {
  at = 0;

  constructor(
    private readonly w: string[],
    private readonly ctx: ShellContext,
  ) {}

  or(): boolean {
    let v = this.and();
    while (this.w[this.at] === '-o') {
      this.at++;
      v = this.and() || v;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.w[this.at] === '-a') {
      this.at++;
      v = this.not() && v;
    }
    return v;
  }

  private not(): boolean {
    if (this.w[this.at] === '!') {
      this.at++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const w = this.w;
    const a = w[this.at];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '(') {
      this.at++;
      const v = this.or();
      if (w[this.at] !== ')') throw new TestError("`)' expected");
      this.at++;
      return v;
    }
    if (UNARY.has(a) && w[this.at + 1] !== undefined) {
      this.at += 2;
      return unary(a, w[this.at - 1], this.ctx);
    }
    if (w[this.at + 1] !== undefined && BINARY.has(w[this.at + 1])) {
      if (w[this.at + 2] === undefined) throw new TestError('argument expected');
      this.at += 3;
      return binary(a, w[this.at - 2], w[this.at - 1]);
    }
    this.at++;
    return a !== '';
  }
}

function unary(op: string, operand: string, ctx: ShellContext): boolean {
  if (op === '-z') return operand === '';
  if (op === '-n') return operand !== '';
  // Files: those the console's home node keeps (the scenario's and what lines wrote), and its directories.
  const home = ctx.place.kind === 'node' && ctx.place.admin;
  const file = home ? ctx.files.readFile(operand) : undefined;
  const dir = home ? ctx.files.readDirectory?.(operand) : undefined;
  switch (op) {
    case '-f':
      return file !== undefined;
    case '-s':
      return file !== undefined && file !== '';
    case '-d':
      return dir !== undefined;
    default:
      return file !== undefined || dir !== undefined;
  }
}

function integer(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new TestError(`${text}: integer expression expected`);
  return Number(t);
}

function binary(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq':
      return integer(a) === integer(b);
    case '-ne':
      return integer(a) !== integer(b);
    case '-lt':
      return integer(a) < integer(b);
    case '-le':
      return integer(a) <= integer(b);
    case '-gt':
      return integer(a) > integer(b);
    default:
      return integer(a) >= integer(b);
  }
}
