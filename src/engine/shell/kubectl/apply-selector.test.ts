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
});
