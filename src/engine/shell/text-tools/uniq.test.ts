import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sort } from './sort.ts';
import { uniq } from './uniq.ts';
import { CONNTRACK, pipe, textContext } from './test-context.ts';

const run = (args: string[], stdin?: string) => uniq(args, textContext(stdin, { conntrack: CONNTRACK }));
const TRY = "Try 'uniq --help' for more information.\n";

describe('uniq (coreutils 9.4)', () => {
  it('counts runs as %7d, and only adjacent ones: conntrack -L | sort | uniq -c', () => {
    const protocols = 'tcp\nudp\ntcp\nudp\ntcp\n';
    expect(run(['-c'], protocols).stdout).toBe('      1 tcp\n      1 udp\n      1 tcp\n      1 udp\n      1 tcp\n');
    expect(pipe(protocols, [sort, []], [uniq, ['-c']])).toBe('      3 tcp\n      2 udp\n');
    expect(pipe(CONNTRACK, [sort, []], [uniq, ['-d']])).toBe(`${CONNTRACK.split('\n')[1]}\n`);
    expect(run(['-u', 'conntrack']).stdout).toBe(CONNTRACK);
  });

  it('compares from a field or byte, over some bytes, with or without case', () => {
    expect(run(['-f1', '-w9'], 'x 10.0.0.1 a\ny 10.0.0.1 b\nz 10.0.0.2 c\n').stdout).toBe('x 10.0.0.1 a\nz 10.0.0.2 c\n');
    expect(run(['-ic'], 'TCP\ntcp\nudp\n').stdout).toBe('      2 TCP\n      1 udp\n');
    expect(run(['-s4', '-c'], 'k8s-a\nk8s-b\nk9s\n').stdout).toBe('      1 k8s-a\n      1 k8s-b\n      1 k9s\n');
    expect(run(['-1'], 'a x\nb x\n').stdout).toBe('a x\n');
    expect(run(['+1'], 'ax\nbx\n').stdout).toBe('ax\n');
    expect(run([], 'a\na').stdout).toBe('a\n');
  });

  it('prints all repeated lines with -D and groups with --group', () => {
    expect(run(['--all-repeated=separate'], 'a\na\nb\nc\nc\nc\nd\n').stdout).toBe('a\na\n\nc\nc\nc\n');
    expect(run(['--group'], 'a\na\nb\n').stdout).toBe('a\na\n\nb\n');
  });

  it('refuses as uniq.c does', () => {
    expect(run(['-f', 'x'])).toEqual({ stdout: '', stderr: 'uniq: x: invalid number of fields to skip\n', exitCode: 1 });
    expect(run(['-w', '-1']).stderr).toBe('uniq: -1: invalid number of bytes to compare\n');
    expect(run(['-D', '-c']).stderr).toBe(`uniq: printing all duplicated lines and repeat counts is meaningless\n${TRY}`);
    expect(run(['--group', '-u']).stderr).toBe(`uniq: --group is mutually exclusive with -c/-d/-D/-u\n${TRY}`);
    expect(run(['a', 'b', 'c']).stderr).toBe(`uniq: extra operand ‘c’\n${TRY}`);
    expect(run(['nope'])).toEqual({ stdout: '', stderr: 'uniq: nope: No such file or directory\n', exitCode: 1 });
    expect(run(['--all-repeated=x']).stderr).toBe(
      `uniq: invalid argument ‘x’ for ‘--all-repeated’\nValid arguments are:\n  - ‘none’\n  - ‘prepend’\n  - ‘separate’\n${TRY}`,
    );
  });

  it('counts sum to the line count, and no two printed lines in a row are equal', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('tcp', 'udp', 'TCP', 'icmp', ''), { maxLength: 15 }), fc.boolean(), (ls, fold) => {
        const text = ls.map((l) => `${l}\n`).join('');
        const out = run(fold ? ['-ci'] : ['-c'], text).stdout.split('\n').slice(0, -1);
        const total = out.reduce((n, l) => n + Number(l.slice(0, 7)), 0);
        const shown = out.map((l) => (fold ? l.slice(8).toUpperCase() : l.slice(8)));
        return total === ls.length && shown.every((l, k) => k === 0 || l !== shown[k - 1]);
      }),
    );
  });
});
