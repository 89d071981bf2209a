/** kubectl exec: the container it runs in, what it says when it chose one, and a TTY's single stream. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: { name: exec }
seed: 3
---
apiVersion: v1
kind: Pod
metadata: { name: two, annotations: { svcsim.dev/pod-ip: 10.244.1.30 } }
spec:
  nodeName: node201
  containers:
  - { name: web, image: nginx:1.27 }
  - { name: sidecar, image: busybox:1.36 }
---
apiVersion: v1
kind: Pod
metadata: { name: one, annotations: { svcsim.dev/pod-ip: 10.244.2.30 } }
spec:
  nodeName: node202
  containers:
  - { name: web, image: nginx:1.27 }
---
apiVersion: v1
kind: Pod
metadata: { name: old, annotations: { svcsim.dev/pod-ip: 10.244.3.30 } }
spec:
  nodeName: node203
  containers:
  - { name: web, image: nginx:1.14-alpine }
`;

const out = (r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n';

describe('kubectl exec', () => {
  const s = createSession({ scenario: SCENARIO });
  it('a pod with two containers: the first, and the note on stderr (not with -q)', () => {
    expect(out(s.run('kubectl exec two -- cat /etc/resolv.conf'))).toEqual({ stdout: RESOLV, stderr: 'Defaulted container "web" out of: web, sidecar\n', exitCode: 0 });
    expect(out(s.run('kubectl exec -q two -- cat /etc/resolv.conf'))).toEqual({ stdout: RESOLV, stderr: '', exitCode: 0 });
    expect(out(s.run('kubectl exec one -- cat /etc/resolv.conf'))).toEqual({ stdout: RESOLV, stderr: '', exitCode: 0 });
  });
  it('-c picks the container (its own image answers); an unknown name is the API server\'s BadRequest', () => {
    expect(out(s.run('kubectl exec two -c sidecar -- cat /nope'))).toEqual({ stdout: '', stderr: "cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n", exitCode: 1 });
    expect(out(s.run('kubectl exec two -c web -- cat /nope'))).toEqual({ stdout: '', stderr: 'cat: /nope: No such file or directory\ncommand terminated with exit code 1\n', exitCode: 1 });
    // busybox has no getent applet: the runtime's error comes from the sidecar.
    expect(s.run('kubectl exec two -c sidecar -- getent hosts web').stderr).toMatch(/exec: "getent": executable file not found in \$PATH: unknown\n$/);
    expect(out(s.run('kubectl exec two -c nope -- cat /etc/resolv.conf'))).toEqual({ stdout: '', stderr: 'Error from server (BadRequest): container nope is not valid for pod two\n', exitCode: 1 });
  });
  it('-it: the command\'s stderr comes out on stdout in the order written; kubectl\'s own lines stay on stderr', () => {
    expect(out(s.run('kubectl exec -it one -- cat /etc/resolv.conf /nope'))).toEqual({ stdout: `${RESOLV}cat: /nope: No such file or directory\n`, stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    expect(out(s.run('kubectl exec -ti two -- cat /nope')).stderr).toBe('Defaulted container "web" out of: web, sidecar\ncommand terminated with exit code 1\n');
    // busybox 1.28's nslookup writes to stderr, then stdout, then stderr: a TTY shows them in that order.
    expect(out(s.run('kubectl exec -it old -- nslookup nope'))).toEqual({
      stdout: "nslookup: can't resolve '(null)': Name does not resolve\n\nnslookup: can't resolve 'nope': Name does not resolve\n",
      stderr: 'command terminated with exit code 1\n',
      exitCode: 1,
    });
    // -t alone asks for no stdin, and kubectl gives no TTY without it: two streams as before.
    expect(out(s.run('kubectl exec -t one -- cat /etc/resolv.conf /nope'))).toEqual({ stdout: RESOLV, stderr: 'cat: /nope: No such file or directory\ncommand terminated with exit code 1\n', exitCode: 1 });
  });
});
