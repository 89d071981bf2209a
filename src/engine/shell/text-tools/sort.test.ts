import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sort } from './sort.ts';
import { tail } from './tail.ts';
import { uniq } from './uniq.ts';
import { CONNTRACK, PODS, pipe, textContext } from './test-context.ts';

const run = (args: string[], stdin?: string) => sort(args, textContext(stdin, { pods: PODS, conntrack: CONNTRACK }));
const rows = PODS.split('\n').slice(1, -1);
const [web1, web2, dns1, dns2, etcd, proxy1, proxy2] = rows;
const lines = (...ls: string[]) => ls.map((l) => `${l}\n`).join('');
const TRY = "Try 'sort --help' for more information.\n";

describe('sort (coreutils 9.4)', () => {
  it('sorts kubectl rows by keys, each with its own options', () => {
    const body = pipe(PODS, [tail, ['-n', '+2']]);
    expect(run(['-k4,4', '-k1,1r'], body).stdout).toBe(lines(dns1, dns2, etcd, proxy1, proxy2, web1, web2));
    // AGE by human size: 5m12s < 20m < 21m, ties by the whole line.
    expect(run(['-k6,6h'], body).stdout).toBe(lines(web1, web2, proxy1, dns1, dns2, etcd, proxy2));
    // Without -b a field keeps its leading blanks: "default" rows have more of them.
    expect(run(['-k2,2r'], body).stdout).toBe(lines(proxy2, proxy1, etcd, dns2, dns1, web2, web1));
    // A b after POS2 skips blanks at the key's end only; after POS1, at its start.
    expect(run(['-k2,2br'], body).stdout).toBe(lines(proxy2, proxy1, etcd, dns2, dns1, web2, web1));
    expect(run(['-k2b,2r'], body).stdout).toBe(lines(web2, web1, proxy2, proxy1, etcd, dns2, dns1));
  });

  it('sorts conntrack entries numerically on a blank-led field', () => {
    const third = (out: string) => out.split('\n').slice(0, -1).map((l) => l.split(/ +/)[2]);
    expect(third(run(['-n', '-k3', 'conntrack']).stdout)).toEqual(['28', '28', '117', '86397', '86399']);
    expect(run(['-u', 'conntrack']).stdout.split('\n').length - 1).toBe(4);
  });

  it('counts ports with sort | uniq -c | sort -rn', () => {
    const ports = 'dport=80\ndport=53\ndport=5353\ndport=80\ndport=53\ndport=5353\ndport=443\ndport=43210\ndport=50412\ndport=39876\n';
    expect(pipe(ports, [sort, ['-t=', '-k2,2n']], [uniq, ['-c']], [sort, ['-rn']])).toBe(
      lines('      2 dport=80', '      2 dport=5353', '      2 dport=53', '      1 dport=50412', '      1 dport=443', '      1 dport=43210', '      1 dport=39876'),
    );
  });

  it('compares numbers, versions and case as sort.c does', () => {
    expect(run(['-t.', '-k4,4n'], lines('10.244.1.15', '10.244.1.4', '10.244.2.7', '10.96.0.10')).stdout).toBe(
      lines('10.244.1.4', '10.244.2.7', '10.96.0.10', '10.244.1.15'),
    );
    expect(run(['-n'], lines('10', '-3.5', 'abc', '.5', '-0', '007', '1e3')).stdout).toBe(lines('-3.5', '-0', 'abc', '.5', '1e3', '007', '10'));
    expect(run(['-h'], lines('1G', '2000', '1K', '3M', '-2K')).stdout).toBe(lines('-2K', '2000', '1K', '3M', '1G'));
    expect(run(['-V'], lines('v1.10', 'v1.9', 'v1.9.1', '1.0~rc1', '1.0')).stdout).toBe(lines('1.0~rc1', '1.0', 'v1.9', 'v1.9.1', 'v1.10'));
    expect(run(['-g'], lines('1e3', '0x10', 'nan', 'x', '-inf')).stdout).toBe(lines('x', 'nan', '-inf', '0x10', '1e3'));
    expect(run(['-M'], lines('Mar', 'feb', 'x', 'JANUARY')).stdout).toBe(lines('x', 'JANUARY', 'feb', 'Mar'));
    // C.UTF-8 collation is byte order: upper case first; -f folds; ties go to the whole line.
    expect(run([], lines('b', 'B', 'a', 'A', '_x', 'é', 'z')).stdout).toBe(lines('A', 'B', '_x', 'a', 'b', 'z', 'é'));
    expect(run(['-f'], lines('b', 'B', 'a', 'A')).stdout).toBe(lines('A', 'a', 'B', 'b'));
    expect(run(['-fs'], lines('b', 'B', 'a', 'A')).stdout).toBe(lines('a', 'A', 'b', 'B'));
    expect(run(['-fu'], lines('b', 'B', 'a', 'A')).stdout).toBe(lines('a', 'b'));
    expect(run(['-k1.2,1.3'], lines('xcb', 'yab', 'zaa')).stdout).toBe(lines('zaa', 'yab', 'xcb'));
    expect(run(['-b', '-k2'], lines('a   z', 'b y')).stdout).toBe(lines('b y', 'a   z'));
  });

  it('checks order with -c and -C (status 1), and refuses with status 2', () => {
    expect(run(['-c'], lines('a', 'c', 'b'))).toEqual({ stdout: '', stderr: 'sort: -:3: disorder: b\n', exitCode: 1 });
    expect(run(['-C'], lines('a', 'c', 'b'))).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(run(['-c', 'pods'])).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run(['nope'])).toEqual({ stdout: '', stderr: 'sort: cannot read: nope: No such file or directory\n', exitCode: 2 });
    expect(run(['-k0']).stderr).toBe('sort: field number is zero: invalid field specification ‘0’\n');
    expect(run(['-k1.0']).stderr).toBe('sort: character offset is zero: invalid field specification ‘1.0’\n');
    expect(run(['-kx']).stderr).toBe('sort: invalid number at field start: invalid count at start of ‘x’\n');
    expect(run(['-k1x']).stderr).toBe('sort: stray character in field spec: invalid field specification ‘1x’\n');
    expect(run(['-t', 'ab']).stderr).toBe('sort: multi-character tab ‘ab’\n');
    expect(run(['-nh'])).toEqual({ stdout: '', stderr: "sort: options '-hn' are incompatible\n", exitCode: 2 });
    expect(run(['-x'])).toEqual({ stdout: '', stderr: `sort: invalid option -- 'x'\n${TRY}`, exitCode: 2 });
    expect(run(['-k'])).toEqual({ stdout: '', stderr: `sort: option requires an argument -- 'k'\n${TRY}`, exitCode: 2 });
  });

  it('gives an ordered permutation of its input', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ a-cA-C0-9.-]{0,5}$/), { maxLength: 12 }), fc.constantFrom<string[]>([], ['-n'], ['-r'], ['-k2'], ['-f'], ['-V'], ['-h']), (ls, opts) => {
        const out = run(opts, lines(...ls)).stdout;
        const got = out ? out.slice(0, -1).split('\n') : [];
        const ordered = got.every((l, k) => k === 0 || run(['-c', ...opts], lines(got[k - 1], l)).exitCode === 0);
        return ordered && JSON.stringify([...got].sort()) === JSON.stringify([...ls].sort());
      }),
    );
  });
});
