import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../../index.ts';

const session = createSession();
function run(line: string, stdin?: string) {
  const r = session.run(line, stdin === undefined ? {} : { stdin });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const TEN = Array.from({ length: 12 }, (_, i) => `line${i + 1}\n`).join('');

describe('head and tail (coreutils 9.4)', () => {
  it('take the first or last lines, ten by default', () => {
    expect(run('head', TEN).stdout).toBe(TEN.split('\n').slice(0, 10).map((l) => `${l}\n`).join(''));
    expect(run('head -n 2', TEN).stdout).toBe('line1\nline2\n');
    expect(run('head -3', TEN).stdout).toBe('line1\nline2\nline3\n');
    expect(run('head -n -10', TEN).stdout).toBe('line1\nline2\n');
    expect(run('tail -n 2', TEN).stdout).toBe('line11\nline12\n');
    expect(run('tail -n +12', TEN).stdout).toBe('line12\n');
    expect(run('head -c 7', TEN).stdout).toBe('line1\nl');
  });

  it('head a header per input when there are several, and word errors as coreutils does', () => {
    const s = createSession();
    s.run('echo a > one');
    s.run('echo b > two');
    expect(s.run('head one two').stdout).toBe('==> one <==\na\n\n==> two <==\nb\n');
    expect(s.run('head -q one two').stdout).toBe('a\nb\n');
    const missing = s.run('tail nope');
    expect({ stderr: missing.stderr, exitCode: missing.exitCode }).toEqual({ stderr: "tail: cannot open 'nope' for reading: No such file or directory\n", exitCode: 1 });
    expect(run('head -n x', TEN)).toEqual({ stdout: '', stderr: 'head: invalid number of lines: ‘x’\n', exitCode: 1 });
    expect(run('head -j', TEN).stderr).toBe("head: invalid option -- 'j'\nTry 'head --help' for more information.\n");
  });

  it('give the input back when the head and the rest of the tail are put together', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z ]{0,5}$/), { maxLength: 12 }), fc.nat(14), (ls, k) => {
        const text = ls.map((l) => `${l}\n`).join('');
        return run(`head -n ${k}`, text).stdout + run(`tail -n +${k + 1}`, text).stdout === text;
      }),
      { numRuns: 40 },
    );
  });
});

describe('wc (coreutils 9.4)', () => {
  it('prints one count bare, several at width 7 for a pipe, and totals for several files', () => {
    expect(run('wc -l', TEN).stdout).toBe('12\n');
    expect(run('wc', 'hello world\nbye\n').stdout).toBe('      2       3      16\n');
    const s = createSession();
    s.run('echo a b > one');
    s.run('echo c > two');
    expect(s.run('wc -l one two').stdout).toBe('1 one\n1 two\n2 total\n');
    expect(s.run('wc one').stdout).toBe('1 2 4 one\n');
  });
});

describe('sort and uniq (coreutils 9.4)', () => {
  const pods = 'web-2 node202 10\nweb-1 node201 9\ndb-1 node201 100\n';
  it('sorts bytewise, by numeric keys, reversed and unique', () => {
    expect(run('sort', pods).stdout).toBe('db-1 node201 100\nweb-1 node201 9\nweb-2 node202 10\n');
    expect(run('sort -k3 -n', pods).stdout).toBe('web-1 node201 9\nweb-2 node202 10\ndb-1 node201 100\n');
    expect(run('sort -k3,3nr', pods).stdout).toBe('db-1 node201 100\nweb-2 node202 10\nweb-1 node201 9\n');
    expect(run('sort -t - -k2', 'a-2\nb-1\n').stdout).toBe('b-1\na-2\n');
    expect(run('sort -u', 'b\na\nb\n').stdout).toBe('a\nb\n');
    expect(run('sort -h', '1G\n2K\n3M\n').stdout).toBe('2K\n3M\n1G\n');
    expect(run('sort -V', 'v1.10\nv1.9\n').stdout).toBe('v1.9\nv1.10\n');
  });

  it('counts runs of equal lines with uniq -c, as %7d', () => {
    expect(run('sort | uniq -c', 'node201\nnode202\nnode201\n').stdout).toBe('      2 node201\n      1 node202\n');
    expect(run('uniq -d', 'a\na\nb\n').stdout).toBe('a\n');
    expect(run('uniq -u', 'a\na\nb\n').stdout).toBe('b\n');
    expect(run('uniq -f1', 'x a\ny a\nz b\n').stdout).toBe('x a\nz b\n');
  });

  it('sort gives an ordered permutation of its input', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-c0-9]{0,3}$/), { maxLength: 10 }), (ls) => {
        const out = run('sort', ls.map((l) => `${l}\n`).join('')).stdout;
        const got = out ? out.split('\n').slice(0, -1) : [];
        return JSON.stringify(got) === JSON.stringify([...ls].sort());
      }),
      { numRuns: 40 },
    );
  });
});

