import { describe, expect, it } from 'vitest';
import { wc } from './wc.ts';
import { CONNTRACK, IPTABLES_SAVE, PODS, textContext } from './test-context.ts';

const files = { pods: PODS, rules: IPTABLES_SAVE, conntrack: CONNTRACK, empty: '' };
const run = (args: string[], stdin?: string) => wc(args, textContext(stdin, files));

describe('wc (coreutils 9.4)', () => {
  it('prints one count of a pipe bare: kubectl get pods -A | wc -l', () => {
    expect(run(['-l'], PODS)).toEqual({ stdout: '8\n', stderr: '', exitCode: 0 });
    expect(run(['-w'], PODS).stdout).toBe('48\n');
  });

  it('aligns several counts of a pipe at width 7', () => {
    expect(run([], PODS).stdout).toBe('      8      48     660\n');
    expect(run(['-lc'], PODS).stdout).toBe('      8     660\n');
  });

  it("aligns files' counts to the digits of their total size, with a total line", () => {
    expect(run(['pods']).stdout).toBe('  8  48 660 pods\n');
    expect(run(['-l', 'pods', 'rules', 'conntrack']).stdout).toBe('   8 pods\n  12 rules\n   5 conntrack\n  25 total\n');
    expect(run(['-L', 'pods']).stdout).toBe('83 pods\n');
    expect(run(['-l', '-', 'empty'], 'a\n').stdout).toBe('      1 -\n      0 empty\n      1 total\n');
    // 9.2's --total: only the total, at width 1.
    expect(run(['--total=only', 'pods', 'rules']).stdout).toBe('20 163 1658\n');
    expect(run(['--total=never', '-l', 'pods', 'rules']).stdout).toBe('   8 pods\n  12 rules\n');
  });

  it('counts characters and display columns as C.UTF-8 does', () => {
    expect(run(['-m'], 'héllo wörld\n').stdout).toBe('12\n');
    expect(run(['-c'], 'héllo wörld\n').stdout).toBe('14\n');
    expect(run(['-L'], '日本語\n\tx\n').stdout).toBe('9\n');
    expect(run(['-w'], 'a\u00a0b c\x01 \x01\n').stdout).toBe('3\n');
    expect(run(['-l'], 'no newline').stdout).toBe('0\n');
  });

  it('reports a missing file by name and still prints the rest', () => {
    expect(run(['-l', 'pods', 'nope'])).toEqual({
      stdout: '  8 pods\n  8 total\n',
      stderr: 'wc: nope: No such file or directory\n',
      exitCode: 1,
      interleaved: '  8 pods\nwc: nope: No such file or directory\n  8 total\n',
    });
    expect(run(['-x']).stderr).toBe("wc: invalid option -- 'x'\nTry 'wc --help' for more information.\n");
  });
});
