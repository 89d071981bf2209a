import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../../index.ts';

const NAT = `*nat
:KUBE-SERVICES - [0:0]
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SVC-NPX46M4PTMTKRN6Y -j KUBE-SEP-VPILYQBSPPXYB66K
COMMIT
`;

const session = createSession();
function grep(args: string, stdin = NAT) {
  const r = session.run(`grep ${args}`, { stdin });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('grep as GNU grep 3.11 prints it', () => {
  it('selects lines, counts, numbers, inverts, and says so in its exit status', () => {
    expect(grep('KUBE-SVC-NPX').stdout).toBe(NAT.split('\n').filter((l) => l.includes('KUBE-SVC-NPX')).map((l) => `${l}\n`).join(''));
    expect(grep('-c KUBE-SERVICES')).toEqual({ stdout: '3\n', stderr: '', exitCode: 0 });
    expect(grep('-n COMMIT')).toEqual({ stdout: '6:COMMIT\n', stderr: '', exitCode: 0 });
    expect(grep('-v -e "^-A" -e "^:"')).toEqual({ stdout: '*nat\nCOMMIT\n', stderr: '', exitCode: 0 });
    expect(grep('nothing-here')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(grep('-q udp')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('reads basic regular expressions by default and extended ones with -E', () => {
    expect(grep('-o "KUBE-SEP-[A-Z0-9]\\+"').stdout).toBe('KUBE-SEP-VPILYQBSPPXYB66K\n');
    expect(grep('-c "dport 53\\|dport 443"').stdout).toBe('2\n');
    // In a BRE, + and | are ordinary characters.
    expect(grep('-c "dport 53|dport 443"').stdout).toBe('0\n');
    expect(grep('-cE "dport (53|443)"').stdout).toBe('2\n');
    expect(grep('-o -E "[0-9]{1,3}(\\.[0-9]{1,3}){3}"').stdout).toBe('10.96.0.10\n10.96.0.1\n');
    expect(grep('-oF "10.96.0.1/"').stdout).toBe('10.96.0.1/\n');
    expect(grep('-c "[[:digit:]]\\{3\\}"').stdout).toBe('1\n');
  });

  it('matches whole words (-w), whole lines (-x) and without case (-i)', () => {
    expect(grep('-cw "10.96.0.1"').stdout).toBe('1\n');
    expect(grep('-x commit')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(grep('-xi commit').stdout).toBe('COMMIT\n');
  });

  it('prints context with - after the line number and -- between groups', () => {
    const text = 'a\nb\nmatch1\nc\nd\ne\nmatch2\nf\n';
    expect(grep('-n -A1 match', text).stdout).toBe('3:match1\n4-c\n--\n7:match2\n8-f\n');
    expect(grep('-C1 match', text).stdout).toBe('b\nmatch1\nc\n--\ne\nmatch2\nf\n');
    expect(grep('-2 match', text).stdout).toBe('a\nb\nmatch1\nc\nd\ne\nmatch2\nf\n');
    expect(grep('-m1 match', text).stdout).toBe('match1\n');
  });

  it('names files when it reads more than one, and says which are missing', () => {
    const s = createSession();
    s.run('echo kube-proxy > a.txt');
    s.run('echo coredns > b.txt');
    const r = s.run('grep -c o a.txt b.txt nope.txt');
    expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: 'a.txt:1\nb.txt:1\n', stderr: 'grep: nope.txt: No such file or directory\n', exitCode: 2 });
    expect(s.run('grep -l core a.txt b.txt').stdout).toBe('b.txt\n');
    expect(s.run('grep -h o a.txt b.txt').stdout).toBe('kube-proxy\ncoredns\n');
  });

  it('refuses bad options and patterns in its own words', () => {
    const usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    expect(grep('-k x')).toEqual({ stdout: '', stderr: `grep: invalid option -- 'k'\n${usage}`, exitCode: 2 });
    expect(grep('--bogus x')).toEqual({ stdout: '', stderr: `grep: unrecognized option '--bogus'\n${usage}`, exitCode: 2 });
    expect(grep('')).toEqual({ stdout: '', stderr: usage, exitCode: 2 });
    expect(grep('"\\(x"').stderr).toBe('grep: Unmatched ( or \\(\n');
    expect(grep('-E "[x"').stderr).toBe('grep: Unmatched [, [^, [:, [., or [=\n');
    expect(grep('-A x y').stderr).toBe('grep: x: invalid context length argument\n');
    expect(grep('-m x y').stderr).toBe('grep: invalid max count\n');
  });

  it('splits the input between a pattern and its inverse, and counts what it prints', () => {
    const lines = fc.array(fc.stringMatching(/^[ab.]{0,4}$/), { maxLength: 8 });
    fc.assert(
      fc.property(lines, fc.stringMatching(/^[ab]{1,2}$/), (ls, p) => {
        const text = ls.map((l) => `${l}\n`).join('');
        const yes = grep(p, text).stdout;
        const no = grep(`-v ${p}`, text).stdout;
        const count = Number(grep(`-c ${p}`, text).stdout);
        const yesLines = yes ? yes.split('\n').slice(0, -1) : [];
        return yesLines.length === count && yesLines.length + (no ? no.split('\n').length - 1 : 0) === ls.length;
      }),
      { numRuns: 50 },
    );
  });
});
