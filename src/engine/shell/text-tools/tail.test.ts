import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { head } from './head.ts';
import { FOLLOW_NOTE, tail } from './tail.ts';
import { IPTABLES_SAVE, PODS, textContext } from './test-context.ts';

const files = { pods: PODS, rules: IPTABLES_SAVE };
const run = (args: string[], stdin?: string) => tail(args, textContext(stdin, files));
const TRY = "Try 'tail --help' for more information.\n";
const LAST_TWO = '-A KUBE-SEP-ZP3FB6NMPNCO4VBJ -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.1.4:80\nCOMMIT\n';

describe('tail (coreutils 9.4)', () => {
  it('prints the last lines, or from the N-th on with +N', () => {
    expect(run(['-n', '2', 'rules'])).toEqual({ stdout: LAST_TWO, stderr: '', exitCode: 0 });
    expect(run(['-2'], IPTABLES_SAVE).stdout).toBe(LAST_TWO);
    expect(run(['-c', '12'], IPTABLES_SAVE).stdout).toBe('4:80\nCOMMIT\n');
    // kubectl get pods -A | tail -n +2: the table without its header.
    expect(run(['-n', '+2'], PODS).stdout).toBe(PODS.slice(PODS.indexOf('\n') + 1));
    expect(run(['+7', 'pods']).stdout).toBe(PODS.split('\n').slice(6).join('\n'));
    expect(run(['-n', '+0'], 'a\nb\n').stdout).toBe('a\nb\n');
    expect(run(['-c', '+3'], 'abcde').stdout).toBe('cde');
    expect(run(['-n', '1'], 'a\nno newline').stdout).toBe('no newline');
    expect(run(['-2l'], 'a\nb\nc\n').stdout).toBe('b\nc\n');
  });

  it('heads several files and reports a missing one', () => {
    const missing = "tail: cannot open 'nope' for reading: No such file or directory\n";
    expect(run(['-n', '1', 'pods', 'nope', 'rules'])).toEqual({
      stdout: `==> pods <==\n${PODS.split('\n')[7]}\n\n==> rules <==\nCOMMIT\n`,
      stderr: missing,
      exitCode: 1,
      // What a terminal shows: the message between the two files' output.
      interleaved: `==> pods <==\n${PODS.split('\n')[7]}\n${missing}\n==> rules <==\nCOMMIT\n`,
    });
    // tail.c: nothing to print, nothing read.
    expect(run(['-n', '0', 'nope'])).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('follows (-f) nothing on a pipe, as POSIX asks; on a file it says svcsim ends the wait', () => {
    expect(run(['-f', '-n', '1'], 'a\nb\n')).toEqual({ stdout: 'b\n', stderr: '', exitCode: 0 });
    expect(run(['-f', '-n', '1', 'rules'])).toEqual({ stdout: 'COMMIT\n', stderr: FOLLOW_NOTE, exitCode: 0 });
    expect(run(['-F'], 'a\n')).toEqual({ stdout: '', stderr: "tail: cannot follow '-' by name\n", exitCode: 1 });
    expect(run(['-f', 'nope'])).toEqual({
      stdout: '',
      stderr: "tail: cannot open 'nope' for reading: No such file or directory\ntail: no files remaining\n",
      exitCode: 1,
    });
  });

  it('refuses as tail.c does', () => {
    expect(run(['-n', '1x']).stderr).toBe('tail: invalid number of lines: ‘1x’\n');
    expect(run(['-x']).stderr).toBe(`tail: invalid option -- 'x'\n${TRY}`);
    expect(run(['-5', '-n', '2', 'pods'])).toEqual({ stdout: '', stderr: 'tail: option used in invalid context -- 5\n', exitCode: 1 });
    expect(run(['--s', '1']).stderr).toBe(`tail: option '--s' is ambiguous; possibilities: '--silent' '--sleep-interval'\n${TRY}`);
    expect(run(['--follow=x', 'pods']).stderr).toBe(
      `tail: invalid argument ‘x’ for ‘--follow’\nValid arguments are:\n  - ‘descriptor’\n  - ‘name’\n${TRY}`,
    );
    expect(run(['--retry', 'pods']).stderr).toBe('tail: warning: --retry ignored; --retry is useful only when following\n');
  });

  it('tail -n K gives the last K lines, which head -n -K leaves out', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9 ]{0,6}$/), { maxLength: 12 }), fc.nat(14), (lines, k) => {
        const text = lines.map((l) => `${l}\n`).join('');
        return head(['-n', `-${k}`], textContext(text)).stdout + run(['-n', String(k)], text).stdout === text;
      }),
    );
  });
});
