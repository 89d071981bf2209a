/** seq, outputs checked against GNU coreutils' seq (9.1 and 9.4 agree on these). */
import { describe, expect, it } from 'vitest';
import { seq } from './seq.ts';
import { textContext } from './test-context.ts';

const run = (args: string) => seq(args ? args.split(' ') : [], textContext());

describe('seq', () => {
  it.each([
    ['3', '1\n2\n3\n'],
    ['-s, 2 5', '2,3,4,5\n'],
    ['-w 8 10', '08\n09\n10\n'],
    ['-w -1 1', '-1\n00\n01\n'],
    ['1 0.5 2', '1.0\n1.5\n2.0\n'],
    ['0 0.1 0.3', '0.0\n0.1\n0.2\n0.3\n'],
    ['1.5 3', '1.5\n2.5\n'],
    ['1 2.50 4', '1.00\n3.50\n'],
    ['2 -1 -1', '2\n1\n0\n-1\n'],
    ['-s: -w 1 3', '1:2:3\n'],
    ['5 1', ''],
  ])('seq %s', (args, out) => {
    expect(run(args)).toEqual({ stdout: out, stderr: '', exitCode: 0 });
  });

  it("refuses what coreutils refuses, in its words (quote()'s curly quotes in Ubuntu's C.UTF-8)", () => {
    const TRY = "Try 'seq --help' for more information.\n";
    expect(run('')).toEqual({ stdout: '', stderr: `seq: missing operand\n${TRY}`, exitCode: 1 });
    expect(run('1 0 2').stderr).toBe(`seq: invalid Zero increment value: ‘0’\n${TRY}`);
    expect(run('1 2 3 4').stderr).toBe(`seq: extra operand ‘4’\n${TRY}`);
    expect(run('x').stderr).toBe(`seq: invalid floating point argument: ‘x’\n${TRY}`);
    expect(run('-z 2').stderr).toBe(`seq: invalid option -- 'z'\n${TRY}`);
  });
});
