import { describe, expect, it } from 'vitest';
import { cut } from './cut.ts';
import { tail } from './tail.ts';
import { tr } from './tr.ts';
import { CONNTRACK, IPTABLES_SAVE, PODS, pipe, textContext } from './test-context.ts';

const run = (args: string[], stdin?: string) => cut(args, textContext(stdin, { conntrack: CONNTRACK }));
const TRY = "\nTry 'cut --help' for more information.\n";

describe('cut (coreutils 9.4)', () => {
  it('cuts columns of kubectl tables: kubectl get pods -A | tail -n +2 | cut -c1-20', () => {
    expect(pipe(PODS, [tail, ['-n', '+2']], [cut, ['-c1-20']])).toBe(
      'default       web-7d\ndefault       web-7d\nkube-system   coredn\nkube-system   coredn\nkube-system   etcd-n\nkube-system   kube-p\nkube-system   kube-p\n',
    );
    expect(pipe(PODS, [tail, ['-n', '+6']], [tr, ['-s', ' ']], [cut, ['-d', ' ', '-f1,2']])).toBe(
      'kube-system etcd-node201\nkube-system kube-proxy-6zq4m\nkube-system kube-proxy-lx8vj\n',
    );
  });

  it('picks fields by delimiter, with -s, --complement and --output-delimiter', () => {
    expect(run(['-d', ' ', '-f1', 'conntrack']).stdout).toBe('tcp\nudp\ntcp\nudp\ntcp\n');
    expect(run(['-d.', '-f1,2'], '10.96.0.10\n').stdout).toBe('10.96\n');
    expect(run(['-d:', '-f2-'], 'a:b:c\nno-colon\n').stdout).toBe('b:c\nno-colon\n');
    expect(run(['-s', '-d:', '-f1'], 'a:b\nno-colon\n').stdout).toBe('a\n');
    expect(run(['-d:', '-f3'], 'a:b\n').stdout).toBe('\n');
    expect(run(['-d,', '-f2', '--complement'], 'a,b,c\n').stdout).toBe('a,c\n');
    expect(run(['-d,', '-f1,3', '--output-delimiter= '], 'a,b,c\n').stdout).toBe('a c\n');
    expect(run(['-f2'], 'a:b\tc\n').stdout).toBe('c\n');
    expect(run(['-d', '=', '-f', '2', '-s'], 'src=10.244.1.5\n').stdout).toBe('10.244.1.5\n');
  });

  it('picks bytes, with the output delimiter between ranges', () => {
    const first3 = IPTABLES_SAVE.split('\n').slice(0, 3).join('\n') + '\n';
    expect(run(['-c1-10,12', '--output-delimiter= | '], first3).stdout).toBe('*nat\n:PREROUTIN |  \n:KUBE-SERV | C\n');
    expect(run(['-c', '-3,5'], 'abcdef\n').stdout).toBe('abce\n');
    expect(run(['-c2-'], 'a\tb\n').stdout).toBe('\tb\n');
    expect(run(['-b', '1-2', '--complement'], 'abcd').stdout).toBe('cd\n');
  });

  it('refuses as set-fields.c and cut.c do, with the Try line', () => {
    const err = (...args: string[]) => run(args, 'a\n').stderr;
    expect(run([], 'a\n')).toEqual({ stdout: '', stderr: `cut: you must specify a list of bytes, characters, or fields${TRY}`, exitCode: 1 });
    expect(err('-f0')).toBe(`cut: fields are numbered from 1${TRY}`);
    expect(err('-c0')).toBe(`cut: byte/character positions are numbered from 1${TRY}`);
    expect(err('-c', '3-1')).toBe(`cut: invalid decreasing range${TRY}`);
    expect(err('-f', '-0')).toBe(`cut: invalid decreasing range${TRY}`);
    expect(err('-f', '1,x,3')).toBe(`cut: invalid field value ‘x,3’${TRY}`);
    expect(err('-f', '-')).toBe(`cut: invalid range with no endpoint: -${TRY}`);
    expect(err('-f', '1-2-3')).toBe(`cut: invalid field range${TRY}`);
    expect(err('-f', '99999999999999999999')).toBe(`cut: field number ‘99999999999999999999’ is too large${TRY}`);
    expect(err('-b1', '-c2')).toBe(`cut: only one list may be specified${TRY}`);
    expect(err('-d', 'ab', '-f1')).toBe(`cut: the delimiter must be a single character${TRY}`);
    expect(err('-d,', '-c1')).toBe(`cut: an input delimiter may be specified only when operating on fields${TRY}`);
    expect(err('-s', '-c1')).toBe(`cut: suppressing non-delimited lines makes sense\n\tonly when operating on fields${TRY}`);
    expect(run(['-f1', 'nope', 'conntrack']).stderr).toBe('cut: nope: No such file or directory\n');
    expect(run(['-f1', 'nope', 'conntrack']).exitCode).toBe(1);
  });
});