describe('cut (coreutils 9.4)', () => {
  it('picks fields, characters and ranges', () => {
    expect(run('cut -d. -f1,2', '10.96.0.10\n').stdout).toBe('10.96\n');
    expect(run('cut -d: -f2-', 'a:b:c\nno-colon\n').stdout).toBe('b:c\nno-colon\n');
    expect(run('cut -s -d: -f1', 'a:b\nno-colon\n').stdout).toBe('a\n');
    expect(run('cut -c1-3,5', 'abcdef\n').stdout).toBe('abce\n');
    expect(run('cut -d, -f2 --complement', 'a,b,c\n').stdout).toBe('a,c\n');
    expect(run('cut -d, -f1,3 --output-delimiter=" "', 'a,b,c\n').stdout).toBe('a c\n');
    expect(run('cut -f2', 'x\ty\n').stdout).toBe('y\n');
  });

  it("refuses as set-fields.c and cut.c do, with the Try line", () => {
    const err = (line: string) => run(line, 'a\n').stderr;
    const TRY = "\nTry 'cut --help' for more information.\n";
    expect(err('cut')).toBe(`cut: you must specify a list of bytes, characters, or fields${TRY}`);
    expect(err('cut -f0')).toBe(`cut: fields are numbered from 1${TRY}`);
    expect(err('cut -c0')).toBe(`cut: byte/character positions are numbered from 1${TRY}`);
    expect(err('cut -c 3-1')).toBe(`cut: invalid decreasing range${TRY}`);
    expect(err('cut -f x')).toBe(`cut: invalid field value ‘x’${TRY}`);
    expect(err('cut -f -')).toBe(`cut: invalid range with no endpoint: -${TRY}`);
    expect(err('cut -b1 -c2')).toBe(`cut: only one list may be specified${TRY}`);
    expect(err('cut -d ab -f1')).toBe(`cut: the delimiter must be a single character${TRY}`);
    expect(err('cut -d, -c1')).toBe(`cut: an input delimiter may be specified only when operating on fields${TRY}`);
  });
});

describe('tr (coreutils 9.4)', () => {
  it('translates, deletes and squeezes', () => {
    expect(run("tr ' ' '\\n'", 'a b c').stdout).toBe('a\nb\nc');
    expect(run('tr a-z A-Z', 'Hello\n').stdout).toBe('HELLO\n');
    expect(run("tr '[:lower:]' '[:upper:]'", 'web-1\n').stdout).toBe('WEB-1\n');
    expect(run('tr abc x', 'aXbc\n').stdout).toBe('xXxx\n');
    expect(run('tr -d .', '10.96.0.1\n').stdout).toBe('109601\n');
    expect(run("tr -s ' '", 'a   b  c\n').stdout).toBe('a b c\n');
    expect(run("tr -c 'a-z\\n' _", 'a-b c\n').stdout).toBe('a_b_c\n');
  });

  it('refuses as tr.c does', () => {
    expect(run('tr', '').stderr).toBe("tr: missing operand\nTry 'tr --help' for more information.\n");
    expect(run('tr a', '').stderr).toBe("tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n");
    expect(run('tr -d a b', '').stderr).toBe("tr: extra operand ‘b’\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n");
  });
});
