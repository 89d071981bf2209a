/** kubectl apply -l: only the objects read whose labels match are applied (builder.go visitByPaths). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const TWO = `apiVersion: v1
kind: ConfigMap
metadata: {name: a, labels: {tier: front}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
`;

describe('kubectl apply -l', () => {
  it('applies the objects whose own labels match, and no others', () => {
    const s = createSession();
    expect(s.run('kubectl apply -f - -l tier=front', { stdin: TWO })).toMatchObject({ stdout: 'configmap/a created\n', stderr: '', exitCode: 0 });
    expect(s.cluster.get('ConfigMap', 'default', 'b')).toBeUndefined();
    expect(s.run('kubectl apply -f - -l tier=none', { stdin: TWO })).toMatchObject({ stdout: '', stderr: 'error: no objects passed to apply\n', exitCode: 1 });
    expect(s.run("kubectl apply -f - -l 'tier in'", { stdin: TWO }).stderr).toBe(`error: the provided selector "tier in" is not valid: unable to parse requirement: found '' expected: '('\n`);
  });

  it('filters before the namespace is enforced, and a blank selector filters nothing', () => {
    const s = createSession();
    const clash = `${TWO}---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: other}
`;
    // c is skipped by the selector, so its namespace never clashes with -n.
    expect(s.run('kubectl apply -n default -f - -l tier=front', { stdin: clash })).toMatchObject({ stdout: 'configmap/a created\n', stderr: '', exitCode: 0 });
    expect(s.run("kubectl apply -f - -l ' '", { stdin: TWO }).stdout).toBe('configmap/a unchanged\nconfigmap/b created\n');
    expect(s.run("kubectl apply -f - -l ' tier in'", { stdin: TWO }).stderr).toBe(`error: the provided selector "tier in" is not valid: unable to parse requirement: found '' expected: '('\n`);
  });

  it('refuses what apply.go Validate refuses, before reading a file', () => {
    const s = createSession();
    const err = (line: string) => s.run(line, { stdin: TWO }).stderr;
    expect(err('kubectl apply -f - --all -l tier=front')).toBe('error: cannot set --all and --selector at the same time\n');
    expect(err('kubectl apply -f nosuch.yaml --all -l tier=front')).toBe('error: cannot set --all and --selector at the same time\n');
    expect(err('kubectl apply -f - --prune')).toBe(
      'error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector\n',
    );
    expect(err('kubectl apply -f - --force-conflicts')).toBe('error: --force-conflicts only works with --server-side\n');
    expect(err('kubectl apply -f - --server-side --dry-run=client')).toBe("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n");
    // --all alone (prune's flag) changes nothing about what is applied.
    expect(s.run('kubectl apply -f - --all', { stdin: TWO }).stdout).toBe('configmap/a created\nconfigmap/b created\n');
  });
});
