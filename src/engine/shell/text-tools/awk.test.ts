import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const session = createSession();
function awk(program: string, stdin: string, flags = '') {
  const r = session.run(`awk ${flags} '${program}'`, { stdin });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const PODS = `NAMESPACE     NAME        READY   STATUS    RESTARTS
default       web-1       1/1     Running   0
default       web-2       0/1     Pending   0
kube-system   coredns-a   1/1     Running   12
`;

describe("awk one-liners", () => {
  it('prints fields, counts and matches as awk does', () => {
    expect(awk('{print $2}', PODS).stdout).toBe('NAME\nweb-1\nweb-2\ncoredns-a\n');
    expect(awk('NR>1 {print $2, $4}', PODS).stdout).toBe('web-1 Running\nweb-2 Pending\ncoredns-a Running\n');
    expect(awk('$4 !~ /Running/ && NR > 1', PODS).stdout).toBe('default       web-2       0/1     Pending   0\n');
    // The heading's RESTARTS is no number, so it compares as a string, and "RESTARTS" > "2".
    expect(awk('$5 > 2 {print $2 ":" $5}', PODS).stdout).toBe('NAME:RESTARTS\ncoredns-a:12\n');
    expect(awk('/^default/ {print $NF; next} {print NF}', PODS).stdout).toBe('5\n0\n0\n5\n');
    expect(awk('END {print NR}', PODS).stdout).toBe('4\n');
    expect(awk('{print $1}', 'a:b\n', '-F:').stdout).toBe('a\n');
  });

  it('refuses what it does not run, rather than guess', () => {
    expect(awk('{n++} END {print n}', PODS)).toEqual({ stdout: '', stderr: "svcsim: this awk program is not simulated (only patterns with print and next): {n++} END {print n}\n", exitCode: 2 });
  });
});
