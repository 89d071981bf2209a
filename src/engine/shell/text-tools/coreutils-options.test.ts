import { describe, expect, it } from 'vitest';
import { argmatch, parseOptions, quoteaf, quotef, versionOutput, xstrtoumax, type OptionSpec } from './coreutils-options.ts';

const HEAD: OptionSpec = {
  tool: 'head',
  short: 'c:n:qvz',
  long: [
    { name: 'lines', arg: 'required', key: 'n' },
    { name: 'quiet', arg: 'none', key: 'q' },
    { name: 'silent', arg: 'none', key: 'q' },
    { name: 'verbose', arg: 'none', key: 'v' },
  ],
};
const TRY = "Try 'head --help' for more information.\n";

describe('getopt_long as glibc does it', () => {
  it('permutes operands, groups short options and takes values both ways', () => {
    const p = parseOptions(['a', '-qn5', 'b', '-n', '7', '--lines=8', '--li', '9', '-', '--', '-v'], HEAD);
    expect(p.failure).toBeUndefined();
    expect(p.items.map((i) => [i.key, i.value])).toEqual([['q', undefined], ['n', '5'], ['n', '7'], ['n', '8'], ['n', '9']]);
    expect(p.operands).toEqual(['a', 'b', '-', '-v']);
  });

  it('keeps operands in place with a leading -, and stops at the first with +', () => {
    expect(parseOptions(['x', '-q'], { ...HEAD, short: '-qv' }).items).toEqual([{ key: '', operand: 'x' }, { key: 'q' }]);
    expect(parseOptions(['x', '-q'], { ...HEAD, short: '+qv' }).operands).toEqual(['x', '-q']);
  });

  it("words its refusals as glibc 2.39 does, after the options before them", () => {
    const fail = (...args: string[]) => parseOptions(args, HEAD).failure?.stderr;
    expect(fail('-x')).toBe(`head: invalid option -- 'x'\n${TRY}`);
    expect(fail('-n')).toBe(`head: option requires an argument -- 'n'\n${TRY}`);
    expect(fail('--lines')).toBe(`head: option '--lines' requires an argument\n${TRY}`);
    expect(fail('--quiet=1')).toBe(`head: option '--quiet' doesn't allow an argument\n${TRY}`);
    expect(fail('--foo=1')).toBe(`head: unrecognized option '--foo=1'\n${TRY}`);
    expect(fail('--v')).toBe(`head: option '--v' is ambiguous; possibilities: '--verbose' '--version'\n${TRY}`);
    expect(parseOptions(['-q', '-x', '-v'], HEAD).items).toEqual([{ key: 'q' }]);
    expect(parseOptions(['-x'], { ...HEAD, failure: 2 }).failure?.exitCode).toBe(2);
  });
});

describe('gnulib numbers, argmatch, quoting and --version', () => {
  it('reads counts as xstrtoumax does', () => {
    const value = (text: string) => {
      const r = xstrtoumax(text, 'bkKmMGTPEZYRQ0');
      return r.ok ? r.value : r.overflow ? 'overflow' : 'invalid';
    };
    expect([value('10'), value(' +5'), value('2K'), value('2KB'), value('2KiB'), value('1b'), value('K')]).toEqual([10n, 5n, 2048n, 2000n, 2048n, 512n, 1024n]);
    expect([value('-1'), value('1e'), value('1Kx'), value(''), value('18446744073709551616'), value('16E')]).toEqual([
      'invalid', 'invalid', 'invalid', 'invalid', 'overflow', 'overflow',
    ]);
  });

  it('matches abbreviations and lists the valid words, synonyms on one line', () => {
    expect(argmatch('sort', '--check', 'q', { quiet: 'C', silent: 'C', 'diagnose-first': 'c' })).toBe('C');
    const refusal = argmatch('sort', '--check', 'x', { quiet: 'C', silent: 'C', 'diagnose-first': 'c' });
    expect(typeof refusal !== 'string' && refusal.stderr).toBe(
      "sort: invalid argument ‘x’ for ‘--check’\nValid arguments are:\n  - ‘quiet’, ‘silent’\n  - ‘diagnose-first’\nTry 'sort --help' for more information.\n",
    );
  });

  it('quotes file names as the shell-escape styles do', () => {
    expect([quotef('nope'), quotef('a b'), quoteaf('nope'), quoteaf("it's"), quoteaf('$x')]).toEqual(['nope', "'a b'", "'nope'", '"it\'s"', "'$x'"]);
  });

  it('prints version_etc text', () => {
    expect(versionOutput('cut', ['David M. Ihnat', 'David MacKenzie', 'Jim Meyering']).stdout).toBe(
      'cut (GNU coreutils) 9.4\nCopyright (C) 2023 Free Software Foundation, Inc.\n' +
        'License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n' +
        'This is free software: you are free to change and redistribute it.\n' +
        'There is NO WARRANTY, to the extent permitted by law.\n\n' +
        'Written by David M. Ihnat, David MacKenzie, and Jim Meyering.\n',
    );
  });
});
