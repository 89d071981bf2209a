/** `test`, `[` and `if`, as bash runs them. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';
import { parseCommandLine } from './command-line.ts';

const status = (s: ReturnType<typeof createSession>, expr: string) => s.run(`[ ${expr} ]; echo $?`).stdout.trim();

describe('test and [', () => {
  it("decides by the number of arguments as POSIX and bash's test.c do", () => {
    const s = createSession();
    const cases: [string, string][] = [
      ['', '1'], ['x', '0'], ['""', '1'], ['-z ""', '0'], ['-n x', '0'], ['! x', '1'], ['a = a', '0'], ['a != a', '1'],
      ['3 -gt 2', '0'], ['3 -le 2', '1'], ['" 7 " -eq 7', '0'], ['! a = b', '0'], ['"(" x ")"', '0'], ['a = a -a b = c', '1'], ['a = a -o b = c', '0'],
      ['! "(" a = b -o c = c ")"', '1'], ['-z -z', '1'],
    ];
    for (const [expr, want] of cases) expect([expr, status(s, expr)]).toEqual([expr, want]);
  });

  it('looks at the files the console keeps', () => {
    const s = createSession();
    s.run('echo hi > x.txt; : > empty.txt');
    expect(status(s, '-f x.txt')).toBe('0');
    expect(status(s, '-s x.txt')).toBe('0');
    expect(status(s, '-f nope')).toBe('1');
  });

  it("fails as bash does, in bash's words, with status 2", () => {
    const s = createSession();
    expect(s.run('[ a = b')).toMatchObject({ stderr: "bash: [: missing `]'\n", exitCode: 2 });
    expect(s.run('[ x -gt 1 ]')).toMatchObject({ stderr: 'bash: [: x: integer expression expected\n', exitCode: 2 });
    expect(s.run('test -q x')).toMatchObject({ stderr: 'bash: test: -q: unary operator expected\n', exitCode: 2 });
    expect(s.run('test a b c')).toMatchObject({ stderr: 'bash: test: b: binary operator expected\n', exitCode: 2 });
  });
});

describe('if', () => {
  it('runs the first branch whose test succeeds, else the else branch, and nests in loops', () => {
    const s = createSession();
    expect(s.run('if kubectl get svc kubernetes >/dev/null 2>&1; then echo found; else echo missing; fi').stdout).toBe('found\n');
    expect(s.run('if kubectl get svc nope 2>/dev/null; then echo found; elif [ -z "$X" ]; then echo unset; else echo other; fi').stdout).toBe('unset\n');
    expect(s.run('for i in 1 2 3; do if [ $i -eq 2 ]; then echo two; fi; done').stdout).toBe('two\n');
    expect(s.run('if false; then echo no; fi; echo $?').stdout).toBe('0\n');
    expect(s.run('if true; then echo out; fi > if.txt; cat if.txt').stdout).toBe('out\n');
  });

  it("refuses a malformed one in bash's words", () => {
    const error = (line: string) => (parseCommandLine(line) as { error: string }).error;
    expect(error('if true; then fi')).toBe("syntax error near unexpected token `fi'");
    expect(error('then echo')).toBe("syntax error near unexpected token `then'");
    expect(error('if true; then echo a')).toBe('syntax error: unexpected end of file');
    expect(error('if true; then echo a; fi x')).toBe("syntax error near unexpected token `x'");
  });
});
