import { describe, expect, it } from 'vitest';
import { buildMatcher, fgrepable, translatePattern } from './grep-pattern.ts';
import type { Syntax } from './grep-pattern.ts';

const plain = { ignoreCase: false, word: false, line: false, perl: false };

function matcher(pattern: string, syntax: Syntax, options = plain) {
  const t = translatePattern(pattern, syntax);
  if (!t.ok) throw new Error(t.error);
  return buildMatcher([t.source], options);
}

describe('grep patterns as JavaScript regular expressions', () => {
  it('gives glibc regcomp errors word for word', () => {
    const cases: [string, Syntax, string][] = [
      ['\\(x', 'basic', 'Unmatched ( or \\('],
      ['x\\)', 'basic', 'Unmatched ) or \\)'],
      ['(x', 'extended', 'Unmatched ( or \\('],
      ['[x', 'basic', 'Unmatched [, [^, [:, [., or [='],
      ['[^', 'basic', 'Invalid regular expression'],
      ['[[:foo:]]', 'basic', 'Invalid character class name'],
      ['[z-a]', 'extended', 'Invalid range end'],
      ['x\\', 'extended', 'Trailing backslash'],
      ['\\(a\\)\\2', 'basic', 'Invalid back reference'],
      ['a\\{1', 'basic', 'Unmatched \\{'],
      ['a\\{x\\}', 'basic', 'Invalid content of \\{\\}'],
      ['a{1,2,3}', 'extended', 'Invalid content of \\{\\}'],
      ['a{40000}', 'extended', 'Regular expression too big'],
    ];
    for (const [pattern, syntax, error] of cases) expect(translatePattern(pattern, syntax)).toEqual({ ok: false, error });
  });

  it('keeps dfa.c warnings and its [:space:] error apart from glibc errors', () => {
    expect(translatePattern('*a|+b', 'extended')).toMatchObject({ ok: true, warnings: ['* at start of expression', '+ at start of expression'] });
    // Debian's grep (Ubuntu's) does not warn about stray backslashes; a BRE's leading * is literal.
    expect(translatePattern('\\/x\\-*a', 'basic')).toMatchObject({ ok: true, warnings: [] });
    expect(translatePattern('[:space:]', 'basic')).toMatchObject({ ok: true, dfaError: 'character class syntax is [[:space:]], not [:space:]' });
  });

  it('tells BRE operators from ERE ones', () => {
    expect(matcher('a+b', 'basic').test('a+b')).toBe(true);
    expect(matcher('a+b', 'basic').test('aab')).toBe(false);
    expect(matcher('a\\+b', 'basic').test('aab')).toBe(true);
    expect(matcher('a+b', 'extended').test('aab')).toBe(true);
    expect(matcher('a\\{2\\}', 'basic').test('aa')).toBe(true);
    expect(matcher('a{2}', 'basic').test('a{2}')).toBe(true);
    expect(matcher('a{x', 'extended').test('a{x')).toBe(true);
    expect(matcher('x)', 'extended').test('x)')).toBe(true);
    expect(matcher('a^b$c', 'basic').test('a^b$c')).toBe(true);
    expect(matcher('/api\\/v1', 'basic').test('/api/v1')).toBe(true);
  });

  it('numbers back-references within each pattern', () => {
    const first = translatePattern('\\(a\\)\\1', 'basic');
    const second = translatePattern('\\(b\\)\\1', 'basic', first.ok ? first.groups : 0);
    if (!first.ok || !second.ok) throw new Error('compiles');
    const m = buildMatcher([first.source, second.source], plain);
    expect(['aa', 'bb', 'ab', 'ba'].map((l) => m.test(l))).toEqual([true, true, false, false]);
  });

  it('finds -o matches leftmost-longest, as POSIX does, and whole words with -w', () => {
    expect(matcher('web|web-[0-9a-f]+', 'extended').matches('web-7d4b9c8f5-abcde')).toEqual(['web-7d4b9c8f5']);
    expect(matcher('x*', 'basic').matches('axxbx')).toEqual(['xx', 'x']);
    expect(matcher('KUBE-SVC', 'basic', { ...plain, word: true }).matches('KUBE-SVC-X KUBE-SVC')).toEqual(['KUBE-SVC', 'KUBE-SVC']);
    expect(matcher('[[:upper:]]+', 'extended', { ...plain, ignoreCase: true }).matches('UPPER lower')).toEqual(['UPPER', 'lower']);
  });

  it('knows which pattern lists grep runs as fixed strings', () => {
    expect(fgrepable('10\\.96', 'basic')).toBe(true);
    expect(fgrepable('a+b', 'basic')).toBe(true);
    expect(fgrepable('a+b', 'extended')).toBe(false);
    expect(fgrepable('a.b', 'basic')).toBe(false);
  });
});
