import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { head } from './head.ts';
import { tail } from './tail.ts';
import { CONNTRACK, IPTABLES_SAVE, PODS, textContext } from './test-context.ts';

const files = { pods: PODS, conntrack: CONNTRACK, rules: IPTABLES_SAVE };
const run = (args: string[], stdin?: string) => head(args, textContext(stdin, files));
const TRY = "Try 'head --help' for more information.\n";
const [HEADER, WEB1, WEB2] = PODS.split('\n');

describe('head (coreutils 9.4)', () => {
  it('prints the first lines of a kubectl table, ten by default', () => {
    expect(run(['-3'], PODS)).toEqual({ stdout: `${HEADER}\n${WEB1}\n${WEB2}\n`, stderr: '', exitCode: 0 });
    expect(run(['-n', '3'], PODS).stdout).toBe(`${HEADER}\n${WEB1}\n${WEB2}\n`);
    expect(run(['-n3'], PODS).stdout).toBe(`${HEADER}\n${WEB1}\n${WEB2}\n`);
    expect(run(['--lines=3'], PODS).stdout).toBe(`${HEADER}\n${WEB1}\n${WEB2}\n`);
    expect(run(['--li', '3'], PODS).stdout).toBe(`${HEADER}\n${WEB1}\n${WEB2}\n`);
    expect(run([], IPTABLES_SAVE).stdout).toBe(IPTABLES_SAVE.split('\n').slice(0, 10).join('\n') + '\n');
  });

  it('leaves out the last lines with -n -N, and counts bytes with -c', () => {
    expect(run(['-n', '-5', 'pods']).stdout).toBe(`${HEADER}\n${WEB1}\n${WEB2}\n`);
    expect(run(['-c', '20', 'rules']).stdout).toBe('*nat\n:PREROUTING ACC');
    expect(run(['-c', '-3'], 'COMMIT\nx\n').stdout).toBe('COMMIT');
    expect(run(['-2c'], 'abc').stdout).toBe('ab');
    expect(run(['-n', '1'], 'no newline').stdout).toBe('no newline');
    expect(run(['-n', '-1'], 'a\nb').stdout).toBe('a\n');
    expect(run(['-n', '1K'], 'a\nb\n').stdout).toBe('a\nb\n');
  });

  it('heads each of several files with ==> NAME <==, unless -q; -v heads even one', () => {
    expect(run(['-n', '1', 'pods', 'conntrack']).stdout).toBe(`==> pods <==\n${HEADER}\n\n==> conntrack <==\n${CONNTRACK.split('\n')[0]}\n`);
    expect(run(['-q', '-n', '1', 'pods', 'conntrack']).stdout).toBe(`${HEADER}\n${CONNTRACK.split('\n')[0]}\n`);
    expect(run(['-v', '-n', '1'], 'x\n').stdout).toBe('==> standard input <==\nx\n');
  });

  it('says which file it cannot open, goes on with the others, and exits 1', () => {
    expect(run(['-n', '1', 'pods', 'nope'])).toEqual({
      stdout: `==> pods <==\n${HEADER}\n`,
      stderr: "head: cannot open 'nope' for reading: No such file or directory\n",
      exitCode: 1,
    });
  });

  it('refuses bad counts and options with head.c and getopt words', () => {
    expect(run(['-n', 'x'])).toEqual({ stdout: '', stderr: 'head: invalid number of lines: ‘x’\n', exitCode: 1 });
    expect(run(['-c', '5x']).stderr).toBe('head: invalid number of bytes: ‘5x’\n');
    expect(run(['-n', '99999999999999999999999']).stderr).toBe(
      'head: invalid number of lines: ‘99999999999999999999999’: Value too large for defined data type\n',
    );
    expect(run(['-x'])).toEqual({ stdout: '', stderr: `head: invalid option -- 'x'\n${TRY}`, exitCode: 1 });
    expect(run(['-n']).stderr).toBe(`head: option requires an argument -- 'n'\n${TRY}`);
    expect(run(['--lines']).stderr).toBe(`head: option '--lines' requires an argument\n${TRY}`);
    expect(run(['--foo=bar']).stderr).toBe(`head: unrecognized option '--foo=bar'\n${TRY}`);
    expect(run(['--v']).stderr).toBe(`head: option '--v' is ambiguous; possibilities: '--verbose' '--version'\n${TRY}`);
    expect(run(['--verb=3']).stderr).toBe(`head: option '--verbose' doesn't allow an argument\n${TRY}`);
    expect(run(['-5x']).stderr).toBe(`head: invalid trailing option -- x\n${TRY}`);
    // getopt hands options over in order: the first bad one is the one reported.
    expect(run(['-n', 'x', '-y']).stderr).toBe('head: invalid number of lines: ‘x’\n');
    expect(run(['--', '-n1']).stderr).toBe("head: cannot open '-n1' for reading: No such file or directory\n");
  });

  it('gives the input back: head -n K then tail -n +K+1', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PODS.split('\n'), '', 'x y'), { maxLength: 12 }), fc.boolean(), fc.nat(14), (lines, newline, k) => {
        const text = lines.join('\n') + (newline && lines.length ? '\n' : '');
        return run(['-n', String(k)], text).stdout + tail(['-n', `+${k + 1}`], textContext(text)).stdout === text;
      }),
    );
  });
});
