/** Interactive shells the console can be left in: `kubectl exec -it POD -- sh` and `ssh NODE`, until `exit`. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';
import { WEB_SCENARIO } from './testing/web-scenario.ts';

const CLIENT = `---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: busybox:1.36, command: [sleep, "3600"]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: who}
spec: {containers: [{name: c, image: traefik/whoami}]}
`;

const out = (r: { stdout: string; stderr: string; exitCode: number }) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });

describe('kubectl exec -it POD -- sh', () => {
  it("leaves the console in the container's shell: its prompt, its environment, its words, until exit", () => {
    const s = createSession({ scenario: WEB_SCENARIO + CLIENT });
    expect(s.prompt).toBe('[root@master200 ~]# ');
    expect(out(s.run('kubectl exec -it client -- /bin/sh'))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    // BusyBox ash's prompt for root in /.
    expect(s.prompt).toBe('/ # ');
    expect(s.run('cat /etc/resolv.conf').stdout).toBe('search default.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(s.run('X=1; echo $X $HOSTNAME $WEB_SERVICE_HOST').stdout).toBe(`1 client ${s.cluster.get('Service', 'default', 'web')!.spec.clusterIP}\n`);
    expect(s.run('echo $X').stdout).toBe('1\n');
    // ash names itself as it was started.
    expect(out(s.run('ls |'))).toEqual({ stdout: '', stderr: '/bin/sh: syntax error: unexpected end of file\n', exitCode: 2 });
    expect(s.run('kubectl get pods').stderr).toMatch(/^svcsim: "kubectl" is not simulated inside pods/);
    s.run('false');
    // The shell ends with the last status, and kubectl says so.
    expect(out(s.run('exit'))).toEqual({ stdout: '', stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    expect(s.prompt).toBe('[root@master200 ~]# ');
    expect(s.run('hostname').stdout).toBe('master200\n');
  });

  it("opens Debian's bash with its prompt, which says exit as it leaves", () => {
    const s = createSession({ scenario: WEB_SCENARIO });
    const pod = s.cluster.list('Pod', 'default')[0].metadata.name;
    s.run(`kubectl exec -it ${pod} -- bash`);
    expect(s.prompt).toBe(`root@${pod}:/# `);
    expect(s.run('hostname').stdout).toBe(`${pod}\n`);
    expect(out(s.run('exit 3'))).toEqual({ stdout: '', stderr: 'exit\ncommand terminated with exit code 3\n', exitCode: 3 });
    s.run(`kubectl exec -it ${pod} -- sh`);
    expect(s.prompt).toBe('# ');
    expect(out(s.run('exit'))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('fails as the runtime fails where the image has no such shell, and runs a shell without -t as before', () => {
    const s = createSession({ scenario: WEB_SCENARIO + CLIENT });
    expect(s.run('kubectl exec -it who -- sh').stderr).toMatch(/exec: "sh": executable file not found in \$PATH: unknown\n$/);
    expect(s.run('kubectl exec -it client -- bash').stderr).toMatch(/exec: "bash": executable file not found in \$PATH: unknown\n$/);
    expect(s.prompt).toBe('[root@master200 ~]# ');
    expect(s.run('kubectl exec -i client -- sh').stderr).toMatch(/^svcsim: an interactive sh is not simulated/);
  });

  it("keeps the cluster's own reads on the home node while a shell is open", () => {
    const s = createSession({ scenario: CLIENT });
    s.run('kubectl exec -it client -- sh');
    expect(s.run('kubectl get pod client -o name', { home: true }).stdout).toBe('pod/client\n');
    expect(s.prompt).toBe('/ # ');
  });
});

describe('kubectl run -it --rm NAME --image=IMAGE -- sh', () => {
  it("opens the new pod's shell, and deletes the pod once the shell ends, as kubectl run --rm does", () => {
    const s = createSession();
    expect(out(s.run('kubectl run -it --rm debug --image=busybox --restart=Never -- sh'))).toEqual({ stdout: '', stderr: "If you don't see a command prompt, try pressing enter.\n", exitCode: 0 });
    expect(s.prompt).toBe('/ # ');
    expect(s.run('hostname').stdout).toBe('debug\n');
    expect(out(s.run('exit'))).toEqual({ stdout: 'pod "debug" deleted\n', stderr: '', exitCode: 0 });
    expect(s.run('kubectl get pods').stderr).toBe('No resources found in default namespace.\n');
    // BusyBox's own command is sh; restartPolicy Always: kubectl tells how to reattach first.
    s.run('kubectl run -it --rm tmp --image=busybox');
    expect(s.prompt).toBe('/ # ');
    expect(s.run('exit').stdout).toBe(`Session ended, resume using 'kubectl attach tmp -c tmp -i -t' command when the pod is running\npod "tmp" deleted\n`);
  });

  it('reports a failed end of a restartPolicy Never pod with its exit code', () => {
    const s = createSession();
    s.run('kubectl run -it --rm debug --image=busybox --restart=Never -- sh');
    expect(out(s.run('exit 3'))).toEqual({ stdout: 'pod "debug" deleted\n', stderr: 'pod default/debug terminated (Error)\n', exitCode: 3 });
  });
});

describe('ssh NODE', () => {
  it('logs in: the node is where lines run, another ssh nests, and logout or exit closes each', () => {
    const s = createSession();
    expect(out(s.run('ssh node201'))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(s.prompt).toBe('[root@node201 ~]# ');
    expect(s.run('hostname').stdout).toBe('node201\n');
    // A worker has no kubeconfig, as on a kubeadm node.
    expect(s.run('kubectl get pods').stderr).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
    s.run('ssh node202');
    expect(s.prompt).toBe('[root@node202 ~]# ');
    expect(out(s.run('logout'))).toEqual({ stdout: '', stderr: 'logout\nConnection to node202 closed.\n', exitCode: 0 });
    expect(s.prompt).toBe('[root@node201 ~]# ');
    expect(out(s.run('exit 4'))).toEqual({ stdout: '', stderr: 'logout\nConnection to node201 closed.\n', exitCode: 4 });
    expect(s.prompt).toBe('[root@master200 ~]# ');
    expect(s.run('exit').stderr).toBe('svcsim: the console stays open; exit leaves a shell opened with kubectl exec -it or ssh\n');
  });
});

describe('help', () => {
  it("says, as svcsim's own text, what the console runs where it is", () => {
    const s = createSession();
    const text = s.run('help').stdout;
    expect(text).toMatch(/^svcsim: this console runs, as root on master200:\n/);
    expect(text).toMatch(/^ {2}.*\bkubectl\b/m);
    s.run('ssh client');
    expect(s.run('help').stdout).toMatch(/^svcsim: this console runs, as root on client:\n/);
    // An outside client has no kubectl among its commands.
    expect(s.run('help').stdout).not.toMatch(/^ {2}.*\bkubectl\b/m);
  });
});
