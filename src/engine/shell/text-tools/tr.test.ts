import { describe, expect, it } from 'vitest';
import { tr } from './tr.ts';
import { textContext } from './test-context.ts';

const run = (args: string[], stdin = '') => tr(args, textContext(stdin));
const TRY = "Try 'tr --help' for more information.\n";

describe('tr (coreutils 9.4)', () => {
  it('translates, with SET2 extended by its last character or cut with -t', () => {
    expect(run([' ', '\\n'], 'a b c').stdout).toBe('a\nb\nc');
    expect(run(['a-z', 'A-Z'], 'kube-proxy\n').stdout).toBe('KUBE-PROXY\n');
    expect(run(['[:lower:]', '[:upper:]'], 'web-1\n').stdout).toBe('WEB-1\n');
    expect(run(['[:upper:]', '[:lower:]'], 'KUBE-SVC-TCOU7\n').stdout).toBe('kube-svc-tcou7\n');
    expect(run(['abc', 'x'], 'aXbc\n').stdout).toBe('xXxx\n');
    expect(run(['-t', 'abc', 'x'], 'aXbc\n').stdout).toBe('xXbc\n');
    expect(run(['a-f', 'x[y*]z'], 'abcdef').stdout).toBe('xyyyyz');
    expect(run(['.:', '\\t\\t'], '10.96.0.10:53\n').stdout).toBe('10\t96\t0\t10\t53\n');
  });

  it('deletes, squeezes and complements', () => {
    expect(run(['-d', '.'], '10.96.0.1\n').stdout).toBe('109601\n');
    expect(run(['-d', '[:digit:]'], 'web-7d4b9\n').stdout).toBe('web-db\n');
    expect(run(['-s', ' '], 'default       web-7d   1/1\n').stdout).toBe('default web-7d 1/1\n');
    expect(run(['-c', 'a-z\\n', '_'], 'a-b c\n').stdout).toBe('a_b_c\n');
    expect(run(['-cs', '[:alnum:]', '\\n'], 'src=10.244.1.5 dst=10.96.0.10\n').stdout).toBe('src\n10\n244\n1\n5\ndst\n10\n96\n0\n10\n');
    expect(run(['-ds', '.', '0'], '10.96.00.1').stdout).toBe('109601');
    expect(run(['-s', '\\n'], 'a\n\n\nb\n').stdout).toBe('a\nb\n');
  });

  it('warns as tr.c does and goes on', () => {
    expect(run(['a\\', 'b'], 'a\\')).toEqual({ stdout: 'bb', stderr: 'tr: warning: an unescaped backslash at end of string is not portable\n', exitCode: 0 });
    expect(run(['\\400', 'X'], ' 0').stdout).toBe('XX');
    expect(run(['\\400', 'X'], ' 0').stderr).toBe('tr: warning: the ambiguous octal escape \\400 is being\n\tinterpreted as the 2-byte sequence \\040, 0\n');
  });

  it('refuses as tr.c does', () => {
    expect(run([])).toEqual({ stdout: '', stderr: `tr: missing operand\n${TRY}`, exitCode: 1 });
    expect(run(['a']).stderr).toBe(`tr: missing operand after ‘a’\nTwo strings must be given when translating.\n${TRY}`);
    expect(run(['-ds', 'a']).stderr).toBe(`tr: missing operand after ‘a’\nTwo strings must be given when both deleting and squeezing repeats.\n${TRY}`);
    expect(run(['-d', 'a', 'b']).stderr).toBe(`tr: extra operand ‘b’\nOnly one string may be given when deleting without squeezing repeats.\n${TRY}`);
    expect(run(['z-a', 'x']).stderr).toBe("tr: range-endpoints of 'z-a' are in reverse collating sequence order\n");
    expect(run(['[:foo:]', 'x']).stderr).toBe('tr: invalid character class ‘foo’\n');
    expect(run(['a', '[:digit:]']).stderr).toBe("tr: when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'\n");
    expect(run(['a-z', '[:upper:]']).stderr).toBe('tr: misaligned [:upper:] and/or [:lower:] construct\n');
    expect(run(['a-z', '']).stderr).toBe('tr: when not truncating set1, string2 must be non-empty\n');
    expect(run(['[a*]', 'x']).stderr).toBe('tr: the [c*] repeat construct may not appear in string1\n');
    expect(run(['[a*x]', 'y']).stderr).toBe('tr: invalid repeat count ‘x’ in [c*n] construct\n');
    expect(run(['-c', '[:digit:]', 'XY']).stderr).toBe(
      'tr: when translating with complemented character classes,\nstring2 must map all characters in the domain to one\n',
    );
    expect(run(['-x', 'a']).stderr).toBe(`tr: invalid option -- 'x'\n${TRY}`);
  });
});
