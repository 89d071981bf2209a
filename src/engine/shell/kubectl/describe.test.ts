/** kubectl describe as a command (kubectl pkg/cmd/describe/describe.go): flags and errors around the describers. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

describe('kubectl describe', () => {
  it('refuses a namespaced name with -A, and allows a cluster-scoped one', () => {
    const s = createSession();
    const r = s.run('kubectl describe pod coredns -A');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', 'error: a resource cannot be retrieved by name across all namespaces\n', 1]);
    expect(s.run('kubectl describe node node201 -A').stdout).toMatch(/^Name: +node201\n/);
  });

  it('leaves the Events section out with --show-events=false', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx --replicas=1');
    expect(s.run('kubectl describe deploy web').stdout).toContain('\nEvents:\n  Type    Reason             Age');
    const quiet = s.run('kubectl describe deploy web --show-events=false').stdout;
    expect(quiet).not.toContain('Events:');
    expect(quiet).toMatch(/\nNewReplicaSet: +web-[a-z0-9]+ \(1\/1 replicas created\)\n$/);
  });
});
